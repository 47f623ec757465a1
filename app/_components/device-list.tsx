'use client';

import { useCallback, useEffect, useState } from 'react';
import { api, type ApiAnswer } from '../_lib/api-client';
import { describeUserAgent } from '../_lib/user-agent';

interface Device {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string;
  current: boolean;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString();

/** The signed-in user's sessions, each revocable; a failure that means "signed out" goes to `onSignedOut`. */
export function DeviceList({ onSignedOut }: { onSignedOut: (answer: ApiAnswer) => void }) {
  const [devices, setDevices] = useState<Device[] | null>(null);
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

  const load = useCallback(async () => {
    const a = await api.sessions();
    if (handle(a)) setDevices((a.body as { sessions: Device[] }).sessions);
  }, [handle]);

  useEffect(() => {
    let live = true;
    void api.sessions().then((a) => {
      if (live && handle(a)) setDevices((a.body as { sessions: Device[] }).sessions);
    });
    return () => {
      live = false;
    };
  }, [handle]);

  const revoke = async (device: Device) => {
    const a = await api.revokeSession(device.id);
    if (device.current) onSignedOut(a);
    else if (handle(a)) await load();
  };

  const everywhere = async () => {
    const a = await api.revokeAllSessions();
    if (a.status === 200) onSignedOut({ ...a, body: { error: { message: 'You signed out everywhere, this device included.' } } });
    else handle(a);
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
    </section>
  );
}
