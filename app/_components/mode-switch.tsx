'use client';

import type { Mode } from '../_lib/api-client';

const OPTIONS: { value: Mode; label: string; hint: string }[] = [
  { value: 'session', label: 'Session', hint: 'HttpOnly cookie + store lookup' },
  { value: 'jwt', label: 'JWT', hint: 'Bearer token, verified by signature' },
  { value: 'hybrid', label: 'Hybrid', hint: 'Session outside, short JWT inside' },
];

export function ModeSwitch({ mode, onChange }: { mode: Mode; onChange: (mode: Mode) => void }) {
  return (
    <div role="radiogroup" aria-labelledby="auth-mode-label" className="flex flex-col gap-2">
      <span id="auth-mode-label" className="text-sm font-medium">
        Auth mode
      </span>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
        {OPTIONS.map((o) => (
          <div
            key={o.value}
            className="flex flex-col rounded-lg border border-slate-300 p-3 has-[:checked]:border-indigo-600 has-[:checked]:bg-indigo-50 dark:border-slate-700 dark:has-[:checked]:bg-indigo-950"
          >
            <label className="flex cursor-pointer items-center gap-2 font-medium">
              <input
                type="radio"
                name="auth-mode"
                value={o.value}
                checked={mode === o.value}
                onChange={() => onChange(o.value)}
                aria-describedby={`mode-hint-${o.value}`}
                className="accent-indigo-600"
              />
              {o.label}
            </label>
            <span id={`mode-hint-${o.value}`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
              {o.hint}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
