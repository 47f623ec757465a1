import { useState } from 'react';
import { cookiePlaceholders, type Exchange } from '../_lib/exchange';
import { toCurl, toFetch, type CodeRequest } from '../_lib/snippets';
import { card, cardTitle, codeBlock, muted, smallButton } from './ui';

function Snippet({ title, code }: { title: string; code: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('Copied.');
    } catch {
      setCopied('The browser refused the clipboard: select the text and copy it.');
    }
  };
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium">{title}</h3>
        <span className="flex items-center gap-2">
          <span role="status" className={`text-xs ${muted}`}>
            {copied}
          </span>
          <button type="button" className={smallButton} onClick={() => void copy()}>
            Copy as {title}
          </button>
        </span>
      </div>
      <pre role="region" aria-label={`${title} command`} tabIndex={0} className={codeBlock}>
        {code}
      </pre>
    </div>
  );
}

export function CodeView({ exchange }: { exchange: Exchange | null }) {
  if (!exchange) return null;
  const { outgoing } = exchange;
  const request: CodeRequest = {
    method: outgoing.method,
    url: outgoing.url,
    headers: outgoing.headers,
    body: outgoing.body,
    credentials: outgoing.credentials,
    cookieNames: cookiePlaceholders(outgoing.credentials, exchange.cookiesBefore, new URL(outgoing.url).pathname),
  };
  return (
    <section aria-labelledby="code-title" className={card}>
      <h2 id="code-title" className={cardTitle}>
        The last request as code
      </h2>
      <p className={`mt-1 text-xs ${muted}`}>
        Exactly what was sent, bearer token included. HttpOnly cookies can&apos;t be read by this page, so curl gets a placeholder; fetch,
        run in this page&apos;s developer console, lets the browser attach them.
      </p>
      <div className="mt-3 flex flex-col gap-4">
        <Snippet title="curl" code={toCurl(request)} />
        <Snippet title="fetch" code={toFetch(request)} />
      </div>
    </section>
  );
}
