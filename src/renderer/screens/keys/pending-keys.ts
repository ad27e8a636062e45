import type { KeyView } from '../../../shared/admin-views';
import { formatDateTime } from '../../lib/time';

/**
 * Pending keys as the rotate and schedule controls list them: the next ones first (one per lane, the
 * access lane's before the id lane's), then the oldest first.
 */
export function pendingKeys(keys: KeyView[]): KeyView[] {
  return keys
    .filter((k) => k.state === 'pending')
    .sort(
      (a, b) =>
        Number(b.next) - Number(a.next) ||
        Number(a.lane === 'id') - Number(b.lane === 'id') ||
        a.createdAt - b.createdAt ||
        a.kid.localeCompare(b.kid),
    );
}

/** `kid · EdDSA · next · scheduled 2026-11-30 14:03:07 +01:00 · access tokens`: one pending key in a select. */
export const pendingKeyLabel = (k: KeyView) =>
  [
    k.kid,
    k.alg,
    k.next ? 'next' : null,
    k.activatesAt ? `scheduled ${formatDateTime(k.activatesAt)}` : null,
    k.lane === 'id' ? 'id_tokens' : 'access tokens',
  ]
    .filter(Boolean)
    .join(' · ');
