import type { AuthSettings } from '../../shared/settings';
import type { Slice } from './types';

export type EditableSettings = Omit<AuthSettings, 'issuer'>;

/**
 * The Settings form's UI state. The settings themselves are a query (server-state/settings.ts);
 * the form's unsaved edits live in the form, the slice only knows whether there are any, so a
 * pushed change never overwrites what the admin is typing.
 */
export interface SettingsSlice {
  settingsDirty: boolean;
  /** Set when another admin changed the settings while this form had unsaved edits. */
  settingsChangedElsewhere: boolean;
  setSettingsDirty(dirty: boolean): void;
  /** The server copy moved: true when it may be reloaded, false (and flagged) under unsaved edits. */
  noteSettingsChanged(): boolean;
  /** Saved, or edits discarded: the form again follows the server copy. */
  settingsSaved(): void;
}

export const createSettingsSlice: Slice<SettingsSlice> = (set, get) => ({
  settingsDirty: false,
  settingsChangedElsewhere: false,
  setSettingsDirty(dirty) {
    if (dirty !== get().settingsDirty) set({ settingsDirty: dirty });
  },
  noteSettingsChanged() {
    if (!get().settingsDirty) return true;
    set({ settingsChangedElsewhere: true });
    return false;
  },
  settingsSaved() {
    set({ settingsDirty: false, settingsChangedElsewhere: false });
  },
});
