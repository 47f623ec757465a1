import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { SiteNav } from './_components/site-nav';
import './globals.css';

export const metadata: Metadata = {
  title: 'authlab: cookie sessions and JWTs, side by side',
  description: 'See and measure the trade-offs between cookie sessions and JWT bearer tokens.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: each page carries the nonce its Content-Security-Policy requires.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <SiteNav />
        {children}
      </body>
    </html>
  );
}
