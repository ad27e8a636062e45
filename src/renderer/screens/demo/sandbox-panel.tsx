import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { formatDateTime } from '../../lib/time';
import { useServerNow } from '../../lib/use-now';
import { clockNow } from '../../store/clock-slice';
import { useStore } from '../../store/store';

const RATES = [1, 10, 60, 600];

/**
 * The sandbox the scenarios run in: whether it is running, its auth server, its virtual clock
 * (where it stands, how fast it runs, jumps forward), a way to show it in the usual screens, and
 * a reset.
 */
export function SandboxPanel() {
  const { sandbox, readAt, running, resetting, target, load, setClock, advance, reset, switchTarget, setScreen } =
    useStore(
      useShallow((s) => ({
        sandbox: s.demo.sandbox,
        readAt: s.demo.sandboxReadAt,
        running: s.demo.running,
        resetting: s.demo.resetting,
        target: s.target,
        load: s.loadSandbox,
        setClock: s.setSandboxClock,
        advance: s.advanceSandboxClock,
        reset: s.resetSandbox,
        switchTarget: s.switchTarget,
        setScreen: s.setScreen,
      })),
    );
  const [confirming, setConfirming] = useState(false);
  useServerNow(); // re-render every second
  useEffect(() => {
    // a clock moved from another console shows here within seconds; asking never starts the sandbox
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [load]);
  const clock = sandbox?.clock ?? null;
  const now = clock ? clockNow(clock, readAt) : null;

  return (
    <section className="panel demo-sandbox" aria-labelledby="demo-sandbox-title">
      <header className="panel-head">
        <h2 id="demo-sandbox-title">Sandbox</h2>
        {sandbox && (
          <span className={`badge ${sandbox.running ? 'badge-ok' : 'badge-muted'}`} data-testid="sandbox-state">
            {sandbox.running ? 'running' : 'not started'}
          </span>
        )}
      </header>
      <div className="panel-body stack">
        <p className="muted small">
          The scenarios run in a second Gatehouse with its own store, keys, users and virtual clock. Each run starts
          from the live settings; the live instance is never touched.
        </p>
        {!sandbox?.running || !clock ? (
          <p className="muted">Not started: the first run starts it.</p>
        ) : (
          <>
            <dl className="sandbox-facts">
              <dt>Auth server</dt>
              <dd className="mono cut" title={sandbox.authUrl ?? undefined}>
                {sandbox.authUrl?.replace(/^https?:\/\//, '')}
              </dd>
              <dt>Clock</dt>
              <dd>
                <span className={`badge ${clock.paused ? 'badge-warn' : 'badge-ok'}`}>
                  {clock.paused ? 'paused' : `running ${clock.rate}×`}
                </span>
              </dd>
            </dl>
            <output className="clock-now mono" aria-label="Sandbox time" data-now={now ?? undefined}>
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
        <div className="inline-form">
          {target === 'live' ? (
            <button
              type="button"
              className="btn"
              onClick={() => {
                setScreen('sessions');
                void switchTarget('sandbox');
              }}
            >
              Open the sandbox
            </button>
          ) : (
            <span className="muted small">The console shows the sandbox.</span>
          )}
          <button
            type="button"
            className="btn btn-danger"
            disabled={running || resetting || !sandbox?.running}
            onClick={() => setConfirming(true)}
          >
            Reset sandbox…
          </button>
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Reset the sandbox?"
        confirmLabel="Reset sandbox"
        danger
        busy={resetting}
        onCancel={() => setConfirming(false)}
        onConfirm={async () => {
          await reset();
          setConfirming(false);
        }}
      >
        <p>
          The sandbox is closed and its data deleted: its sessions, keys, users, denylist and audit log. The next run
          starts a fresh one. The live instance is not touched.
        </p>
      </ConfirmDialog>
    </section>
  );
}
