import { MeasureLab } from './_components/measure-lab';
import { PageHeader } from '../_components/page-header';

export const metadata = { title: 'Measure · authlab' };

export default function MeasurePage() {
  return (
    <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
      <PageHeader title="Measure">
        The claim: a session costs a store lookup on every request, a JWT does not. Measure it here, live, against this server: every
        authenticated answer carries a <code className="font-mono">Server-Timing</code> header that splits its auth cost into parts, and
        this page charts what those headers say.
      </PageHeader>
      <MeasureLab />
      <section aria-labelledby="how-title" className="mt-8 max-w-3xl text-sm text-muted">
        <h2 id="how-title" className="mb-2 text-base font-medium text-fg">
          How it is measured
        </h2>
        <ul className="flex list-disc flex-col gap-1 pl-5">
          <li>
            The numbers are the server&apos;s own: <code className="font-mono">auth</code> is the whole check in the edge middleware,{' '}
            <code className="font-mono">verify</code> the JWT signature and claims, <code className="font-mono">unseal</code> opening the
            session cookie, <code className="font-mono">store</code> and <code className="font-mono">denylist</code> the store round trip.
            Network time between your browser and the server is not in them.
          </li>
          <li>
            A cookie is unsealed once per server process and remembered (its <code className="font-mono">unseal</code> part then reads
            &ldquo;cached&rdquo;): unsealing derives keys from the password, and the answer never changes for a given cookie. The store
            lookup, the cost the session design is about, still happens on every request.
          </li>
          <li>
            Likewise a token&apos;s signature is checked once per server process: the same token again skips only that step (its{' '}
            <code className="font-mono">verify</code> part then says &ldquo;signature verified earlier&rdquo;), while its key, expiry and,
            when on, the denylist are checked every time. A JWT can&apos;t be revoked before it expires anyway, so this costs no security; a
            session lookup is never cached, because revoking one must take effect at once. <code className="font-mono">npm run bench</code>{' '}
            also measures the signature check on every request (<code className="font-mono">JWT_VERIFY_CACHE=off</code>).
          </li>
          <li>
            Store round trips are counted from each part&apos;s description (&ldquo;1 round trip&rdquo;). A session writes its last-seen
            time at most once a minute, in the same round trip as its lookup.
          </li>
          <li>
            Throughput under load is a different question, answered by <code className="font-mono">npm run bench</code> on the machine that
            runs the app; its latest table is in the README.
          </li>
        </ul>
      </section>
    </main>
  );
}
