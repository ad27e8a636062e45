import { lintSettings } from '../../../shared/settings';
import { ADMIN, type AdminContext, type DomainHandlers } from './types';

export function settingsHandlers({ gatehouse: g }: AdminContext): DomainHandlers<'settings'> {
  const view = () => ({ settings: g.settings.get(), warnings: lintSettings(g.settings.get()) });
  return {
    'settings.get': async () => view(),
    'settings.update': async (patch) => {
      await g.settings.update(patch, ADMIN);
      return view();
    },
  };
}
