/**
 * `@gatehouse/verifier/redis`: the revocation feed of a Gatehouse deployment on Redis, for
 * `createVerifier` (needs the optional peer dependency `ioredis`).
 */
export { openRedisRevocations, type RedisRevocationsOptions } from './revocations.js';
