import type { DemoStep } from '../../../shared/demo';
import { measureStrategies, type StrategyMeasure } from '../../../shared/demo-verdicts';
import { countOf } from '../../lib/plural';

const WIDTH = 520;
const LABEL_W = 130;
const ROW = 28;

interface Bars {
  title: string;
  id: string;
  note: string;
  value: (r: StrategyMeasure) => number;
  text: (r: StrategyMeasure) => string;
  /** Maps a value onto 0–1 of the bar length. */
  scale: (v: number, max: number) => number;
}

function BarChart({ rows, bars }: { rows: StrategyMeasure[]; bars: Bars }) {
  const max = Math.max(...rows.map(bars.value), 1);
  const height = rows.length * ROW + 8;
  return (
    <figure className="bar-chart">
      <figcaption id={`${bars.id}-title`}>
        <strong>{bars.title}</strong> <span className="muted">{bars.note}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        style={{ maxWidth: WIDTH * 1.2 }}
        role="img"
        aria-labelledby={`${bars.id}-title ${bars.id}-desc`}
      >
        <desc id={`${bars.id}-desc`}>{rows.map((r) => `${r.label}: ${bars.text(r)}`).join('; ')}</desc>
        {rows.map((r, i) => {
          const y = i * ROW + 4;
          const w = bars.scale(bars.value(r), max) * (WIDTH - LABEL_W - 130);
          return (
            <g key={r.strategy} data-strategy={r.strategy}>
              <text x={LABEL_W - 8} y={y + 15} textAnchor="end" className="bar-label">
                {r.label}
              </text>
              <rect
                x={LABEL_W}
                y={y + 3}
                width={Math.max(w, 2)}
                height={ROW - 10}
                rx={3}
                className={`bar ${r.strategy === 'hybrid' ? 'bar-hybrid' : ''}`}
              />
              <text x={LABEL_W + Math.max(w, 2) + 6} y={y + 15} className="bar-value">
                {bars.text(r)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** One API call's cost all in: its own store calls and its share of the client's refreshes. */
const READS: Bars = {
  title: 'Store reads per request, refreshes included',
  id: 'chart-reads',
  note: "store calls the server counted for each API call plus its share of the client's refreshes (logins not counted); get/list/count calls are reads, the others writes",
  value: (r) => r.readsPerRequest,
  text: (r) =>
    `${r.readsPerRequest}${r.writesPerRequest ? ` (+${countOf(r.writesPerRequest, 'write')})` : ''}${r.refreshes ? `, ${countOf(r.refreshes, 'refresh', 'refreshes')}` : ''}`,
  scale: (v, max) => v / max,
};
const WINDOW: Bars = {
  title: 'Revocation window',
  id: 'chart-window',
  note: 'virtual seconds a revoked user could still act (log scale)',
  value: (r) => r.windowSeconds ?? r.boundSeconds,
  text: (r) => (r.windowSeconds === null ? `> ${r.boundSeconds} s` : `${r.windowSeconds} s`),
  scale: (v, max) => Math.log10(1 + v) / Math.log10(1 + max),
};

/**
 * Scenario 6's result: both measurements side by side, one bar per strategy, computed from the
 * recorded requests by the rules the verdict uses (so a replay draws what its steps say).
 */
export function StrategyChart({ steps }: { steps: DemoStep[] }) {
  const rows = measureStrategies(steps);
  return (
    <section className="panel" aria-labelledby="demo-strategy-title">
      <header className="panel-head">
        <h2 id="demo-strategy-title">Strategy comparison</h2>
      </header>
      <div className="panel-body strategy-charts">
        <BarChart rows={rows} bars={READS} />
        <BarChart rows={rows} bars={WINDOW} />
      </div>
    </section>
  );
}
