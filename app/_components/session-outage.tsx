/** A 503 from the session routes: a credential is there but the store can't check it. Not a sign-out, and the pane says so. */
export function SessionOutage({
  username,
  retryAfter,
  inMemory,
}: {
  username: string | undefined;
  retryAfter: number | undefined;
  /** The session travels in the header: the page keeps its token in memory (no cookie alone). */
  inMemory: boolean;
}) {
  return (
    <div
      className="flex flex-col gap-2 rounded-lg border border-warn bg-warn-soft p-3 text-sm text-warn-on-soft"
      data-testid="session-outage"
    >
      <p>
        <strong>
          Signed in{username ? ` as ${username}` : inMemory ? ' with a session token' : ' with a session cookie'}, but the store can&apos;t
          be reached right now
        </strong>{' '}
        (503 store_unavailable{retryAfter !== undefined ? `, Retry-After ${retryAfter} s` : ''}).
      </p>
      <p>
        {inMemory ? 'Your session token is kept in this page' : 'Your cookie is kept'}: an outage is not a sign-out. Nothing that needs the
        session record can be answered until the store is back; this page checks again by itself.
      </p>
    </div>
  );
}
