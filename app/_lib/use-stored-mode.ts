// The chosen auth mode and each mode's "Carried in" choice, remembered in localStorage (only the choices;
// never a credential). Runtime: browser.
import { useCallback, useSyncExternalStore } from 'react';
import type { Mode } from './api-client';
import { DEFAULT_TRANSPORT, isTransport, type CellMode, type Transport } from './cell-credentials';

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

/** The "Carried in" choice of each mode, remembered like the mode (a choice, never a credential). */
const transportKey = (mode: CellMode) => `authlab:transport:${mode}`;

function readTransport(mode: CellMode): Transport {
  const stored = window.localStorage.getItem(transportKey(mode));
  return isTransport(stored) ? stored : DEFAULT_TRANSPORT[mode];
}

export function useStoredTransport(mode: CellMode): [Transport, (transport: Transport) => void] {
  const transport = useSyncExternalStore(
    subscribe,
    () => readTransport(mode),
    () => DEFAULT_TRANSPORT[mode],
  );
  const setTransport = useCallback(
    (next: Transport) => {
      window.localStorage.setItem(transportKey(mode), next);
      for (const listener of listeners) listener();
    },
    [mode],
  );
  return [transport, setTransport];
}
