/** A 503 from the session routes: a cookie is there but the store can't check it. Not a sign-out, and the pane says so. */
export function SessionOutage({ username, retryAfter }: { username: string | undefined; retryAfter: number | undefined }) {
  return (
    <div
      className="flex flex-col gap-2 rounded-lg border border-warn bg-warn-soft p-3 text-sm text-warn-on-soft"
      data-testid="session-outage"
    >
      <p>
        <strong>Signed in{username ? ` as ${username}` : ' with a session cookie'}, but the store can&apos;t be reached right now</strong>{' '}
        (503 store_unavailable{retryAfter !== undefined ? `, Retry-After ${retryAfter} s` : ''}).
      </p>
      <p>
        Your cookie is kept: an outage is not a sign-out. Nothing that needs the session record can be answered until the store is back;
        this page checks again by itself.
      </p>
    </div>
  );
}
