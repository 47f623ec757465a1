import { AuthPage, expect, test } from './fixtures';

for (const mode of ['Session', 'JWT'] as const) {
  test(`the admin route answers bob 403 and alice 200 (${mode})`, async ({ signedInAs, browser }) => {
    const bob = await signedInAs('bob', mode);
    await bob.call('/api/admin/overview');
    await expect(bob.status()).toHaveText('403 forbidden');

    const context = await browser.newContext();
    const alice = new AuthPage(await context.newPage());
    await alice.goto();
    await alice.chooseMode(mode);
    await alice.signIn('alice');
    await alice.expectSignedIn('alice', mode);
    await alice.call('/api/admin/overview');
    await expect(alice.status()).toHaveText('200 OK');
    await context.close();
  });
}
