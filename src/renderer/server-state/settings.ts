import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { SettingsView } from '../../shared/admin-views';
import type { EditableSettings } from '../store/settings-slice';
import type { ConsoleTarget } from '../store/app-slice';
import { useStore } from '../store/store';
import { onInstance, useAdminMutation, useInstance } from './admin-query';
import { queryKeys } from './query-keys';

export const settingsQuery = (instance: ConsoleTarget) =>
  queryOptions({
    queryKey: queryKeys.settings(instance),
    queryFn: onInstance(instance, (api) => api.settings.get({})),
  });

export const useSettings = () => useQuery(settingsQuery(useInstance()));

/** The settings if a screen already read them, without reading them for this one. */
export const useCachedSettings = (): SettingsView | undefined =>
  useQuery({ ...settingsQuery(useInstance()), enabled: false }).data;

/** Saving the form: the answer is the new server copy, so nothing is read again. */
export function useSaveSettings() {
  const instance = useInstance();
  const queryClient = useQueryClient();
  const save = useAdminMutation({
    domain: 'settings',
    run: (api, changes: Partial<EditableSettings>) => api.settings.update(changes),
    success: 'Settings saved.',
  });
  return {
    saving: save.pending,
    saveError: save.error,
    async saveSettings(changes: Partial<EditableSettings>): Promise<boolean> {
      const result = await save.attempt(changes);
      if ('error' in result) return false;
      queryClient.setQueryData(queryKeys.settings(instance), result.value);
      useStore.getState().settingsSaved();
      return true;
    },
  };
}
