import { getConfig } from '@/lib/config';
import { readOutage } from '@/lib/store/outage';
import { OutageLab } from './_components/outage-lab';

export const metadata = { title: 'Store outage · authlab' };

export default async function OutagePage() {
  const state = await readOutage();
  return (
    <main className="mx-auto max-w-5xl px-4 py-8 sm:px-6">
      <header className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight">Store outage</h1>
        <p className="mt-2 max-w-2xl text-slate-600 dark:text-slate-400">
          A shared session store is a single point of failure; a JWT is not, until you need to revoke one. Take the built-in
          store down for a few seconds, as if it had stopped or hung, and watch <code>/api/me</code> answer in both modes:
          which keeps working, which fails closed, and how quickly.
        </p>
      </header>
      <OutageLab initial={state} timeoutMs={getConfig().store.timeoutMs} />
    </main>
  );
}
