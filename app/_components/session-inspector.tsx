import type { HeldCookie, Transport } from '../_lib/cell-credentials';
import { CarriedLists } from './carried-lists';
import { Countdown } from './countdown';

export interface SessionInspection {
  transport: Transport;
  /** The app's cookies the inspect request carried, by name and size. */
  cookies: HeldCookie[];
  cookie: {
    name: string;
    bytes: number;
    httpOnly: boolean;
    secure: boolean;
    sameSite: string;
    path: string;
    maxAgeSeconds: number;
    format: string;
  };
  seal: { contains: string[]; sid: string };
  record: {
    key: string;
    id: string;
    user: { username: string; role: string };
    createdAt: string;
    lastSeenAt: string;
    idleTtlSeconds: number;
    absoluteTtlSeconds: number;
    remainingMs: { record: number; idle: number };
  };
  session: { idleExpiresAt: string; absoluteExpiresAt: string; lastSeenAt: string };
  where: Record<'browser' | 'edge' | 'store', string>;
}

/**
 * The session as the browser holds it (the cookie, the header credential the page keeps in memory, or
 * both), what its seal contains, and the record the store keeps.
 */
export function SessionInspector({ data, fetchedAt, bearer }: { data: SessionInspection; fetchedAt: number; bearer: string | null }) {
  const c = data.cookie;
  return (
    <section aria-label="Session inspector" className="flex flex-col gap-3 text-xs">
      <div className="flex flex-col gap-1">
        <h3 className="font-semibold uppercase tracking-wide text-muted">Where the credential lives</h3>
        <CarriedLists bearer={bearer} cookies={data.cookies} />
      </div>
      {data.transport === 'header' ? null : (
        <>
          <div>
            <h3 className="font-semibold uppercase tracking-wide text-muted">Cookie (in the browser)</h3>
            <p className="mt-1 font-mono" data-testid="session-cookie">
              {c.name} · {c.bytes} B · {c.httpOnly ? 'HttpOnly' : ''} · SameSite={c.sameSite} · Path={c.path}
              {c.secure ? ' · Secure' : ' · not Secure (plain HTTP)'} · Max-Age={c.maxAgeSeconds}
            </p>
            <p className="text-muted">{c.format}. Page scripts can&apos;t read it.</p>
          </div>
          <div>
            <h3 className="font-semibold uppercase tracking-wide text-muted">Inside the seal</h3>
            <p className="mt-1 font-mono" data-testid="session-seal">
              {'{'} sid: {data.seal.sid} {'}'}
            </p>
          </div>
        </>
      )}
      <div>
        <h3 className="font-semibold uppercase tracking-wide text-muted">Record (in the store)</h3>
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1" data-testid="session-record">
          <dt>key</dt>
          <dd className="font-mono break-all">{data.record.key}</dd>
          <dt>public id</dt>
          <dd className="font-mono">{data.record.id}</dd>
          <dt>user</dt>
          <dd>
            {data.record.user.username} ({data.record.user.role})
          </dd>
          <dt>created</dt>
          <dd>{new Date(data.record.createdAt).toLocaleTimeString()}</dd>
          <dt>last seen</dt>
          <dd data-testid="session-last-seen">{new Date(data.session.lastSeenAt).toLocaleTimeString()}</dd>
          <dt>idle timeout</dt>
          <dd>
            {data.record.idleTtlSeconds} s, slides with use:{' '}
            <Countdown until={Date.parse(data.session.idleExpiresAt)} label="ends in" expiredLabel="passed" />
          </dd>
          <dt>absolute timeout</dt>
          <dd>
            {data.record.absoluteTtlSeconds} s from sign-in:{' '}
            <Countdown until={Date.parse(data.session.absoluteExpiresAt)} label="ends in" expiredLabel="passed" />
          </dd>
          <dt>store TTLs</dt>
          <dd className="font-mono">
            record {Math.round(data.record.remainingMs.record / 1000)} s, last-seen {Math.round(data.record.remainingMs.idle / 1000)} s
            (read {new Date(fetchedAt).toLocaleTimeString()})
          </dd>
        </dl>
      </div>
      <ul className="list-disc pl-4 text-muted">
        <li>Browser: {data.where.browser}</li>
        <li>Edge: {data.where.edge}</li>
        <li>Store: {data.where.store}</li>
      </ul>
    </section>
  );
}
