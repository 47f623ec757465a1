import Link from 'next/link';
import { NavLinks } from './nav-links';
import { ThemeSwitch } from './theme-switch';

const LINKS = [
  { href: '/', label: 'Sign in' },
  { href: '/compare', label: 'Compare' },
  { href: '/revocation', label: 'Revocation' },
  { href: '/measure', label: 'Measure' },
  { href: '/outage', label: 'Outage' },
  { href: '/keys', label: 'Keys' },
  { href: '/attacks', label: 'Attack lab' },
  { href: '/console', label: 'API console' },
  { href: '/learn', label: 'Learn' },
];

export function SiteNav() {
  return (
    <nav aria-label="Main" className="border-b border-line bg-surface">
      {/* Wraps to two rows on a phone: brand and theme on top, the links below. */}
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="font-semibold tracking-tight">
          authlab
        </Link>
        <div className="order-last w-full md:order-none md:w-auto md:flex-1">
          <NavLinks links={LINKS} />
        </div>
        <div className="ml-auto">
          <ThemeSwitch />
        </div>
      </div>
    </nav>
  );
}
