import { ScrollRegion } from '../../components/scroll-region';
import type { DemoStep, DemoStepOf } from '../../../shared/demo';
import { fitText } from './svg-text';

const WIDTH = 900;
const LABEL_W = 150;
const ROW = 22;
const TOP = 22;
const ORDER = { key: 0, session: 1, refresh: 2, access: 3 } as const;

/** Whole numbers of seconds that make 4–8 ticks over the span. */
function tickStep(span: number): number {
  for (const step of [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600]) if (span / step <= 8) return step;
  return 7200;
}

/** Sessions, refresh tokens, access tokens and keys as bars on the virtual time axis of the run. */
export function LifetimeChart({ steps }: { steps: DemoStep[] }) {
  const latest = new Map<string, DemoStepOf<'lifetime'>>();
  for (const s of steps) if (s.kind === 'lifetime') latest.set(`${s.of}:${s.label}`, s);
  const bars = [...latest.values()].sort((a, b) => ORDER[a.of] - ORDER[b.of] || a.from - b.from);
  const t0 = steps[0]?.at ?? 0;
  const t1 = Math.max(t0 + 10, steps.at(-1)?.at ?? t0, ...bars.filter((b) => b.ended).map((b) => b.to));
  const scale = (t: number) => LABEL_W + ((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0)) * (WIDTH - LABEL_W - 12);
  const height = TOP + bars.length * ROW + 8;
  const step = tickStep(t1 - t0);
  const ticks = Array.from({ length: Math.floor((t1 - t0) / step) + 1 }, (_, i) => t0 + i * step);

  return (
    <section className="panel" aria-labelledby="demo-life-title">
      <header className="panel-head">
        <h2 id="demo-life-title">Lifetimes</h2>
        <span className="muted">virtual seconds since the run began</span>
      </header>
      <ScrollRegion className="panel-body chart-scroll" label="Lifetimes chart">
        {bars.length === 0 ? (
          <p className="muted">Nothing issued yet.</p>
        ) : (
          <svg
            viewBox={`0 0 ${WIDTH} ${height}`}
            width="100%"
            style={{ maxWidth: WIDTH * 1.4 }}
            role="img"
            aria-labelledby="demo-life-title demo-life-desc"
            className="life"
          >
            <desc id="demo-life-desc">
              {bars
                .map(
                  (b) =>
                    `${b.of} ${b.label}: from +${b.from - t0} s to +${b.to - t0} s${b.ended ? `, ${b.ended}` : ''}`,
                )
                .join('; ')}
            </desc>
            {ticks.map((t) => (
              <g key={t}>
                <line x1={scale(t)} x2={scale(t)} y1={TOP - 6} y2={height} className="life-grid" />
                {/* the last tick's label ends at its line rather than running out of the chart */}
                <text x={scale(t)} y={12} textAnchor={scale(t) > WIDTH - 40 ? 'end' : 'middle'} className="life-tick">
                  +{t - t0} s
                </text>
              </g>
            ))}
            {bars.map((b, i) => {
              const y = TOP + i * ROW;
              const x1 = scale(b.from);
              const x2 = Math.max(scale(b.to), x1 + 2);
              const open = b.to > t1 && !b.ended;
              return (
                <g key={`${b.of}:${b.label}`}>
                  <text x={0} y={y + 13} className="life-label">
                    <title>{`${b.of} ${b.label}`}</title>
                    <tspan className="life-kind">{b.of}</tspan>{' '}
                    {fitText(b.label.replace(/^session of /, ''), LABEL_W - 12 - (b.of.length + 1) * 6, 11)}
                  </text>
                  <rect
                    x={x1}
                    y={y + 3}
                    width={x2 - x1}
                    height={ROW - 8}
                    rx={3}
                    className={`life-bar life-${b.of} ${b.ended ? `is-${b.ended}` : ''}`}
                  >
                    <title>{`${b.label}: +${b.from - t0} s → +${b.to - t0} s${b.ended ? ` (${b.ended})` : ''}`}</title>
                  </rect>
                  {b.ended && (
                    <text x={Math.min(x2 + 4, WIDTH - 60)} y={y + 13} className={`life-end is-${b.ended}`}>
                      {b.ended}
                    </text>
                  )}
                  {open && (
                    <text x={WIDTH - 10} y={y + 13} textAnchor="end" className="life-end">
                      →
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
        )}
      </ScrollRegion>
    </section>
  );
}
