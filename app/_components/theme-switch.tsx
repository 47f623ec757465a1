'use client';

import { useSyncExternalStore } from 'react';
import { THEME_KEY, THEMES, applyTheme, isTheme, type Theme } from '../_lib/theme';

const LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab changed the theme: follow it here too.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_KEY) return;
    applyTheme(read());
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

function read(): Theme {
  try {
    const stored = window.localStorage.getItem(THEME_KEY);
    return isTheme(stored) ? stored : 'system';
  } catch {
    return 'system';
  }
}

/** System / Light / Dark, remembered in localStorage; the class itself was set before paint by the layout's script. */
const subscribeNothing = () => () => undefined;

export function ThemeSwitch() {
  const theme = useSyncExternalStore(subscribe, read, () => 'system' as const);
  // Until React has hydrated, a change would do nothing: keep the select off until then.
  const hydrated = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  const choose = (next: Theme) => {
    try {
      if (next === 'system') window.localStorage.removeItem(THEME_KEY);
      else window.localStorage.setItem(THEME_KEY, next);
    } catch {
      // Storage can be off (private modes): the choice still applies to this page.
    }
    applyTheme(next);
    for (const listener of listeners) listener();
  };
  return (
    <label className="flex items-center gap-2 text-sm text-muted">
      Theme
      <select
        value={theme}
        disabled={!hydrated}
        onChange={(e) => isTheme(e.target.value) && choose(e.target.value)}
        className="rounded-md border border-line-strong bg-surface px-2 py-1 text-sm text-fg"
      >
        {THEMES.map((t) => (
          <option key={t} value={t}>
            {LABELS[t]}
          </option>
        ))}
      </select>
    </label>
  );
}
