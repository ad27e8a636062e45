import { useShallow } from 'zustand/react/shallow';
import type { DemoPace } from '../../../shared/demo';
import { useStore } from '../../store/store';
import { useScenarios } from '../../server-state/demo';

/** One card per scenario: title, the two-sentence explanation, and its Run button. */
export function ScenarioCards() {
  const scenarios = useScenarios().data ?? [];
  const { running, pace, run, setPace, current } = useStore(
    useShallow((s) => ({
      running: s.demo.running,
      pace: s.demo.pace,
      run: s.runScenario,
      setPace: s.setDemoPace,
      current: s.demo.view?.scenario,
    })),
  );
  return (
    <section className="panel demo-scenarios" aria-labelledby="demo-scenarios-title">
      <header className="panel-head">
        <h2 id="demo-scenarios-title">Scenarios</h2>
        <label className="field-inline">
          <span className="muted">Pace</span>
          <select value={pace} onChange={(e) => setPace(e.target.value as DemoPace)} disabled={running}>
            <option value="watch">Watch (a short pause per step)</option>
            <option value="instant">Instant</option>
          </select>
        </label>
      </header>
      <ol className="scenario-list">
        {scenarios.map((s, i) => (
          <li
            key={s.id}
            className={`scenario-card ${current === s.id ? 'is-current' : ''}`}
            aria-labelledby={`scenario-${s.id}`}
          >
            <div className="scenario-text">
              <h3 id={`scenario-${s.id}`}>
                <span className="scenario-num" aria-hidden="true">
                  {i + 1}
                </span>
                {s.title}
              </h3>
              <p>{s.explanation}</p>
              <p className="scenario-actors muted">Actors: {s.actors.join(', ')}</p>
            </div>
            <button
              type="button"
              className="btn btn-primary"
              disabled={running}
              aria-label={`Run ${s.title}`}
              onClick={() => void run(s.id, s.title)}
            >
              {running && current === s.id ? 'Running…' : 'Run'}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
