import type { JwksView, KeyImpact, KeyView } from '../../shared/admin-views';
import type { KeyAlgName } from '../../shared/settings';
import { formatDateTime } from '../lib/time';
import { callApi, callOrError } from './call';
import type { LoadState, Slice } from './types';

export interface KeysState {
  keys: KeyView[];
  jwks: JwksView | null;
  state: LoadState;
  error: string | null;
  busy: boolean;
}

export interface KeysSlice {
  keyRing: KeysState;
  loadKeys(quiet?: boolean): Promise<void>;
  generateKey(alg: KeyAlgName): Promise<void>;
  importKey(alg: KeyAlgName, material: string): Promise<string | null>;
  /** Promotes `kid`, or the next pending key; true once done. */
  rotateKeys(kid?: string): Promise<boolean>;
  /** Schedules `kid` (or the next pending key) at `at`; `null` clears its schedule. True once done. */
  scheduleRotation(at: number | null, kid?: string): Promise<boolean>;
  retireKey(kid: string): Promise<void>;
  previewKeyImpact(kid: string): Promise<KeyImpact | string>;
  revokeKey(kid: string, reason: string): Promise<boolean>;
}

export const createKeysSlice: Slice<KeysSlice> = (set, get) => {
  const patch = (p: Partial<KeysState>) => set((s) => ({ keyRing: { ...s.keyRing, ...p } }));
  /** Every mutation is followed by a reload of both lists: the ring and its published JWKS. */
  const mutate = async <T>(
    run: Parameters<typeof callApi<T>>[1],
    success: string | ((v: T) => string),
    failure: string,
  ) => {
    patch({ busy: true });
    const value = await callApi(get, run, { success, failure });
    patch({ busy: false });
    if (value) await get().loadKeys(true);
    return value;
  };
  return {
    keyRing: { keys: [], jwks: null, state: 'idle', error: null, busy: false },
    async loadKeys(quiet) {
      if (quiet && get().keyRing.state === 'idle') return;
      if (!quiet) patch({ state: 'loading', error: null });
      const [keys, jwks] = await Promise.all([
        callOrError(get, (api) => api.keys.list({})),
        callOrError(get, (api) => api.keys.jwks({})),
      ]);
      if ('error' in keys) return quiet ? undefined : patch({ state: 'error', error: keys.error });
      patch({ keys: keys.value, jwks: 'value' in jwks ? jwks.value : null, state: 'ready', error: null });
    },
    async generateKey(alg) {
      await mutate(
        (api) => api.keys.generate({ alg }),
        (k) => `Generated ${k.alg} key ${k.kid} (pending).`,
        'Generate failed',
      );
    },
    async importKey(alg, material) {
      patch({ busy: true });
      const result = await callOrError(get, (api) => api.keys.import({ alg, material }));
      patch({ busy: false });
      if ('error' in result) return result.error;
      get().notify('success', `Imported ${alg} key ${result.value.kid} (pending).`);
      await get().loadKeys(true);
      return null;
    },
    async rotateKeys(kid) {
      return !!(await mutate(
        (api) => api.keys.rotate(kid ? { kid } : {}),
        (k) => `Rotated: ${k.kid} (${k.alg}) now signs.`,
        'Rotate failed',
      ));
    },
    async scheduleRotation(at, kid) {
      return !!(await mutate(
        (api) => api.keys.schedule(kid ? { at, kid } : { at }),
        (k) =>
          at === null
            ? `Scheduled rotation of ${k.kid} cleared.`
            : `${k.kid} will start signing at ${formatDateTime(at)}.`,
        'Schedule failed',
      ));
    },
    async retireKey(kid) {
      await mutate(
        (api) => api.keys.retire({ kid }),
        () => `${kid} retired: unpublished, private key destroyed.`,
        'Retire failed',
      );
    },
    async previewKeyImpact(kid) {
      const result = await callOrError(get, (api) => api.keys.impact({ kid }));
      return 'value' in result ? result.value : result.error;
    },
    async revokeKey(kid, reason) {
      return !!(await mutate(
        (api) => api.keys.revoke({ kid, reason: reason || undefined }),
        () => `${kid} revoked: its tokens are rejected from now on.`,
        'Revoke failed',
      ));
    },
  };
};
