// POST /api/lab/throwaway: creates a short-lived random member for the attack lab, Measure and Learn,
// so demos never use (or lock out, or leave sessions on) a real account. The password is shown once.
import { clientAddress } from '@/lib/auth/client-address';
import { assertSameOrigin } from '@/lib/auth/csrf';
import { createThrowawayUser } from '@/lib/auth/throwaway-users';
import { getConfig } from '@/lib/config';
import { iso } from '@/lib/clock';
import { json, route } from '@/lib/http/route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: async (request) => {
    assertSameOrigin(request);
    const { user, password, expiresAt } = await createThrowawayUser(clientAddress(request, getConfig()), {
      perAddress: getConfig().throwawayPerAddress,
    });
    return json({ user, password, expiresAt: iso(expiresAt) }, { status: 201 });
  },
});
