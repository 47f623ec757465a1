// POST /api/lab/attack {attack}: runs one server-side attack scenario (cookie replay after logout,
// rotated refresh token reuse, the refresh race, cross-site POST) as a new throwaway user, over
// real HTTP to the app's own loopback port, and reports every request and answer.
// {attack: "transport-matrix"} plays the six transport cells, one after another, as one throwaway
// user and streams one JSON line per cell (NDJSON), so the page can show its progress.
import { clientAddress } from '@/lib/auth/client-address';
import { assertSameOrigin } from '@/lib/auth/csrf';
import { createThrowawayUser } from '@/lib/auth/throwaway-users';
import { getConfig } from '@/lib/config';
import { NO_STORE } from '@/lib/http/errors';
import { json, readJson, route } from '@/lib/http/route';
import { SERVER_ATTACKS, runServerAttack, type LabCredentials, type ServerAttack } from '@/lib/lab/attacks';
import { matrixLines } from '@/lib/lab/matrix-outcomes';
import { playMatrixCell } from '@/lib/lab/transport-matrix';
import { z } from 'zod';

const MATRIX = 'transport-matrix';
type LabAttack = ServerAttack | typeof MATRIX;
const Body = z.object({ attack: z.enum([MATRIX, ...SERVER_ATTACKS] as [LabAttack, ...LabAttack[]]) });

/** One JSON line per cell as it ends (lib/lab/matrix-outcomes.ts `matrixLines`); a visitor who leaves stops the run. */
function matrixStream(base: string, user: LabCredentials): Response {
  const encoder = new TextEncoder();
  const lines = matrixLines(user.username, (cell) => playMatrixCell(base, cell, user));
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  // no-transform: a compressing layer must not hold the lines back until the end.
  return new Response(body, {
    headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': `${NO_STORE}, no-transform` },
  });
}

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const { attack } = await readJson(request, Body);
    const config = getConfig();
    // Counted against the caller's address like any throwaway user, so the lab can't mint them without bound.
    const { user, password } = await createThrowawayUser(clientAddress(request, config), { perAddress: config.throwawayPerAddress });
    const credentials = { username: user.username, password };
    const base = `http://127.0.0.1:${config.port}`;
    if (attack === MATRIX) return matrixStream(base, credentials);
    return json(await runServerAttack(attack, base, Math.min(config.refreshReuseGrace, 15), credentials));
  },
});
