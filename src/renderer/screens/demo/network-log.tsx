import { ScrollRegion } from '../../components/scroll-region';
import { useEffect, useRef } from 'react';
import type { DemoStep } from '../../../shared/demo';
import { Badge } from '../../components/badges';
import { TableHead } from '../../components/table-head';

const statusTone = (status: number) => (status < 300 ? 'ok' : status < 500 ? 'danger' : 'warn');

/** Every request the clients sent (and every admin action), in order, as a browser's network panel would list them. */
export function NetworkLog({ steps }: { steps: DemoStep[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const start = steps[0]?.at ?? 0;
  const rows = steps.filter((s) => s.kind === 'request' || s.kind === 'admin');
  useEffect(() => {
    const el = scroller.current;
    // follow the run while the reader is at the bottom; leave them be when they scrolled up
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 120) el.scrollTop = el.scrollHeight;
  }, [rows.length]);
  return (
    <section className="panel" aria-labelledby="demo-log-title">
      <header className="panel-head">
        <h2 id="demo-log-title">Network log</h2>
        <span className="muted">{rows.filter((r) => r.kind === 'request').length} requests</span>
      </header>
      <ScrollRegion className="demo-log" label="Network log entries" ref={scroller}>
        <table className="table table-compact" aria-labelledby="demo-log-title">
          <TableHead columns={['Time', 'Who', 'Method', 'Path', 'Status', 'Token', 'Why rejected / detail', 'Store']} />
          <tbody>
            {rows.map((s) =>
              s.kind === 'request' ? (
                <tr key={s.seq} data-seq={s.seq} data-status={s.status}>
                  <td className="mono">+{s.at - start} s</td>
                  <td>{s.actor}</td>
                  <td className="mono">{s.method}</td>
                  <td className="mono">{s.path}</td>
                  <td>
                    <Badge value={String(s.status)} tone={statusTone(s.status)} />
                  </td>
                  <td>{s.tokenLabel ?? '—'}</td>
                  <td>
                    {s.reason && <code className="reason">{s.reason}</code>} <span className="muted">{s.detail}</span>
                  </td>
                  <td className="mono muted">
                    {s.storeReads === null ? '—' : `${s.storeReads} r / ${s.storeWrites ?? 0} w`}
                  </td>
                </tr>
              ) : s.kind === 'admin' ? (
                <tr key={s.seq} data-seq={s.seq} className="log-admin">
                  <td className="mono">+{s.at - start} s</td>
                  <td>admin</td>
                  <td colSpan={6}>
                    <strong>{s.action}</strong> · {s.target}
                  </td>
                </tr>
              ) : null,
            )}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
