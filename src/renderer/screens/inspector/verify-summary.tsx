import { useVerification } from '../../server-state/inspector';

/** The id of the verification result, which the summary scrolls to. */
export const VERIFY_RESULT_ID = 'verify-result';

/**
 * The verification's outcome beside the token it is about: on a 768 px tall window the steps are
 * below the fold, so the verdict is said where the token was pasted, with a way down to the steps.
 */
export function VerifySummary() {
  const { verify, state } = useVerification();
  if (state === 'loading') return <p className="verify-summary small muted">Verifying…</p>;
  if (!verify) return null;
  return (
    <p className="verify-summary small" aria-label="Verification summary">
      <strong>{verify.valid ? '✓ Signature verified' : '✕ Rejected'}</strong>
      {verify.code && <code>{verify.code}</code>} <span>{verify.message}</span>{' '}
      <button
        type="button"
        className="link"
        onClick={() => document.getElementById(VERIFY_RESULT_ID)?.scrollIntoView({ block: 'nearest' })}
      >
        See every step
      </button>
    </p>
  );
}
