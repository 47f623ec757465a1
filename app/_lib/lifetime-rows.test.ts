import { describe, expect, it } from 'vitest';
import { CLOCK_TOLERANCE_MS } from './credential-clock';
import { jwtRows, rowView, sessionRows } from './lifetime-rows';

describe('jwtRows', () => {
  const state = { issuedAt: 0, expiresAt: 20_000, refreshExpiresAt: 120_000 };

  it('marks the refresh before exp and the refusal at exp + the clock tolerance', () => {
    const [access, refresh] = jwtRows(state, 16_000);
    expect(access?.marks).toEqual([
      { at: 16_000, kind: 'refresh', label: 'refresh' },
      { at: 20_000 + CLOCK_TOLERANCE_MS, kind: 'refusal', label: `refused (exp + ${CLOCK_TOLERANCE_MS / 1000} s)` },
    ]);
    expect(refresh?.marks).toEqual([{ at: 120_000, kind: 'refusal', label: 'refresh refused' }]);
  });

  it('marks no refresh when none is coming (auto-refresh off)', () => {
    expect(jwtRows(state, null)[0]?.marks.map((m) => m.kind)).toEqual(['refusal']);
  });
});

describe('sessionRows', () => {
  it('runs the idle bar from the last use and the absolute bar from sign-in', () => {
    const [idle, absolute] = sessionRows({
      createdAt: new Date(0).toISOString(),
      lastSeenAt: new Date(30_000).toISOString(),
      idleExpiresAt: new Date(90_000).toISOString(),
      absoluteExpiresAt: new Date(300_000).toISOString(),
    });
    expect([idle?.startsAt, idle?.endsAt, idle?.toleranceMs]).toEqual([30_000, 90_000, 0]);
    expect([absolute?.startsAt, absolute?.endsAt]).toEqual([0, 300_000]);
  });
});

describe('rowView', () => {
  const row = jwtRows({ issuedAt: 0, expiresAt: 20_000, refreshExpiresAt: 120_000 }, 16_000)[0]!;
  const span = 20_000 + CLOCK_TOLERANCE_MS;

  it('runs down while the credential lives', () => {
    const view = rowView(row, 5_000);
    expect(view.state).toBe('running');
    expect(view.left).toBeCloseTo(15_000 / span);
    expect(view.endAt).toBeCloseTo(20_000 / span);
    expect(view.text).toBe('0:15 left');
    expect(view.marks.map((m) => m.passed)).toEqual([false, false]);
  });

  it('says so while only the clock tolerance keeps it accepted', () => {
    const view = rowView(row, 21_000);
    expect(view.state).toBe('tolerated');
    expect(view.left).toBe(0);
    expect(view.text).toBe(`past its end; accepted 0:0${CLOCK_TOLERANCE_MS / 1000 - 1} more (clock tolerance)`);
  });

  it('is ended from the refusal moment on', () => {
    const view = rowView(row, 20_000 + CLOCK_TOLERANCE_MS);
    expect(view.state).toBe('ended');
    expect(view.text).toMatch(/^ended at .+: refused$/);
    expect(view.marks.every((m) => m.passed)).toBe(true);
  });
});
