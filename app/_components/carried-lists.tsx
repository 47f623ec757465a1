'use client';

import { useId, useSyncExternalStore } from 'react';
import { cellLists, type HeldCookie } from '../_lib/cell-credentials';

// `document.cookie` is read as the page renders (it is what a script here would see); the server render has none.
const readDocumentCookie = () => document.cookie;
const noCookie = () => '';
const noSubscribe = () => () => {};

/**
 * The current cell's credential in two lists: what this page's script can read (what it holds in
 * memory) and what only the browser holds (the HttpOnly cookies the server saw, by name and size).
 * Each cookie is checked against `document.cookie`, so the claim "script can't read it" is measured here.
 */
export function CarriedLists({
  bearer,
  claims,
  cookies,
}: {
  bearer: string | null;
  claims?: Record<string, unknown> | undefined;
  /** From the server's inspect route; null while it is asked. */
  cookies: readonly HeldCookie[] | null;
}) {
  const documentCookie = useSyncExternalStore(noSubscribe, readDocumentCookie, noCookie);
  const lists = cellLists({ bearer, claims }, cookies ?? [], documentCookie);
  const id = useId();
  return (
    <div className="grid gap-3 text-xs sm:grid-cols-2" data-testid="carried-lists">
      <section aria-labelledby={`${id}-script`} className="rounded-md border border-line p-2">
        <h4 id={`${id}-script`} className="font-semibold">
          Your page&apos;s script can read
        </h4>
        <ul aria-labelledby={`${id}-script`} className="mt-1 flex flex-col gap-1">
          {lists.script.map((item) => (
            <li key={item.what}>
              {item.what}: <code className="break-all font-mono">{item.preview}</code> ({item.bytes} B)
            </li>
          ))}
          {lists.script.every((item) => !item.credential) ? (
            <li>No part of the credential: a script on this page (or injected into it) has nothing to send elsewhere.</li>
          ) : null}
        </ul>
      </section>
      <section aria-labelledby={`${id}-browser`} className="rounded-md border border-line p-2">
        <h4 id={`${id}-browser`} className="font-semibold">
          Only the browser holds (HttpOnly)
        </h4>
        <ul aria-labelledby={`${id}-browser`} className="mt-1 flex flex-col gap-1">
          {cookies === null ? (
            <li>Asking the server which cookies it saw…</li>
          ) : lists.httpOnly.length === 0 ? (
            <li>No cookie: this cell sends nothing the browser attaches by itself, so no CSRF defence is needed.</li>
          ) : (
            lists.httpOnly.map((c) => (
              <li key={c.name}>
                <code className="font-mono">{c.name}</code> ({c.bytes} B, Path={c.path}):{' '}
                {c.readableByScript ? '⚠ visible in document.cookie' : 'not in document.cookie ✓'}
              </li>
            ))
          )}
        </ul>
        {lists.httpOnly.length > 0 ? (
          <p className="mt-1 text-muted">Sizes as the server received them; the values never come back to the page.</p>
        ) : null}
      </section>
    </div>
  );
}
