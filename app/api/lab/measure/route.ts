// POST /api/lab/measure {claim, username, password}: measures one of the Learn page's claims on this
// server, as the caller's throwaway member, over real HTTP to the app's own loopback port. The server
// plays it so that cookie and "both" cells can be measured with cookies it holds itself: nothing is set
// in the caller's browser, and who they are on `/` is untouched. Only throwaway names are accepted, so
// this is never a way to sign in as a real account from loopback.
import { assertSameOrigin } from '@/lib/auth/csrf';
import { isThrowawayName } from '@/lib/auth/throwaway-users';
import { getConfig } from '@/lib/config';
import { AuthError } from '@/lib/http/errors';
import { json, readJson, route } from '@/lib/http/route';
import { MEASURED_CLAIMS, MeasureError, measureClaim } from '@/lib/measure/claims';
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
    try {
      // The app's own loopback address, never one taken from the request (a Host header can't aim this elsewhere).
      return json(await measureClaim(claim, { base: `http://127.0.0.1:${config.port}`, user: { username, password } }));
    } catch (error) {
      // A step the server refused (say the throwaway expired, or its password is wrong) is the caller's to fix.
      if (error instanceof MeasureError) throw new AuthError('validation_failed', `The measurement stopped: ${error.message}.`);
      throw error;
    }
  },
});
