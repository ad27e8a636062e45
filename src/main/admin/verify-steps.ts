import type { StepStatus, VerificationStepView } from '../../shared/admin-views';
import type { TokenErrorCode } from '../../shared/token-errors';

/** Order of the checks of one verification, as the inspector lists them. */
export const VERIFY_STEPS = ['format', 'header', 'algorithm', 'key', 'signature', 'claims', 'issuer', 'audience', 'time', 'revocation'] as const;
export type VerifyStep = (typeof VERIFY_STEPS)[number];

export const STEP_OF_CODE: Record<TokenErrorCode, VerifyStep> = {
  token_missing: 'format', token_malformed: 'format', token_too_large: 'format', header_invalid: 'format',
  header_not_allowed: 'header', typ_invalid: 'header',
  alg_not_allowed: 'algorithm',
  kid_unknown: 'key', key_revoked: 'key', key_retired: 'key',
  signature_invalid: 'signature',
  claims_invalid: 'claims', lifetime_too_long: 'claims',
  iss_invalid: 'issuer', aud_invalid: 'audience',
  token_expired: 'time', token_not_yet_valid: 'time',
  jti_revoked: 'revocation', session_revoked: 'revocation', version_stale: 'revocation', revocation_unavailable: 'revocation',
};

/** Every step before the failing one passed, the failing one failed, the rest did not run. */
export function stepsUntil(failed: VerifyStep | null, detail: string, steps: readonly string[] = VERIFY_STEPS): VerificationStepView[] {
  const at = failed === null ? steps.length : steps.indexOf(failed);
  return steps.map((step, i) => {
    const status: StepStatus = i < at ? 'pass' : i === at ? 'fail' : 'skip';
    return { step, status, detail: status === 'fail' ? detail : status === 'pass' ? 'ok' : 'not checked' };
  });
}
