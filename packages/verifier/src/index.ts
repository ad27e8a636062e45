/**
 * `@gatehouse/verifier`: verifies Gatehouse access tokens in a resource server with the issuer's
 * own pipeline. The public surface is `createVerifier`, its options and its results; the Redis
 * revocation feed is in `@gatehouse/verifier/redis`. What Gatehouse itself is built from is in
 * `@gatehouse/verifier/internal`, which is not public: it changes with Gatehouse, without notice.
 */
export { createVerifier, type Verifier, type VerifierOptions, type VerifierResult } from './create-verifier.js';
export type { RevocationSource } from './revocation-source.js';
export { VERIFY_STEPS, type AccessClaims, type Rejection, type RevocationView, type VerifyStep } from './rules.js';
export { TOKEN_ERROR_CODES, type TokenErrorCode } from './token-errors.js';
