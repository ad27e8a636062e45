import type { CheckRun } from '../../../shared/app-checks';
import { checkSummary, orderRuns } from '../../lib/check-rows';
import { formatDateTime, formatDateTimeCompact } from '../../lib/time';

/** The kept runs, the current target's first; choosing one shows it. */
export function CheckHistory({
  runs,
  target,
  selectedId,
  onSelect,
}: {
  runs: CheckRun[];
  target: string | null;
  selectedId: string | null;
  onSelect(runId: string): void;
}) {
  if (runs.length === 0) return <p className="muted small">No runs kept yet.</p>;
  return (
    <ul className="check-history" aria-label="Kept runs">
      {orderRuns(runs, target).map((run) => {
        const summary = checkSummary(run);
        return (
          <li key={run.id}>
            <button
              type="button"
              className={`check-history-item ${run.id === selectedId ? 'is-current' : ''}`}
              aria-current={run.id === selectedId ? 'true' : undefined}
              data-run-id={run.id}
              onClick={() => onSelect(run.id)}
            >
              <span className="mono cut" title={`${run.method} ${run.target}`}>
                {run.method} {run.target}
              </span>
              <span className="muted small" title={formatDateTime(run.startedAt)}>
                {formatDateTimeCompact(run.startedAt)} · {summary.verdict} · {summary.text}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
