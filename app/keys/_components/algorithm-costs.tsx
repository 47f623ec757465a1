import type { JwtAlgorithm } from '@/lib/config';
import { keyCosts, type OpCost } from '@/lib/auth/key-cost';

/** What each choice buys and costs besides CPU time. */
const TRADE_OFFS: Record<JwtAlgorithm, string> = {
  HS256:
    'One shared secret. Cheapest to compute and the smallest token, but every verifier holds the signing secret: fine inside one service, no good for handing to others (the JWKS stays empty).',
  ES256:
    'ECDSA on P-256. A public key anyone may have; the widest support (every JOSE library, cloud KMS and HSMs). Verifying costs more than signing; each signature needs good randomness, which WebCrypto provides.',
  EdDSA:
    'Ed25519. A public key too, quick to sign and verify, deterministic signatures (no per-signature randomness to get wrong). Newer: some libraries, KMSs and gateways still lack it.',
};

const us = (c: OpCost) => (
  <>
    <span className="font-mono tabular-nums">{c.medianUs.toFixed(1)}</span>
    <span className="text-muted"> / </span>
    <span className="font-mono tabular-nums">{c.p95Us.toFixed(1)}</span>
  </>
);

/** Server part: measured in this Node process (cached a minute), so the numbers are this machine's. */
export async function AlgorithmCosts({ inUse }: { inUse: JwtAlgorithm }) {
  const report = await keyCosts();
  return (
    <section aria-labelledby="cost-title" className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-4 sm:p-6">
      <h2 id="cost-title" className="text-lg font-medium">
        What each algorithm costs
      </h2>
      <p className="text-sm text-muted">
        Measured just now in this server ({report.runtime}): {report.samples} access tokens signed and verified per algorithm through the
        app&apos;s own token code, with throwaway keys; median / p95 in microseconds. Measured at most once a minute (
        <code>GET /api/keys/cost</code>). The edge middleware verifies in its own runtime, so its numbers differ a little.
      </p>
      <div>
        <table className="stack-table w-full text-left text-sm">
          <caption className="sr-only">Sign and verify time per algorithm, median / p95 in microseconds</caption>
          <thead className="text-muted">
            <tr>
              <th scope="col" className="py-1 pr-3 font-normal">
                Algorithm
              </th>
              <th scope="col" className="py-1 pr-3 font-normal">
                Sign, µs
              </th>
              <th scope="col" className="py-1 pr-3 font-normal">
                Verify, µs
              </th>
              <th scope="col" className="py-1 pr-3 font-normal">
                Token
              </th>
              <th scope="col" className="py-1 font-normal">
                Others can verify
              </th>
            </tr>
          </thead>
          <tbody>
            {report.algorithms.map((a) => (
              <tr key={a.alg} className="border-t border-line">
                <th scope="row" className="py-1.5 pr-3 font-mono font-semibold">
                  {a.alg}
                  {a.alg === inUse ? <span className="ml-1 font-sans text-xs font-normal text-ok">(in use)</span> : null}
                </th>
                <td data-label="Sign, µs" className="py-1.5 pr-3">
                  {us(a.sign)}
                </td>
                <td data-label="Verify, µs" className="py-1.5 pr-3">
                  {us(a.verify)}
                </td>
                <td data-label="Token" className="py-1.5 pr-3 font-mono tabular-nums">
                  {a.tokenBytes} B
                </td>
                <td data-label="Others can verify" className="py-1.5">
                  {a.publicKey ? 'yes, with the public key' : 'no: needs the secret'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="grid gap-2 text-sm">
        {report.algorithms.map((a) => (
          <div key={a.alg}>
            <dt className="inline font-mono font-semibold">{a.alg}: </dt>
            <dd className="inline text-muted">{TRADE_OFFS[a.alg]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
