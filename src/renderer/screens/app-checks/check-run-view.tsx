import type { CheckRun, CheckRunRequest } from '../../../shared/app-checks';
import { Badge } from '../../components/badges';
import { TableHead } from '../../components/table-head';
import { checkRows, checkSummary, fixParts, type CheckOutcome, type CheckSummary } from '../../lib/check-rows';
import { formatDuration } from '../../lib/time';
import { useServerNow } from '../../lib/use-now';
import { CheckExport } from './check-export';

const BADGES: Record<CheckOutcome, { label: string; tone: 'ok' | 'danger' | 'warn' | 'muted' | 'info' }> = {
  pass: { label: 'pass', tone: 'ok' },
  flagged: { label: 'FLAGGED accepted', tone: 'danger' },
  error: { label: 'error', tone: 'warn' },
  skipped: { label: 'skipped', tone: 'muted' },
  waiting: { label: 'waiting…', tone: 'info' },
};

/** A fix text with its `code` spans drawn as code. */
export function FixText({ text }: { text: string }) {
  return (
    <>{fixParts(text).map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>))}</>
  );
}

/** Seconds since the run started (the server's epoch seconds), ticking until it ends. */
function Elapsed({ run }: { run: CheckRun }) {
  const now = useServerNow();
  const seconds = (run.finishedAt ?? Math.max(now, run.startedAt)) - run.startedAt;
  return <span data-testid="check-elapsed">{formatDuration(seconds)} elapsed</span>;
}

const HEADLINE: Record<CheckSummary['verdict'], string> = {
  running: 'Running',
  pass: 'Every case as expected',
  fail: 'The API accepted tokens it must refuse',
  stopped: 'Stopped',
};

/** The run's progress or verdict, its stop reason, the summary line. */
function RunBanner({ run, summary }: { run: CheckRun; summary: CheckSummary }) {
  const tone =
    summary.verdict === 'running' ? 'verdict-running' : summary.verdict === 'pass' ? 'verdict-pass' : 'verdict-fail';
  return (
    <section
      className={`verdict ${tone}`}
      role="status"
      aria-live="polite"
      aria-label="Run"
      data-verdict={summary.verdict}
    >
      <div className="verdict-head">
        {summary.verdict === 'running' ? (
          <span className="spinner" aria-hidden="true" />
        ) : (
          <span className="verdict-mark" aria-hidden="true">
            {summary.verdict === 'pass' ? '✓' : '✗'}
          </span>
        )}
        <div>
          <strong>
            {HEADLINE[summary.verdict]}: {run.method} <span className="mono">{run.target}</span>
          </strong>
          <p>
            <span data-testid="check-progress">
              {summary.done} / {summary.total}
            </span>{' '}
            cases · <Elapsed run={run} /> · <span data-testid="check-summary">{summary.text}</span>
          </p>
          {summary.verdict === 'running' && (
            <progress className="check-progress" max={summary.total} value={summary.done} aria-label="Cases answered" />
          )}
          {run.stoppedReason && (
            <p className="verdict-file" role="alert" data-testid="check-stopped">
              <strong>Stopped:</strong> {run.stoppedReason}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}

/** One run: its banner, then one row per case in the order they are sent. */
export function CheckRunView({ run, request }: { run: CheckRun; request?: CheckRunRequest }) {
  const summary = checkSummary(run);
  return (
    <div className="check-run">
      <RunBanner run={run} summary={summary} />
      <div className="check-run-actions">
        <CheckExport run={run} request={request} />
      </div>
      <div className="table-box">
        <table className="table table-compact check-table" aria-label="Cases">
          <TableHead columns={['Case', 'Expected', 'API answered', 'Verdict']} />
          <tbody>
            {checkRows(run).map((row) => (
              <tr key={row.case} data-case={row.case} data-outcome={row.outcome}>
                <td>
                  <div>{row.label}</div>
                  <div className="muted small mono">{row.case}</div>
                  {row.fix && (
                    <p className="check-fix" data-testid="check-fix">
                      <strong>Fix:</strong> <FixText text={row.fix} />
                    </p>
                  )}
                  {row.note && <p className="muted small">{row.note}</p>}
                </td>
                <td>{row.expected}</td>
                <td>
                  {row.status === null ? <span className="muted">—</span> : <span className="mono">{row.status}</span>}
                  {row.wwwAuthenticate && <div className="muted small mono check-www">{row.wwwAuthenticate}</div>}
                </td>
                <td>
                  <Badge value={row.outcome} tone={BADGES[row.outcome].tone} label={BADGES[row.outcome].label} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
