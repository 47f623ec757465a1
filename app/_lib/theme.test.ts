import { describe, expect, it } from 'vitest';
import { THEME_KEY, THEME_SCRIPT, applyTheme, isTheme } from './theme';

/** Just enough of an element for the theme: a class list. */
function fakeRoot(...initial: string[]) {
  const classes = new Set(initial);
  const classList = {
    add: (...names: string[]) => names.forEach((n) => classes.add(n)),
    remove: (...names: string[]) => names.forEach((n) => classes.delete(n)),
  };
  return { root: { classList } as unknown as HTMLElement, classes };
}

describe('theme', () => {
  it('puts one class for an explicit choice and none for the system', () => {
    const { root, classes } = fakeRoot('light', 'other');
    applyTheme('dark', root);
    expect([...classes].sort()).toEqual(['dark', 'other']);
    applyTheme('system', root);
    expect([...classes]).toEqual(['other']);
  });

  it('accepts only the three choices', () => {
    expect(['system', 'light', 'dark'].every(isTheme)).toBe(true);
    expect(isTheme('Dark')).toBe(false);
    expect(isTheme(null)).toBe(false);
  });

  it('the start-up script applies a stored choice and ignores anything else', () => {
    for (const [stored, expected] of [
      ['dark', ['dark']],
      ['light', ['light']],
      ['system', []],
      ['<img onerror=x>', []],
      [null, []],
    ] as const) {
      const { root, classes } = fakeRoot();
      const localStorage = { getItem: (key: string) => (key === THEME_KEY ? stored : null) };
      new Function('localStorage', 'document', THEME_SCRIPT)(localStorage, { documentElement: root });
      expect([...classes]).toEqual(expected);
    }
  });

  it('the start-up script never throws, even when storage is off', () => {
    const { root } = fakeRoot();
    const localStorage = {
      getItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => new Function('localStorage', 'document', THEME_SCRIPT)(localStorage, { documentElement: root })).not.toThrow();
  });
});
