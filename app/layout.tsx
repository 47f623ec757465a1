import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { SiteNav } from './_components/site-nav';
import { StoreOutageBanner } from './_components/store-outage-banner';
import { THEME_SCRIPT } from './_lib/theme';
import './globals.css';

export const metadata: Metadata = {
  title: 'authlab: cookie sessions and JWTs, side by side',
  description: 'See and measure the trade-offs between cookie sessions and JWT bearer tokens.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f8fafc' },
    { media: '(prefers-color-scheme: dark)', color: '#020618' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: each page carries the nonce its Content-Security-Policy requires.
  await connection();
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    // The theme script may add a class to <html> before React hydrates: that difference is expected.
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* Before first paint, so a chosen theme never flashes the other one. The CSP allows it only with this nonce. */}
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen">
        <a
          href="#content"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:z-50 focus:rounded-md focus:bg-surface focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:shadow"
        >
          Skip to content
        </a>
        <SiteNav />
        <StoreOutageBanner />
        <div id="content">{children}</div>
      </body>
    </html>
  );
}
