// POST /api/lab/measure {claim, username, password}: measures one of the Learn page's claims on this
// server, as the caller's throwaway member, over real HTTP to the app's own loopback port. The server
// plays it so that cookie and "both" cells can be measured with cookies it holds itself: nothing is set
// in the caller's browser, and who they are on `/` is untouched. Only throwaway names are accepted, so
// this is never a way to sign in as a real account from loopback; the password is checked here, under
// the caller's own address, so a wrong one never counts against loopback's; and each member has a budget.
// Its sign-ins are queued and throttled as the caller (lib/lab/lab-peer.ts), and one address has at most
// LAB_RUNS_PER_ADDRESS runs going, so one visitor's runs can't make another's fail.
import { clientAddress } from '@/lib/auth/client-address';
import { assertSameOrigin } from '@/lib/auth/csrf';
import { checkCredentials } from '@/lib/auth/password';
import { findThrowawayUser, isThrowawayName } from '@/lib/auth/throwaway-users';
import { getConfig } from '@/lib/config';
import { AuthError } from '@/lib/http/errors';
import { json, readJson, route } from '@/lib/http/route';
import { LAB_RUN_RETRY_SECONDS, labFetch, labRuns } from '@/lib/lab/lab-peer';
import { spendMeasurement } from '@/lib/lab/measure-budget';
import { MEASURED_CLAIMS, MeasureError, measureClaim, type MeasuredClaim } from '@/lib/measure/claims';
import { z } from 'zod';

const Body = z.object({
  claim: z.enum(MEASURED_CLAIMS),
  username: z.string().max(64).refine(isThrowawayName, 'must be a throwaway user (POST /api/lab/throwaway)'),
  password: z.string().min(1).max(256),
});

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const { claim, username, password } = await readJson(request, Body);
    const config = getConfig();
    const address = clientAddress(request, config);
    const release = labRuns.enter(address);
    try {
      return await measure(claim, username, password, address, config.port);
    } finally {
      release();
    }
  },
});

/** One claim measured as the throwaway, its sign-ins played for the caller's `address`. */
async function measure(claim: MeasuredClaim, username: string, password: string, address: string, port: number): Promise<Response> {
  const account = await findThrowawayUser(username);
  if (!account) throw new AuthError('invalid_credentials', 'No live throwaway member of that name: make one with POST /api/lab/throwaway.');
  await spendMeasurement(account.user.username, account.expiresAt);
  if (!(await checkCredentials(username, password, { address }))) {
    throw new AuthError('invalid_credentials', 'That is not the throwaway member’s password.');
  }
  try {
    // The app's own loopback address, never one taken from the request (a Host header can't aim this elsewhere).
    return json(await measureClaim(claim, { base: `http://127.0.0.1:${port}`, user: { username, password }, fetch: labFetch(address) }));
  } catch (error) {
    // A step the server refused: the store being down is an outage like any other; anything else (say the
    // throwaway member ended mid-run) is named, never a 500.
    if (error instanceof MeasureError) {
      if (error.status === 503) {
        throw new AuthError('store_unavailable', `The measurement stopped: ${error.message}.`, { headers: { 'Retry-After': '5' } });
      }
      // Throttled or queued out even after one wait: the caller can try again, and is told when.
      if (error.status === 429) {
        const retryAfter = error.retryAfter ?? LAB_RUN_RETRY_SECONDS;
        throw new AuthError('too_many_attempts', `The measurement stopped: ${error.message}; try again in ${retryAfter} s.`, {
          headers: { 'Retry-After': String(retryAfter) },
        });
      }
      throw new AuthError('validation_failed', `The measurement stopped: ${error.message}.`);
    }
    throw error;
  }
}
