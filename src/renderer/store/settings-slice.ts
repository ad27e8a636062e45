import type { SettingsView } from '../../shared/admin-views';
import type { AuthSettings } from '../../shared/settings';
import { callOrError } from './call';
import type { LoadState, Slice } from './types';

export type EditableSettings = Omit<AuthSettings, 'issuer'>;

export interface SettingsState {
  view: SettingsView | null;
  state: LoadState;
  error: string | null;
  saving: boolean;
  saveError: string | null;
  /** Set when another admin changed the settings while this form had unsaved edits. */
  changedElsewhere: boolean;
}

export interface SettingsSlice {
  settings: SettingsState;
  /** The form's unsaved edits live in the form; the slice only knows whether there are any. */
  settingsDirty: boolean;
  setSettingsDirty(dirty: boolean): void;
  loadSettings(quiet?: boolean): Promise<void>;
  saveSettings(patch: Partial<EditableSettings>): Promise<boolean>;
}

export const createSettingsSlice: Slice<SettingsSlice> = (set, get) => {
  const patch = (p: Partial<SettingsState>) => set((s) => ({ settings: { ...s.settings, ...p } }));
  return {
    settings: { view: null, state: 'idle', error: null, saving: false, saveError: null, changedElsewhere: false },
    settingsDirty: false,
    setSettingsDirty(dirty) {
      if (dirty !== get().settingsDirty) set({ settingsDirty: dirty });
    },
    async loadSettings(quiet) {
      if (quiet && get().settings.state === 'idle') return;
      // never overwrite what the admin is typing; say that the server copy moved instead
      if (quiet && get().settingsDirty) return patch({ changedElsewhere: true });
      if (!quiet) patch({ state: 'loading', error: null });
      const result = await callOrError(get, (api) => api.settings.get({}));
      if ('value' in result) patch({ view: result.value, state: 'ready', error: null, changedElsewhere: false });
      else if (!quiet) patch({ state: 'error', error: result.error });
    },
    async saveSettings(changes) {
      patch({ saving: true, saveError: null });
      const result = await callOrError(get, (api) => api.settings.update(changes));
      if ('error' in result) {
        patch({ saving: false, saveError: result.error });
        return false;
      }
      patch({ saving: false, view: result.value, changedElsewhere: false });
      set({ settingsDirty: false });
      get().notify('success', 'Settings saved.');
      return true;
    },
  };
};
