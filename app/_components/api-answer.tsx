import type { ApiAnswer } from '../_lib/api-client';

export function ApiAnswerView({ label, answer }: { label: string; answer: ApiAnswer }) {
  const ok = answer.status >= 200 && answer.status < 300;
  return (
    <section aria-label="Response" className="rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm dark:border-slate-800 dark:bg-slate-950">
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-mono">{label}</span>
        <span
          data-testid="response-status"
          className={`rounded px-2 py-0.5 font-mono font-semibold ${ok ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100' : 'bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-100'}`}
        >
          {answer.status} {ok ? 'OK' : answer.errorCode ?? 'error'}
        </span>
        {answer.serverTiming ? <span className="text-xs text-slate-500 dark:text-slate-400">Server-Timing: {answer.serverTiming}</span> : null}
      </p>
      <pre data-testid="response-body" className="mt-2 overflow-x-auto whitespace-pre-wrap break-all font-mono text-xs">
        {JSON.stringify(answer.body, null, 2)}
      </pre>
    </section>
  );
}
