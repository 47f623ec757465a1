// throttlingAddress over spellings of one client (run: npx tsx repro/address-spellings.ts). Not reachable over the wire
// here (the server listens on 127.0.0.1 and the preload stamps the socket address), so this checks the function itself.
import { throttlingAddress } from '../lib/auth/client-address';
const groups: Record<string, string[]> = {
  'IPv4 203.0.113.7': ['203.0.113.7', '::ffff:203.0.113.7', '::FFFF:203.0.113.7', '0:0:0:0:0:ffff:203.0.113.7', '::ffff:cb00:7107', '0000:0000:0000:0000:0000:ffff:cb00:7107', '[::ffff:203.0.113.7]:443', '203.0.113.7:5555', ' 203.0.113.7 ', '203.0.113.007', '::ffff:0:203.0.113.7', '::203.0.113.7', '64:ff9b::203.0.113.7', '203.0.113.7%eth0', '[203.0.113.7]'],
  'IPv6 2001:db8:1:2::/64': ['2001:db8:1:2::1', '2001:DB8:1:2::ffff', '2001:0db8:0001:0002:0000:0000:0000:0001', '[2001:db8:1:2::1]:443', '2001:db8:1:2:1:2:3:4', '2001:db8:1:2::1%eth0', '2001:db8:1:2::1.2.3.4', '2001:db8:1:2:0:0:0:1 '],
};
for (const [name, list] of Object.entries(groups)) {
  const seen = new Map<string, string[]>();
  for (const a of list) { const k = throttlingAddress(a); seen.set(k, [...(seen.get(k) ?? []), a]); }
  console.log(name, '->', seen.size, 'keys'); for (const [k, v] of seen) console.log('   ', JSON.stringify(k), '<=', v.map((x) => JSON.stringify(x)).join(' '));
}
