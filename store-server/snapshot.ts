// The memory engine's data as plain JSON: what persistence writes and reads back, validated on read.
// Runtime: Node (store process). Version 1: values plus absolute expiry times in ms since the epoch (sorted sets added in #20, same version: older files still read).
import { z } from 'zod';
import { parseScore } from './redis-float';

const expiresAt = z.number().optional();

const SnapshotEntrySchema = z.discriminatedUnion('type', [
  z.object({ key: z.string(), type: z.literal('string'), value: z.string(), expiresAt }),
  z.object({ key: z.string(), type: z.literal('set'), value: z.array(z.string()), expiresAt }),
  // Members with their scores as Redis writes them (`%.17g`, `inf`, `-inf`): exact, and JSON has no infinity.
  z.object({
    key: z.string(),
    type: z.literal('zset'),
    value: z.array(z.tuple([z.string(), z.string().refine((score) => parseScore(score) !== undefined, 'not a score')])),
    expiresAt,
  }),
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
