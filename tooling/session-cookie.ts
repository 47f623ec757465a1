// The session cookie a sign-in answer sets, as a `Cookie` header value (`authlab_session=…`), found by
// its name: the answer also sets the sign-in marker (authlab_cell), in no promised order. Runtime: Node (scripts).
export function sessionCookieOf(response: Response): string {
  return (
    response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0] ?? '')
      .find((pair) => pair.startsWith('authlab_session=')) ?? ''
  );
}
