import { VERIFY_STEPS, type Rejection, type VerifyStep } from '@gatehouse/verifier';
import type { VerificationStepView } from '../../shared/admin-views';

/**
 * The inspector's list of verification steps, from what really ran: the pipeline runs its stages
 * in `VERIFY_STEPS` order and a rejection names the stage that refused, so every stage before it
 * passed and none after it ran. `ran` adds stages run outside the pipeline (parsing a pasted key).
 */
export function stepsView(
  outcome: { ok: true } | Pick<Rejection, 'step' | 'message'>,
  shown: readonly VerifyStep[] = VERIFY_STEPS,
): VerificationStepView[] {
  const failedAt = 'step' in outcome ? VERIFY_STEPS.indexOf(outcome.step) : VERIFY_STEPS.length;
  return shown.map((step) => {
    const at = VERIFY_STEPS.indexOf(step);
    if (at < failedAt) return { step, status: 'pass', detail: 'ok' };
    if (at === failedAt && 'step' in outcome) return { step, status: 'fail', detail: outcome.message };
    return { step, status: 'not_run', detail: 'not run' };
  });
}

/** A failure before the pipeline ran: the stages in `passed` ran, `failed` refused, nothing else ran. */
export function stepsBeforePipeline(
  passed: readonly VerifyStep[],
  failed: VerifyStep,
  message: string,
  shown: readonly VerifyStep[],
): VerificationStepView[] {
  return shown.map((step) =>
    passed.includes(step)
      ? { step, status: 'pass', detail: 'ok' }
      : step === failed
        ? { step, status: 'fail', detail: message }
        : { step, status: 'not_run', detail: 'not run' },
  );
}
