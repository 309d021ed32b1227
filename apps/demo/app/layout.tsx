import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { ConsentBanner } from '@/components/ConsentBanner';
import { Nav } from '@/components/Nav';
import { publicConfig } from '@/lib/runtime-config';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'Quill',
  description: 'Quill, a small AI writing assistant: the Taxon demo app.',
};

/**
 * Unlike the README's static layout, this one renders per request: it reads the collector URL,
 * GA4/GTM ids and the checkout origin from `process.env` at request time (`connection()`), so one
 * `next build` serves every configuration of the demo and the e2e tests.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  const config = publicConfig();
  return (
    <html lang="en">
      <body>
        <Providers config={config}>
          <Nav />
          <main className="main">{children}</main>
          <ConsentBanner />
        </Providers>
      </body>
    </html>
  );
}
