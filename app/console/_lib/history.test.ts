import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, REDACTED, parseHistory, redactDraft, serializeHistory, type HistoryEntry } from './history';
import { pair, type Draft } from './request';

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1X2FsaWNlIn0.c2lnbmF0dXJl';
const ALG_NONE = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1X2FsaWNlIn0.';

const draft: Draft = {
  method: 'POST',
  path: `/api/x?t=${JWT}`,
  query: [pair('token', JWT)],
  headers: [pair('Authorization', 'Bearer opaque-not-a-jwt'), pair('X-Other', ALG_NONE), pair('Authorization', 'Bearer {{token}}')],
  body: JSON.stringify({ token: JWT, keep: 'me' }),
  credential: 'bearer',
};
const entry = (i: number): HistoryEntry => ({ id: `h${i}`, at: 1_000 + i, draft, status: 200, outcome: 'OK', durationMs: 3 });

describe('history storage', () => {
  it('never stores a token, wherever it was typed', () => {
    const stored = serializeHistory([entry(1)]);
    expect(stored).not.toMatch(/eyJ/);
    expect(stored).not.toContain('opaque-not-a-jwt');
    expect(stored).toContain(REDACTED);
    expect(stored).toContain('Bearer {{token}}');
    expect(stored).toContain('keep');
  });

  it('keeps the shape of the request so it can be edited and sent again', () => {
    const redacted = redactDraft(draft);
    expect(redacted.headers[0]?.value).toBe(`Bearer ${REDACTED}`);
    expect(redacted.body).toBe(JSON.stringify({ token: REDACTED, keep: 'me' }));
    const [restored] = parseHistory(serializeHistory([entry(1)]));
    expect(restored?.draft.method).toBe('POST');
    expect(restored?.draft.headers.map((h) => h.name)).toEqual(['Authorization', 'X-Other', 'Authorization']);
    expect(restored?.draft.headers[0]?.id).toMatch(/^row-/);
  });

  it('drops what it cannot trust and keeps at most the limit', () => {
    expect(parseHistory(null)).toEqual([]);
    expect(parseHistory('{not json')).toEqual([]);
    expect(parseHistory('{"a":1}')).toEqual([]);
    const mixed = JSON.stringify([{ id: 'bad' }, JSON.parse(serializeHistory([entry(2)]))[0]]);
    expect(parseHistory(mixed).map((e) => e.id)).toEqual(['h2']);
    const many = Array.from({ length: HISTORY_LIMIT + 5 }, (_, i) => entry(i));
    expect(parseHistory(serializeHistory(many))).toHaveLength(HISTORY_LIMIT);
  });
});
