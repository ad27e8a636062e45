import { useIsMutating, useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { AdminApi, AdminResult } from '../../shared/admin-api';
import type { ConsoleTarget } from '../store/app-slice';
import { useStore } from '../store/store';
import { callAdmin, messageOf } from './query-client';

/** The instance the console shows: the first part of every query key a screen reads. */
export const useInstance = (): ConsoleTarget => useStore((s) => s.target);

/** A query function on one instance's AdminApi, whichever the console shows when it runs. */
export const onInstance =
  <T>(instance: ConsoleTarget, run: (api: AdminApi) => Promise<AdminResult<T>>) =>
  (): Promise<T> =>
    callAdmin(useStore.getState().apis?.[instance], run);

export interface AdminMutationSpec<V, T> {
  /** The domain it changes: `useDomainBusy` is true while any of its changes is under way. */
  domain?: string;
  run(api: AdminApi, vars: V): Promise<AdminResult<T>>;
  /** The toast once done. */
  success?: string | ((value: T, vars: V) => string);
  /** Prefix of the error toast (`run` only; `attempt` hands the message back). */
  failure?: string | ((vars: V) => string);
  /** What the change makes out of date on its instance; refetched before the mutation resolves. */
  invalidates?(instance: ConsoleTarget, value: T, vars: V): QueryKey[];
}

export interface AdminMutation<V, T> {
  /** The value, or null once the refusal was shown as a toast. */
  run(vars: V): Promise<T | null>;
  /** The value, or the refusal's message for a form to show next to itself. */
  attempt(vars: V): Promise<{ value: T } | { error: string }>;
  pending: boolean;
  /** The last refusal's message, until the next attempt starts. */
  error: string | null;
}

/**
 * A change on the shown instance through `useMutation`: its success toast, then what it made out
 * of date reloaded. If the console switched instance meanwhile, the answer belongs to the instance
 * shown before: no toast, nothing reloaded, and `run` resolves to null.
 */
export function useAdminMutation<V, T>(spec: AdminMutationSpec<V, T>): AdminMutation<V, T> {
  const instance = useInstance();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationKey: spec.domain ? [instance, spec.domain] : undefined,
    mutationFn: async (vars: V) => {
      const epoch = useStore.getState().epoch;
      const value = await callAdmin(useStore.getState().apis?.[instance], (api) => spec.run(api, vars));
      return { value, current: useStore.getState().epoch === epoch };
    },
    onSuccess: async ({ value, current }, vars) => {
      if (!current) return;
      if (spec.success)
        useStore
          .getState()
          .notify('success', typeof spec.success === 'function' ? spec.success(value, vars) : spec.success);
      const keys = spec.invalidates?.(instance, value, vars) ?? [];
      await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
  });
  const attempt = async (vars: V): Promise<{ value: T } | { error: string }> => {
    try {
      return { value: (await mutation.mutateAsync(vars)).value };
    } catch (error) {
      return { error: messageOf(error) };
    }
  };
  return {
    pending: mutation.isPending,
    error: mutation.error ? messageOf(mutation.error) : null,
    attempt,
    async run(vars) {
      try {
        const { value, current } = await mutation.mutateAsync(vars);
        return current ? value : null;
      } catch (error) {
        const failure = typeof spec.failure === 'function' ? spec.failure(vars) : spec.failure;
        useStore.getState().notify('error', `${failure ? `${failure}: ` : ''}${messageOf(error)}`);
        return null;
      }
    },
  };
}

/** True while a change of `domain` on the shown instance is under way (one busy flag per screen). */
export function useDomainBusy(domain: string): boolean {
  return useIsMutating({ mutationKey: [useInstance(), domain] }) > 0;
}
