import { countOf } from '../../lib/plural';
import type { DemoView } from '../../store/demo-slice';

/** The run's outcome, or that it is still going; the checks say what was measured. A replay's is recomputed from its steps. */
export function VerdictBanner({ view }: { view: DemoView }) {
  const source = view.source === 'replay' ? ' (replay)' : '';
  if (!view.verdict) {
    return (
      <div className="verdict verdict-running" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        <span>
          {view.source === 'replay' ? 'Replaying' : 'Running'}: <strong>{view.title}</strong> —{' '}
          {countOf(view.steps.length, 'step')} so far
        </span>
      </div>
    );
  }
  const { pass, summary, checks } = view.verdict;
  return (
    <section
      className={`verdict ${pass ? 'verdict-pass' : 'verdict-fail'}`}
      role="status"
      aria-live="polite"
      aria-label="Verdict"
      data-verdict={pass ? 'pass' : 'fail'}
    >
      <div className="verdict-head">
        <span className="verdict-mark" aria-hidden="true">
          {pass ? '✓' : '✗'}
        </span>
        <div>
          <strong>
            {view.title}
            {source}: {pass ? 'Pass' : 'Fail'}
          </strong>
          <p>{summary}</p>
          {view.source === 'replay' &&
            (view.fileVerdict ? (
              <p className="verdict-file" role="note" aria-label="Saved verdict">
                <strong>The file&apos;s saved verdict differed</strong> ({view.fileVerdict.pass ? 'Pass' : 'Fail'}:{' '}
                {view.fileVerdict.summary}); shown here is the verdict recomputed from its steps.
              </p>
            ) : (
              <p className="muted small">
                Recomputed from the file&apos;s steps; the file&apos;s saved verdict says the same.
              </p>
            ))}
        </div>
      </div>
      {checks.length > 0 && (
        <ul className="verdict-checks" aria-label="Checks">
          {checks.map((c) => (
            <li key={c.label} className={c.pass ? 'check-pass' : 'check-fail'}>
              <span aria-hidden="true">{c.pass ? '✓' : '✗'}</span> {c.label}
              <span className="visually-hidden">{c.pass ? ' (passed)' : ' (failed)'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
