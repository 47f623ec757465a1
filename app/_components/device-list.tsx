'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, type ApiAnswer } from '../_lib/api-client';
import type { Carry } from '../_lib/cell-credentials';
import { describeUserAgent } from '../_lib/user-agent';

interface Device {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string;
  current: boolean;
}

interface DevicePage {
  sessions: Device[];
  total: number;
  maxPerUser?: number;
  next?: string;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString();

/**
 * The signed-in user's sessions, newest first, a page at a time, each revocable; a failure that means
 * "signed out" goes to `onSignedOut`. Every call carries the session as the cell does (`carry`).
 */
export function DeviceList({ onSignedOut, carry }: { onSignedOut: (answer: ApiAnswer) => void; carry?: Carry }) {
  const [devices, setDevices] = useState<Device[] | null>(null);
  const [page, setPage] = useState<Omit<DevicePage, 'sessions'> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const handle = useCallback(
    (a: ApiAnswer): boolean => {
      if (a.status === 401) {
        onSignedOut(a);
        return false;
      }
      if (a.status !== 200) {
        setError((a.body as { error?: { message?: string } } | null)?.error?.message ?? `The server answered ${a.status}.`);
        return false;
      }
      setError(null);
      return true;
    },
    [onSignedOut],
  );

  const show = useCallback((body: DevicePage, append: boolean) => {
    setDevices((shown) => (append && shown ? [...shown, ...body.sessions] : body.sessions));
    setPage({ total: body.total, ...(body.maxPerUser ? { maxPerUser: body.maxPerUser } : {}), ...(body.next ? { next: body.next } : {}) });
  }, []);

  const load = useCallback(async () => {
    const a = await api.sessions(undefined, carry);
    if (handle(a)) show(a.body as DevicePage, false);
  }, [handle, show, carry]);

  const more = async () => {
    if (!page?.next) return;
    const a = await api.sessions(page.next, carry);
    if (handle(a)) show(a.body as DevicePage, true);
  };

  useEffect(() => {
    let live = true;
    void api.sessions(undefined, carry).then((a) => {
      if (live && handle(a)) show(a.body as DevicePage, false);
    });
    return () => {
      live = false;
    };
  }, [handle, show, carry]);

  const revoke = async (device: Device) => {
    const a = await api.revokeSession(device.id, carry);
    if (device.current) onSignedOut(a);
    else if (handle(a)) await load();
  };

  const everywhere = async () => {
    const a = await api.revokeAllSessions(carry);
    if (a.status === 200) onSignedOut({ ...a, body: { error: { message: 'You signed out everywhere, this device included.' } } });
    else if (a.status === 401) onSignedOut(a);
    else {
      // A failure is no sign-out: say so, or a user fleeing a thief would think the thief is out.
      const why = (a.body as { error?: { message?: string } } | null)?.error?.message ?? `The server answered ${a.status}.`;
      setError(`You are not signed out everywhere: ${why} Try again.`);
    }
  };

  const button = 'rounded-md border border-line-strong px-2 py-1 text-xs font-medium hover:bg-hover';
  return (
    <section aria-labelledby="devices-title" className="rounded-lg border border-line p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="devices-title" className="font-medium">
          Devices
        </h3>
        <div className="flex gap-2">
          <button type="button" className={button} onClick={() => void load()}>
            Refresh list
          </button>
          <button
            type="button"
            className={`${button} border-rose-300 text-rose-800 dark:border-rose-800 dark:text-rose-200`}
            onClick={() => void everywhere()}
          >
            Sign out everywhere
          </button>
        </div>
      </div>
      <p className="mt-1 text-xs text-muted">
        Sign out everywhere ends every credential of your account in every mode: all sessions, all refresh tokens, and (while the denylist
        is on) every access and internal token issued before it.
        {page?.maxPerUser
          ? ` At most ${page.maxPerUser} sessions stay signed in (SESSION_MAX_PER_USER): signing in on device ${page.maxPerUser + 1} ends the least recently used one.`
          : null}
      </p>
      {page ? (
        <p className="mt-1 text-xs text-muted" data-testid="devices-total">
          Showing {devices?.length ?? 0} of {page.total} active {page.total === 1 ? 'session' : 'sessions'}, newest first.
        </p>
      ) : null}
      {error ? <p className="mt-2 text-sm text-bad">Error: {error}</p> : null}
      {devices === null ? (
        <p className="mt-2 text-sm text-muted">Loading devices…</p>
      ) : (
        <ul className="mt-2 divide-y divide-line" aria-label="Active sessions">
          {devices.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <div>
                <p className="font-medium">
                  {describeUserAgent(d.userAgent)}
                  {d.current ? (
                    <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 text-xs text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100">
                      This device
                    </span>
                  ) : null}
                </p>
                <p className="text-xs text-muted">
                  Signed in {time(d.createdAt)} · last seen {time(d.lastSeenAt)} · <span className="font-mono">{d.id}</span>
                </p>
              </div>
              <button
                type="button"
                className={button}
                onClick={() => void revoke(d)}
                aria-label={`Revoke ${d.current ? 'this device' : `${describeUserAgent(d.userAgent)} (${d.id})`}`}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      {page?.next ? (
        <button type="button" className={`${button} mt-2`} onClick={() => void more()}>
          More sessions
        </button>
      ) : null}
    </section>
  );
}
