// The session credential this page holds: its transport and header credential (`sess_…`, `pair_…`), in
// memory only, so a reload ends it. A non-secret note in sessionStorage (the cell and the user) remembers
// that it existed, so after a reload the page can say it is gone. Runtime: browser.
import { useCallback, useMemo, useRef, useState } from 'react';
import { COOKIE_CARRY, carryOf, writeHeldNote, type Carry, type Transport } from './cell-credentials';

export interface HeldSession {
  transport: Transport;
  bearer: string | null;
}

export function useHeldSession() {
  const [held, setHeld] = useState<HeldSession | null>(null);
  // Callbacks made before the next render (the load right after sign-in) read the ref.
  const ref = useRef<HeldSession | null>(null);
  /** Holds what a sign-in gave (with the user, for the note), or lets it go (sign-out, session ended). */
  const hold = useCallback((next: HeldSession | null, username?: string) => {
    ref.current = next;
    setHeld(next);
    const inMemory = next !== null && next.transport !== 'cookie' && username !== undefined;
    writeHeldNote(window.sessionStorage, inMemory ? { mode: 'session', transport: next.transport, username } : null);
  }, []);
  const carryNow = useCallback(
    (): Carry => (ref.current ? carryOf(ref.current.transport, ref.current.bearer, 'session') : COOKIE_CARRY),
    [],
  );
  const carry = useMemo(() => (held ? carryOf(held.transport, held.bearer, 'session') : COOKIE_CARRY), [held]);
  return { held, hold, carry, carryNow, heldRef: ref };
}
