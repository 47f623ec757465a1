// A real Redis for end-to-end runs: a throwaway redis-server on a free loopback port, or one database
// of the Redis in AUTHLAB_TEST_REDIS_URL (emptied first). No Redis is a failure, never a skip.
// Runtime: Node (test tooling).
import { Redis as IORedis } from 'ioredis';
import { checkRedis, startRedisServer, type RunningRedis } from '../tooling/redis-server';

/**
 * `db` keeps runs that share AUTHLAB_TEST_REDIS_URL apart (the unit tests' contract test uses 5):
 * each run starts from an empty database, so no key ring sealed with another run's secrets is found.
 */
export async function testRedis(db: number): Promise<RunningRedis> {
  const given = process.env.AUTHLAB_TEST_REDIS_URL;
  if (!given) return startRedisServer();
  const url = `${given.replace(/\/\d*$/, '')}/${db}`;
  await checkRedis(url);
  const client = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    await client.flushdb();
  } finally {
    client.disconnect();
  }
  return { url, stop: async () => {} };
}
