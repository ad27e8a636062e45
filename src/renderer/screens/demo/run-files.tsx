import { useShallow } from 'zustand/react/shallow';
import { downloadText } from '../../lib/download';
import { useStore } from '../../store/store';

/** Record and replay: a run saved as JSON, and loaded back to replay without the server (its verdict recomputed from its steps). */
export function RunFiles() {
  const { lastRun, running, replay, notify } = useStore(
    useShallow((s) => ({ lastRun: s.demo.lastRun, running: s.demo.running, replay: s.replayRun, notify: s.notify })),
  );
  return (
    <>
      <button
        type="button"
        className="btn"
        disabled={!lastRun || running}
        onClick={() =>
          lastRun &&
          downloadText(`gatehouse-demo-${lastRun.scenario}-${lastRun.id}.json`, JSON.stringify(lastRun, null, 2))
        }
      >
        Save run
      </button>
      <label className={`btn ${running ? 'is-disabled' : ''}`}>
        Load run
        <input
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          disabled={running}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            const error = replay(await file.text());
            notify(
              error ? 'error' : 'info',
              error ?? `Replaying ${file.name}: no server calls, the same steps, the verdict recomputed from them.`,
            );
          }}
        />
      </label>
    </>
  );
}
