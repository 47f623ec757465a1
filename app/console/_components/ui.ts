// Shared Tailwind class names of the console, matching the home page's cards, fields and buttons.
export const card = 'rounded-xl border border-slate-200 bg-white p-4 sm:p-5 dark:border-slate-800 dark:bg-slate-900';
export const cardTitle = 'text-base font-medium';
export const field =
  'block w-full min-w-0 rounded-md border border-slate-300 bg-white px-3 py-2 text-base sm:text-sm dark:border-slate-700 dark:bg-slate-950';
export const mono = 'font-mono text-xs sm:text-[0.8rem]';
export const button =
  'rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800';
export const smallButton =
  'rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800';
export const primaryButton = 'rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60';
export const muted = 'text-slate-600 dark:text-slate-400';
export const codeBlock =
  'overflow-x-auto whitespace-pre-wrap break-all rounded-lg border border-slate-200 bg-slate-50 p-3 font-mono text-xs dark:border-slate-800 dark:bg-slate-950';

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
  if (status >= 200 && status < 300) return 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100';
  if (status >= 400 && status < 500) return 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100';
  return 'bg-rose-100 text-rose-900 dark:bg-rose-900 dark:text-rose-100';
}
