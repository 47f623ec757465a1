// A user's credentials (sessions, refresh families) indexed in a sorted set scored by creation time,
// read and written in bounded batches. Runtime: Node (route handlers, scripts). Any count of members works.
import type { Redis } from '@upstash/redis';
import { AuthError } from '../http/errors';

/**
 * The most members one store request reads or writes. A session record is about 300 bytes, so a
 * batch (records and last-seen keys) stays far below the built-in store's 1 MiB body limit and
 * Upstash's request limits, whatever the user's count.
 */
export const BATCH = 100;

export interface UserIndex {
  /** The sorted set: member -> creation time in ms. */
  key: string;
  /** The unordered set kept before issue #20 (or by an older instance still running); moved into `key` as met. */
  legacyKey: string;
  /** The creation time of each member, read from its record; `undefined` when the record is gone. */
  createdAt(redis: Redis, members: string[]): Promise<Array<number | undefined>>;
}

export interface IndexEntry {
  member: string;
  createdAt: number;
}

/** Pairs of a `WITHSCORES` reply. */
function entries(reply: string[] | null): IndexEntry[] {
  const list = reply ?? [];
  const out: IndexEntry[] = [];
  for (let i = 0; i + 1 < list.length; i += 2) out.push({ member: list[i] as string, createdAt: Number(list[i + 1]) });
  return out;
}

/**
 * Moves the legacy set into the sorted one, a bounded batch per round trip. Safe to interrupt and to
 * run twice at once: a member leaves the old set in the same transaction that adds it to the new
 * one (NX keeps a score already there), and members whose record is gone are simply dropped.
 */
export async function migrateLegacy(redis: Redis, index: UserIndex): Promise<number> {
  let moved = 0;
  for (;;) {
    const members = (await redis.exec<string[] | null>(['SRANDMEMBER', index.legacyKey, String(BATCH)])) ?? [];
    if (members.length === 0) return moved;
    const created = await index.createdAt(redis, members);
    const ttl = await redis.pttl(index.legacyKey);
    const tx = redis.multi();
    const scored = members.flatMap((member, i) => {
      const score = created[i];
      return score === undefined ? [] : [{ score, member }];
    });
    const [first, ...rest] = scored;
    if (first) {
      tx.zadd(index.key, { nx: true }, first, ...rest);
      if (ttl > 0) {
        tx.pexpire(index.key, ttl, 'NX');
        tx.pexpire(index.key, ttl, 'GT');
      }
    }
    tx.srem(index.legacyKey, ...members);
    await tx.exec();
    moved += scored.length;
  }
}

/** Where a page of the newest-first list starts: strictly below `score`, or at it after `skip` members of that score. */
export interface PageCursor {
  score: number;
  skip: number;
}

const CURSOR = /^(\d{1,16})\.(\d{1,6})$/;

export function encodeCursor(cursor: PageCursor): string {
  return `${cursor.score}.${cursor.skip}`;
}

/** A cursor from a query string; anything else is a 400 naming the parameter. */
export function decodeCursor(text: string): PageCursor {
  const match = CURSOR.exec(text);
  if (!match) throw new AuthError('bad_request', 'cursor is not one this server handed out; start again without it.');
  return { score: Number(match[1]), skip: Number(match[2]) };
}

/**
 * Up to `count` index entries, newest first, from `cursor` on; `count` is at most `BATCH`. The
 * cursor for what follows counts the members of the last score already passed, so equal creation
 * times (a seeded burst) page correctly.
 */
export async function readNewest(
  redis: Redis,
  key: string,
  cursor: PageCursor | undefined,
  count: number,
): Promise<{ entries: IndexEntry[]; next: PageCursor | undefined }> {
  const max = cursor ? String(cursor.score) : '+inf';
  const skip = cursor?.skip ?? 0;
  const got = entries(
    await redis.exec<string[]>(['ZRANGE', key, max, '-inf', 'BYSCORE', 'REV', 'LIMIT', String(skip), String(count), 'WITHSCORES']),
  );
  if (got.length < count) return { entries: got, next: undefined };
  const last = got.at(-1) as IndexEntry;
  const sameAsLast = got.filter((e) => e.createdAt === last.createdAt).length;
  const carried = cursor && cursor.score === last.createdAt ? cursor.skip : 0;
  return { entries: got, next: { score: last.createdAt, skip: carried + sameAsLast } };
}

/** The oldest entries created at or before `before`: the next batch for a loop that removes what it handles. */
export async function readOldest(redis: Redis, key: string, before: number, count = BATCH): Promise<IndexEntry[]> {
  return entries(await redis.exec<string[]>(['ZRANGE', key, '-inf', String(before), 'BYSCORE', 'LIMIT', '0', String(count), 'WITHSCORES']));
}

/** Every entry, oldest first, a batch per round trip (for operations that must see them all: the cap, a lookup by id). */
export async function* allEntries(redis: Redis, key: string): AsyncGenerator<IndexEntry[]> {
  let cursor: { score: string; skip: number } = { score: '-inf', skip: 0 };
  for (;;) {
    const got = entries(
      await redis.exec<string[]>([
        'ZRANGE',
        key,
        cursor.score,
        '+inf',
        'BYSCORE',
        'LIMIT',
        String(cursor.skip),
        String(BATCH),
        'WITHSCORES',
      ]),
    );
    if (got.length > 0) yield got;
    if (got.length < BATCH) return;
    const last = got.at(-1) as IndexEntry;
    const same = got.filter((e) => e.createdAt === last.createdAt).length;
    cursor = { score: String(last.createdAt), skip: (cursor.score === String(last.createdAt) ? cursor.skip : 0) + same };
  }
}
