import { parseServerTiming } from '@/lib/measure/server-timing';

export interface RequestCost {
  serverTiming: string | null;
  bytesSent: number;
  what: string;
}

/** One line per pane: what the last request cost in store lookups, bytes and server time. */
export function CostLine({ cost }: { cost: RequestCost | null }) {
  if (!cost) return <p className="text-xs text-muted">Call /api/me to see what a request costs.</p>;
  const metrics = parseServerTiming(cost.serverTiming);
  const auth = metrics.find((m) => m.name === 'auth');
  const lookups = metrics.filter((m) => m.name === 'store' || m.name === 'denylist').length;
  return (
    <p data-testid="cost-line" className="font-mono text-xs tabular-nums">
      {lookups} store lookup{lookups === 1 ? '' : 's'} · {cost.bytesSent} B of credential ({cost.what}) · auth{' '}
      {auth?.dur?.toFixed(2) ?? '?'} ms
      {auth?.desc ? ` (${auth.desc})` : ''}
    </p>
  );
}
