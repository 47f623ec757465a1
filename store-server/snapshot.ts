// The memory engine's data as plain JSON: what persistence writes and reads back, validated on read.
// Runtime: Node (store process). Version 1: values plus absolute expiry times in ms since the epoch.
import { z } from 'zod';

const expiresAt = z.number().optional();

const SnapshotEntrySchema = z.discriminatedUnion('type', [
  z.object({ key: z.string(), type: z.literal('string'), value: z.string(), expiresAt }),
  z.object({ key: z.string(), type: z.literal('set'), value: z.array(z.string()), expiresAt }),
]);

export const SnapshotSchema = z.object({
  version: z.literal(1),
  entries: z.array(SnapshotEntrySchema),
});

export type Snapshot = z.infer<typeof SnapshotSchema>;
export type SnapshotEntry = z.infer<typeof SnapshotEntrySchema>;

/** Validates data read from disk; throws a zod error that names the bad field. */
export function parseSnapshot(data: unknown): Snapshot {
  return SnapshotSchema.parse(data);
}
