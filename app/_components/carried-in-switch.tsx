'use client';

import type { Mode } from '../_lib/api-client';
import { TRANSPORTS, TRANSPORT_NAMES, type Transport } from '../_lib/cell-credentials';

const HINTS: Record<'session' | 'jwt', Record<Transport, string>> = {
  session: {
    cookie: 'Sealed HttpOnly cookie; the browser attaches it',
    header: "Session token in the page's memory, sent as a Bearer header",
    both: "Double session id: the cookie and a second secret in the page's memory",
  },
  jwt: {
    cookie: 'Whole token in an HttpOnly cookie; the page sees its claims only',
    header: "Token in the page's memory, sent as a Bearer header",
    both: 'Split JWT: header.payload in the page, the signature in an HttpOnly cookie',
  },
};

/**
 * Where the credential travels, beside "Auth mode". Hybrid has a fixed design (the session cookie
 * outside, a short internal JWT inside): there the group is shown disabled, with the reason.
 */
export function CarriedInSwitch({
  mode,
  transport,
  onChange,
}: {
  mode: Mode;
  transport: Transport;
  onChange: (transport: Transport) => void;
}) {
  const fixed = mode === 'hybrid';
  const shown: Transport = fixed ? 'cookie' : transport;
  return (
    <div
      role="radiogroup"
      aria-labelledby="carried-in-label"
      aria-describedby={fixed ? 'carried-in-fixed' : undefined}
      aria-disabled={fixed || undefined}
      className="flex flex-col gap-2"
    >
      <span id="carried-in-label" className="text-sm font-medium">
        Carried in
      </span>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
        {TRANSPORTS.map((t) => (
          <div
            key={t}
            className="flex flex-col rounded-lg border border-line-strong p-3 has-[:checked]:border-accent-solid has-[:checked]:bg-accent-soft has-[:checked]:ring-1 has-[:checked]:ring-accent-solid has-[:disabled]:opacity-70"
          >
            <label className="flex cursor-pointer items-center gap-2 font-medium">
              <input
                type="radio"
                name="carried-in"
                value={t}
                checked={shown === t}
                disabled={fixed}
                onChange={() => onChange(t)}
                aria-describedby={fixed ? undefined : `carried-hint-${t}`}
                className="accent-accent-solid"
              />
              {TRANSPORT_NAMES[t]}
            </label>
            {fixed ? null : (
              <span id={`carried-hint-${t}`} className="mt-1 text-xs text-muted">
                {HINTS[mode][t]}
              </span>
            )}
          </div>
        ))}
      </div>
      {fixed ? (
        <p id="carried-in-fixed" className="text-xs text-muted">
          Hybrid keeps its fixed design: the browser holds only the session cookie, and the app trades it for a short internal JWT that
          never reaches the page. Choose Session or JWT to pick where the credential travels.
        </p>
      ) : null}
    </div>
  );
}
