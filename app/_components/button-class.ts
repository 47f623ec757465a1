/** The one secondary-button look of the app (bordered, hover shade, dimmed while disabled). */
export const BUTTON = 'rounded-md border border-line-strong px-3 py-2 text-sm font-medium hover:bg-hover disabled:opacity-60';
