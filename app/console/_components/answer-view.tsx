import type { ReactNode } from 'react';
import { credentialOption, lessonFor } from '../_lib/credentials';
import { accessTokenOf, attachedCookies, errorCodeOf, header, jarChanges, readBody, type Exchange, type JarChange } from '../_lib/exchange';
import { formatBytes, shorten } from '../_lib/request';
import { parseServerTiming } from '@/lib/measure/server-timing';
import { card, cardTitle, codeBlock, muted, smallButton, statusTone } from './ui';

const JAR_WORDS: Record<JarChange, string> = {
  set: 'set by this answer',
  cleared: 'cleared by this answer',
  kept: 'still held (its value may have changed: values are never visible)',
  absent: 'not held',
  unknown: "can't be checked from here",
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col">
      <dt className={`text-xs ${muted}`}>{label}</dt>
      <dd className="font-mono text-sm">{children}</dd>
    </div>
  );
}

export function AnswerView({ exchange, onUseToken }: { exchange: Exchange | null; onUseToken: (token: string) => void }) {
  if (!exchange) {
    return (
      <section aria-labelledby="answer-title" className={card}>
        <h2 id="answer-title" className={cardTitle}>
          Answer
        </h2>
        <p className={`mt-2 text-sm ${muted}`}>Nothing sent yet. Press Send, or Ctrl + Enter.</p>
      </section>
    );
  }
  const { outgoing, measured } = exchange;
  const received = measured.received;
  const body = received ? readBody(received.bodyText) : undefined;
  const code = errorCodeOf(body?.json);
  const timing = parseServerTiming(received ? header(received.headers, 'server-timing') : undefined);
  const authDesc = timing.find((m) => m.name === 'auth')?.desc;
  const lesson = received ? lessonFor(exchange.credential, { status: received.status, errorCode: code, authDesc }) : undefined;
  const token = accessTokenOf(body?.json);
  const authorization = header(outgoing.headers, 'authorization');
  const cookies = attachedCookies(outgoing.credentials, exchange.cookiesBefore);
  const jar = jarChanges(exchange.cookiesBefore, exchange.cookiesAfter);
  const path = new URL(outgoing.url).pathname;
  const wwwAuthenticate = received ? header(received.headers, 'www-authenticate') : undefined;

  return (
    <section aria-labelledby="answer-title" className={card}>
      <h2 id="answer-title" className={cardTitle}>
        Answer
      </h2>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        {received ? (
          <>
            <output
              aria-label="Status code"
              className={`rounded px-2 py-0.5 font-mono text-sm font-semibold ${statusTone(received.status)}`}
            >
              {received.status} {received.statusText}
            </output>
            {code ? (
              <span className="rounded border border-line-strong px-2 py-0.5 font-mono text-sm">
                <span className="sr-only">Error code: </span>
                {code}
              </span>
            ) : null}
          </>
        ) : (
          <output aria-label="Status code" className="rounded bg-bad-soft px-2 py-0.5 text-sm font-semibold text-bad-on-soft">
            No answer: {measured.error}
          </output>
        )}
        <span className={`text-sm ${muted}`}>
          {outgoing.method} {path} · {credentialOption(exchange.credential).label}
        </span>
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Fact label="Time">{measured.totalMs.toFixed(1)} ms</Fact>
        <Fact label="Waiting for the server">{measured.waitMs === undefined ? 'n/a' : `${measured.waitMs.toFixed(1)} ms`}</Fact>
        <Fact label="Sent (headers set + body)">
          {formatBytes(exchange.up.head)} + {formatBytes(exchange.up.body)}
        </Fact>
        <Fact label="Received (body / on the wire)">
          {received ? formatBytes(received.bodyBytes) : '0 B'} / {measured.transferBytes ? formatBytes(measured.transferBytes) : 'n/a'}
        </Fact>
      </dl>

      {lesson ? (
        <p
          role="note"
          aria-label="What this shows"
          className="mt-3 rounded-lg border border-indigo-200 bg-indigo-50 p-3 text-sm dark:border-indigo-900 dark:bg-indigo-950"
        >
          <strong>Why: </strong>
          {lesson}
        </p>
      ) : null}
      {token ? (
        <p className="mt-3 flex flex-wrap items-center gap-2 text-sm">
          The answer holds an access token.
          <button type="button" className={smallButton} onClick={() => onUseToken(token)}>
            Use as bearer token
          </button>
        </p>
      ) : null}

      <h3 className="mt-4 text-sm font-medium">What left the browser</h3>
      <div className="mt-1 flex flex-col gap-2 text-sm">
        <p className="break-all font-mono text-xs">
          {outgoing.method} {outgoing.url}
        </p>
        <p className={`text-xs ${muted}`}>
          credentials: &apos;{outgoing.credentials}&apos; ·{' '}
          {outgoing.credentials === 'omit' ? 'no cookies were attached' : 'the browser attached the cookies below itself'}
        </p>
        <ul aria-label="Request headers set by the console" className="flex flex-col gap-0.5 font-mono text-xs">
          {outgoing.headers.length === 0 ? <li className={muted}>No headers set (the browser adds its own, such as User-Agent).</li> : null}
          {outgoing.headers.map(([name, value], i) => (
            <li key={`${name}-${i}`} className="break-all">
              <span className="font-semibold">{name}:</span> {name.toLowerCase() === 'authorization' ? shorten(value, 32) : value}
            </li>
          ))}
        </ul>
        {outgoing.credentials === 'same-origin' ? (
          <ul aria-label="Cookies attached" className="flex flex-col gap-0.5 text-xs">
            {cookies.length === 0 ? <li className={muted}>Cookies: the server could not be asked which went along.</li> : null}
            {cookies.map((c) => (
              <li key={c.name}>
                <span className="font-mono font-semibold">{c.name}</span>:{' '}
                {c.attached === true ? 'attached' : c.attached === false ? 'not attached' : 'attached if the browser holds one'}{' '}
                <span className={muted}>({c.how})</span>
              </li>
            ))}
          </ul>
        ) : null}
        {authorization === undefined && outgoing.credentials === 'omit' ? <p className="text-xs">No credential at all went out.</p> : null}
        {exchange.notes.map((note) => (
          <p key={note} className={`text-xs ${muted}`}>
            {note}
          </p>
        ))}
      </div>

      {received ? (
        <>
          <h3 className="mt-4 text-sm font-medium">Response headers</h3>
          <dl className="mt-1 flex flex-col gap-0.5 font-mono text-xs">
            {received.headers.map(([name, value]) => (
              <div key={name} className={`break-all ${name === 'www-authenticate' ? 'rounded bg-amber-50 px-1 dark:bg-amber-950' : ''}`}>
                <dt className="inline font-semibold">{name}:</dt> <dd className="inline">{value}</dd>
              </div>
            ))}
            <div className="break-all">
              <dt className="inline font-semibold">set-cookie:</dt>{' '}
              <dd className={`inline font-sans ${muted}`}>
                hidden: the browser never shows Set-Cookie to page scripts.
                {jar.length > 0
                  ? ` Comparing cookie names before and after: ${jar.map((j) => `${j.name} ${JAR_WORDS[j.change]}`).join('; ')}.`
                  : ''}
              </dd>
            </div>
          </dl>
          {wwwAuthenticate ? (
            <p className={`mt-1 text-xs ${muted}`}>
              WWW-Authenticate is the server&apos;s challenge: which scheme it wants and why the credential failed.
            </p>
          ) : null}

          {timing.length > 0 ? (
            <>
              <h3 className="mt-4 text-sm font-medium">Server-Timing</h3>
              <div className="mt-1 overflow-x-auto">
                <table className="stack-table w-full text-left text-xs">
                  <thead>
                    <tr className={muted}>
                      <th scope="col" className="py-1 pr-3 font-medium">
                        Metric
                      </th>
                      <th scope="col" className="py-1 pr-3 font-medium">
                        Duration
                      </th>
                      <th scope="col" className="py-1 font-medium">
                        What was checked
                      </th>
                    </tr>
                  </thead>
                  <tbody className="font-mono">
                    {timing.map((m, i) => (
                      <tr key={`${m.name}-${i}`} className="border-t border-line">
                        <td data-label="Metric" className="py-1 pr-3">
                          {m.name}
                        </td>
                        <td data-label="Duration" className="py-1 pr-3">
                          {m.dur === undefined ? '—' : `${m.dur} ms`}
                        </td>
                        <td data-label="What was checked" className="py-1">
                          {m.desc ?? '—'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}

          <h3 className="mt-4 text-sm font-medium">Body</h3>
          <pre role="region" aria-label="Response body" tabIndex={0} className={`${codeBlock} mt-1 max-h-96 overflow-y-auto`}>
            {body?.pretty === '' ? '(empty)' : body?.pretty}
          </pre>
        </>
      ) : null}
    </section>
  );
}
