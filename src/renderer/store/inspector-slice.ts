import type { AdminRequest } from '../../shared/admin-api';
import type { TokenVerifyView } from '../../shared/admin-views';
import { inspectToken, type TokenInspection } from '../../shared/jwt-inspect';
import { callApi, onConnected } from './call';
import type { LoadState, Slice } from './types';

export type KeySourceKind = 'ring' | 'jwk' | 'jwks' | 'pem' | 'secret';

export interface InspectorState {
  token: string;
  /** Decoded in the renderer on every keystroke: instant, trusts nothing. */
  local: TokenInspection | null;
  /** The server's decode adds what only it knows (e.g. a kid missing from the ring). */
  server: TokenInspection | null;
  keySource: KeySourceKind;
  keyText: string;
  verify: TokenVerifyView | null;
  verifyState: LoadState;
  verifyError: string | null;
  minting: boolean;
}

export interface InspectorSlice {
  inspector: InspectorState;
  setInspectorToken(token: string): void;
  setKeySource(kind: KeySourceKind, text?: string): void;
  verifyToken(): Promise<void>;
  mintToken(userId: string): Promise<void>;
}

const SERVER_DELAY_MS = 200;
let pending: ReturnType<typeof setTimeout> | null = null;

function keyRequest(kind: KeySourceKind, text: string): AdminRequest<'tokens.verify'>['key'] {
  switch (kind) {
    case 'ring':
      return { kind: 'ring' };
    case 'jwk':
      return { kind: 'jwk', jwk: text };
    case 'jwks':
      return { kind: 'jwks', jwks: text };
    case 'pem':
      return { kind: 'pem', pem: text };
    case 'secret':
      return { kind: 'secret', secret: text };
  }
}

export const createInspectorSlice: Slice<InspectorSlice> = (set, get) => {
  const patch = (p: Partial<InspectorState>) => set((s) => ({ inspector: { ...s.inspector, ...p } }));
  const serverNow = () => Math.floor(Date.now() / 1000 + get().skew);

  return {
    inspector: {
      token: '',
      local: null,
      server: null,
      keySource: 'ring',
      keyText: '',
      verify: null,
      verifyState: 'idle',
      verifyError: null,
      minting: false,
    },
    setInspectorToken(token) {
      const trimmed = token.trim();
      patch({
        token,
        local: trimmed ? inspectToken(trimmed, serverNow()) : null,
        server: null,
        verify: null,
        verifyState: 'idle',
        verifyError: null,
      });
      if (pending) clearTimeout(pending);
      if (!trimmed) return;
      // decode and verify on the server once typing pauses; the local decode already shows
      pending = setTimeout(async () => {
        pending = null;
        const decoded = await onConnected(get, (api) => api.tokens.decode({ token: trimmed }));
        if (decoded?.ok && get().inspector.token.trim() === trimmed) patch({ server: decoded.value });
        const { keySource, keyText } = get().inspector;
        if (keySource === 'ring' || keyText.trim()) await get().verifyToken();
      }, SERVER_DELAY_MS);
    },
    setKeySource(kind, text) {
      patch({
        keySource: kind,
        keyText: text ?? get().inspector.keyText,
        verify: null,
        verifyState: 'idle',
        verifyError: null,
      });
    },
    async verifyToken() {
      const { token, keySource, keyText } = get().inspector;
      const trimmed = token.trim();
      if (!trimmed || !get().api) return;
      patch({ verifyState: 'loading', verifyError: null });
      const result = await onConnected(get, (api) =>
        api.tokens.verify({ token: trimmed, key: keyRequest(keySource, keyText.trim()) }),
      );
      if (!result || get().inspector.token.trim() !== trimmed) return;
      if (result.ok) patch({ verify: result.value, verifyState: 'ready' });
      else patch({ verify: null, verifyState: 'error', verifyError: result.error.message });
    },
    async mintToken(userId) {
      patch({ minting: true });
      const minted = await callApi(get, (api) => api.tokens.mint({ userId }), {
        success: (m) => `Minted a token for a new session (${m.sessionId.slice(0, 8)}…), valid ${m.expiresIn} s.`,
        failure: 'Mint failed',
      });
      patch({ minting: false, keySource: 'ring' });
      if (minted) get().setInspectorToken(minted.accessToken);
    },
  };
};
