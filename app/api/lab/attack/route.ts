// POST /api/lab/attack {attack}: runs one server-side attack scenario (cookie replay after logout,
// rotated refresh token reuse, the refresh race, cross-site POST) as a new throwaway user, over
// real HTTP to the app's own loopback port, and reports every request and answer.
// {attack: "transport-matrix"} plays the six transport cells, one after another, as one throwaway
// user and streams one JSON line per cell (NDJSON), so the page can show its progress.
// Its requests play for the caller's address (lib/lab/lab-peer.ts), which has at most LAB_RUNS_PER_ADDRESS
// runs going (the matrix's until its stream ends), so one visitor's runs can't make another's fail.
import { clientAddress } from '@/lib/auth/client-address';
import { assertSameOrigin } from '@/lib/auth/csrf';
import { createThrowawayUser } from '@/lib/auth/throwaway-users';
import { getConfig } from '@/lib/config';
import { NO_STORE } from '@/lib/http/errors';
import { json, readJson, route } from '@/lib/http/route';
import { labFetch, labRuns } from '@/lib/lab/lab-peer';
import { SERVER_ATTACKS, runServerAttack, type LabCredentials, type ServerAttack } from '@/lib/lab/attacks';
import { matrixLines } from '@/lib/lab/matrix-outcomes';
import { playMatrixCell } from '@/lib/lab/transport-matrix';
import { z } from 'zod';

const MATRIX = 'transport-matrix';
type LabAttack = ServerAttack | typeof MATRIX;
const Body = z.object({ attack: z.enum([MATRIX, ...SERVER_ATTACKS] as [LabAttack, ...LabAttack[]]) });

/** One JSON line per cell as it ends (lib/lab/matrix-outcomes.ts `matrixLines`); a visitor who leaves stops the run. */
function matrixStream(base: string, user: LabCredentials, send: typeof fetch, release: () => void): Response {
  const encoder = new TextEncoder();
  const lines = matrixLines(user.username, (cell) => playMatrixCell(base, cell, user, send));
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) {
          release();
          controller.close();
        } else controller.enqueue(encoder.encode(`${JSON.stringify(next.value)}\n`));
      } catch (error) {
        release();
        throw error;
      }
    },
    async cancel() {
      release();
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
    const address = clientAddress(request, config);
    const release = labRuns.enter(address);
    let streaming = false;
    try {
      // Counted against the caller's address like any throwaway user, so the lab can't mint them without bound.
      const { user, password } = await createThrowawayUser(address, { perAddress: config.throwawayPerAddress });
      const credentials = { username: user.username, password };
      const base = `http://127.0.0.1:${config.port}`;
      const send = labFetch(address);
      if (attack === MATRIX) {
        streaming = true;
        return matrixStream(base, credentials, send, release);
      }
      return json(await runServerAttack(attack, base, Math.min(config.refreshReuseGrace, 15), credentials, send));
    } finally {
      // The matrix holds its slot until its stream ends (or the visitor leaves).
      if (!streaming) release();
    }
  },
});
