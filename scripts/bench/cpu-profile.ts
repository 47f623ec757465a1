// Reads a V8 .cpuprofile (node --cpu-prof) into where the time went: self time per part of the
// request path (Next's router, the edge sandbox, HTTP, fetch, jose, iron-session, the store client,
// authlab's own code, GC). Runtime: Node. Pure functions.

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
}

/** The parts, first match wins: the order matters (a library inside `.next` is the library). */
const PARTS: [string, (url: string, fn: string) => boolean][] = [
  ['GC', (_url, fn) => fn === '(garbage collector)'],
  ['idle', (_url, fn) => fn === '(idle)' || fn === '(program)'],
  ['jose (JWT checks; WebCrypto calls)', (url) => /[/\\]jose[/\\]|jose/.test(url) && !url.includes('.next')],
  ['iron-session / iron-webcrypto (unseal)', (url) => /iron-(session|webcrypto)/.test(url)],
  ['@upstash/redis (store client)', (url) => url.includes('@upstash')],
  ['undici (fetch to the store)', (url) => url.includes('undici')],
  ['zod', (url) => /[/\\]zod[/\\]/.test(url)],
  [
    'edge middleware bundle (authlab middleware + its libraries, in the sandbox)',
    (url) => /\.next[/\\]server[/\\](edge|middleware)/.test(url),
  ],
  ['route handlers (authlab, compiled)', (url) => /\.next[/\\]server[/\\](app|chunks)/.test(url)],
  [
    'Next edge sandbox (vm, request/response copies)',
    (url) => /next[/\\]dist[/\\](server[/\\]web|compiled[/\\]edge-runtime|compiled[/\\]@edge-runtime)/.test(url),
  ],
  ['Next server (router, base server, app render)', (url) => /next[/\\]dist/.test(url)],
  ['Node HTTP / streams / net', (url) => /^node:(_http|http|net|stream|internal[/\\](http|streams|stream_base)|events|buffer)/.test(url)],
  ['Node internals (other)', (url) => url.startsWith('node:')],
  ['native / V8 builtins', (url) => url === ''],
];

export function partOf(url: string, functionName: string): string {
  for (const [name, test] of PARTS) if (test(url, functionName)) return name;
  return 'other';
}

/** Self time per part in ms and as a share of the non-idle time, largest first. */
export function summarizeProfile(profile: CpuProfile): { part: string; ms: number; share: number }[] {
  const totalHits = profile.nodes.reduce((sum, n) => sum + (n.hitCount ?? 0), 0);
  const msPerHit = totalHits > 0 ? (profile.endTime - profile.startTime) / 1000 / totalHits : 0;
  const hits = new Map<string, number>();
  for (const node of profile.nodes) {
    const part = partOf(node.callFrame.url, node.callFrame.functionName);
    hits.set(part, (hits.get(part) ?? 0) + (node.hitCount ?? 0));
  }
  const busy = [...hits].filter(([part]) => part !== 'idle').reduce((sum, [, h]) => sum + h, 0);
  return [...hits]
    .filter(([part]) => part !== 'idle')
    .map(([part, h]) => ({ part, ms: h * msPerHit, share: busy > 0 ? h / busy : 0 }))
    .sort((a, b) => b.ms - a.ms);
}
