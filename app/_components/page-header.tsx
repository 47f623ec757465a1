import type { ReactNode } from 'react';

/** A page's title and its one-paragraph introduction, the same on every page. */
export function PageHeader({ title, children, className = 'mb-6' }: { title: string; children: ReactNode; className?: string }) {
  return (
    <header className={className || undefined}>
      <h1 className="text-title font-semibold tracking-tight">{title}</h1>
      <p className="mt-2 max-w-3xl text-muted">{children}</p>
    </header>
  );
}
