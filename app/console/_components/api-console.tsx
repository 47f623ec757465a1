'use client';

// The API console: compose a request, pick a credential, send it, and read what went out and came back.
// Runtime: browser. The bearer token lives in this component's memory only; history keeps no token.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { demoCredentials } from '@/lib/auth/demo-accounts';
import type { CollectionItem } from '../_lib/collection';
import { COLLECTION, draftFrom } from '../_lib/collection';
import { credentialOption, type CredentialChoice } from '../_lib/credentials';
import { decodeJwt, tamperSignature, withAlgNone } from '../_lib/damage';
import { errorCodeOf, readBody, type Exchange } from '../_lib/exchange';
import type { HistoryEntry } from '../_lib/history';
import { historyStore } from '../_lib/history-store';
import {
  bodyAllowed,
  byteLength,
  fillDraft,
  headerList,
  requestHeadBytes,
  rowId,
  targetUrl,
  usesTokenVariable,
  type Draft,
} from '../_lib/request';
import { obtainDamagedToken, obtainRevokedToken, obtainToken, probeCookies, send, type Obtained, type Outgoing } from '../_lib/transport';
import { AnswerView } from './answer-view';
import { CodeView } from './code-view';
import { CollectionList } from './collection-list';
import { HistoryList } from './history-list';
import { RequestEditor, type Notice } from './request-editor';
import { TokenPanel, type HeldToken } from './token-panel';

/** A token is renewed this long before it expires, so a send never races its expiry. */
const RENEW_MARGIN_MS = 10_000;

const expiresAt = (token: string) => {
  const exp = decodeJwt(token)?.payload.exp;
  return typeof exp === 'number' ? exp * 1000 : 0;
};
const fresh = (token: string) => expiresAt(token) - RENEW_MARGIN_MS > Date.now();

const START = COLLECTION.find((i) => i.id === 'me') ?? (COLLECTION[0] as CollectionItem);

const subscribeNothing = () => () => undefined;

export function ApiConsole() {
  const [draft, setDraft] = useState<Draft>(() => draftFrom(START));
  const [hint, setHint] = useState<string | undefined>(START.note);
  const [held, setHeld] = useState<HeldToken | null>(null);
  const [account, setAccount] = useState(() => demoCredentials('alice'));
  const [exchange, setExchange] = useState<Exchange | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const history = useSyncExternalStore(historyStore.subscribe, historyStore.snapshot, historyStore.serverSnapshot);
  /** Server-made damaged tokens, reused while they can still teach (keyed by variant and base token). */
  const prepared = useRef(new Map<string, { token: string; note: string }>());
  const requestRef = useRef<HTMLElement | null>(null);
  // Until React has hydrated, the controls would do nothing (Send would submit the form natively): keep them off.
  const hydrated = useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  const state = hydrated ? busy : 'Loading…';

  const getToken = useCallback(async (): Promise<Obtained> => {
    // The browser keeps the refresh cookie, so POST /api/token/refresh works from the collection.
    const got = await obtainToken(account.username, account.password, true);
    if (got.ok) setHeld({ token: got.token, source: got.note });
    return got;
  }, [account]);

  /** The console's own token, fetched (or renewed) first when there is none fit to use. */
  const baseToken = useCallback(
    async (notes: string[]): Promise<string> => {
      if (held && fresh(held.token)) return held.token;
      const got = await getToken();
      if (!got.ok) throw new Error(`Getting a token failed: ${got.error.status} ${got.error.code}: ${got.error.message}`);
      notes.push(held ? `Your token was about to expire: ${got.note}` : `There was no token yet: ${got.note}`);
      return got.token;
    },
    [held, getToken],
  );

  /** The bearer token for `choice`; `base` yields the console's own token (fetched at most once per send). */
  const credentialToken = useCallback(
    async (choice: CredentialChoice, base: () => Promise<string>, notes: string[]): Promise<string> => {
      switch (choice) {
        case 'tampered':
        case 'alg_none': {
          const made = choice === 'tampered' ? tamperSignature(await base()) : withAlgNone(await base());
          notes.push(made.note);
          return made.token;
        }
        case 'expired':
        case 'wrong_audience':
        case 'revoked': {
          const from = choice === 'revoked' ? account.username : await base();
          const key = `${choice}|${from}`;
          const cached = prepared.current.get(key);
          // A revoked token must not also be expired, or the lesson would be about expiry.
          if (cached && (choice !== 'revoked' || fresh(cached.token))) {
            notes.push(cached.note);
            return cached.token;
          }
          const got =
            choice === 'revoked' ? await obtainRevokedToken(account.username, account.password) : await obtainDamagedToken(from, choice);
          if (!got.ok)
            throw new Error(
              `Preparing the ${credentialOption(choice).label} failed: ${got.error.status} ${got.error.code}: ${got.error.message}`,
            );
          prepared.current.set(key, { token: got.token, note: got.note });
          notes.push(got.note);
          return got.token;
        }
        default:
          return base();
      }
    },
    [account],
  );

  const sendDraft = useCallback(
    async (d: Draft) => {
      setBusy('Sending…');
      setNotice(null);
      try {
        const option = credentialOption(d.credential);
        const notes: string[] = [];
        let own: Promise<string> | undefined;
        const base = () => (own ??= baseToken(notes));
        const bearer = option.kind === 'bearer' ? await credentialToken(d.credential, base, notes) : undefined;
        const variable = usesTokenVariable(d) ? await base() : undefined;
        const filled = fillDraft(d, variable);
        const url = targetUrl(filled.path, filled.query, window.location.origin);
        if (!url.ok) throw new Error(url.error);
        const headers = headerList(filled.headers);
        if (!headers.ok) throw new Error(headers.error);
        let list = headers.value;
        if (bearer !== undefined) {
          // Exactly one credential: the chosen token replaces an Authorization header typed by hand.
          if (list.some(([n]) => n.toLowerCase() === 'authorization'))
            notes.push('Your own Authorization header was replaced by the chosen bearer token.');
          list = [...list.filter(([n]) => n.toLowerCase() !== 'authorization'), ['Authorization', `Bearer ${bearer}`]];
        }
        const body = bodyAllowed(filled.method) && filled.body !== '' ? filled.body : null;
        const outgoing: Outgoing = {
          method: filled.method,
          url: url.value.href,
          headers: list,
          body,
          credentials: option.kind === 'cookie' ? 'same-origin' : 'omit',
        };
        const withCookies = outgoing.credentials === 'same-origin';
        const cookiesBefore = withCookies ? await probeCookies(url.value.pathname) : undefined;
        const measured = await send(outgoing);
        const cookiesAfter = withCookies ? await probeCookies(url.value.pathname) : undefined;
        const sent: Exchange = {
          id: rowId(),
          at: Date.now(),
          draft: d,
          credential: d.credential,
          outgoing,
          notes,
          cookiesBefore,
          cookiesAfter,
          measured,
          up: { head: requestHeadBytes(outgoing.method, url.value, list), body: body === null ? 0 : byteLength(body) },
        };
        setExchange(sent);
        const received = measured.received;
        const entry: HistoryEntry = {
          id: sent.id,
          at: sent.at,
          draft: d,
          status: received ? received.status : null,
          outcome: received ? (errorCodeOf(readBody(received.bodyText).json) ?? received.statusText) : (measured.error ?? 'no answer'),
          durationMs: measured.totalMs,
        };
        historyStore.add(entry);
      } catch (error) {
        setNotice({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
      } finally {
        setBusy(null);
      }
    },
    [credentialToken, baseToken],
  );

  // Ctrl+Enter / Cmd+Enter sends from anywhere on the page; the listener always sees the latest draft.
  const latestSend = useRef<() => void>(() => undefined);
  useEffect(() => {
    latestSend.current = () => {
      if (busy === null) void sendDraft(draft);
    };
  }, [busy, draft, sendDraft]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        latestSend.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const pick = (item: CollectionItem) => {
    setDraft(draftFrom(item));
    setHint(item.note);
    setNotice(null);
    requestRef.current?.scrollIntoView({ block: 'nearest' });
  };

  const edit = (entry: HistoryEntry) => {
    setDraft(entry.draft);
    setHint(undefined);
    requestRef.current?.scrollIntoView({ block: 'nearest' });
  };

  const onGetToken = async () => {
    setBusy('Getting a token…');
    setNotice(null);
    try {
      const got = await getToken();
      setNotice(
        got.ok
          ? { tone: 'info', text: `${got.note} The token is held in memory.` }
          : { tone: 'error', text: `${got.error.status} ${got.error.code}: ${got.error.message}` },
      );
    } finally {
      setBusy(null);
    }
  };

  const adoptToken = (token: string) => {
    setHeld({ token, source: 'taken from an answer' });
    setNotice({ tone: 'info', text: 'The token from the answer is now your bearer token.' });
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[18rem_minmax(0,1fr)]">
      <aside className="flex min-w-0 flex-col gap-6" aria-label="Token and collection">
        <TokenPanel
          held={held}
          account={account}
          onAccount={setAccount}
          onGet={() => void onGetToken()}
          onForget={() => {
            setHeld(null);
            prepared.current.clear();
          }}
          busy={state}
        />
        <CollectionList onPick={pick} />
      </aside>
      <div className="flex min-w-0 flex-col gap-6">
        <RequestEditor
          draft={draft}
          onChange={setDraft}
          onSend={() => void sendDraft(draft)}
          busy={state}
          hint={hint}
          sectionRef={requestRef}
          progress={state}
          notice={notice}
        />
        <AnswerView exchange={exchange} onUseToken={adoptToken} />
        <CodeView exchange={exchange} />
        <HistoryList
          entries={history}
          onEdit={edit}
          onResend={(entry) => {
            setDraft(entry.draft);
            void sendDraft(entry.draft);
          }}
          onClear={historyStore.clear}
          busy={state}
        />
      </div>
    </div>
  );
}
