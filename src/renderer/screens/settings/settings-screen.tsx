import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { useStore } from '../../store/store';
import { SettingsForm } from './settings-form';
import { UsersPanel } from './users-panel';

export function SettingsScreen() {
  const { view, state, error, load } = useStore(
    useShallow((s) => ({
      view: s.settings.view,
      state: s.settings.state,
      error: s.settings.error,
      load: s.loadSettings,
    })),
  );
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="screen">
      <ScreenHeader
        title="Settings"
        subtitle="Lifetimes, timeouts, clock tolerance and algorithm. Unsafe combinations are flagged while you type; errors are refused on save."
      />
      <div className="settings-grid">
        <div>
          {state === 'loading' && <LoadingState label="Loading settings…" />}
          {state === 'error' && (
            <ErrorState message={error ?? 'Could not load the settings.'} onRetry={() => void load()} />
          )}
          {view && state !== 'loading' && <SettingsForm view={view} />}
        </div>
        <UsersPanel />
      </div>
    </div>
  );
}
