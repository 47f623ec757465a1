import { getConfig } from '@/lib/config';
import { readOutage } from '@/lib/store/outage';
import { OutageLab } from './_components/outage-lab';
import { PageHeader } from '../_components/page-header';

export const metadata = { title: 'Store outage · authlab' };

export default async function OutagePage() {
  const state = await readOutage();
  return (
    <main className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
      <PageHeader title="Store outage">
        A shared session store is a single point of failure; a JWT is not, until you need to revoke one. Take the built-in store down for a
        few seconds, as if it had stopped or hung, and watch <code>/api/me</code> answer in both modes: which keeps working, which fails
        closed, and how quickly.
      </PageHeader>
      <OutageLab initial={state} timeoutMs={getConfig().store.timeoutMs} />
    </main>
  );
}
