// POST /api/lab/attack {attack}: runs one server-side attack scenario (cookie replay after logout,
// rotated refresh token reuse, the refresh race, cross-site POST) as a new throwaway user, over
// real HTTP to the app's own loopback port, and reports every request and answer.
import { clientAddress } from '@/lib/auth/client-address';
import { assertSameOrigin } from '@/lib/auth/csrf';
import { createThrowawayUser } from '@/lib/auth/throwaway-users';
import { getConfig } from '@/lib/config';
import { json, readJson, route } from '@/lib/http/route';
import { SERVER_ATTACKS, runServerAttack, type ServerAttack } from '@/lib/lab/attacks';
import { z } from 'zod';

const Body = z.object({ attack: z.enum(SERVER_ATTACKS as [ServerAttack, ...ServerAttack[]]) });

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const { attack } = await readJson(request, Body);
    const config = getConfig();
    // Counted against the caller's address like any throwaway user, so the lab can't mint them without bound.
    const { user, password } = await createThrowawayUser(clientAddress(request, config));
    const credentials = { username: user.username, password };
    return json(await runServerAttack(attack, `http://127.0.0.1:${config.port}`, Math.min(config.refreshReuseGrace, 15), credentials));
  },
});
