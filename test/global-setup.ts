// Vitest global setup: one real Redis for the whole run (AUTHLAB_TEST_REDIS_URL, or a redis-server
// started here), handed to tests as `inject('redisUrl')`. No Redis is a failure, never a skip.
import type { TestProject } from 'vitest/node';
import { checkRedis, startRedisServer } from '../tooling/redis-server';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.AUTHLAB_TEST_REDIS_URL;
  if (given) {
    await checkRedis(given);
    project.provide('redisUrl', given);
    return async () => {};
  }
  const redis = await startRedisServer();
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
