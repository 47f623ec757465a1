// The outage switch of the built-in store, as both sides see it: the path, the modes, the bodies.
// Runtime: any (the store process serves it; the app's route handlers and pages call it).
import { z } from 'zod';

/** Outside the Upstash REST paths, so no client command can ever reach it by accident. */
export const OUTAGE_PATH = '/_admin/outage';

/**
 * `refuse`: every command's connection is dropped at once, as a stopped store would.
 * `hang`: commands are accepted and never answered, as a stuck store or a black-holed network would.
 * Either way no command runs: its client has given up on it long before the outage ends.
 */
export const OUTAGE_MODES = ['refuse', 'hang'] as const;
export type OutageMode = (typeof OUTAGE_MODES)[number];

/** Longer than any demo needs, short enough that a forgotten outage ends by itself. */
export const MAX_OUTAGE_SECONDS = 300;

/** The body of POST /_admin/outage: `seconds: 0` ends an outage early. */
export const OutageRequestSchema = z.object({
  seconds: z.number().int().min(0).max(MAX_OUTAGE_SECONDS),
  mode: z.enum(OUTAGE_MODES).default('refuse'),
});
export type OutageRequest = z.infer<typeof OutageRequestSchema>;

export const OutageStatusSchema = z.object({
  mode: z.enum(OUTAGE_MODES),
  startedAt: z.string(),
  endsAt: z.string(),
  remainingMs: z.number(),
});
export type OutageStatus = z.infer<typeof OutageStatusSchema>;

/** What GET and POST /_admin/outage answer. */
export const OutageReplySchema = z.object({
  outage: OutageStatusSchema.nullable(),
  backend: z.enum(['memory', 'redis']),
});

/**
 * The header that ends a drill with the key its start handed out (see `outage-end-key.ts`): the one
 * request the middleware lets through to the switch without a credential, because while the store is
 * down no credential that needs it (a session, a JWT under the denylist) can be checked.
 */
export const OUTAGE_END_KEY_HEADER = 'outage-end-key';
