import { describe, expect, it } from 'vitest';
import { formatMs, formatRate, formatRatio, markdownTable, verdict } from './table';

describe('markdownTable', () => {
  it('pads every column and aligns numbers right', () => {
    const table = markdownTable(
      [{ title: 'row' }, { title: 'req/s', align: 'right' }],
      [
        ['pass-through', '812'],
        ['session', '95'],
      ],
    );
    expect(table.split('\n')).toEqual([
      '| row          | req/s |',
      '|:-------------|------:|',
      '| pass-through |   812 |',
      '| session      |    95 |',
    ]);
  });

  it('keeps a table with no rows readable', () => {
    expect(markdownTable([{ title: 'a' }], [])).toBe('| a   |\n|:----|');
  });
});

describe('number formats', () => {
  it('gives milliseconds three significant-ish digits', () => {
    expect(formatMs(0.1234)).toBe('0.123');
    expect(formatMs(1.234)).toBe('1.23');
    expect(formatMs(12.34)).toBe('12.3');
    expect(formatMs(123.4)).toBe('123');
    expect(formatMs(Number.NaN)).toBe('–');
  });

  it('prints rates whole and ratios with two decimals', () => {
    expect(formatRate(812.6)).toBe('813');
    expect(formatRatio(80, 100)).toBe('0.80×');
    expect(formatRatio(80, 0)).toBe('–');
    expect(formatRatio(Number.NaN, 100)).toBe('–');
  });

  it('marks a verdict as met, missed or unknown', () => {
    expect(verdict(true, 'a')).toBe('✓ a');
    expect(verdict(false, 'b')).toBe('✗ b');
    expect(verdict(undefined, 'c')).toBe('? c');
  });
});
