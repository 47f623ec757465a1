// Request body schemas shared by the sign-in routes of both modes.
// Runtime: edge and Node.
import { z } from 'zod';
import { TransportField } from './transport/transport';

export const MAX_PASSWORD_LENGTH = 256;

export const Credentials = z.object({
  username: z.string({ message: 'a username is required' }).trim().min(1, 'a username is required').max(64, 'at most 64 characters'),
  password: z
    .string({ message: 'a password is required' })
    .min(1, 'a password is required')
    .max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`),
  /** "demo" or "fast" give this sign-in short lifetimes (see lifetimes.ts); nobody else's change. */
  lifetimes: z.enum(['default', 'demo', 'fast'], { message: 'must be "default", "demo" or "fast"' }).optional(),
  /** Where the credential travels; each sign-in route has its own default (session: cookie, JWT: header). */
  transport: TransportField.optional(),
});
