/**
 * Gatehouse token verification for resource servers (see README.md in this folder):
 * `createVerifier` + a revocation source (`openRedisRevocations` for a Redis deployment).
 */
export { createVerifier, type Verifier, type VerifierOptions, type VerifierResult } from './create-verifier';
export { JwksCache } from './jwks-cache';
export { openRedisRevocations, type RedisRevocationsOptions } from './redis-revocations';
export { Denylist } from '../auth/denylist';
export type { RevocationSource } from './revocation-source';
export type { AccessClaims } from '../auth/access-token-rules';
