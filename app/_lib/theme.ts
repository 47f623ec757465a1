// The colour theme choice: System (no class on <html>), Light or Dark, kept in localStorage.
// Runtime: browser and server (the server only inlines the start-up script below).

export type Theme = 'system' | 'light' | 'dark';
export const THEMES: readonly Theme[] = ['system', 'light', 'dark'];
export const THEME_KEY = 'authlab:theme';

/**
 * Runs in <head> before the first paint (with the page's CSP nonce), so an explicit choice never
 * flashes the other theme. "System" needs no script: the CSS media query handles it.
 */
export const THEME_SCRIPT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_KEY)});if(t==='light'||t==='dark')document.documentElement.classList.add(t)}catch(e){}`;

export function isTheme(value: unknown): value is Theme {
  return value === 'system' || value === 'light' || value === 'dark';
}

/** Puts the choice on <html>: one class for an explicit theme, none for the system's. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.classList.remove('light', 'dark');
  if (theme !== 'system') root.classList.add(theme);
}
