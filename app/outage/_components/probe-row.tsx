import type { Probe } from '../_lib/outage-client';

/** One mode's answers, one a second, with a sentence that says how it went through the outage. */
export function ProbeRow({ label, probes, summary, testId }: { label: string; probes: Probe[]; summary: string; testId: string }) {
  return (
    <section aria-label={`${label} during the outage`} className="flex flex-col gap-2">
      <h3 className="font-medium">
        {label}: <span data-testid={testId}>{summary}</span>
      </h3>
      <ol className="flex flex-wrap gap-1" aria-label={`${label} answers, one a second`}>
        {probes.map((p, i) => (
          <li
            key={i}
            title={`${p.second} s: ${p.status}${p.code ? ` ${p.code}` : ''} in ${p.ms} ms`}
            className={`flex h-10 w-12 flex-col items-center justify-center rounded font-mono text-[10px] leading-tight ${p.status === 200 ? 'bg-ok-soft text-ok-on-soft' : 'bg-bad-soft text-bad-on-soft'}`}
          >
            <span aria-hidden>
              {p.status === 200 ? '✓' : '✗'} {p.status}
            </span>
            <span className="sr-only">
              {p.second} seconds: {p.status === 200 ? 'accepted' : `refused (${p.status} ${p.code ?? ''})`} in {p.ms} ms
            </span>
            <span aria-hidden>{p.ms} ms</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
