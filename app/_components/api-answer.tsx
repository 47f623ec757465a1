import type { ApiAnswer } from '../_lib/api-client';

export function ApiAnswerView({ label, answer }: { label: string; answer: ApiAnswer }) {
  const ok = answer.status >= 200 && answer.status < 300;
  return (
    <section aria-label="Response" className="rounded-lg border border-line bg-sunken p-3 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-mono">{label}</span>
        <span
          data-testid="response-status"
          className={`rounded px-2 py-0.5 font-mono font-semibold ${ok ? 'bg-ok-soft text-ok-on-soft' : 'bg-bad-soft text-bad-on-soft'}`}
        >
          {answer.status} {ok ? 'OK' : (answer.errorCode ?? 'error')}
        </span>
        {answer.serverTiming ? <span className="text-xs text-muted">Server-Timing: {answer.serverTiming}</span> : null}
      </p>
      <pre data-testid="response-body" className="mt-2 overflow-x-auto whitespace-pre-wrap break-all font-mono text-xs">
        {JSON.stringify(answer.body, null, 2)}
      </pre>
    </section>
  );
}
