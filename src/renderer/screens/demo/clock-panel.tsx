import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatDateTime } from '../../lib/time';
import { useServerNow } from '../../lib/use-now';
import { useStore } from '../../store/store';

const RATES = [1, 10, 60, 600];

/** The virtual clock: where it stands, how fast it runs, and jumps forward. */
export function ClockPanel({ enabled }: { enabled: boolean }) {
  const { clock, readAt, running, read, setClock, advance } = useStore(
    useShallow((s) => ({
      clock: s.demo.clock,
      readAt: s.demo.clockReadAt,
      running: s.demo.running,
      read: s.readClock,
      setClock: s.setClock,
      advance: s.advanceClock,
    })),
  );
  useServerNow(); // re-render every second
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => void read(), 5000);
    return () => clearInterval(timer);
  }, [enabled, read]);
  const now = clock ? Math.floor(clock.now + (clock.paused ? 0 : ((Date.now() - readAt) / 1000) * clock.rate)) : null;

  return (
    <section className="panel demo-clock" aria-labelledby="demo-clock-title">
      <header className="panel-head">
        <h2 id="demo-clock-title">Virtual clock</h2>
        {clock && (
          <span className={`badge ${clock.paused ? 'badge-warn' : 'badge-ok'}`}>
            {clock.paused ? 'paused' : `running ${clock.rate}×`}
          </span>
        )}
      </header>
      <div className="panel-body stack">
        {!enabled || !clock ? (
          <p className="muted">Off. Every service uses the real time.</p>
        ) : (
          <>
            <output className="clock-now mono" aria-label="Virtual time" data-now={now ?? undefined}>
              {formatDateTime(now)}
            </output>
            <div className="inline-form">
              <label className="field-inline">
                <span>Rate</span>
                <select
                  aria-label="Clock rate"
                  value={clock.rate}
                  disabled={running}
                  onChange={(e) => void setClock({ rate: Number(e.target.value) })}
                >
                  {[...new Set([...RATES, clock.rate])]
                    .sort((a, b) => a - b)
                    .map((r) => (
                      <option key={r} value={r}>
                        {r}×
                      </option>
                    ))}
                </select>
              </label>
              <button
                type="button"
                className="btn"
                disabled={running}
                onClick={() => void setClock({ paused: !clock.paused })}
              >
                {clock.paused ? 'Resume' : 'Pause'}
              </button>
            </div>
            <div className="inline-form">
              <button type="button" className="btn" disabled={running} onClick={() => void advance(60)}>
                +1 min
              </button>
              <button type="button" className="btn" disabled={running} onClick={() => void advance(600)}>
                +10 min
              </button>
            </div>
            <p className="muted small">
              A run holds the clock still and moves it itself; jumps run the expiry sweeps at once.
            </p>
          </>
        )}
      </div>
    </section>
  );
}
