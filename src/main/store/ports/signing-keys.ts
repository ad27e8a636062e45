export type KeyAlg = 'ES256' | 'EdDSA' | 'RS256';
export type KeyState = 'pending' | 'active' | 'retiring' | 'retired' | 'revoked';

export interface KeyRecord {
  kid: string;
  alg: KeyAlg;
  state: KeyState;
  createdAt: number;
  /** When a pending key is scheduled to start signing (null: only on an explicit rotate). */
  activatesAt: number | null;
  activatedAt: number | null;
  retiringAt: number | null;
  retiredAt: number | null;
  revokedAt: number | null;
  publicJwk: string;
  /** Private key sealed by the key-encryption key; null once retired or revoked (destroyed). */
  sealedPrivateKey: Uint8Array | null;
}

/** The key ring's signing keys (auth/key-ring.ts holds their lifecycle; the store only keeps them). */
export interface SigningKeyStore {
  /** Insert or replace by kid. */
  putKey(key: KeyRecord): Promise<void>;
  listKeys(): Promise<KeyRecord[]>;
}
