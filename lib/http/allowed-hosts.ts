// Which `Host` names the app answers for (ALLOWED_HOSTS): the defence against DNS rebinding.
// Runtime: edge and Node. Parsed once with the config; checking a request is a few string operations.

/**
 * A parsed ALLOWED_HOSTS: `any` for `*`, else exact names (any port), names with one port, and
 * `*.suffix` wildcards. Loopback (localhost, all of 127.0.0.0/8, [::1]) is always allowed: a rebinding
 * attacker can't make a victim's browser send those names to this server.
 */
export interface HostPolicy {
  any: boolean;
  /** Lower-case names without a trailing dot; IPv6 addresses keep their brackets. */
  names: ReadonlySet<string>;
  /** `name:port` entries: the name only on that port. */
  namesWithPort: ReadonlySet<string>;
  /** `*.example.com` as `.example.com`: any name ending in it (not the bare domain). */
  suffixes: readonly string[];
}

/** The names that always mean this machine; a rebinding attacker can't put them in a victim's address bar. */
export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

const HOST_ENTRY = /^(\*\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

/**
 * Parses ALLOWED_HOSTS (comma-separated) plus the hosts the platform names for sure (`VERCEL_URL`...).
 * Unset or empty: loopback only. `*`: any host (for a deployment behind a proxy that checks Host
 * itself). Entries may carry a port (`example.com:8443`) and a leading `*.` for subdomains.
 * Returns the policy, or the list of entries it could not read.
 */
export function parseAllowedHosts(
  raw: string | undefined,
  platformHosts: readonly (string | undefined)[] = [],
): HostPolicy | { invalid: string[] } {
  const entries = (raw ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const names = new Set<string>(LOOPBACK_NAMES);
  const namesWithPort = new Set<string>();
  const suffixes: string[] = [];
  const invalid: string[] = [];
  let any = false;
  const add = (entry: string, fromPlatform: boolean) => {
    if (entry === '*') {
      any = true;
      return;
    }
    // A platform variable may be a URL (`https://x.vercel.app`); a setting is a bare host.
    const bare = fromPlatform ? entry.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '') : entry;
    const match = HOST_ENTRY.exec(stripDot(bare));
    if (!match) {
      if (!fromPlatform) invalid.push(entry);
      return;
    }
    const [, wildcard, name = '', port] = match;
    if (port !== undefined && Number(port) > 65_535) {
      invalid.push(entry);
      return;
    }
    if (wildcard) suffixes.push(`.${name}`);
    else if (port !== undefined) namesWithPort.add(`${name}:${Number(port)}`);
    else names.add(name);
  };
  for (const entry of entries) add(entry, false);
  for (const host of platformHosts) if (host) add(host.trim().toLowerCase(), true);
  if (invalid.length > 0) return { invalid };
  return { any, names, namesWithPort, suffixes };
}

const stripDot = (name: string) => (name.endsWith('.') ? name.slice(0, -1) : name);

/**
 * Splits a `Host` value into a lower-case name (IPv6 kept in brackets, one trailing dot dropped)
 * and its port, or `undefined` for a value that is no host at all (empty, userinfo, a path, spaces).
 */
export function splitHost(host: string): { name: string; port: number | undefined } | undefined {
  const value = host.toLowerCase();
  let name: string;
  let rest: string;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0) return undefined;
    name = value.slice(0, end + 1);
    rest = value.slice(end + 1);
  } else {
    const colon = value.indexOf(':');
    name = colon < 0 ? value : value.slice(0, colon);
    rest = colon < 0 ? '' : value.slice(colon);
  }
  let port: number | undefined;
  if (rest !== '') {
    if (!/^:\d{1,5}$/.test(rest)) return undefined;
    port = Number(rest.slice(1));
    if (port > 65_535) return undefined;
  }
  name = stripDot(name);
  if (!/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/.test(name)) return undefined;
  return { name, port };
}

/** 127.0.0.0/8 written as a dotted quad: every address in it is this machine. */
const LOOPBACK_V4 = /^127\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Whether a `Host` header value is one the policy allows; a missing or malformed one never is. */
export function hostAllowed(host: string | null, policy: HostPolicy): boolean {
  if (host === null) return false;
  const parsed = splitHost(host);
  if (!parsed) return false;
  if (policy.any) return true;
  const { name, port } = parsed;
  if (policy.names.has(name)) return true;
  if (LOOPBACK_V4.test(name)) return true;
  if (port !== undefined && policy.namesWithPort.has(`${name}:${port}`)) return true;
  return policy.suffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length);
}
