import { describe, expect, it } from 'vitest';
import { ALL_CELLS, DEFAULT_CELLS, cellSlug, cellsQuery, pairClash, parseCell, parseCells, type Cell } from './compare-cells';

const cell = (mode: Cell['mode'], transport: Cell['transport']): Cell => ({ mode, transport });

describe('parseCell', () => {
  it('reads every cell back from its slug', () => {
    for (const c of ALL_CELLS) expect(parseCell(cellSlug(c), DEFAULT_CELLS.a)).toEqual(c);
    expect(ALL_CELLS).toHaveLength(6);
  });

  it.each([
    null,
    undefined,
    '',
    'jwt',
    'session-',
    'hybrid-cookie',
    'jwt-body',
    'JWT-cookie',
    'jwt-cookie ',
    'session-cookie-x',
    'jwt-cookie&b=x',
  ])('falls back on %j', (value) => {
    expect(parseCell(value, DEFAULT_CELLS.b)).toEqual(DEFAULT_CELLS.b);
  });
});

describe('parseCells / cellsQuery', () => {
  it('defaults to the diagonal: session in its cookie, JWT in its header', () => {
    expect(parseCells(new URLSearchParams(''))).toEqual({ a: cell('session', 'cookie'), b: cell('jwt', 'header') });
  });

  it('each side falls back alone', () => {
    expect(parseCells(new URLSearchParams('a=nonsense&b=session-both'))).toEqual({
      a: cell('session', 'cookie'),
      b: cell('session', 'both'),
    });
    expect(parseCells(new URLSearchParams('a=jwt-cookie&b=%3Cscript%3E'))).toEqual({ a: cell('jwt', 'cookie'), b: cell('jwt', 'header') });
  });

  it('writes a query that reads back the same pair', () => {
    for (const a of ALL_CELLS) {
      for (const b of ALL_CELLS) {
        const query = cellsQuery({ a, b });
        expect(parseCells(new URLSearchParams(query))).toEqual({ a, b });
      }
    }
    expect(cellsQuery({ a: cell('jwt', 'cookie'), b: cell('session', 'header') })).toBe('?a=jwt-cookie&b=session-header');
  });
});

describe('pairClash', () => {
  const possible = (a: Cell, b: Cell) => pairClash(a, b) === null;

  it('is symmetric', () => {
    for (const a of ALL_CELLS) for (const b of ALL_CELLS) expect(pairClash(a, b)?.kind).toBe(pairClash(b, a)?.kind);
  });

  it('a header session holds no cookie: it goes with every cell, itself included', () => {
    for (const other of ALL_CELLS) expect(possible(cell('session', 'header'), other)).toBe(true);
  });

  it('the diagonal and the double session id beside a header JWT are possible', () => {
    expect(possible(cell('session', 'cookie'), cell('jwt', 'header'))).toBe(true);
    expect(possible(cell('session', 'both'), cell('jwt', 'header'))).toBe(true);
  });

  it('two JWTs share the one refresh cookie', () => {
    for (const a of ALL_CELLS.filter((c) => c.mode === 'jwt'))
      for (const b of ALL_CELLS.filter((c) => c.mode === 'jwt')) expect(pairClash(a, b)?.kind).toBe('refresh-cookie');
  });

  it('two sessions in the session cookie end each other', () => {
    for (const a of [cell('session', 'cookie'), cell('session', 'both')])
      for (const b of [cell('session', 'cookie'), cell('session', 'both')]) expect(pairClash(a, b)?.kind).toBe('session-cookie');
  });

  it('a cookie session and a cookie JWT clear each other', () => {
    for (const a of [cell('session', 'cookie'), cell('session', 'both')])
      for (const b of [cell('jwt', 'cookie'), cell('jwt', 'both')]) expect(pairClash(a, b)?.kind).toBe('one-cookie-credential');
  });

  it('leaves exactly 8 of the 21 unordered pairs possible', () => {
    let count = 0;
    ALL_CELLS.forEach((a, i) => ALL_CELLS.slice(i).forEach((b) => (count += possible(a, b) ? 1 : 0)));
    expect(count).toBe(8);
  });
});
