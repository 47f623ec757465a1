import { describe, expect, it } from 'vitest';
import { sessionCookieOf } from './session-cookie';

const answer = (...cookies: string[]) => {
  const headers = new Headers();
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return new Response(null, { headers });
};

describe('sessionCookieOf', () => {
  it('finds the session cookie by name, wherever the answer puts it among the cleared ones', () => {
    const session = 'authlab_session=Fe26.2*abc~2; Path=/; HttpOnly; SameSite=Lax';
    const cleared = 'authlab_access=; Path=/; Max-Age=0';
    expect(sessionCookieOf(answer(cleared, session))).toBe('authlab_session=Fe26.2*abc~2');
    expect(sessionCookieOf(answer(session, cleared))).toBe('authlab_session=Fe26.2*abc~2');
  });

  it('is empty when the answer set no session cookie', () => {
    expect(sessionCookieOf(answer('authlab_refresh=x; Path=/api/token'))).toBe('');
    expect(sessionCookieOf(answer())).toBe('');
  });
});
