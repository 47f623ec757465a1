'use client';

import { useEffect, useState } from 'react';

/** Shown once an action has taken longer than half a second: that it is still going, and what it waits for. */
export function SlowProgress({ waitingFor, afterMs = 500 }: { waitingFor: string | null; afterMs?: number }) {
  const [slowFor, setSlowFor] = useState<string | null>(null);
  useEffect(() => {
    if (waitingFor === null) return;
    const id = window.setTimeout(() => setSlowFor(waitingFor), afterMs);
    return () => window.clearTimeout(id);
  }, [waitingFor, afterMs]);
  if (waitingFor === null || slowFor !== waitingFor) return null;
  return (
    <p className="flex items-center gap-2 text-sm text-muted" data-testid="slow-progress">
      <progress aria-label="Working" className="h-2 w-16" />
      Still working: waiting for {waitingFor}…
    </p>
  );
}
