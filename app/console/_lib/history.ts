// The console's request history: kept for the tab in sessionStorage, with every token taken out first.
// Runtime: browser and Node (pure). Never localStorage, never a token at rest: the live token is in memory only.
import { z } from 'zod';
import { CREDENTIAL_CHOICES } from './credentials';
import { METHODS, rowId, type Draft } from './request';

export const HISTORY_KEY = 'authlab:console-history';
export const HISTORY_LIMIT = 50;
export const REDACTED = '<token removed>';

export interface HistoryEntry {
  id: string;
  /** Milliseconds since the epoch. */
  at: number;
  draft: Draft;
  status: number | null;
  /** The API's error code, or a network error's message. */
  outcome: string;
  durationMs: number | null;
}

/** A JWT (three base64url parts, the last possibly empty as in `alg: none`). */
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

export function redactTokens(text: string): string {
  return text.replace(JWT_SHAPE, REDACTED);
}

/** The draft as it may be stored: JWTs removed everywhere, and any Authorization value cut after its scheme. */
export function redactDraft(draft: Draft): Draft {
  return {
    ...draft,
    path: redactTokens(draft.path),
    body: redactTokens(draft.body),
    query: draft.query.map((q) => ({ ...q, value: redactTokens(q.value) })),
    headers: draft.headers.map((h) => {
      if (h.name.trim().toLowerCase() !== 'authorization') return { ...h, value: redactTokens(h.value) };
      const scheme = /^\S+/.exec(h.value.trim())?.[0];
      const rest = h.value
        .trim()
        .slice(scheme?.length ?? 0)
        .trim();
      return { ...h, value: rest === '' || rest === '{{token}}' ? h.value : `${scheme ?? ''} ${REDACTED}`.trim() };
    }),
  };
}

const PairSchema = z.object({ enabled: z.boolean(), name: z.string().max(1000), value: z.string().max(20_000) });
const EntrySchema = z.object({
  id: z.string().max(100),
  at: z.number(),
  draft: z.object({
    method: z.enum(METHODS),
    path: z.string().max(4000),
    query: z.array(PairSchema).max(100),
    headers: z.array(PairSchema).max(100),
    body: z.string().max(100_000),
    credential: z.enum(CREDENTIAL_CHOICES),
  }),
  status: z.number().nullable(),
  outcome: z.string().max(1000),
  durationMs: z.number().nullable(),
});

export function serializeHistory(entries: readonly HistoryEntry[]): string {
  return JSON.stringify(entries.slice(0, HISTORY_LIMIT).map((e) => ({ ...e, draft: redactDraft(e.draft) })));
}

/** Reads stored history; anything unreadable is dropped rather than trusted. */
export function parseHistory(raw: string | null): HistoryEntry[] {
  if (!raw) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const entries: HistoryEntry[] = [];
  for (const item of value.slice(0, HISTORY_LIMIT)) {
    const parsed = EntrySchema.safeParse(item);
    if (!parsed.success) continue;
    const d = parsed.data.draft;
    // Row ids are local to this page; fresh ones avoid clashes with rows made since.
    const rows = (list: z.infer<typeof PairSchema>[]) => list.map((p) => ({ ...p, id: rowId() }));
    entries.push({ ...parsed.data, draft: { ...d, query: rows(d.query), headers: rows(d.headers) } });
  }
  return entries;
}
