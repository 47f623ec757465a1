import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { SnapshotError, openSnapshot, sealSnapshot } from './key-snapshot';

const password = 'p'.repeat(32);
const payload = { format: 1, savedAt: 1_700_000_000_000, ring: { version: 3, current: 'b', keys: [{ kid: 'a', retiresAt: 5 }] } };

/** Replaces the body of a sealed copy and keeps its MAC, as an edit of the file would. */
function withBody(sealed: string, edit: (json: typeof payload) => unknown): string {
  const [format, body, mac] = sealed.split('.') as [string, string, string];
  const json = JSON.parse(new TextDecoder().decode(base64url.decode(body))) as typeof payload;
  return `${format}.${base64url.encode(JSON.stringify(edit(json)))}.${mac}`;
}

describe('the sealed copy of a key ring', () => {
  it('opens to what was sealed, with this SESSION_PASSWORD only', async () => {
    const sealed = await sealSnapshot(payload, password);
    expect(sealed).toMatch(/^r1\.[\w-]+\.[\w-]+$/);
    await expect(openSnapshot(sealed, password)).resolves.toEqual(payload);
    await expect(openSnapshot(`${sealed}\n`, password)).resolves.toEqual(payload); // A trailing newline from an editor is not an edit.
    await expect(openSnapshot(sealed, 'q'.repeat(32))).rejects.toBeInstanceOf(SnapshotError);
  });

  it.each([
    ['a retirement removed', (j: typeof payload) => ({ ...j, ring: { ...j.ring, keys: [{ kid: 'a', retiresAt: null }] } })],
    ['a key added', (j: typeof payload) => ({ ...j, ring: { ...j.ring, keys: [...j.ring.keys, { kid: 'x', retiresAt: null }] } })],
    ['made to look newer', (j: typeof payload) => ({ ...j, savedAt: j.savedAt + 86_400_000 })],
  ])('refuses a copy with %s under the old MAC', async (_, edit) => {
    const sealed = await sealSnapshot(payload, password);
    await expect(openSnapshot(withBody(sealed, edit), password)).rejects.toThrow(/altered/);
  });

  it.each(['', 'r1', 'r1..', 'r2.e30.AAAA', 'r1.e30.AAAA.extra', 'r1.!!!.@@@'])('refuses %j as not a copy', async (text) => {
    await expect(openSnapshot(text, password)).rejects.toBeInstanceOf(SnapshotError);
  });
});
