// Pages never change who you are: the demo pages Learn, Measure, Revocation, Outage and the attack lab
// run on their own throwaway credentials (Measure reads this browser's session cookie, never replaces
// it; Learn sends no cookie at all), so a sign-in on `/` is the same user in the same mode after
// visiting them all and running one thing on each. Serial: the attack lab is heavy.
import { expect, test, type Mode } from '../fixtures';

for (const mode of ['Session', 'JWT'] as const satisfies readonly Mode[]) {
  test(`signed in on / with ${mode}: the same user and mode after running every demo page`, async ({ signedInAs, page }) => {
    // Five pages, each running one thing (throwaway users cost password hashes).
    test.setTimeout(180_000);
    const auth = await signedInAs('bob', mode);
    const cookiesBefore = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).sort();

    await page.goto('/learn');
    await page.getByRole('button', { name: 'Measure on this server' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Measured at' })).toBeVisible({ timeout: 90_000 });

    await page.goto('/measure');
    await page.getByLabel('Requests per mode').selectOption('20');
    await page.getByRole('button', { name: 'Start run' }).click();
    await expect(page.getByRole('status')).toContainText('Done: 40 requests', { timeout: 60_000 });

    await page.goto('/revocation');
    await page.getByRole('button', { name: 'Sign in both as a throwaway user' }).click();
    await expect(page.getByRole('status')).toContainText('Signed in as the throwaway user', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Revoke both' }).click();
    await expect(page.getByTestId('window-session')).toContainText('session_revoked', { timeout: 15_000 });

    await page.goto('/outage');
    await page.getByRole('button', { name: 'Sign in both as a throwaway user' }).click();
    await expect(page.getByRole('status')).toContainText('Signed in as the throwaway user', { timeout: 30_000 });
    // The drill is the visitor's own admin action: closed to bob (a member, or a JWT held in /'s memory), and nobody
    // else is signed in for it.
    await expect(page.getByTestId('drill-owner')).toContainText(
      mode === 'Session' ? 'You are signed in as bob (member), so it is closed to you here' : 'closed to you here',
    );

    await page.goto('/attacks');
    const card = page.getByRole('listitem', { name: 'Tamper with the payload' });
    await card.getByRole('button', { name: 'Run' }).click();
    await expect(card.getByTestId('verdict')).toBeVisible({ timeout: 30_000 });

    // No demo replaced a cookie of this browser (session, access-token or refresh cookie).
    expect((await page.context().cookies()).map((c) => `${c.name}=${c.value}`).sort()).toEqual(cookiesBefore);
    await auth.goto();
    await auth.expectSignedIn('bob', mode);
  });
}
