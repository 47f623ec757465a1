// The claims of the "JWT vs session ID" debate, each with what is true and where the app shows it live.
// Runtime: server (rendered by the Learn page, a Server Component).
//
// No measured figure is written here: each card's figure comes from "Measure on this server"
// (lib/measure/claims.ts, the measurement named by `live`). What is quoted here is this server's own
// configuration, named as the setting it is.
import type { ReactNode } from 'react';
import { CLOCK_TOLERANCE } from '@/lib/auth/jwt-profile';
import type { Config } from '@/lib/config';
import type { MeasuredClaim } from '@/lib/measure/claim-ids';

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
  /** The measurement that gives this card its live figure. */
  live?: MeasuredClaim;
  /** This server's configuration that the claim depends on, named as settings. */
  settings?: ReactNode;
  /** Why the card has no live figure, when measuring it would take something down. */
  noFigure?: ReactNode;
  demos: Demo[];
}

const Setting = ({ name, children }: { name: string; children: ReactNode }) => (
  <>
    <code className="font-mono text-[0.9em]">{name}</code> <strong>{children}</strong>
  </>
);

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
      live: 'lookup',
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
      live: 'self-contained',
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
      live: 'revocation',
      settings: (
        <>
          <Setting name="ACCESS_TOKEN_TTL">{config.accessTokenTtl} s</Setting>: how long a revoked token keeps working with the denylist
          off, plus a clock tolerance of <strong>{CLOCK_TOLERANCE} s</strong>;{' '}
          <Setting name="JWT_DENYLIST">{config.jwtDenylist ? 'on' : 'off'}</Setting> at start (admins can switch it live).
        </>
      ),
      demos: [
        { href: '/revocation', label: 'Revocation window: revoke both and watch /api/me once a second' },
        { href: '/attacks', label: 'Attack lab: "Replay a token after logout"' },
      ],
    },
    {
      id: 'denylist-size',
      claim: 'A denylist can grow huge.',
      verdict: 'Not if each entry ends with its token: the list holds only what could still be used.',
      body: (
        <>
          A revoked token&apos;s <C>jti</C> only needs refusing while the token could still verify, so each entry expires at the
          token&apos;s <C>exp</C> plus a small margin for clock tolerance (<C>lib/auth/denylist.ts</C>). Its size is bounded by the tokens
          revoked within one access-token life, not by every token ever revoked; a long <C>ACCESS_TOKEN_TTL</C> is what makes it big. The
          count below is kept beside the entries (a sorted set by expiry, trimmed on every write and read), so reading it never scans the
          store.
        </>
      ),
      live: 'denylist-size',
      settings: (
        <>
          <Setting name="ACCESS_TOKEN_TTL">{config.accessTokenTtl} s</Setting>: no entry outlives the longest token it refuses.
        </>
      ),
      demos: [
        { href: '/attacks', label: 'Attack lab: "Replay a token after logout" (with the denylist on)' },
        { href: '/revocation', label: 'Revocation window: the denylist on and off' },
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
      live: 'refresh',
      settings: (
        <>
          <Setting name="ACCESS_TOKEN_TTL">{config.accessTokenTtl} s</Setting>,{' '}
          <Setting name="REFRESH_TOKEN_TTL">{config.refreshTokenTtl} s</Setting>,{' '}
          <Setting name="REFRESH_REUSE_GRACE">{config.refreshReuseGrace} s</Setting>,{' '}
          <Setting name="REFRESH_ABSOLUTE_TTL">{config.refreshAbsoluteTtl} s</Setting>.
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
      live: 'keys',
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
          it check without the power to sign. Speed is rarely the reason to choose: the figure below is what each costs in this
          server&apos;s process. Whatever the choice, pin one algorithm per key, or a token can pick its own (<C>alg: none</C>, or HMAC
          keyed with a public key).
        </>
      ),
      live: 'hmac',
      settings: (
        <>
          <Setting name="JWT_ALG">{config.jwtAlg}</Setting>: the algorithm this server signs with.
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
      live: 'jwks',
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
          app makes (a JWT sign-in here also leaves one small cookie that rides everywhere: the refresh cookie&apos;s companion, which keeps
          a refresh cookie tossed in by another site from being used).
        </>
      ),
      live: 'size',
      demos: [
        { href: '/compare', label: 'Compare: bytes of token and cookie, side by side' },
        { href: '/console', label: 'API console: bytes sent with each credential' },
      ],
    },
    {
      id: 'double-session',
      claim: 'Send the session id twice: a cookie and a header.',
      verdict: 'True that it stops CSRF and half-stolen sessions; it costs bytes, not lookups.',
      body: (
        <>
          The &ldquo;double session id&rdquo; (transport <C>both</C>): the sealed <C>HttpOnly</C> cookie and a second secret bound to the
          same session, which the page&apos;s script sends in <C>Authorization</C>. A request needs both halves: a cross-site form carries
          only the cookie, and a script that leaks the header half has no cookie. The server still reads one session record, so the store
          round trips per request are the cookie session&apos;s; what grows is the bytes on every request.
        </>
      ),
      live: 'double-session',
      demos: [
        { href: '/', label: 'Sign-in page: Session mode, transport "both"' },
        { href: '/console', label: 'API console: send either half alone and get 401' },
      ],
    },
    {
      id: 'jwt-cookie',
      claim: 'Put the JWT in an HttpOnly cookie, or split it.',
      verdict: 'True that a script then can’t take it; it can still use it, and CSRF comes back.',
      body: (
        <>
          With transport <C>cookie</C> the whole access token rides in an <C>HttpOnly</C> cookie the page&apos;s script can&apos;t read. The
          &ldquo;split JWT&rdquo; (transport <C>both</C>) keeps <C>header.payload</C> where the page can read its claims and send it as a
          bearer, and the signature in an <C>HttpOnly</C> cookie: neither half verifies alone. Either way verification is still a signature
          check with no store lookup, and the cookie half brings the CSRF defence back to state-changing routes.
        </>
      ),
      live: 'jwt-cookie',
      demos: [
        { href: '/', label: 'Sign-in page: JWT mode, transport "cookie" or "both"' },
        { href: '/console', label: 'API console: which HttpOnly cookies a request carried' },
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
      live: 'xss',
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
      noFigure: (
        <>
          Not measured by the button: it would take this server&apos;s store down, which is an admin&apos;s drill, not a measurement to run
          for every visitor. The Outage page runs it and shows both modes&apos; answers while it lasts.
        </>
      ),
      demos: [{ href: '/outage', label: 'Store outage: take the store down and watch both modes' }],
    },
    {
      id: 'scale',
      claim: 'JWTs need no shared store as nodes scale up and down.',
      verdict: 'True for checking a token, once the node has the keys; not for issuing, refreshing or revoking.',
      body: (
        <>
          A node verifies a token with the public key alone, so one started during a store outage still verifies tokens, as long as it knows
          the key: authlab&apos;s nodes keep a copy of the ring and stand in with the configured keys when they start cold, and refuse (503)
          a token naming a key they have never seen rather than guess. Sign-in, refresh, the denylist and a key rotation reach for the store
          again, so &ldquo;no shared store&rdquo; holds for the hot path only.
        </>
      ),
      noFigure: (
        <>
          Not measured by the button: proving it means starting a node while the store is down. The Outage page takes the store down and
          shows JWT verification carrying on; the project&apos;s multi-instance test (<C>e2e/instances/ring-outage.spec.ts</C>) starts a
          node during one.
        </>
      ),
      demos: [
        { href: '/outage', label: 'Store outage: JWTs keep verifying while sessions get 503' },
        { href: '/keys', label: 'Keys: the ring every node keeps a copy of' },
      ],
    },
    {
      id: 'hybrid',
      claim: 'The hybrid: a session outside, a short JWT inside.',
      verdict: 'Often the best of both, with one seam to know about.',
      body: (
        <>
          The browser holds only the revocable session cookie; the app trades it for an internal JWT with its own audience and a short life
          (<C>HYBRID_TOKEN_TTL</C>), which internal services verify on their own. Revoking the session stops new internal tokens at once;
          the last one lives to its <C>exp</C>. Public access tokens and cookies are refused at the internal route.
        </>
      ),
      live: 'hybrid',
      settings: (
        <>
          <Setting name="HYBRID_TOKEN_TTL">{config.hybridTokenTtl} s</Setting>: the internal token&apos;s life.
        </>
      ),
      demos: [{ href: '/?mode=hybrid', label: 'Sign-in page in Hybrid mode: exchange the session, call the internal route' }],
    },
    {
      id: 'hybrid-exchange',
      claim: 'The hybrid’s dark side: every internal call goes through the auth service.',
      verdict: 'True if you exchange per call; reuse one internal token per session and it is one lookup per token life.',
      body: (
        <>
          Each exchange is a session lookup at the auth service plus a signature. Exchanging before every internal call puts the auth
          service, and its store, on the path of every call: the session&apos;s cost comes back, and then some. Reusing one internal token
          until shortly before its <C>exp</C> pays one exchange per token life; the price is that a revoked session keeps its internal token
          until then.
        </>
      ),
      live: 'hybrid-exchange',
      settings: (
        <>
          <Setting name="HYBRID_TOKEN_TTL">{config.hybridTokenTtl} s</Setting>: how long one internal token may be reused.
        </>
      ),
      demos: [{ href: '/?mode=hybrid', label: 'Sign-in page in Hybrid mode: exchange, then call the internal route' }],
    },
  ];
}
