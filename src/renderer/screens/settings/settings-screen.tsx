import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { useStore } from '../../store/store';
import { SettingsForm } from './settings-form';

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
        subtitle="Lifetimes, timeouts, clock tolerance and algorithm. Unsafe combinations are flagged while you type; errors are refused on save. Users and their token versions are on the Users screen."
      />
      <div className="settings-grid">
        {state === 'loading' && <LoadingState label="Loading settings…" />}
        {state === 'error' && (
          <ErrorState message={error ?? 'Could not load the settings.'} onRetry={() => void load()} />
        )}
        {view && state !== 'loading' && <SettingsForm view={view} />}
      </div>
    </div>
  );
}
