import type { RevocationView } from './rules.js';

/**
 * What a resource-server verifier needs to know about revocations, kept in memory and updated by
 * a feed. `current()` is false while updates could be missed: the verifier then fails closed.
 */
export interface RevocationSource extends RevocationView {
  /** A key the issuer revoked or retired: its tokens are refused at once, whatever the JWKS says. */
  isKidRevoked(kid: string): boolean;
  /** Called when the issuer's key ring changed (the verifier then refetches the JWKS). */
  onKeysChanged(listener: () => void): () => void;
  close(): Promise<void>;
}
