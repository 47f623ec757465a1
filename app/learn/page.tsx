import Link from 'next/link';
import { connection } from 'next/server';
import { getConfig } from '@/lib/config';
import { LiveClaims, LiveFigure, MeasurePanel } from './_components/live-claims';
import { claims } from './claims';

export const metadata = {
  title: 'The debate, claim by claim · authlab',
  description: 'Each claim of the "JWT vs session ID" debate: what is true, a live demo, and its figure measured on this server.',
};

export default async function LearnPage() {
  // The lifetimes quoted below are this server's configuration, read per request.
  await connection();
  const list = claims(getConfig());
  const titles = Object.fromEntries(list.flatMap((c) => (c.live ? [[c.live, c.claim]] : [])));
  return (
    <LiveClaims titles={titles}>
      <main className="mx-auto flex max-w-5xl flex-col gap-8 px-4 py-8 sm:px-6">
        <header>
          <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">The debate, claim by claim</h1>
          <p className="mt-2 max-w-3xl text-muted">
            &ldquo;Just use sessions&rdquo; and &ldquo;just use JWTs&rdquo; are both half right. Here is each claim of the argument, what is
            actually true about it, where this app shows it happening, and what it costs on this server, measured when you ask.
          </p>
          <p className="mt-2 max-w-3xl text-sm text-muted">
            Absolute times depend on the machine and its load; the gaps between the modes are the point. Lifetimes and the algorithm are
            this server&apos;s configuration, named as the settings they are.
          </p>
        </header>

        <MeasurePanel />

        {/* Two columns from lg up: the contents stay in view (sticky) beside the long list of claims. */}
        <div className="grid gap-6 lg:grid-cols-[15rem_1fr]">
          <nav
            aria-labelledby="claims-title"
            className="rounded-xl border border-line bg-surface p-4 sm:p-6 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto lg:p-4"
          >
            <h2 id="claims-title" className="text-lg font-medium">
              The claims
            </h2>
            <ol className="mt-2 list-decimal space-y-1 pl-6 text-sm">
              {list.map((c) => (
                <li key={c.id}>
                  <a href={`#${c.id}`} className="link">
                    {c.claim}
                  </a>
                </li>
              ))}
            </ol>
          </nav>

          <ol className="flex flex-col gap-6" aria-label="Claims">
            {list.map((c, i) => (
              <li key={c.id}>
                <article
                  id={c.id}
                  aria-labelledby={`${c.id}-title`}
                  className="scroll-mt-4 rounded-xl border border-line bg-surface p-4 sm:p-6"
                >
                  {/* Each claim folds away; the heading stays in its summary, so the outline keeps it. */}
                  <details open className="group">
                    <summary className="cursor-pointer list-none">
                      <h2 id={`${c.id}-title`} className="inline text-lg font-medium">
                        <span aria-hidden className="mr-1 inline-block text-muted transition-transform group-open:rotate-90">
                          ▸
                        </span>
                        <span className="text-muted">{i + 1}. </span>
                        &ldquo;{c.claim}&rdquo;
                      </h2>
                    </summary>
                    <p className="mt-2 font-medium">
                      <span className="sr-only">Verdict: </span>
                      {c.verdict}
                    </p>
                    <p className="mt-2 max-w-3xl leading-relaxed">{c.body}</p>
                    {c.settings ? (
                      <p className="mt-3 max-w-3xl text-sm leading-relaxed">
                        <span className="font-medium">This server&apos;s settings: </span>
                        {c.settings}
                      </p>
                    ) : null}
                    {c.live ? <LiveFigure claim={c.live} /> : null}
                    {c.noFigure ? (
                      <p className="mt-3 max-w-3xl rounded-lg bg-sunken p-3 text-sm leading-relaxed" data-testid={`live-${c.id}`}>
                        <span className="font-medium">No live figure: </span>
                        {c.noFigure}
                      </p>
                    ) : null}
                    <div className="mt-3 text-sm">
                      <h3 className="font-medium">See it live</h3>
                      <ul className="mt-1 flex flex-col gap-1" aria-label={`Live demos for claim ${i + 1}`}>
                        {c.demos.map((d) => (
                          <li key={d.href + d.label}>
                            {d.href.startsWith('/.well-known/') ? (
                              <a href={d.href} className="link">
                                {d.label}
                              </a>
                            ) : (
                              <Link href={d.href} className="link">
                                {d.label}
                              </Link>
                            )}
                          </li>
                        ))}
                      </ul>
                    </div>
                  </details>
                  <p className="mt-3 text-sm">
                    <a href="#claims-title" className="link">
                      ↑ Back to the claims
                    </a>
                  </p>
                </article>
              </li>
            ))}
          </ol>
        </div>
      </main>
    </LiveClaims>
  );
}
