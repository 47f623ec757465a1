import Link from 'next/link';

const LINKS = [
  { href: '/', label: 'Sign in' },
  { href: '/compare', label: 'Compare' },
  { href: '/revocation', label: 'Revocation' },
  { href: '/outage', label: 'Outage' },
  { href: '/keys', label: 'Keys' },
  { href: '/attacks', label: 'Attack lab' },
  { href: '/console', label: 'API console' },
];

export function SiteNav() {
  return (
    <nav aria-label="Main" className="border-b border-slate-200 bg-white/80 dark:border-slate-800 dark:bg-slate-900/80">
      <div className="mx-auto flex max-w-5xl items-center gap-6 px-4 py-3 sm:px-6">
        <Link href="/" className="font-semibold tracking-tight">
          authlab
        </Link>
        <ul className="flex flex-wrap gap-4 text-sm">
          {LINKS.map((l) => (
            <li key={l.href}>
              <Link href={l.href} className="text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
                {l.label}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
