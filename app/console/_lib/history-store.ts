// The history as an external store for React: full entries in memory, redacted ones in sessionStorage.
// Runtime: browser (the server snapshot is empty). One store per page, shared by every subscriber.
import { HISTORY_KEY, HISTORY_LIMIT, parseHistory, serializeHistory, type HistoryEntry } from './history';

const EMPTY: HistoryEntry[] = [];
let entries: HistoryEntry[] | undefined;
const listeners = new Set<() => void>();

function load(): HistoryEntry[] {
  if (entries === undefined) {
    try {
      entries = parseHistory(window.sessionStorage.getItem(HISTORY_KEY));
    } catch {
      entries = []; // Storage can be switched off; the history then lives for this page only.
    }
  }
  return entries;
}

function save(next: HistoryEntry[]) {
  entries = next;
  try {
    window.sessionStorage.setItem(HISTORY_KEY, serializeHistory(next));
  } catch {
    // Quota or privacy mode: keep the in-memory history.
  }
  for (const listener of listeners) listener();
}

export const historyStore = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
  snapshot: () => load(),
  serverSnapshot: () => EMPTY,
  add(entry: HistoryEntry) {
    save([entry, ...load()].slice(0, HISTORY_LIMIT));
  },
  clear() {
    save([]);
  },
};
