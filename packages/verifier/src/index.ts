/**
 * `@gatehouse/verifier`: verifies Gatehouse access tokens with the issuer's own pipeline.
 * `createVerifier` for a resource server; the pieces it is built from for Gatehouse itself.
 * The Redis revocation feed is in `@gatehouse/verifier/redis`.
 */
export { createVerifier, type Verifier, type VerifierOptions, type VerifierResult } from './create-verifier.js';
export type { RevocationSource } from './revocation-source.js';
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
export {
  VERIFY_STEPS,
  type AccessClaims,
  type ClaimRules,
  type Rejection,
  type RevocationView,
  type VerifyStep,
} from './rules.js';
export { algorithmsForKey, keyFitsAlgorithm, signJws, verifyJwsSignature } from './signature.js';
export { Denylist, type DenylistEntry, type DenylistItem, type DenylistKind } from './denylist.js';
export { parseEnvelope, type ClusterMessage, type FeedEnvelope } from './feed.js';
export { TOKEN_ERROR_CODES, type TokenErrorCode } from './token-errors.js';
