import { connection } from 'next/server';
import { Suspense } from 'react';
import { describeKeys, getKeyRing } from '@/lib/auth/keys';
import { getConfig } from '@/lib/config';
import { AlgorithmCosts } from './_components/algorithm-costs';
import { KeyRingPanel } from './_components/key-ring-panel';
import { PageHeader } from '../_components/page-header';

export const metadata = { title: 'Keys and algorithms · authlab' };

export default async function KeysPage() {
  // The ring changes at run time (rotation): never prerendered at build.
  await connection();
  const config = getConfig();
  const listing = describeKeys(await getKeyRing(config), config);
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-8 sm:px-6">
      <PageHeader title="Keys and algorithms" className="">
        Key management is the main argument against JWTs: every verifier needs the right key, and a key must be replaceable without signing
        anyone out. Here every instance shares one key ring through the store, private parts sealed. A rotation makes a new key current at
        once; tokens signed with the old one keep working until they could have expired anyway, and then the old key retires.
      </PageHeader>
      <KeyRingPanel initial={listing} />
      <Suspense fallback={<p className="text-sm text-muted">Measuring the algorithms in this server…</p>}>
        <AlgorithmCosts inUse={config.jwtAlg} />
      </Suspense>
    </main>
  );
}
