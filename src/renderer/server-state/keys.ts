import { queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { KeyImpact } from '../../shared/admin-views';
import type { KeyAlgName } from '../../shared/settings';
import { formatDateTime } from '../lib/time';
import type { ConsoleTarget } from '../store/app-slice';
import { useStore } from '../store/store';
import { onInstance, useAdminMutation, useDomainBusy, useInstance } from './admin-query';
import { callAdmin, messageOf } from './query-client';
import { queryKeys } from './query-keys';

/** The ring and its published JWKS, one answer: a JWKS that fails to load leaves the ring shown. */
export const keyRingQuery = (instance: ConsoleTarget) =>
  queryOptions({
    queryKey: queryKeys.keys(instance),
    queryFn: async () => {
      const [keys, jwks] = await Promise.allSettled([
        onInstance(instance, (api) => api.keys.list({}))(),
        onInstance(instance, (api) => api.keys.jwks({}))(),
      ]);
      if (keys.status === 'rejected') throw keys.reason;
      return { keys: keys.value, jwks: jwks.status === 'fulfilled' ? jwks.value : null };
    },
  });

export const useKeyRing = () => useQuery(keyRingQuery(useInstance()));

/** Every change is followed by a reload of both lists: the ring and its published JWKS. */
const keyChange = { domain: 'keys', invalidates: (i: ConsoleTarget) => [queryKeys.keys(i)] };

/** The Keys screen's changes, each with its toast; `busy` while any of them runs. */
export function useKeyActions() {
  const generate = useAdminMutation({
    ...keyChange,
    run: (api, alg: KeyAlgName) => api.keys.generate({ alg }),
    success: (k) => `Generated ${k.alg} key ${k.kid} (pending).`,
    failure: 'Generate failed',
  });
  const importKey = useAdminMutation({
    ...keyChange,
    run: (api, v: { alg: KeyAlgName; material: string }) => api.keys.import(v),
    success: (k, v) => `Imported ${v.alg} key ${k.kid} (pending).`,
  });
  const rotate = useAdminMutation({
    ...keyChange,
    run: (api, kid: string | undefined) => api.keys.rotate(kid ? { kid } : {}),
    success: (k) => `Rotated: ${k.kid} (${k.alg}) now signs.`,
    failure: 'Rotate failed',
  });
  const schedule = useAdminMutation({
    ...keyChange,
    run: (api, v: { at: number | null; kid?: string }) => api.keys.schedule(v.kid ? v : { at: v.at }),
    success: (k, v) =>
      v.at === null
        ? `Scheduled rotation of ${k.kid} cleared.`
        : `${k.kid} will start signing at ${formatDateTime(v.at)}.`,
    failure: 'Schedule failed',
  });
  const retire = useAdminMutation({
    ...keyChange,
    run: (api, kid: string) => api.keys.retire({ kid }),
    success: (_, kid) => `${kid} retired: unpublished, private key destroyed.`,
    failure: 'Retire failed',
  });
  const revoke = useAdminMutation({
    ...keyChange,
    run: (api, v: { kid: string; reason: string }) => api.keys.revoke({ kid: v.kid, reason: v.reason || undefined }),
    success: (_, v) => `${v.kid} revoked: its tokens are rejected from now on.`,
    failure: 'Revoke failed',
  });
  const instance = useInstance();
  // stable, since dialogs read it afresh in an effect each time they open
  const previewKeyImpact = useCallback(
    async (kid: string): Promise<KeyImpact | string> =>
      callAdmin(useStore.getState().apis?.[instance], (api) => api.keys.impact({ kid })).catch(messageOf),
    [instance],
  );
  return {
    busy: useDomainBusy('keys'),
    generateKey: async (alg: KeyAlgName) => void (await generate.run(alg)),
    /** The server's refusal, or null once imported. */
    importKey: async (alg: KeyAlgName, material: string) => {
      const result = await importKey.attempt({ alg, material });
      return 'error' in result ? result.error : null;
    },
    /** Promotes `kid`, or the next pending key; true once done. */
    rotateKeys: async (kid?: string) => !!(await rotate.run(kid)),
    /** Schedules `kid` (or the next pending key) at `at`; `null` clears its schedule. True once done. */
    scheduleRotation: async (at: number | null, kid?: string) => !!(await schedule.run({ at, kid })),
    retireKey: async (kid: string) => void (await retire.run(kid)),
    revokeKey: async (kid: string, reason: string) => !!(await revoke.run({ kid, reason })),
    /** What revoking or rotating `kid` would end: read when a dialog opens, never cached. */
    previewKeyImpact,
  };
}
