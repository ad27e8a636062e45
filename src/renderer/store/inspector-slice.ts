import { inspectToken, type TokenInspection } from '../../shared/jwt-inspect';
import type { Slice } from './types';

export type KeySourceKind = 'ring' | 'jwk' | 'jwks' | 'pem' | 'secret';

/** A verification asked for: the token, the key it is checked with, and its own number. */
export interface VerifyRequest {
  n: number;
  token: string;
  keySource: KeySourceKind;
  keyText: string;
}

/**
 * The inspector's UI state: the token typed and its local decode, the key chosen, and which
 * server decode and verification are asked for. Their answers are queries (server-state/inspector.ts).
 */
export interface InspectorState {
  token: string;
  /** Decoded in the renderer on every keystroke: instant, trusts nothing. */
  local: TokenInspection | null;
  /** The token the server decodes: the typed one once typing paused, else empty. */
  serverToken: string;
  keySource: KeySourceKind;
  keyText: string;
  verification: VerifyRequest | null;
}

export interface InspectorSlice {
  inspector: InspectorState;
  setInspectorToken(token: string): void;
  setKeySource(kind: KeySourceKind, text?: string): void;
  /** Asks for a verification of the token with the chosen key; null when there is no token. */
  requestVerification(): VerifyRequest | null;
}

const SERVER_DELAY_MS = 200;
let pending: ReturnType<typeof setTimeout> | null = null;
let requests = 0;

export const createInspectorSlice: Slice<InspectorSlice> = (set, get) => {
  const patch = (p: Partial<InspectorState>) => set((s) => ({ inspector: { ...s.inspector, ...p } }));
  const serverNow = () => Math.floor(Date.now() / 1000 + get().skew);

  return {
    inspector: { token: '', local: null, serverToken: '', keySource: 'ring', keyText: '', verification: null },
    setInspectorToken(token) {
      const trimmed = token.trim();
      patch({
        token,
        local: trimmed ? inspectToken(trimmed, serverNow()) : null,
        serverToken: '',
        verification: null,
      });
      if (pending) clearTimeout(pending);
      if (!trimmed) return;
      // decode and verify on the server once typing pauses; the local decode already shows
      pending = setTimeout(() => {
        pending = null;
        if (get().inspector.token.trim() !== trimmed) return;
        patch({ serverToken: trimmed });
        const { keySource, keyText } = get().inspector;
        if (keySource === 'ring' || keyText.trim()) get().requestVerification();
      }, SERVER_DELAY_MS);
    },
    setKeySource(kind, text) {
      patch({ keySource: kind, keyText: text ?? get().inspector.keyText, verification: null });
    },
    requestVerification() {
      const { token, keySource, keyText } = get().inspector;
      if (!token.trim() || !get().api) return null;
      const verification = { n: ++requests, token: token.trim(), keySource, keyText: keyText.trim() };
      patch({ verification });
      return verification;
    },
  };
};
