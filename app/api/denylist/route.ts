// GET /api/denylist: how many revoked access tokens the denylist holds now, and when the last of them
// expires. Public and read-only (a number, never a jti): the Learn page shows why the list stays bounded.
import { denylistSize } from '@/lib/auth/denylist';
import { denylistEnabled } from '@/lib/auth/settings';
import { iso } from '@/lib/clock';
import { getConfig } from '@/lib/config';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: async () => {
    const config = getConfig();
    const [size, enabled] = await Promise.all([denylistSize(config.issuer), denylistEnabled(config)]);
    return json({
      entries: size.entries,
      lastExpiresAt: size.lastExpiresAtMs === null ? null : iso(size.lastExpiresAtMs),
      marginSeconds: size.marginMs / 1000,
      checked: enabled,
    });
  },
});
