// The current time for a component whose text depends on it: re-rendered every tick and exactly at
// each moment given (an expiry), so a pane never waits for the next tick to show a credential ended.
// Runtime: browser.
import { useEffect, useState } from 'react';

export function useNow(moments: readonly (number | null | undefined)[] = [], tickMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  const key = moments.join(',');
  useEffect(() => {
    const update = () => setNow(Date.now());
    const id = window.setInterval(update, tickMs);
    const start = Date.now();
    const timers = key
      .split(',')
      .map(Number)
      .filter((m) => Number.isFinite(m) && m > start)
      // One millisecond late, so the render that follows sees the moment as passed.
      .map((m) => window.setTimeout(update, m - start + 1));
    return () => {
      window.clearInterval(id);
      for (const t of timers) window.clearTimeout(t);
    };
  }, [key, tickMs]);
  return now;
}
