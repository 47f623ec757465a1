import { type FormEvent, type RefObject } from 'react';
import { CREDENTIALS, credentialOption, isCredentialChoice } from '../_lib/credentials';
import { METHODS, bodyAllowed, hasHeader, isMethod, pair, type Draft } from '../_lib/request';
import { PairsEditor } from './pairs-editor';
import { card, cardTitle, field, muted, primaryButton } from './ui';

export type Notice = { tone: 'info' | 'error'; text: string };

function bodyState(body: string): { valid: boolean; text: string } | undefined {
  if (body.trim() === '') return undefined;
  try {
    JSON.parse(body);
    return { valid: true, text: '✓ Valid JSON' };
  } catch {
    return { valid: false, text: '⚠ Not valid JSON: it is sent as typed, and the API answers 400 invalid_json.' };
  }
}

export function RequestEditor({
  draft,
  onChange,
  onSend,
  busy,
  hint,
  sectionRef,
  progress,
  notice,
}: {
  draft: Draft;
  onChange: (draft: Draft) => void;
  onSend: () => void;
  busy: string | null;
  hint: string | undefined;
  sectionRef: RefObject<HTMLElement | null>;
  /** What the console is busy with ("Sending…"), shown in place of the notice. */
  progress: string | null;
  notice: Notice | null;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSend();
  };
  const withBody = bodyAllowed(draft.method);
  const json = bodyState(draft.body);
  const credential = credentialOption(draft.credential);

  const changeBody = (body: string) => {
    // A JSON body needs its Content-Type; add the row in plain sight rather than behind the scenes.
    const headers =
      body.trim() !== '' && !hasHeader(draft.headers, 'content-type')
        ? [...draft.headers, pair('Content-Type', 'application/json')]
        : draft.headers;
    onChange({ ...draft, body, headers });
  };

  return (
    <section ref={sectionRef} aria-labelledby="request-title" className={`${card} scroll-mt-4`}>
      <h2 id="request-title" className={cardTitle}>
        Request
      </h2>
      <form onSubmit={submit} className="mt-3 flex flex-col gap-4" aria-label="Request">
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex w-28 flex-col text-sm font-medium">
            Method
            <select
              className={`${field} mt-1 font-mono`}
              value={draft.method}
              onChange={(e) => isMethod(e.target.value) && onChange({ ...draft, method: e.target.value })}
            >
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label className="flex min-w-0 flex-1 basis-48 flex-col text-sm font-medium">
            Path
            <input
              className={`${field} mt-1 font-mono`}
              value={draft.path}
              onChange={(e) => onChange({ ...draft, path: e.target.value })}
              spellCheck={false}
              autoCapitalize="off"
              autoCorrect="off"
              inputMode="url"
              placeholder="/api/me"
              aria-describedby="path-hint"
            />
          </label>
          <button type="submit" className={`${primaryButton} w-full sm:w-auto`} disabled={busy !== null} aria-describedby="send-hint">
            Send
          </button>
        </div>
        <p id="path-hint" className={`-mt-2 text-xs ${muted}`}>
          {hint ?? 'A path on this site, for example /api/me. {{token}} anywhere stands for your bearer token.'}
        </p>

        <label className="flex flex-col text-sm font-medium">
          Credential
          <select
            className={`${field} mt-1`}
            value={draft.credential}
            onChange={(e) => isCredentialChoice(e.target.value) && onChange({ ...draft, credential: e.target.value })}
            aria-describedby="credential-hint"
          >
            {CREDENTIALS.filter((c) => !c.damaged).map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
            <optgroup label="Damaged bearer tokens">
              {CREDENTIALS.filter((c) => c.damaged).map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <p id="credential-hint" className={`-mt-2 text-xs ${muted}`}>
          {credential.description}
        </p>

        <div className="grid gap-4 xl:grid-cols-2">
          <PairsEditor legend="Query" noun="parameter" rows={draft.query} onChange={(query) => onChange({ ...draft, query })} />
          <PairsEditor
            legend="Headers"
            noun="header"
            rows={draft.headers}
            onChange={(headers) => onChange({ ...draft, headers })}
            headers
          />
        </div>

        <label className="flex flex-col text-sm font-medium">
          Body (JSON)
          <textarea
            className={`${field} mt-1 font-mono ${withBody ? 'min-h-28' : 'resize-none'}`}
            value={withBody ? draft.body : ''}
            onChange={(e) => changeBody(e.target.value)}
            disabled={!withBody}
            rows={withBody ? Math.min(10, Math.max(4, draft.body.split('\n').length + 1)) : 1}
            spellCheck={false}
            autoCapitalize="off"
            aria-describedby="body-hint"
            placeholder={withBody ? '{ }' : `A ${draft.method} request has no body.`}
          />
        </label>
        <p id="body-hint" className={`-mt-2 text-xs ${json && !json.valid ? 'text-warn' : muted}`}>
          {!withBody ? `A ${draft.method} request carries no body.` : json ? json.text : 'Empty: no body is sent.'}
        </p>
        <p id="send-hint" className={`text-xs ${muted}`}>
          <kbd className="rounded border border-line-strong px-1 font-sans">Ctrl</kbd> +{' '}
          <kbd className="rounded border border-line-strong px-1 font-sans">Enter</kbd> (
          <kbd className="rounded border border-line-strong px-1 font-sans">⌘</kbd> +{' '}
          <kbd className="rounded border border-line-strong px-1 font-sans">Enter</kbd> on a Mac) sends from anywhere on the page.
        </p>
        {/* Two live regions, always present so screen readers notice them: failures at once, progress politely. */}
        <div className="-mt-2 flex flex-col text-sm">
          <p role="alert" className="text-bad">
            {progress === null && notice?.tone === 'error' ? `Error: ${notice.text}` : ''}
          </p>
          <p role="status" className="text-muted">
            {progress ?? (notice?.tone === 'info' ? notice.text : '')}
          </p>
        </div>
      </form>
    </section>
  );
}
