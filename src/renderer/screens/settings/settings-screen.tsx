import { useShallow } from 'zustand/react/shallow';
import { ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { useStore } from '../../store/store';
import { messageOf } from '../../server-state/query-client';
import { useSettings } from '../../server-state/settings';
import { SettingsForm } from './settings-form';
import { VirtualClockPanel } from './virtual-clock-panel';

export function SettingsScreen() {
  const { liveClock, sandbox } = useStore(
    useShallow((s) => ({
      liveClock: s.target === 'live' && !!s.info?.virtualClock,
      sandbox: s.target === 'sandbox',
    })),
  );
  const settings = useSettings();
  return (
    <div className="screen">
      <ScreenHeader
        title="Settings"
        subtitle="Lifetimes, timeouts, clock tolerance and algorithm. Unsafe combinations are flagged while you type; errors are refused on save. Users and their token versions are on the Users screen."
      />
      <div className="settings-grid">
        {sandbox && (
          <div className="callout callout-info" role="note" aria-label="Sandbox settings">
            Each demo run copies the live settings into the sandbox first: a change made here lasts until the next run.
          </div>
        )}
        {liveClock && <VirtualClockPanel />}
        {settings.isPending && <LoadingState label="Loading settings…" />}
        {settings.isError && <ErrorState message={messageOf(settings.error)} onRetry={() => void settings.refetch()} />}
        {settings.data && <SettingsForm view={settings.data} />}
      </div>
    </div>
  );
}
