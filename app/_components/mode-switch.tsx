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
            className="flex flex-col rounded-lg border border-line-strong p-3 has-[:checked]:border-accent-solid has-[:checked]:bg-accent-soft has-[:checked]:ring-1 has-[:checked]:ring-accent-solid"
          >
            <label className="flex cursor-pointer items-center gap-2 font-medium">
              <input
                type="radio"
                name="auth-mode"
                value={o.value}
                checked={mode === o.value}
                onChange={() => onChange(o.value)}
                aria-describedby={`mode-hint-${o.value}`}
                className="accent-accent-solid"
              />
              {o.label}
            </label>
            <span id={`mode-hint-${o.value}`} className="mt-1 text-xs text-muted">
              {o.hint}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}
