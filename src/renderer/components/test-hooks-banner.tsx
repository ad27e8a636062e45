/**
 * Shown on every screen while the console is connected to a test instance (issue 22's
 * `@gatehouse/testing`, composed with test hooks): its auth server may answer with armed faults
 * and defective id_tokens on purpose, so nothing it does is taken for a real instance's behaviour.
 */
export function TestHooksBanner({ armed }: { armed: boolean }) {
  if (!armed) return null;
  return (
    <div className="test-hooks-banner" role="status" data-testid="test-hooks-banner">
      <strong>test instance: hooks armed</strong>
      <span>— its auth server may answer with one-shot faults and defective id_tokens on purpose.</span>
    </div>
  );
}
