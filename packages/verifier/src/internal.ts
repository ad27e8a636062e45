/**
 * `@gatehouse/verifier/internal`: NOT PUBLIC. The pieces Gatehouse's own server is built from (the
 * pipeline, its profiles, JWS signing and checking, the compact denylist, the feed's messages).
 * It follows Gatehouse's needs and may change in any release; a resource server uses
 * `@gatehouse/verifier` (createVerifier) and `@gatehouse/verifier/redis`.
 */
export * from './index.js';
export {
  createPipeline,
  type BoundKey,
  type KeySource,
  type Pipeline,
  type PipelineOptions,
  type Profile,
  type VerifyResult,
  type Withdrawal,
} from './pipeline.js';
export { accessTokenProfile, jwtProfile } from './profiles.js';
export type { ClaimRules } from './rules.js';
export { algorithmsForKey, keyFitsAlgorithm, signJws, signJwsOffThread, verifyJwsSignature } from './signature.js';
export { Denylist, type DenylistEntry, type DenylistItem, type DenylistKind } from './denylist.js';
export { parseEnvelope, type ClusterMessage, type FeedEnvelope } from './feed.js';
