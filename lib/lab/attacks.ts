// Attack scenarios the server plays against itself over real HTTP, for the attack lab: the ones a
// page can't stage because it can't read HttpOnly cookies or forge an Origin. Runtime: Node.
import 'server-only';

import { SERVER_ATTACKS, type ServerAttack } from './server-attacks';

export { SERVER_ATTACKS, type ServerAttack };

/** The throwaway user an attack plays with (never a real account: its counters and sessions stay untouched). */
export interface LabCredentials {
  username: string;
  password: string;
}

export interface Step {
  request: string;
  status: number;
  code?: string;
}

export interface AttackResult {
  attack: ServerAttack;
  steps: Step[];
  /** The step that is the attack itself. */
  outcome: Step;
  why: string;
  /** Who played the victim: a throwaway user, never a real account. */
  user: string;
}

const cookieOf = (response: Response, name: string): string | undefined => {
  const all = response.headers.getSetCookie();
  for (const c of all) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m?.[1]) return m[1];
  }
  return undefined;
};

type Init = { cookie?: string; origin?: string; json?: unknown };

async function stepWith(send: typeof fetch, origin: string, method: string, path: string, init: Init = {}) {
  const headers: Record<string, string> = {};
  if (init.cookie) headers.Cookie = init.cookie;
  if (init.origin) headers.Origin = init.origin;
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  const response = await send(`${origin}${path}`, {
    method,
    headers,
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    redirect: 'manual',
  });
  const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
  const s: Step = { request: `${method} ${path}${init.origin ? ` (Origin: ${init.origin})` : ''}`, status: response.status };
  if (body?.error?.code) s.code = body.error.code;
  return { response, step: s };
}

type Stepper = (origin: string, method: string, path: string, init?: Init) => ReturnType<typeof stepWith>;

const RACERS = 10;

/**
 * Runs one scenario against `origin` (the app's own loopback address, never one taken from the
 * request, which would let a Host header aim these requests elsewhere), as the throwaway `user`.
 */
export async function runServerAttack(
  attack: ServerAttack,
  origin: string,
  refreshReuseGrace: number,
  user: LabCredentials,
  send: typeof fetch = fetch,
): Promise<AttackResult> {
  const step = (o: string, method: string, path: string, init: Init = {}) => stepWith(send, o, method, path, init);
  if (attack === 'cookie-tossing') return cookieTossing(origin, user, step);
  if (attack === 'cookie-replay') {
    const login = await step(origin, 'POST', '/api/session/login', { json: user });
    const cookie = `authlab_session=${cookieOf(login.response, 'authlab_session') ?? ''}`;
    const before = await step(origin, 'GET', '/api/me', { cookie });
    const logout = await step(origin, 'POST', '/api/session/logout', { cookie });
    const replay = await step(origin, 'GET', '/api/me', { cookie });
    return {
      attack,
      user: user.username,
      steps: [login.step, before.step, logout.step, replay.step],
      outcome: replay.step,
      why: 'Logout deleted the record in the store; the copied cookie now names a session that is over.',
    };
  }
  if (attack === 'refresh-reuse') {
    const login = await step(origin, 'POST', '/api/token', { json: user });
    // The refresh cookie goes with its companion (one value for the whole family: refresh-binding.ts), as a browser sends them.
    const bind = `authlab_refresh_bind=${cookieOf(login.response, 'authlab_refresh_bind') ?? ''}`;
    const first = `authlab_refresh=${cookieOf(login.response, 'authlab_refresh') ?? ''}; ${bind}`;
    const rotate = await step(origin, 'POST', '/api/token/refresh', { cookie: first });
    const newest = `authlab_refresh=${cookieOf(rotate.response, 'authlab_refresh') ?? ''}; ${bind}`;
    // A reuse inside the grace window counts as two tabs racing; wait it out, as a thief would.
    await new Promise((resolve) => setTimeout(resolve, refreshReuseGrace * 1000 + 250));
    const replay = await step(origin, 'POST', '/api/token/refresh', { cookie: first });
    const victim = await step(origin, 'POST', '/api/token/refresh', { cookie: newest });
    return {
      attack,
      user: user.username,
      steps: [login.step, rotate.step, replay.step, victim.step],
      outcome: replay.step,
      why:
        'A refresh token is good for one rotation; a second use after the grace means a copy exists, so the whole family (its newest refresh token too) is revoked. ' +
        'Its access tokens are refused at once only while the denylist check is on; otherwise they last until they expire.',
    };
  }
  if (attack === 'refresh-race') {
    const login = await step(origin, 'POST', '/api/token', { json: user });
    const bind = `authlab_refresh_bind=${cookieOf(login.response, 'authlab_refresh_bind') ?? ''}`;
    const first = `authlab_refresh=${cookieOf(login.response, 'authlab_refresh') ?? ''}; ${bind}`;
    // Two tabs (or a thief and the owner) refresh with one cookie at the same moment.
    const racers = await Promise.all(Array.from({ length: RACERS }, () => step(origin, 'POST', '/api/token/refresh', { cookie: first })));
    const successors = new Set(racers.map((r) => cookieOf(r.response, 'authlab_refresh') ?? ''));
    const newest = `authlab_refresh=${[...successors][0] ?? ''}; ${bind}`;
    const race: Step = {
      request: `${RACERS} × POST /api/token/refresh in parallel, one cookie → ${racers.filter((r) => r.step.status === 200).length} × 200, ${successors.size} distinct successor${successors.size === 1 ? '' : 's'}`,
      status: racers.find((r) => r.step.status !== 200)?.step.status ?? 200,
    };
    await new Promise((resolve) => setTimeout(resolve, refreshReuseGrace * 1000 + 250));
    const replay = await step(origin, 'POST', '/api/token/refresh', { cookie: first });
    const victim = await step(origin, 'POST', '/api/token/refresh', { cookie: newest });
    return {
      attack,
      user: user.username,
      steps: [login.step, race, replay.step, victim.step],
      outcome: replay.step,
      why:
        'Every use inside the grace got the same successor, so the family never forked; the use after the grace is theft: the whole family, the shared successor too, is revoked. ' +
        'Its access tokens are refused at once only while the denylist check is on; otherwise they last until they expire.',
    };
  }
  const login = await step(origin, 'POST', '/api/session/login', { json: user });
  const cookie = `authlab_session=${cookieOf(login.response, 'authlab_session') ?? ''}`;
  const forged = await step(origin, 'POST', '/api/session/logout', { cookie, origin: 'https://evil.example' });
  const still = await step(origin, 'GET', '/api/me', { cookie });
  return {
    attack,
    user: user.username,
    steps: [login.step, forged.step, still.step],
    outcome: forged.step,
    why: 'The Origin is another site, so the state change is refused (and a real browser would not even send the SameSite=Lax cookie on a cross-site POST); the session lives on.',
  };
}

/**
 * Cookie tossing: a sibling subdomain (or anyone on plain HTTP) sets a second `authlab_session` for a
 * narrower path; the browser sends it first. First-wins would quietly sign the victim into the attacker's
 * account (whatever they then enter lands there); the edge refuses the request instead.
 */
async function cookieTossing(origin: string, user: LabCredentials, step: Stepper): Promise<AttackResult> {
  const victimLogin = await step(origin, 'POST', '/api/session/login', { json: user });
  const victim = `authlab_session=${cookieOf(victimLogin.response, 'authlab_session') ?? ''}`;
  const attackerLogin = await step(origin, 'POST', '/api/session/login', { json: user });
  const tossed = `authlab_session=${cookieOf(attackerLogin.response, 'authlab_session') ?? ''}`;
  // The tossed cookie has the longer Path, so the browser lists it first.
  const both = await step(origin, 'GET', '/api/me', { cookie: `${tossed}; ${victim}` });
  both.step.request += ' (two authlab_session cookies: the tossed one first)';
  const alone = await step(origin, 'GET', '/api/me', { cookie: victim });
  // The refresh cookie is Path=/api/token, so over HTTPS only __Secure-, which a sibling can set. Tossed alone into a
  // signed-out jar, it would sign the victim's page in to the attacker's account, but it is used only beside its
  // __Host- companion, which no sibling can set.
  const attackerToken = await step(origin, 'POST', '/api/token', { json: user });
  const lone = await step(origin, 'POST', '/api/token/refresh', {
    cookie: `authlab_refresh=${cookieOf(attackerToken.response, 'authlab_refresh') ?? ''}`,
  });
  lone.step.request += " (only the attacker's refresh cookie, without its companion)";
  return {
    attack: 'cookie-tossing',
    steps: [victimLogin.step, attackerLogin.step, both.step, alone.step, attackerToken.step, lone.step],
    outcome: both.step,
    why:
      "A request carrying the app's cookie twice is refused at the edge (400 duplicate_cookie), so neither cookie wins, and the refusal clears every copy of that cookie it can name (host-only and the parent domains, along the request's path), so the browser isn't refused for good: the victim signs in again. The session itself was never used by anyone else. Over HTTPS the cookie is __Host-authlab_session, which no sibling subdomain can set. " +
      'A refresh cookie tossed alone is refused too (401 invalid_token, and cleared): it is only used beside its __Host-authlab_refresh_bind companion, a MAC of its own sign-in, which over HTTPS no sibling can set (over plain HTTP a sibling can toss both).',
    user: user.username,
  };
}
