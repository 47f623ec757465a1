// Shared Tailwind class names of the console, matching the home page's cards, fields and buttons.
export const card = 'rounded-xl border border-line bg-surface p-4 sm:p-5';
export const cardTitle = 'text-base font-medium';
export const field = 'block w-full min-w-0 rounded-md border border-line-strong bg-surface px-3 py-2 text-base sm:text-sm';
export const mono = 'font-mono text-xs sm:text-[0.8rem]';
export const button = 'rounded-md border border-line-strong px-3 py-2 text-sm font-medium hover:bg-hover disabled:opacity-60';
export const smallButton = 'rounded-md border border-line-strong px-2 py-1 text-xs font-medium hover:bg-hover disabled:opacity-60';
export const primaryButton = 'rounded-md bg-accent-solid px-4 py-2 font-medium text-white hover:bg-accent-solid-hover disabled:opacity-60';
export const muted = 'text-muted';
export const codeBlock = 'overflow-x-auto whitespace-pre-wrap break-all rounded-lg border border-line bg-sunken p-3 font-mono text-xs';

/** Method badges: the method is always written out, the colour only helps. */
export function methodTone(method: string): string {
  switch (method) {
    case 'GET':
      return 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200';
    case 'POST':
      return 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200';
    case 'DELETE':
      return 'bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200';
    default:
      return 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200';
  }
}

export function statusTone(status: number): string {
  if (status >= 200 && status < 300) return 'bg-ok-soft text-ok-on-soft';
  if (status >= 400 && status < 500) return 'bg-warn-soft text-warn-on-soft';
  return 'bg-bad-soft text-bad-on-soft';
}
