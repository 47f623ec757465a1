'use client';

import { useEffect, useState } from 'react';
import { formatRemaining } from '../_lib/format-remaining';

/** "expires in 0:42", ticking each second; tabular digits so the text never shifts the layout. */
export function Countdown({
  until,
  label = 'expires in',
  expiredLabel = 'expired',
}: {
  until: number;
  label?: string;
  expiredLabel?: string;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  const left = until - now;
  return <span className="font-mono tabular-nums">{left > 0 ? `${label} ${formatRemaining(left)}` : expiredLabel}</span>;
}
