import { beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_ARITY } from './commands';
import { Engine, ENGINE_COMMANDS } from './engine';
import { parseSnapshot } from './snapshot';
import { ReplyError } from './reply';

const T0 = Date.UTC(2030, 0, 1);

function setup() {
  let now = T0;
  const clock = { now: () => now };
  const engine = new Engine({ clock });
  const run = (...args: Array<string | number>) => engine.execute(args.map(String));
  const fails = (...args: Array<string | number>) => {
    try {
      run(...args);
    } catch (error) {
      expect(error).toBeInstanceOf(ReplyError);
      return (error as ReplyError).message;
    }
    throw new Error(`expected ${args.join(' ')} to fail`);
  };
  return { engine, run, fails, advance: (ms: number) => (now += ms), set: (ms: number) => (now = ms) };
}

let t: ReturnType<typeof setup>;
beforeEach(() => {
  t = setup();
});

describe('command table', () => {
  it('implements exactly the commands the arity table lists', () => {
    expect([...ENGINE_COMMANDS].sort()).toEqual(Object.keys(COMMAND_ARITY).sort());
  });

  it('answers unknown commands and wrong arity as Redis 7 words them', () => {
    expect(t.fails('FOO', 'a', 'b')).toBe("ERR unknown command 'FOO', with args beginning with: 'a' 'b' ");
    expect(t.fails('get')).toBe("ERR wrong number of arguments for 'get' command");
    expect(t.fails('GET', 'a', 'b')).toBe("ERR wrong number of arguments for 'get' command");
    expect(t.fails('sadd', 's')).toBe("ERR wrong number of arguments for 'sadd' command");
    expect(t.fails('ping', 'a', 'b')).toBe("ERR wrong number of arguments for 'ping' command");
  });

  it('knows no command the app does not send', () => {
    for (const name of ['HSET', 'ZINCRBY', 'EXPIRE', 'TTL', 'EXISTS', 'KEYS', 'ECHO', 'FLUSHALL', 'EVAL']) {
      expect(t.fails(name, 'k', '1', '1')).toBe(`ERR unknown command '${name}', with args beginning with: 'k' '1' '1' `);
    }
  });

  it('answers PING', () => {
    expect(t.run('PING')).toBe('PONG');
    expect(t.run('ping', 'hi')).toBe('hi');
  });
});

describe('expiry', () => {
  it('keeps a key visible through its last millisecond and never after', () => {
    t.run('set', 'k', 'v', 'PX', 100);
    t.advance(100);
    expect(t.run('get', 'k')).toBe('v');
    expect(t.run('pttl', 'k')).toBe(0);
    t.advance(1);
    expect(t.run('get', 'k')).toBeNull();
    expect(t.run('pttl', 'k')).toBe(-2);
    expect(t.run('scan', 0)).toEqual(['0', []]);
  });

  it('reports PTTL -1 without a TTL and -2 without the key', () => {
    t.run('set', 'k', 'v', 'EX', 10);
    t.advance(400);
    expect(t.run('pttl', 'k')).toBe(9600);
    t.run('set', 'p', 'v');
    expect(t.run('pttl', 'p')).toBe(-1);
    expect(t.run('pttl', 'missing')).toBe(-2);
  });

  it('supports EXAT / PXAT and deletes on PEXPIRE into the past', () => {
    t.run('set', 'a', 'v', 'PXAT', T0 + 5000);
    expect(t.run('pttl', 'a')).toBe(5000);
    t.run('set', 'b', 'v', 'EXAT', T0 / 1000 + 7);
    expect(t.run('pttl', 'b')).toBe(7000);
    expect(t.run('pexpire', 'b', -1)).toBe(1);
    expect(t.run('get', 'b')).toBeNull();
    expect(t.run('pexpire', 'a', 0)).toBe(1);
    expect(t.run('pttl', 'a')).toBe(-2);
    expect(t.run('pexpire', 'missing', 10)).toBe(0);
  });

  it('applies PEXPIRE NX / XX / GT / LT, treating no TTL as forever', () => {
    t.run('set', 'k', 'v');
    expect(t.run('pexpire', 'k', 100_000, 'XX')).toBe(0);
    expect(t.run('pexpire', 'k', 100_000, 'GT')).toBe(0);
    expect(t.run('pexpire', 'k', 100_000, 'LT')).toBe(1);
    expect(t.run('pexpire', 'k', 50_000, 'NX')).toBe(0);
    expect(t.run('pexpire', 'k', 50_000, 'GT')).toBe(0);
    expect(t.run('pexpire', 'k', 200_000, 'gt')).toBe(1);
    expect(t.run('pttl', 'k')).toBe(200_000);
    expect(t.run('pexpire', 'k', 150_000, 'XX')).toBe(1);
    expect(t.run('pttl', 'k')).toBe(150_000);
    expect(t.fails('pexpire', 'k', 1, 'NX', 'XX')).toBe('ERR NX and XX, GT or LT options at the same time are not compatible');
    expect(t.fails('pexpire', 'k', 1, 'GT', 'LT')).toBe('ERR GT and LT options at the same time are not compatible');
    expect(t.fails('pexpire', 'k', 1, 'foo')).toBe('ERR Unsupported option foo');
    expect(t.fails('pexpire', 'k', '9223372036854775807')).toBe("ERR invalid expire time in 'pexpire' command");
    expect(t.fails('pexpire', 'k', '1.5')).toBe('ERR value is not an integer or out of range');
  });

  it("runs the app's NX-then-GT pair: a set key lives as long as its longest member", () => {
    t.run('sadd', 'user:sessions', 'a');
    t.run('pexpire', 'user:sessions', 1000, 'NX');
    t.run('pexpire', 'user:sessions', 1000, 'GT');
    expect(t.run('pttl', 'user:sessions')).toBe(1000);
    t.advance(500);
    t.run('sadd', 'user:sessions', 'b');
    expect(t.run('pexpire', 'user:sessions', 300, 'NX')).toBe(0);
    expect(t.run('pexpire', 'user:sessions', 300, 'GT')).toBe(0);
    expect(t.run('pttl', 'user:sessions')).toBe(500);
    expect(t.run('pexpire', 'user:sessions', 2000, 'NX')).toBe(0);
    expect(t.run('pexpire', 'user:sessions', 2000, 'GT')).toBe(1);
    expect(t.run('pttl', 'user:sessions')).toBe(2000);
  });

  it('sweeps expired keys from memory and DBSIZE counts only live ones', () => {
    t.run('set', 'a', '1', 'PX', 10);
    t.run('set', 'b', '1');
    t.advance(11);
    expect(t.run('dbsize')).toBe(1);
    t.run('set', 'c', '1', 'PX', 10);
    t.advance(11);
    expect(t.engine.sweep()).toBe(1);
  });
});

describe('SET, GET, MGET, DEL', () => {
  it('honours NX, XX, GET and KEEPTTL', () => {
    expect(t.run('set', 'k', 'v1', 'XX')).toBeNull();
    expect(t.run('set', 'k', 'v1', 'NX')).toBe('OK');
    expect(t.run('set', 'k', 'v2', 'NX')).toBeNull();
    expect(t.run('set', 'k', 'v2', 'NX', 'GET')).toBe('v1');
    expect(t.run('set', 'k', 'v2', 'XX', 'GET', 'EX', 100)).toBe('v1');
    t.advance(30_000);
    expect(t.run('set', 'k', 'v3', 'KEEPTTL')).toBe('OK');
    expect(t.run('pttl', 'k')).toBe(70_000);
    expect(t.run('set', 'k', 'v4', 'XX', 'KEEPTTL')).toBe('OK');
    expect(t.run('pttl', 'k')).toBe(70_000);
    expect(t.run('set', 'k', 'v4')).toBe('OK');
    expect(t.run('pttl', 'k')).toBe(-1);
    expect(t.run('set', 'new', 'x', 'GET')).toBeNull();
    expect(t.run('set', 'claim', '1', 'NX', 'GET', 'PX', 500)).toBeNull();
    expect(t.run('set', 'claim', '2', 'NX', 'GET', 'PX', 500)).toBe('1');
    expect(t.run('get', 'claim')).toBe('1');
  });

  it('rejects bad option combinations and expire times', () => {
    expect(t.fails('set', 'k', 'v', 'NX', 'XX')).toBe('ERR syntax error');
    expect(t.fails('set', 'k', 'v', 'EX', 10, 'PX', 10)).toBe('ERR syntax error');
    expect(t.fails('set', 'k', 'v', 'KEEPTTL', 'EX', 10)).toBe('ERR syntax error');
    expect(t.fails('set', 'k', 'v', 'PX', 10, 'KEEPTTL')).toBe('ERR syntax error');
    expect(t.fails('set', 'k', 'v', 'EX')).toBe('ERR syntax error');
    expect(t.fails('set', 'k', 'v', 'PERSIST')).toBe('ERR syntax error');
    expect(t.fails('set', 'k', 'v', 'EX', 0)).toBe("ERR invalid expire time in 'set' command");
    expect(t.fails('set', 'k', 'v', 'PX', -5)).toBe("ERR invalid expire time in 'set' command");
    expect(t.fails('set', 'k', 'v', 'EX', 'abc')).toBe('ERR value is not an integer or out of range');
    expect(t.fails('set', 'k', 'v', 'EX', '1.5')).toBe('ERR value is not an integer or out of range');
    expect(t.run('set', 'k', 'v', 'ex', 10, 'ex', 20)).toBe('OK');
    expect(t.run('pttl', 'k')).toBe(20_000);
  });

  it('answers WRONGTYPE for string commands on a set, also through SET ... GET', () => {
    t.run('sadd', 's', 'm');
    const wrongType = 'WRONGTYPE Operation against a key holding the wrong kind of value';
    expect(t.fails('get', 's')).toBe(wrongType);
    expect(t.fails('set', 's', 'v', 'GET')).toBe(wrongType);
    expect(t.fails('incr', 's')).toBe(wrongType);
    expect(t.run('mget', 's')).toEqual([null]);
    expect(t.run('set', 's', 'v')).toBe('OK');
    expect(t.run('get', 's')).toBe('v');
    expect(t.fails('sadd', 's', 'm')).toBe(wrongType);
    expect(t.fails('srem', 's', 'm')).toBe(wrongType);
    expect(t.fails('smembers', 's')).toBe(wrongType);
  });

  it('reads several keys with MGET and deletes with DEL', () => {
    t.run('set', 'a', '1');
    t.run('set', 'b', '2');
    t.run('sadd', 's', 'm');
    expect(t.run('mget', 'a', 'b', 's', 'nope', 'a')).toEqual(['1', '2', null, null, '1']);
    expect(t.run('del', 'a', 'a', 's', 'nope')).toBe(2);
    expect(t.run('mget', 'a', 'b', 's')).toEqual([null, '2', null]);
  });
});

describe('INCR', () => {
  it('counts within 64 bits and keeps the TTL', () => {
    expect(t.run('incr', 'n')).toBe(1);
    expect(t.run('incr', 'n')).toBe(2);
    t.run('pexpire', 'n', 100_000);
    t.run('incr', 'n');
    expect(t.run('pttl', 'n')).toBe(100_000);
    expect(t.run('get', 'n')).toBe('3');
    t.run('set', 'neg', '-5');
    expect(t.run('incr', 'neg')).toBe(-4);
  });

  it('refuses non-integers and overflow with Redis messages', () => {
    for (const bad of ['abc', '01', ' 1', '1.5', '+1', '', '9223372036854775808']) {
      t.run('set', 's', bad);
      expect(t.fails('incr', 's'), JSON.stringify(bad)).toBe('ERR value is not an integer or out of range');
    }
    t.run('set', 'big', '9223372036854775807');
    expect(t.fails('incr', 'big')).toBe('ERR increment or decrement would overflow');
    expect(t.run('get', 'big')).toBe('9223372036854775807');
  });
});

describe('SCAN', () => {
  it('matches Redis glob patterns', () => {
    for (const k of ['hello', 'hallo', 'hxllo', 'heeeello', 'h[llo', 'world']) t.run('set', k, '1');
    const keys = (p: string) => ((t.run('scan', 0, 'MATCH', p, 'COUNT', 100) as [string, string[]])[1] ?? []).sort();
    expect(keys('h?llo')).toEqual(['h[llo', 'hallo', 'hello', 'hxllo']);
    expect(keys('h*llo')).toEqual(['h[llo', 'hallo', 'heeeello', 'hello', 'hxllo']);
    expect(keys('h[ae]llo')).toEqual(['hallo', 'hello']);
    expect(keys('h[^e]llo')).toEqual(['h[llo', 'hallo', 'hxllo']);
    expect(keys('h[a-b]llo')).toEqual(['hallo']);
    expect(keys('h\\[llo')).toEqual(['h[llo']);
    expect(keys('*')).toHaveLength(6);
  });

  it('returns every key that lives through the iteration exactly once', () => {
    for (let i = 0; i < 25; i++) t.run('set', `k${i}`, '1');
    const seen: string[] = [];
    let cursor = '0';
    let rounds = 0;
    do {
      const [next, keys] = t.run('scan', cursor, 'COUNT', 7) as [string, string[]];
      seen.push(...keys);
      // Churn during the scan must not hide or repeat the keys that stay.
      if (rounds === 1) {
        t.run('del', 'k3');
        t.run('set', 'late', '1');
        t.run('set', 'k24', 'rewritten');
      }
      cursor = next;
      rounds++;
    } while (cursor !== '0');
    const stable = Array.from({ length: 25 }, (_, i) => `k${i}`).filter((k) => k !== 'k3');
    for (const key of stable) expect(seen.filter((k) => k === key)).toHaveLength(1);
  });

  it('filters by MATCH and TYPE and validates options', () => {
    t.run('set', 'user:1', 'a');
    t.run('sadd', 'user:2', 'm');
    t.run('set', 'other', 'b');
    expect(t.run('scan', 0, 'MATCH', 'user:*', 'COUNT', 100)).toEqual(['0', ['user:1', 'user:2']]);
    expect(t.run('scan', 0, 'TYPE', 'set')).toEqual(['0', ['user:2']]);
    expect(t.run('scan', 0, 'TYPE', 'STRING')).toEqual(['0', ['user:1', 'other']]);
    expect(t.run('scan', 0, 'TYPE', 'nonsense')).toEqual(['0', []]);
    expect(t.fails('scan', 0, 'COUNT', 0)).toBe('ERR syntax error');
    expect(t.fails('scan', 0, 'MATCH')).toBe('ERR syntax error');
    expect(t.fails('scan', 0, 'SORT')).toBe('ERR syntax error');
    expect(t.fails('scan', 'abc')).toBe('ERR invalid cursor');
  });
});

describe('FLUSHDB', () => {
  it('empties the keyspace, with SYNC or ASYNC, and refuses other words', () => {
    t.run('set', 'a', '1');
    t.run('sadd', 's', 'm');
    expect(t.fails('flushdb', 'foo')).toBe('ERR syntax error');
    expect(t.run('dbsize')).toBe(2);
    expect(t.run('flushdb', 'ASYNC')).toBe('OK');
    expect(t.run('dbsize')).toBe(0);
    t.run('set', 'b', '1');
    expect(t.run('flushdb')).toBe('OK');
    expect(t.run('dbsize')).toBe(0);
  });
});

describe('sets', () => {
  it('adds, lists and removes members, dropping the emptied key', () => {
    expect(t.run('sadd', 's', 'a', 'b', 'a')).toBe(2);
    expect(t.run('sadd', 's', 'b', 'c')).toBe(1);
    expect((t.run('smembers', 's') as string[]).sort()).toEqual(['a', 'b', 'c']);
    expect(t.run('smembers', 'missing')).toEqual([]);
    expect(t.run('srem', 'missing', 'a')).toBe(0);
    expect(t.run('srem', 's', 'a', 'z')).toBe(1);
    expect(t.run('srem', 's', 'b', 'c')).toBe(2);
    expect(t.run('pttl', 's')).toBe(-2);
  });

  it("keeps the set's TTL when members come and go", () => {
    t.run('sadd', 's', 'a', 'b');
    t.run('pexpire', 's', 1000);
    t.run('sadd', 's', 'c');
    t.run('srem', 's', 'a');
    expect(t.run('pttl', 's')).toBe(1000);
  });
});

describe('transactions', () => {
  it('discards the whole batch when a command cannot be queued', () => {
    expect(() => t.engine.transaction([['set', 'a', '1'], ['nope']])).toThrow(
      'EXECABORT Transaction discarded because of previous errors.',
    );
    expect(() => t.engine.transaction([['set', 'a', '1'], ['get']])).toThrow(/EXECABORT/);
    expect(t.run('get', 'a')).toBeNull();
  });

  it('runs every command and puts runtime errors in their slots', () => {
    t.run('sadd', 's', 'm');
    const out = t.engine.transaction([
      ['set', 'a', '1'],
      ['get', 's'],
      ['set', 'a', '2', 'BOGUS'],
      ['incr', 'a'],
    ]);
    expect(out[0]).toBe('OK');
    expect(out[1]).toBeInstanceOf(ReplyError);
    expect((out[2] as ReplyError).message).toBe('ERR syntax error');
    expect(out[3]).toBe(2);
  });

  it('runs at one instant: a key due in the middle of the batch is seen alive by every command', () => {
    t.run('set', 'k', 'v', 'PX', 5);
    // Every read of this clock is 10 ms later than the one before: only one read keeps the key alive.
    let calls = 0;
    const stepping = new Engine({ clock: { now: () => T0 + 4 + calls++ * 10 } });
    stepping.restore(t.engine.snapshot());
    calls = 0;
    expect(
      stepping.transaction([
        ['get', 'k'],
        ['pttl', 'k'],
        ['get', 'k'],
      ]),
    ).toEqual(['v', 1, 'v']);
  });
});

describe('snapshot / restore', () => {
  it('round-trips strings and sets with absolute expiry times and drops what has expired since', () => {
    t.run('set', 's', 'v\u{1F600}', 'PX', 1000);
    t.run('set', 'short', 'v', 'PX', 10);
    t.run('set', 'forever', 'f');
    t.run('sadd', 'set', 'a', 'b');
    t.run('pexpire', 'set', 2000);
    const snapshot = parseSnapshot(JSON.parse(JSON.stringify(t.engine.snapshot())));

    const later = setup();
    later.set(T0 + 500);
    expect(later.engine.restore(snapshot)).toEqual({ restored: 3, expired: 1 });
    expect(later.run('get', 's')).toBe('v\u{1F600}');
    expect(later.run('pttl', 's')).toBe(500);
    expect(later.run('pttl', 'forever')).toBe(-1);
    expect((later.run('smembers', 'set') as string[]).sort()).toEqual(['a', 'b']);
    expect(later.run('pttl', 'set')).toBe(1500);
    expect(later.run('get', 'short')).toBeNull();
  });

  it('rejects a snapshot of the wrong shape', () => {
    expect(() => parseSnapshot({ version: 1, entries: [{ key: 'k', type: 'set', value: [1] }] })).toThrow();
    expect(() => parseSnapshot({ version: 1, entries: [{ key: 'k', type: 'hash', value: [['f', 'v']] }] })).toThrow();
    expect(() => parseSnapshot({ version: 1, entries: [{ key: 'k', type: 'string', value: 'v', expiresAt: 'soon' }] })).toThrow();
    expect(() => parseSnapshot({ version: 2, entries: [] })).toThrow();
  });

  it('restores no empty set', () => {
    expect(t.engine.restore({ version: 1, entries: [{ key: 'empty', type: 'set', value: [] }] })).toEqual({ restored: 0, expired: 0 });
    expect(t.run('pttl', 'empty')).toBe(-2);
  });
});

describe('sorted sets', () => {
  it('counts a score range with ZCOUNT without touching the set (the denylist size)', () => {
    t.run('zadd', 'z', 1, 'a', 2, 'b', 3, 'c', '+inf', 'd');
    expect(t.run('zcount', 'z', '(2', '+inf')).toBe(2);
    expect(t.run('zcount', 'z', '-inf', 2)).toBe(2);
    expect(t.run('zcount', 'z', '(1', '(3')).toBe(1);
    expect(t.run('zcount', 'missing', 0, 1)).toBe(0);
    expect(t.fails('zcount', 'z', 'x', 1)).toBe('ERR min or max is not a float');
    expect(t.run('zcard', 'z')).toBe(4);
  });

  it('round-trips sorted sets through a snapshot, scores exact (infinities included), expiry absolute', () => {
    t.run('zadd', 'z', '0.1', 'tenth', '-inf', 'low', '+inf', 'high', 1_767_225_600_123, 'ms');
    t.run('pexpire', 'z', 2000);
    t.run('zadd', 'gone', 1, 'a');
    t.run('pexpire', 'gone', 10);
    const snapshot = parseSnapshot(JSON.parse(JSON.stringify(t.engine.snapshot())));

    const later = setup();
    later.set(T0 + 500);
    expect(later.engine.restore(snapshot)).toEqual({ restored: 1, expired: 1 });
    expect(later.run('zrange', 'z', 0, -1, 'WITHSCORES')).toEqual([
      'low',
      '-inf',
      'tenth',
      '0.10000000000000001',
      'ms',
      '1767225600123',
      'high',
      'inf',
    ]);
    expect(later.run('pttl', 'z')).toBe(1500);
    later.advance(1501);
    expect(later.run('zcard', 'z')).toBe(0);
    expect(later.run('zrange', 'z', 0, -1)).toEqual([]);
  });

  it('refuses a snapshot whose score is not a number, and restores no empty sorted set', () => {
    expect(() => parseSnapshot({ version: 1, entries: [{ key: 'z', type: 'zset', value: [['m', 'soon']] }] })).toThrow();
    expect(() => parseSnapshot({ version: 1, entries: [{ key: 'z', type: 'zset', value: [['m', 1]] }] })).toThrow();
    expect(t.engine.restore({ version: 1, entries: [{ key: 'z', type: 'zset', value: [] }] })).toEqual({ restored: 0, expired: 0 });
  });

  it('writes scores as Redis 7.0 does (%.17g), as recorded from redis-server 7.0.15', () => {
    const recorded: Array<[string, string]> = [
      ['0.1', '0.10000000000000001'],
      ['1e20', '1e+20'],
      ['1e17', '1e+17'],
      ['99999999999999999', '1e+17'],
      ['1e-5', '1.0000000000000001e-05'],
      ['0.0001', '0.0001'],
      ['-1.5e-7', '-1.4999999999999999e-07'],
      ['123456789.123456789', '123456789.12345679'],
      ['1e300', '1.0000000000000001e+300'],
      ['5e-324', '4.9406564584124654e-324'],
    ];
    for (const [given, expected] of recorded) {
      t.run('zadd', 'f', given, given);
      expect(t.run('zscore', 'f', given)).toBe(expected);
    }
  });

  it('orders equal scores by UTF-8 bytes, not UTF-16 units', () => {
    t.run('zadd', 'z', 0, '\uffff', 0, '🙂', 0, 'a', 0, 'é');
    expect(t.run('zrange', 'z', 0, -1)).toEqual(['a', 'é', '\uffff', '🙂']);
  });

  it('sees a change made after a read (the order is rebuilt, never stale)', () => {
    t.run('zadd', 'z', 1, 'a', 2, 'b');
    expect(t.run('zrange', 'z', 0, -1, 'REV')).toEqual(['b', 'a']);
    t.run('zadd', 'z', 3, 'a');
    t.run('zrem', 'z', 'b');
    t.run('zadd', 'z', 0, 'c');
    expect(t.run('zrange', 'z', 0, -1)).toEqual(['c', 'a']);
    expect(t.run('zremrangebyscore', 'z', '-inf', 0)).toBe(1);
    expect(t.run('zrange', 'z', '-inf', '+inf', 'BYSCORE', 'WITHSCORES')).toEqual(['a', '3']);
  });
});
