// The chosen auth mode, remembered in localStorage (only the mode; never a credential). Runtime: browser.
import { useCallback, useSyncExternalStore } from 'react';
import type { Mode } from './api-client';

const KEY = 'authlab:mode';
const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

function read(): Mode {
  const stored = window.localStorage.getItem(KEY);
  return stored === 'jwt' || stored === 'hybrid' ? stored : 'session';
}

export function useStoredMode(): [Mode, (mode: Mode) => void] {
  const mode = useSyncExternalStore(subscribe, read, () => 'session' as const);
  const setMode = useCallback((next: Mode) => {
    window.localStorage.setItem(KEY, next);
    for (const listener of listeners) listener();
  }, []);
  return [mode, setMode];
}

/** Read once at start-up, outside React: whether the last visit used JWT mode. */
export function storedModeIsJwt(): boolean {
  return read() === 'jwt';
}
