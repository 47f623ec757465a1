// POST /api/lab/attack {attack}: runs one server-side attack scenario (cookie replay after logout,
// rotated refresh token reuse, cross-site POST) on throwaway credentials of the demo user bob, over
// real HTTP to the app's own loopback port, and reports every request and answer.
import { assertSameOrigin } from '@/lib/auth/csrf';
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
    return json(await runServerAttack(attack, `http://127.0.0.1:${config.port}`, Math.min(config.refreshReuseGrace, 15)));
  },
});
