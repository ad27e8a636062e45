import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Panel } from '../../components/states';
import { formatDateTime } from '../../lib/time';
import { useServerNow } from '../../lib/use-now';
import { clockNow } from '../../store/clock-slice';
import { useStore } from '../../store/store';

/**
 * The live instance's virtual clock, when it was started with one (`--virtual-clock`, for test
 * suites that drive its time): where it stands, and the way back to real time. The sandbox's
 * clock is the demo lab's, not this.
 */
export function VirtualClockPanel() {
  const { view, readAt, read, reset } = useStore(
    useShallow((s) => ({ view: s.clock.view, readAt: s.clock.readAt, read: s.readClock, reset: s.resetClock })),
  );
  useServerNow(); // re-render every second
  useEffect(() => {
    void read();
  }, [read]);
  const now = view ? clockNow(view, readAt) : null;
  return (
    <Panel title="Virtual clock" labelledBy="settings-clock-title" className="settings-clock">
      <div className="stack">
        <p className="muted small">
          This instance was started with a virtual clock (<code>--virtual-clock</code>, or{' '}
          <code>GATEHOUSE_VIRTUAL_CLOCK=1</code> for <code>npm start</code>): a test suite can move its time through the
          admin API. Going back to real time leaves tokens and sessions dated in the virtual future as they are.
        </p>
        {view && (
          <div className="inline-form">
            <output className="clock-now mono" aria-label="Live instance time" data-now={now ?? undefined}>
              {formatDateTime(now)}
            </output>
            <span className={`badge ${view.paused ? 'badge-warn' : 'badge-ok'}`}>
              {view.paused ? 'paused' : `running ${view.rate}×`}
            </span>
            <button type="button" className="btn" onClick={() => void reset()}>
              Back to real time
            </button>
          </div>
        )}
      </div>
    </Panel>
  );
}
