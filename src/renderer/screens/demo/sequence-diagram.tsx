import { ScrollRegion } from '../../components/scroll-region';
import type { DemoStep, DemoStepOf } from '../../../shared/demo';
import { fitText } from './svg-text';

const HEAD = 34;
/**
 * Row heights: a request (its label above the arrow, the answer's status below the reply arrow),
 * an admin action (one arrow), a clock jump. Each row's texts stay inside its own band, so
 * labels of consecutive rows never overlap.
 */
const ROW_H = { request: 46, admin: 32, clock: 28 } as const;
/** Font sizes of the labels (styles/screens.css .seq-*), to cut them to the room they have. */
const LABEL_PX = 10;
const HEAD_PX = 11;
/** Long runs (the strategy comparison) show their most recent exchanges; the log keeps them all. */
const MAX_ROWS = 40;

type Row = { seq: number; kind: 'request' | 'admin' | 'clock'; step: DemoStepOf<'request' | 'admin' | 'clock'> };

/** Client(s), admin, server and store as lanes; one arrow per request or admin action, the answer below it. */
export function SequenceDiagram({ steps }: { steps: DemoStep[] }) {
  const actors = [...new Set(steps.flatMap((s) => (s.kind === 'request' ? [s.actor] : [])))];
  const lanes = [...actors, ...(steps.some((s) => s.kind === 'admin') ? ['admin'] : []), 'server', 'store'];
  // wide enough for each lane's label, never scaled up beyond its natural size
  const WIDTH = Math.min(1100, Math.max(600, lanes.length * 190));
  const gap = WIDTH / lanes.length;
  const x = (lane: string) => gap * lanes.indexOf(lane) + gap / 2;
  const all: Row[] = steps.flatMap((s) =>
    s.kind === 'request' || s.kind === 'admin' || s.kind === 'clock' ? [{ seq: s.seq, kind: s.kind, step: s }] : [],
  );
  const rows = all.slice(-MAX_ROWS);
  // each row's y: its arrow (or clock line), after the rows above it
  const tops: number[] = [];
  let y0 = HEAD + 14;
  for (const r of rows) {
    tops.push(y0);
    y0 += ROW_H[r.kind];
  }
  const height = y0;
  const start = steps[0]?.at ?? 0;

  return (
    <section className="panel" aria-labelledby="demo-seq-title">
      <header className="panel-head">
        <h2 id="demo-seq-title">Sequence</h2>
        {all.length > rows.length && (
          <span className="muted">
            last {rows.length} of {all.length}
          </span>
        )}
      </header>
      <ScrollRegion className="panel-body chart-scroll" label="Sequence diagram">
        <svg
          className="seq"
          viewBox={`0 0 ${WIDTH} ${height}`}
          width="100%"
          style={{ maxWidth: WIDTH }}
          role="img"
          aria-labelledby="demo-seq-title demo-seq-desc"
        >
          <desc id="demo-seq-desc">
            {rows.filter((r) => r.kind === 'request').length} requests between {actors.join(', ')} and the server; the
            network log lists the same steps as a table.
          </desc>
          <defs>
            <marker
              id="seq-arrow"
              viewBox="0 0 8 8"
              refX="7"
              refY="4"
              markerWidth="7"
              markerHeight="7"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L8,4 L0,8 z" fill="context-stroke" />
            </marker>
          </defs>
          {lanes.map((lane) => (
            <g key={lane}>
              <rect
                x={x(lane) - 52}
                y={4}
                width={104}
                height={22}
                rx={5}
                className={`seq-head seq-head-${lane === 'server' || lane === 'store' || lane === 'admin' ? lane : 'client'}`}
              />
              <text x={x(lane)} y={19} textAnchor="middle" className="seq-head-text">
                <title>{lane}</title>
                {fitText(lane, 96, HEAD_PX)}
              </text>
              <line x1={x(lane)} x2={x(lane)} y1={26} y2={height} className="seq-lane" />
            </g>
          ))}
          {rows.map((r, i) => {
            const y = tops[i]!;
            const s = r.step;
            if (s.kind === 'clock')
              return (
                <g key={r.seq}>
                  <line x1={8} x2={WIDTH - 8} y1={y + 4} y2={y + 4} className="seq-clock" />
                  <text x={12} y={y} className="seq-clock-text">
                    clock +{s.advanced} s (now +{s.now - start} s)
                  </text>
                </g>
              );
            const from = s.kind === 'request' ? s.actor : 'admin';
            const label =
              s.kind === 'request' ? `${s.method} ${s.path}${s.tokenLabel ? ` · ${s.tokenLabel}` : ''}` : `${s.action}`;
            const ok = s.kind === 'admin' || s.status < 300;
            const storeCalls = s.kind === 'request' ? (s.storeReads ?? 0) + (s.storeWrites ?? 0) : 1;
            const mid = (x(from) + x('server')) / 2;
            // a label has the span of its arrow: cut to it, whole in the tooltip
            const room = Math.abs(x('server') - x(from)) - 12;
            const status = s.kind === 'request' ? `${s.status}${s.reason ? ` ${s.reason}` : ''}` : '';
            const store = s.kind === 'request' ? `${s.storeReads ?? 0} read · ${s.storeWrites ?? 0} write` : 'write';
            return (
              <g key={r.seq}>
                <line x1={x(from)} x2={x('server')} y1={y} y2={y} className="seq-msg" markerEnd="url(#seq-arrow)" />
                <text x={mid} y={y - 4} textAnchor="middle" className="seq-label">
                  <title>{label}</title>
                  {fitText(label, room, LABEL_PX)}
                </text>
                {s.kind === 'request' && (
                  <>
                    <line
                      x1={x('server')}
                      x2={x(from)}
                      y1={y + 12}
                      y2={y + 12}
                      className={`seq-reply ${ok ? 'is-ok' : 'is-bad'}`}
                      markerEnd="url(#seq-arrow)"
                    />
                    <text x={mid} y={y + 25} textAnchor="middle" className={`seq-status ${ok ? 'is-ok' : 'is-bad'}`}>
                      <title>{status}</title>
                      {fitText(status, room, LABEL_PX)}
                    </text>
                  </>
                )}
                {storeCalls > 0 && (
                  <>
                    <line
                      x1={x('server')}
                      x2={x('store')}
                      y1={y + 4}
                      y2={y + 4}
                      className="seq-store"
                      markerEnd="url(#seq-arrow)"
                    />
                    <text x={(x('server') + x('store')) / 2} y={y - 1} textAnchor="middle" className="seq-label">
                      <title>{store}</title>
                      {fitText(store, gap - 12, LABEL_PX)}
                    </text>
                  </>
                )}
              </g>
            );
          })}
        </svg>
      </ScrollRegion>
    </section>
  );
}
