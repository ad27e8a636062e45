import { lintSettings } from '../../../shared/settings';
import { ADMIN, type AdminServices, type DomainHandlers } from './types';

export function settingsHandlers({ settings }: Pick<AdminServices, 'settings'>): DomainHandlers<'settings'> {
  const view = () => ({ settings: settings.get(), warnings: lintSettings(settings.get()) });
  return {
    'settings.get': async () => view(),
    'settings.update': async (patch) => {
      await settings.update(patch, ADMIN);
      return view();
    },
  };
}
