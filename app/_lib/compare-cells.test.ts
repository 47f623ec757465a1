import { describe, expect, it } from 'vitest';
import { ALL_CELLS, DEFAULT_CELLS, cellCookies, cellSlug, cellsQuery, pairClash, parseCell, parseCells, type Cell } from './compare-cells';

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

  it('any two different cells are possible: each cell has cookies of its own', () => {
    for (const a of ALL_CELLS)
      for (const b of ALL_CELLS) if (cellSlug(a) !== cellSlug(b)) expect(possible(a, b), `${cellSlug(a)} + ${cellSlug(b)}`).toBe(true);
  });

  it('the same cell twice clashes exactly when the cell keeps its credential in a cookie, naming that cookie', () => {
    for (const a of ALL_CELLS) {
      const clash = pairClash(a, a);
      expect(clash === null, cellSlug(a)).toBe(cellCookies(a).length === 0);
      if (clash) {
        expect(clash.kind).toBe('same-cookie-cell');
        for (const name of cellCookies(a)) expect(clash.text).toContain(name);
      }
    }
    // The refresh cookie makes even a header JWT a cookie cell.
    expect(pairClash(cell('jwt', 'header'), cell('jwt', 'header'))?.text).toContain('authlab_refresh');
  });

  it('leaves 16 of the 21 unordered pairs possible: all 15 pairs of different cells, and the header session twice', () => {
    let count = 0;
    ALL_CELLS.forEach((a, i) => ALL_CELLS.slice(i).forEach((b) => (count += possible(a, b) ? 1 : 0)));
    expect(count).toBe(16);
  });
});
