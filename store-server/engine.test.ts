import { beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_ARITY } from './commands';
import { Engine, ENGINE_COMMANDS } from './engine';
import { parseSnapshot } from './snapshot';
import { formatDouble, parseDouble, parseScoreBound } from './redis-number';
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
    expect(t.fails('hset', 'h', 'f')).toBe("ERR wrong number of arguments for 'hset' command");
    expect(t.fails('mset', 'a', '1', 'b')).toBe("ERR wrong number of arguments for 'mset' command");
    expect(t.fails('ping', 'a', 'b')).toBe("ERR wrong number of arguments for 'ping' command");
  });

  it('answers PING and ECHO', () => {
    expect(t.run('PING')).toBe('PONG');
    expect(t.run('ping', 'hi')).toBe('hi');
    expect(t.run('echo', 'x y')).toBe('x y');
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
    expect(t.run('exists', 'k')).toBe(0);
    expect(t.run('ttl', 'k')).toBe(-2);
    expect(t.run('keys', '*')).toEqual([]);
  });

  it('rounds TTL to the nearest second like Redis and reports -1 / -2', () => {
    t.run('set', 'k', 'v', 'EX', 10);
    t.advance(400);
    expect(t.run('ttl', 'k')).toBe(10);
    expect(t.run('pttl', 'k')).toBe(9600);
    t.advance(200);
    expect(t.run('ttl', 'k')).toBe(9);
    t.run('set', 'p', 'v');
    expect(t.run('ttl', 'p')).toBe(-1);
    expect(t.run('ttl', 'missing')).toBe(-2);
  });

  it('supports EXAT / PXAT and deletes on EXPIRE into the past', () => {
    t.run('set', 'a', 'v', 'PXAT', T0 + 5000);
    expect(t.run('pttl', 'a')).toBe(5000);
    t.run('set', 'b', 'v', 'EXAT', T0 / 1000 + 7);
    expect(t.run('ttl', 'b')).toBe(7);
    expect(t.run('expire', 'b', -1)).toBe(1);
    expect(t.run('exists', 'b')).toBe(0);
    expect(t.run('pexpireat', 'a', T0)).toBe(1);
    expect(t.run('exists', 'a')).toBe(0);
    expect(t.run('expire', 'missing', 10)).toBe(0);
  });

  it('applies EXPIRE NX / XX / GT / LT, treating no TTL as forever', () => {
    t.run('set', 'k', 'v');
    expect(t.run('expire', 'k', 100, 'XX')).toBe(0);
    expect(t.run('expire', 'k', 100, 'GT')).toBe(0);
    expect(t.run('expire', 'k', 100, 'LT')).toBe(1);
    expect(t.run('expire', 'k', 50, 'NX')).toBe(0);
    expect(t.run('expire', 'k', 50, 'GT')).toBe(0);
    expect(t.run('expire', 'k', 200, 'gt')).toBe(1);
    expect(t.run('ttl', 'k')).toBe(200);
    expect(t.fails('expire', 'k', 1, 'NX', 'XX')).toBe('ERR NX and XX, GT or LT options at the same time are not compatible');
    expect(t.fails('expire', 'k', 1, 'GT', 'LT')).toBe('ERR GT and LT options at the same time are not compatible');
    expect(t.fails('expire', 'k', 1, 'foo')).toBe('ERR Unsupported option foo');
    expect(t.fails('expire', 'k', '9223372036854775807')).toBe("ERR invalid expire time in 'expire' command");
  });

  it('persists and reports types', () => {
    t.run('set', 'k', 'v', 'EX', 5);
    expect(t.run('persist', 'k')).toBe(1);
    expect(t.run('persist', 'k')).toBe(0);
    expect(t.run('ttl', 'k')).toBe(-1);
    t.run('hset', 'h', 'f', 'v');
    t.run('sadd', 's', 'm');
    t.run('zadd', 'z', 1, 'm');
    expect(['k', 'h', 's', 'z', 'none'].map((k) => t.run('type', k))).toEqual(['string', 'hash', 'set', 'zset', 'none']);
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

describe('SET and friends', () => {
  it('honours NX, XX, GET and KEEPTTL', () => {
    expect(t.run('set', 'k', 'v1', 'XX')).toBeNull();
    expect(t.run('set', 'k', 'v1', 'NX')).toBe('OK');
    expect(t.run('set', 'k', 'v2', 'NX')).toBeNull();
    expect(t.run('set', 'k', 'v2', 'NX', 'GET')).toBe('v1');
    expect(t.run('set', 'k', 'v2', 'XX', 'GET', 'EX', 100)).toBe('v1');
    t.advance(30_000);
    expect(t.run('set', 'k', 'v3', 'KEEPTTL')).toBe('OK');
    expect(t.run('ttl', 'k')).toBe(70);
    expect(t.run('set', 'k', 'v4')).toBe('OK');
    expect(t.run('ttl', 'k')).toBe(-1);
    expect(t.run('set', 'new', 'x', 'GET')).toBeNull();
  });

  it('rejects bad option combinations and expire times', () => {
    expect(t.fails('set', 'k', 'v', 'NX', 'XX')).toBe('ERR syntax error');
    expect(t.fails('set', 'k', 'v', 'EX', 10, 'PX', 10)).toBe('ERR syntax error');
    expect(t.fails('set', 'k', 'v', 'KEEPTTL', 'EX', 10)).toBe('ERR syntax error');
    expect(t.fails('set', 'k', 'v', 'EX')).toBe('ERR syntax error');
    expect(t.fails('set', 'k', 'v', 'EX', 0)).toBe("ERR invalid expire time in 'set' command");
    expect(t.fails('set', 'k', 'v', 'EX', 'abc')).toBe('ERR value is not an integer or out of range');
    expect(t.fails('set', 'k', 'v', 'EX', '1.5')).toBe('ERR value is not an integer or out of range');
    expect(t.fails('setex', 'k', 0, 'v')).toBe("ERR invalid expire time in 'setex' command");
    expect(t.fails('psetex', 'k', -1, 'v')).toBe("ERR invalid expire time in 'psetex' command");
    expect(t.run('set', 'k', 'v', 'ex', 10, 'ex', 20)).toBe('OK');
    expect(t.run('ttl', 'k')).toBe(20);
  });

  it('answers WRONGTYPE for GET on a hash, also through SET ... GET', () => {
    t.run('hset', 'h', 'f', 'v');
    const wrongType = 'WRONGTYPE Operation against a key holding the wrong kind of value';
    expect(t.fails('get', 'h')).toBe(wrongType);
    expect(t.fails('set', 'h', 'v', 'GET')).toBe(wrongType);
    expect(t.run('set', 'h', 'v')).toBe('OK');
    expect(t.run('get', 'h')).toBe('v');
    expect(t.fails('hget', 'h', 'f')).toBe(wrongType);
    expect(t.fails('sadd', 'h', 'm')).toBe(wrongType);
    expect(t.fails('zadd', 'h', 1, 'm')).toBe(wrongType);
  });

  it('runs SETNX, SETEX, PSETEX, GETDEL, GETEX, MGET, MSET', () => {
    expect(t.run('setnx', 'a', '1')).toBe(1);
    expect(t.run('setnx', 'a', '2')).toBe(0);
    t.run('setex', 'b', 10, 'x');
    expect(t.run('ttl', 'b')).toBe(10);
    t.run('psetex', 'c', 1500, 'y');
    expect(t.run('pttl', 'c')).toBe(1500);
    expect(t.run('getdel', 'c')).toBe('y');
    expect(t.run('getdel', 'c')).toBeNull();
    expect(t.run('getex', 'b', 'PERSIST')).toBe('x');
    expect(t.run('ttl', 'b')).toBe(-1);
    expect(t.run('getex', 'b', 'PX', 250)).toBe('x');
    expect(t.run('pttl', 'b')).toBe(250);
    expect(t.run('getex', 'b', 'EXAT', T0 / 1000 - 1)).toBe('x');
    expect(t.run('exists', 'b')).toBe(0);
    expect(t.run('getex', 'missing', 'EX', 0)).toBeNull();
    expect(t.fails('getex', 'a', 'PERSIST', 'EX', 1)).toBe('ERR syntax error');
    expect(t.run('mset', 'a', '1', 'b', '2')).toBe('OK');
    t.run('sadd', 's', 'm');
    expect(t.run('mget', 'a', 'b', 's', 'nope')).toEqual(['1', '2', null, null]);
    expect(t.run('del', 'a', 'a', 'b', 'nope')).toBe(2);
    expect(t.run('unlink', 's')).toBe(1);
    t.run('set', 'x', '1');
    expect(t.run('exists', 'x', 'x', 'nope')).toBe(2);
  });
});

describe('counters', () => {
  it('increments within 64 bits and keeps the TTL', () => {
    expect(t.run('incr', 'n')).toBe(1);
    expect(t.run('incrby', 'n', 41)).toBe(42);
    expect(t.run('decr', 'n')).toBe(41);
    expect(t.run('decrby', 'n', 50)).toBe(-9);
    t.run('expire', 'n', 100);
    t.run('incr', 'n');
    expect(t.run('ttl', 'n')).toBe(100);
    expect(t.run('get', 'n')).toBe('-8');
  });

  it('refuses non-integers and overflow with Redis messages', () => {
    t.run('set', 's', 'abc');
    expect(t.fails('incr', 's')).toBe('ERR value is not an integer or out of range');
    t.run('set', 's', '01');
    expect(t.fails('incr', 's')).toBe('ERR value is not an integer or out of range');
    t.run('set', 's', ' 1');
    expect(t.fails('incr', 's')).toBe('ERR value is not an integer or out of range');
    expect(t.fails('incrby', 'n', '1.5')).toBe('ERR value is not an integer or out of range');
    t.run('set', 'big', '9223372036854775807');
    expect(t.fails('incr', 'big')).toBe('ERR increment or decrement would overflow');
    expect(t.fails('decrby', 'big', '-9223372036854775808')).toBe('ERR decrement would overflow');
    t.run('hset', 'h', 'f', 'x');
    expect(t.fails('incr', 'h')).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(t.fails('hincrby', 'h', 'f', 1)).toBe('ERR hash value is not an integer');
    expect(t.fails('hincrby', 'h', 'g', 'x')).toBe('ERR value is not an integer or out of range');
    expect(t.run('hincrby', 'h', 'g', 5)).toBe(5);
  });
});

describe('KEYS and SCAN', () => {
  it('matches Redis glob patterns', () => {
    for (const k of ['hello', 'hallo', 'hxllo', 'heeeello', 'h[llo', 'world']) t.run('set', k, '1');
    const keys = (p: string) => (t.run('keys', p) as string[]).sort();
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
    t.run('hset', 'user:2', 'f', 'v');
    t.run('set', 'other', 'b');
    expect(t.run('scan', 0, 'MATCH', 'user:*', 'COUNT', 100)).toEqual(['0', ['user:1', 'user:2']]);
    expect(t.run('scan', 0, 'TYPE', 'hash')).toEqual(['0', ['user:2']]);
    expect(t.run('scan', 0, 'TYPE', 'nonsense')).toEqual(['0', []]);
    expect(t.fails('scan', 0, 'COUNT', 0)).toBe('ERR syntax error');
    expect(t.fails('scan', 0, 'MATCH')).toBe('ERR syntax error');
    expect(t.fails('scan', 'abc')).toBe('ERR invalid cursor');
  });

  it('flushes', () => {
    t.run('set', 'a', '1');
    expect(t.fails('flushdb', 'foo')).toBe('ERR syntax error');
    expect(t.run('flushall', 'ASYNC')).toBe('OK');
    expect(t.run('dbsize')).toBe(0);
  });
});

describe('hashes and sets', () => {
  it('keeps field order and drops emptied keys', () => {
    expect(t.run('hset', 'h', 'b', '2', 'a', '1')).toBe(2);
    expect(t.run('hset', 'h', 'b', '3', 'c', '4')).toBe(1);
    expect(t.run('hsetnx', 'h', 'a', 'x')).toBe(0);
    expect(t.run('hsetnx', 'h', 'd', 'x')).toBe(1);
    expect(t.run('hgetall', 'h')).toEqual(['b', '3', 'a', '1', 'c', '4', 'd', 'x']);
    expect(t.run('hmget', 'h', 'a', 'zz')).toEqual(['1', null]);
    expect(t.run('hmget', 'missing', 'a')).toEqual([null]);
    expect([t.run('hlen', 'h'), t.run('hexists', 'h', 'a'), t.run('hexists', 'h', 'q')]).toEqual([4, 1, 0]);
    expect(t.run('hkeys', 'h')).toEqual(['b', 'a', 'c', 'd']);
    expect(t.run('hvals', 'h')).toEqual(['3', '1', '4', 'x']);
    expect(t.run('hdel', 'h', 'a', 'b', 'c', 'd', 'nope')).toBe(4);
    expect(t.run('exists', 'h')).toBe(0);
    expect(t.run('hgetall', 'h')).toEqual([]);
  });

  it('adds, checks and removes set members', () => {
    expect(t.run('sadd', 's', 'a', 'b', 'a')).toBe(2);
    expect([t.run('sismember', 's', 'a'), t.run('sismember', 's', 'z'), t.run('scard', 's')]).toEqual([1, 0, 2]);
    expect((t.run('smembers', 's') as string[]).sort()).toEqual(['a', 'b']);
    expect(t.run('srem', 's', 'a', 'b', 'c')).toBe(2);
    expect(t.run('exists', 's')).toBe(0);
  });
});

describe('sorted sets', () => {
  beforeEach(() => {
    t.run('zadd', 'z', 1, 'b', 1, 'a', 2, 'c', '-inf', 'lo', '+inf', 'hi');
  });

  it('orders by score, then member bytes, and formats scores like Redis', () => {
    expect(t.run('zrange', 'z', 0, -1, 'WITHSCORES')).toEqual(['lo', '-inf', 'a', '1', 'b', '1', 'c', '2', 'hi', 'inf']);
    t.run('zadd', 'u', 0, '\u{1F600}', 0, '\uFFFD', 0, 'z');
    // UTF-8 byte order puts the astral emoji after U+FFFD, unlike UTF-16 code units.
    expect(t.run('zrange', 'u', 0, -1)).toEqual(['z', '\uFFFD', '\u{1F600}']);
    t.run('zadd', 'f', 0.1, 'x', 1.5, 'y', '1e20', 'w');
    expect(t.run('zscore', 'f', 'x')).toBe('0.10000000000000001');
    expect(t.run('zscore', 'f', 'y')).toBe('1.5');
    expect(t.run('zscore', 'f', 'w')).toBe('1e+20');
    expect(t.run('zscore', 'f', 'nope')).toBeNull();
  });

  it('ranges by rank, score, lex, reversed and limited', () => {
    expect(t.run('zrange', 'z', 1, 2)).toEqual(['a', 'b']);
    expect(t.run('zrange', 'z', -2, -1)).toEqual(['c', 'hi']);
    expect(t.run('zrevrange', 'z', 0, 1, 'WITHSCORES')).toEqual(['hi', 'inf', 'c', '2']);
    expect(t.run('zrange', 'z', '(1', 2, 'BYSCORE')).toEqual(['c']);
    expect(t.run('zrange', 'z', 2, 1, 'BYSCORE', 'REV')).toEqual(['c', 'b', 'a']);
    expect(t.run('zrange', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', 1, 2)).toEqual(['a', 'b']);
    expect(t.run('zrangebyscore', 'z', 1, 1, 'WITHSCORES', 'LIMIT', 1, 1)).toEqual(['b', '1']);
    expect(t.run('zrangebyscore', 'z', '-inf', '+inf', 'LIMIT', -1, 2)).toEqual([]);
    expect(t.run('zrevrangebyscore', 'z', 2, '(1')).toEqual(['c']);
    expect(t.run('zrange', 'z', '[b', '+', 'BYLEX')).toEqual(['lo', 'a', 'b', 'c', 'hi']);
    t.run('zadd', 'lex', 0, 'a', 0, 'b', 0, 'c', 0, 'd');
    expect(t.run('zrange', 'lex', '(a', '[c', 'BYLEX')).toEqual(['b', 'c']);
    expect(t.run('zrange', 'lex', '[c', '-', 'BYLEX', 'REV', 'LIMIT', 1, 5)).toEqual(['b', 'a']);
    expect(t.run('zrange', 'lex', '[c', '[a', 'BYLEX')).toEqual([]);
    expect(t.run('zcount', 'z', 1, '(2')).toBe(2);
    expect(t.run('zrange', 'nope', 0, -1)).toEqual([]);
  });

  it('rejects bad ranges and options with Redis messages', () => {
    expect(t.fails('zrange', 'z', 0, -1, 'LIMIT', 0, 1)).toBe(
      'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX',
    );
    expect(t.fails('zrange', 'z', 'a', 'b', 'BYSCORE')).toBe('ERR min or max is not a float');
    expect(t.fails('zrange', 'z', 'a', 'b', 'BYLEX')).toBe('ERR min or max not valid string range item');
    expect(t.fails('zrevrange', 'z', 'a', 1)).toBe('ERR value is not an integer or out of range');
    expect(t.fails('zcount', 'z', 'x', 1)).toBe('ERR min or max is not a float');
    expect(t.fails('zadd', 'z', 'NX', 'XX', 1, 'a')).toBe('ERR XX and NX options at the same time are not compatible');
    expect(t.fails('zadd', 'z', 'GT', 'LT', 1, 'a')).toBe('ERR GT, LT, and/or NX options at the same time are not compatible');
    expect(t.fails('zadd', 'z', 'INCR', 1, 'a', 2, 'b')).toBe('ERR INCR option supports a single increment-element pair');
    expect(t.fails('zadd', 'z', 'abc', 'a')).toBe('ERR value is not a valid float');
    expect(t.fails('zadd', 'z', 1, 'a', 2)).toBe('ERR syntax error');
    expect(t.fails('zincrby', 'z', '-inf', 'hi')).toBe('ERR resulting score is not a number (NaN)');
  });

  it('applies ZADD NX / XX / GT / LT / CH / INCR and ZINCRBY', () => {
    expect(t.run('zadd', 'z', 'NX', 5, 'a', 5, 'new')).toBe(1);
    expect(t.run('zscore', 'z', 'a')).toBe('1');
    expect(t.run('zadd', 'z', 'XX', 'CH', 5, 'a', 5, 'absent')).toBe(1);
    expect(t.run('zadd', 'z', 'GT', 'CH', 4, 'a', 3, 'c')).toBe(1);
    expect(t.run('zadd', 'z', 'LT', 'CH', 9, 'c', 0, 'b')).toBe(1);
    expect(t.run('zadd', 'z', 'INCR', 2.5, 'a')).toBe('7.5');
    expect(t.run('zadd', 'z', 'INCR', 'GT', -1, 'a')).toBeNull();
    expect(t.run('zadd', 'nokey', 'XX', 1, 'a')).toBe(0);
    expect(t.run('exists', 'nokey')).toBe(0);
    expect(t.run('zincrby', 'z', 0.5, 'a')).toBe('8');
    expect(t.run('zincrby', 'z', 1, 'fresh')).toBe('1');
  });

  it('removes members and score ranges, dropping the emptied key', () => {
    expect(t.run('zrem', 'z', 'a', 'nope')).toBe(1);
    expect(t.run('zcard', 'z')).toBe(4);
    expect(t.run('zremrangebyscore', 'z', '-inf', '(2')).toBe(2);
    expect(t.run('zrange', 'z', 0, -1)).toEqual(['c', 'hi']);
    expect(t.run('zremrangebyscore', 'z', '-inf', '+inf')).toBe(2);
    expect(t.run('exists', 'z')).toBe(0);
  });
});

describe('transactions', () => {
  it('discards the whole batch when a command cannot be queued', () => {
    expect(() => t.engine.transaction([['set', 'a', '1'], ['nope']])).toThrow(
      'EXECABORT Transaction discarded because of previous errors.',
    );
    expect(() => t.engine.transaction([['set', 'a', '1'], ['get']])).toThrow(/EXECABORT/);
    expect(t.run('exists', 'a')).toBe(0);
  });

  it('runs every command and puts runtime errors in their slots', () => {
    t.run('hset', 'h', 'f', 'v');
    const out = t.engine.transaction([
      ['set', 'a', '1'],
      ['get', 'h'],
      ['set', 'a', '2', 'BOGUS'],
      ['incr', 'a'],
    ]);
    expect(out[0]).toBe('OK');
    expect(out[1]).toBeInstanceOf(ReplyError);
    expect((out[2] as ReplyError).message).toBe('ERR syntax error');
    expect(out[3]).toBe(2);
  });
});

describe('snapshot / restore', () => {
  it('round-trips every type with absolute expiry times and drops what has expired since', () => {
    t.run('set', 's', 'v\u{1F600}', 'PX', 1000);
    t.run('set', 'short', 'v', 'PX', 10);
    t.run('hset', 'h', 'f', '1', 'g', '2');
    t.run('sadd', 'set', 'a', 'b');
    t.run('zadd', 'z', '-inf', 'lo', 0.1, 'x', '+inf', 'hi');
    const snapshot = parseSnapshot(JSON.parse(JSON.stringify(t.engine.snapshot())));

    const later = setup();
    later.set(T0 + 500);
    expect(later.engine.restore(snapshot)).toEqual({ restored: 4, expired: 1 });
    expect(later.run('get', 's')).toBe('v\u{1F600}');
    expect(later.run('pttl', 's')).toBe(500);
    expect(later.run('hgetall', 'h')).toEqual(['f', '1', 'g', '2']);
    expect(later.run('scard', 'set')).toBe(2);
    expect(later.run('zrange', 'z', 0, -1, 'WITHSCORES')).toEqual(['lo', '-inf', 'x', '0.10000000000000001', 'hi', 'inf']);
    expect(later.run('exists', 'short')).toBe(0);
  });

  it('rejects a snapshot of the wrong shape', () => {
    expect(() => parseSnapshot({ version: 1, entries: [{ key: 'k', type: 'zset', value: [['m', 'abc']] }] })).toThrow();
    expect(() => parseSnapshot({ version: 2, entries: [] })).toThrow();
  });
});

describe('Redis number formats', () => {
  it('formats doubles as %.17g with ties to even', () => {
    expect(formatDouble(3)).toBe('3');
    expect(formatDouble(0.5)).toBe('0.5');
    expect(formatDouble(1e-5)).toBe('1.0000000000000001e-05');
    expect(formatDouble(0.0001)).toBe('0.0001');
    expect(formatDouble(1e17)).toBe('1e+17');
    expect(formatDouble(123456789012345678)).toBe('1.2345678901234568e+17');
    expect(formatDouble(1e16)).toBe('10000000000000000');
    expect(formatDouble(-2.5)).toBe('-2.5');
    expect(formatDouble(1000000000000000.25)).toBe('1000000000000000.2');
    expect(formatDouble(1000000000000000.75)).toBe('1000000000000000.8');
    expect(formatDouble(0.30000000000000004)).toBe('0.30000000000000004');
  });

  it('parses floats as C strtod does, with Redis checks', () => {
    expect(parseDouble('0x10')).toBe(16);
    expect(parseDouble('.5')).toBe(0.5);
    expect(parseDouble('5.')).toBe(5);
    expect(parseDouble('-Infinity')).toBe(-Infinity);
    for (const bad of ['', ' 1', '1e400', '1e-400', 'nan', '1e', 'abc']) expect(parseDouble(bad)).toBeUndefined();
    expect(parseScoreBound('')).toEqual({ value: 0, exclusive: false });
    expect(parseScoreBound('(')).toEqual({ value: 0, exclusive: true });
    expect(parseScoreBound('(1e400')).toEqual({ value: Infinity, exclusive: true });
  });
});
