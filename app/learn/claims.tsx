// The claims of the "JWT vs session ID" debate, each with what is true, where the app shows it live,
// and what the app measured. Runtime: server (rendered by the Learn page, a Server Component).
//
// The figures written here were measured by hand against a running authlab (see MEASURED_ON); the
// configured lifetimes come from this server's own configuration, so they can't drift from it.
import type { ReactNode } from 'react';
import type { Config } from '@/lib/config';

export const MEASURED_ON =
  '27 November 2026 (the first claim’s: 28 November, by npm run bench), on the project’s development machine: 2 CPU cores shared with other builds, Node 20.20, the production build (next start) with the built-in store on loopback, ES256 keys; medians of runs of 55 and 195 calls after 5 warm-up calls (the bench: 200 sequential calls per row)';

export interface Demo {
  href: string;
  label: string;
}

export interface Claim {
  id: string;
  claim: string;
  /** The short answer, in words: never a colour or an icon alone. */
  verdict: string;
  body: ReactNode;
  measured: ReactNode;
  demos: Demo[];
}

const C = ({ children }: { children: ReactNode }) => <code className="font-mono text-[0.9em]">{children}</code>;

export function claims(config: Config): Claim[] {
  return [
    {
      id: 'lookup',
      claim: 'A session needs a lookup per request.',
      verdict: 'True, and that lookup is what buys instant revocation.',
      body: (
        <>
          In Session mode every request unseals the cookie and reads the session record from the store: one round trip, reported in{' '}
          <C>Server-Timing</C> as <C>store;desc=&quot;1 round trip&quot;</C>. JWT mode checks a signature and needs no I/O at all, until you
          switch on the denylist, which brings exactly the same round trip back. The cost is a store read, not a database query: small next
          to a typical handler, but it is latency on every call and a dependency that has to be up (see the shared-store claim below).
        </>
      ),
      measured: (
        <>
          The server&apos;s own auth stage, median: <strong>2.7 ms</strong> in Session mode (2.5 ms of it the store round trip) against{' '}
          <strong>0.9 ms</strong> in JWT mode the first time a token is seen (an ES256 verify) and <strong>0.13 ms</strong> after that (the
          signature is checked once per process; key and expiry every time), and <strong>3.0 ms</strong> for JWT with the denylist on. Under
          load, Session mode keeps 0.57× and JWT mode 0.86× of a pass-through route&apos;s throughput. Distributions: see the Measure page.
        </>
      ),
      demos: [
        { href: '/compare', label: 'Compare: "Call /api/me in both" shows 1 store lookup against 0' },
        { href: '/measure', label: 'Measure: the auth cost of many calls in each mode, charted' },
        { href: '/console', label: 'API console: the Server-Timing table of any request' },
      ],
    },
    {
      id: 'self-contained',
      claim: 'JWTs are self-contained.',
      verdict: 'True, which is both the feature and the catch.',
      body: (
        <>
          The access token carries who, for whom and until when (<C>sub</C>, <C>aud</C>, <C>exp</C>, <C>role</C>, …), so the edge middleware
          verifies it with a key and nothing else. Two catches: it is signed, not encrypted, so anyone holding it can read every claim; and
          it is a snapshot, so a changed role or a deleted account shows only in the next token. Editing a claim breaks the signature.
        </>
      ),
      measured: (
        <>
          Nine claims (<C>role, preferred_username, iss, aud, sub, iat, exp, jti, sid</C>) and a header naming <C>alg</C>, <C>kid</C> and{' '}
          <C>typ: at+jwt</C>. A token with <C>role</C> changed to admin: <strong>401 invalid_token</strong>.
        </>
      ),
      demos: [
        { href: '/compare', label: 'Compare: the JWT inspector decodes the real token, claim by claim' },
        { href: '/attacks', label: 'Attack lab: "Tamper with the payload"' },
      ],
    },
    {
      id: 'revocation',
      claim: 'JWTs can’t be revoked.',
      verdict: 'Half true: you can’t take one back, but you can refuse it, at the price of a lookup.',
      body: (
        <>
          Without a denylist a revoked access token keeps working until it expires, plus the verifier&apos;s clock tolerance. With the
          denylist on, the token&apos;s <C>jti</C> is checked on every request and a revoked token fails at once, which is a session lookup
          by another name. What a JWT design can always revoke cheaply is the refresh token, so no new access tokens are minted.
        </>
      ),
      measured: (
        <>
          Revoked at the same moment: the session was refused <strong>0.1 s</strong> later (401 session_revoked); a 20 s demo-speed JWT with
          the denylist off was accepted until <strong>25 s</strong> (401 token_expired: its 20 s life plus 5 s of clock tolerance). With the
          denylist on, refused at once (401 invalid_token). Here access tokens live <strong>{config.accessTokenTtl} s</strong>, so that is
          the window by default.
        </>
      ),
      demos: [
        { href: '/revocation', label: 'Revocation window: revoke both and watch /api/me once a second' },
        { href: '/attacks', label: 'Attack lab: "Replay a token after logout"' },
      ],
    },
    {
      id: 'refresh',
      claim: 'So JWTs get short lives and refresh tokens.',
      verdict: 'True, and the refresh token is server-side state again.',
      body: (
        <>
          A short access-token life is the revocation window. The refresh token that keeps you signed in is an <C>HttpOnly</C> cookie scoped
          to <C>/api/token</C>, rotated on every use, with a family record in the store and reuse detection: state, lookups and revocation
          like a session&apos;s, paid once per refresh instead of once per request. Shorter lives mean more refreshes, and two tabs
          refreshing at once need a grace period so they don&apos;t look like theft.
        </>
      ),
      measured: (
        <>
          This server: access token <strong>{config.accessTokenTtl} s</strong>, refresh token <strong>{config.refreshTokenTtl} s</strong>,
          reuse grace <strong>{config.refreshReuseGrace} s</strong>. A rotated refresh token replayed after the grace:{' '}
          <strong>401 refresh_token_reused</strong>, and the whole family is signed out: its refresh tokens at once, its access tokens at
          once while the denylist check is on, else at their expiry.
        </>
      ),
      demos: [
        { href: '/compare', label: 'Compare: pick "Fast" lifetimes and watch scheduled refreshes' },
        { href: '/attacks', label: 'Attack lab: "Reuse a rotated refresh token"' },
      ],
    },
    {
      id: 'keys',
      claim: 'Key management is hard.',
      verdict: 'True, and sessions have a key to manage too.',
      body: (
        <>
          Every verifier needs the current key; a rotation needs an overlap so tokens already out still verify; old keys must retire;
          private parts must stay private. authlab keeps one key ring per algorithm in the store, private parts sealed, a <C>kid</C> in
          every token, and an overlap of the longest token life plus the clock tolerance. A session design has a secret as well (here the
          iron-session seal password), but only the app itself holds it; rotating it without signing everyone out means keeping the old one
          too, which iron-session supports.
        </>
      ),
      measured: <>Rotation, overlap and retirement: see the Keys page, which shows the ring of this server live.</>,
      demos: [{ href: '/keys', label: 'Keys: the ring, a rotation, and which key a token names' }],
    },
    {
      id: 'hmac',
      claim: 'HMAC is enough inside one system.',
      verdict: 'True while the only verifier is the issuer.',
      body: (
        <>
          With HS256 the same secret signs and verifies. That is fine when one service does both; but every service that verifies can also
          mint tokens, and the secret can never be published. Once a second service verifies tokens, an asymmetric key (ES256, EdDSA) lets
          it check without the power to sign. Speed is not the reason to choose: in this server the three algorithms cost about the same.
          Whatever the choice, pin one algorithm per key, or a token can pick its own (<C>alg: none</C>, or HMAC keyed with a public key).
        </>
      ),
      measured: (
        <>
          Median in-process cost over 200 runs each, sign / verify: HS256 <strong>235 / 288 µs</strong>, ES256 <strong>249 / 349 µs</strong>
          , EdDSA <strong>211 / 352 µs</strong>. A token with <C>alg: none</C>: <strong>401 invalid_token</strong>. This server signs with{' '}
          <strong>{config.jwtAlg}</strong>.
        </>
      ),
      demos: [
        { href: '/keys', label: 'Keys: what each algorithm costs in this server, measured now' },
        { href: '/attacks', label: 'Attack lab: "Switch to alg: none"' },
      ],
    },
    {
      id: 'jwks',
      claim: 'A public key can be fetched by URL.',
      verdict: 'True, from a URL you configure, never from one the token names.',
      body: (
        <>
          The app publishes its public keys at <C>/.well-known/jwks.json</C>; another service verifies tokens with nothing but that document
          (<C>npm run verify-remote</C>) and never touches the session store. It should cache the set and fetch it again only for an unknown{' '}
          <C>kid</C>. A URL inside a token (<C>jku</C>, <C>x5u</C>) is never fetched: that would let the attacker choose the key. An HS256
          secret is never published at all.
        </>
      ),
      measured: (
        <>
          The JWKS was <strong>186 bytes</strong> for one ES256 (P-256) key, served with <C>Cache-Control: public, max-age=60</C>.
        </>
      ),
      demos: [
        { href: '/.well-known/jwks.json', label: 'The JWKS itself' },
        { href: '/keys', label: 'Keys: public keys, kid by kid' },
        { href: '/console', label: 'API console: GET /.well-known/jwks.json from the collection' },
      ],
    },
    {
      id: 'size',
      claim: 'JWTs are bigger.',
      verdict: 'True against a bare session id; only a little against a sealed cookie.',
      body: (
        <>
          A signed token carries its claims and a signature, and grows with every claim you add. A bare 256-bit session id is 43 characters,
          but authlab seals its id into an encrypted, authenticated iron-session cookie, which is most of the way to a token&apos;s size.
          The cookie also rides on every request to the site (pages and assets too), while the bearer header goes only on the API calls the
          app makes.
        </>
      ),
      measured: (
        <>
          ES256 access token for bob: <strong>390 bytes</strong>, so <strong>412 bytes</strong> of <C>Authorization</C> header per request.
          Session cookie: <strong>324 bytes</strong>, so <strong>332 bytes</strong> of <C>Cookie</C> header. The hybrid internal token:{' '}
          <strong>405 bytes</strong>.
        </>
      ),
      demos: [
        { href: '/compare', label: 'Compare: bytes of token and cookie, side by side' },
        { href: '/console', label: 'API console: bytes sent with each credential' },
      ],
    },
    {
      id: 'xss',
      claim: 'Cookies resist XSS better than localStorage.',
      verdict: 'True about theft, not about abuse.',
      body: (
        <>
          A script can&apos;t read an <C>HttpOnly</C> cookie, so an injected script can&apos;t carry it away; a token in <C>localStorage</C>{' '}
          it can read and replay from anywhere until it expires. But while the page is open the script can still act as the user: its
          requests carry the cookie. The defence that matters is not running the script (here a strict Content-Security-Policy with
          per-request nonces). Cookies bring CSRF back, answered by <C>SameSite</C> and an <C>Origin</C> check. authlab&apos;s JWT mode
          keeps the access token in memory and the refresh token in an <C>HttpOnly</C> cookie.
        </>
      ),
      measured: (
        <>
          Token in memory: the script finds <strong>no credential</strong> to take. Token in <C>localStorage</C>: read, and replayed from
          elsewhere with <strong>200</strong>. A cross-site POST with the cookie: <strong>403 csrf_rejected</strong>.
        </>
      ),
      demos: [{ href: '/attacks', label: 'Attack lab: "XSS", "Stolen-token replay" and "Cross-site POST"' }],
    },
    {
      id: 'store',
      claim: 'Sessions need a shared store to scale.',
      verdict: 'True, and the store becomes something that can fail.',
      body: (
        <>
          Any instance has to find any session, so they share a store (Redis here, reached through the Upstash REST client) or pin each user
          to one instance. When the store is down, Session mode fails closed with <C>503 store_unavailable</C> and keeps the cookie. JWT
          verification carries on, but signing in, refreshing and the denylist need the store as well: a JWT design degrades later, not
          never.
        </>
      ),
      measured: (
        <>
          With the store taken down on purpose: Session <C>/api/me</C> answered <strong>503 store_unavailable</strong> (with{' '}
          <C>Retry-After</C>) in about 80 ms; JWT <C>/api/me</C> answered <strong>200</strong>. Latency over time during an outage: see the
          Outage page.
        </>
      ),
      demos: [{ href: '/outage', label: 'Store outage: take the store down and watch both modes' }],
    },
    {
      id: 'hybrid',
      claim: 'The hybrid: a session outside, a short JWT inside.',
      verdict: 'Often the best of both, with one seam to know about.',
      body: (
        <>
          The browser holds only the revocable session cookie; the app trades it for an internal JWT with its own audience and a life of at
          most a minute, which internal services verify on their own. Revoking the session stops new internal tokens at once; the last one
          lives to its <C>exp</C>. Public access tokens and cookies are refused at the internal route.
        </>
      ),
      measured: (
        <>
          Internal token: <strong>{config.hybridTokenTtl} s</strong> life on this server, <strong>405 bytes</strong>; verifying it at the
          internal route took <strong>0.9 ms</strong> with no store call.
        </>
      ),
      demos: [{ href: '/?mode=hybrid', label: 'Sign-in page in Hybrid mode: exchange the session, call the internal route' }],
    },
  ];
}
