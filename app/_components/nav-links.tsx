'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** The nav's links; the current page is marked with aria-current and an underline, not by colour alone. */
export function NavLinks({ links }: { links: readonly { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {links.map((l) => {
        const current = l.href === '/' ? pathname === '/' : pathname === l.href || pathname.startsWith(`${l.href}/`);
        return (
          <li key={l.href}>
            <Link
              href={l.href}
              aria-current={current ? 'page' : undefined}
              className={
                current
                  ? 'font-medium text-fg underline decoration-2 underline-offset-4'
                  : 'text-muted hover:text-fg hover:underline hover:underline-offset-4'
              }
            >
              {l.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
