import type { KeyView } from '../../../shared/admin-views';
import type { KeyUse } from '../../../shared/key-uses';
import { Badge } from '../../components/badges';
import { Panel } from '../../components/states';

const ORDER = { active: 0, pending: 1, retiring: 2, revoked: 3, retired: 4 } as const;

/** The ring's lanes in the order the screen shows them: access tokens first, as the deployment's own. */
export const LANES: readonly KeyUse[] = ['access', 'id'];

/** A lane's keys: the active one first, then pending, retiring, revoked and retired, newest first in each. */
export const keysOfLane = (keys: KeyView[], lane: KeyUse) =>
  keys.filter((k) => k.lane === lane).sort((a, b) => ORDER[a.state] - ORDER[b.state] || b.createdAt - a.createdAt);

/**
 * What a lane signs, as its heading says it: the `id` lane also signs access tokens when the settings
 * choose RS256 (its active key then serves both uses).
 */
export function laneTitle(lane: KeyUse, keys: KeyView[]): string {
  if (lane === 'access') return 'Access tokens';
  const active = keys.find((k) => k.lane === 'id' && k.state === 'active');
  return active?.uses.includes('access') ? 'id_tokens, logout tokens and access tokens' : 'id_tokens and logout tokens';
}

/**
 * One lane of the ring: what it signs, the key its next rotation promotes, Rotate now for that lane,
 * and its keys (each card rendered by the caller).
 */
export function KeyLane({
  lane,
  keys,
  busy,
  onRotate,
  children,
}: {
  lane: KeyUse;
  keys: KeyView[];
  busy: boolean;
  onRotate(lane: KeyUse): void;
  children: React.ReactNode;
}) {
  const next = keys.find((k) => k.lane === lane && k.next);
  return (
    <Panel
      className="key-lane"
      title={laneTitle(lane, keys)}
      labelledBy={`key-lane-${lane}`}
      actions={
        <>
          {next && (
            <span className="rotate-next small" title="The pending key this lane's next rotation promotes">
              <Badge value="next" tone="ok" /> <span className="mono">{next.kid}</span>{' '}
              <Badge value={next.alg} tone="info" />
            </span>
          )}
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => onRotate(lane)}>
            Rotate now…
          </button>
        </>
      }
    >
      {children}
    </Panel>
  );
}
