import { useState } from 'react';
import type { KeyView } from '../../../shared/admin-views';
import { Badge } from '../../components/badges';
import { EmptyState, ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { messageOf } from '../../server-state/query-client';
import { useKeyActions, useKeyRing } from '../../server-state/keys';
import { JwksPreview } from './jwks-preview';
import { KeyCard } from './key-card';
import { KeyToolbar } from './key-toolbar';
import { RevokeKeyDialog } from './revoke-key-dialog';
import { RotateKeyDialog } from './rotate-key-dialog';

const ORDER = { active: 0, pending: 1, retiring: 2, revoked: 3, retired: 4 } as const;

/** The signing key ring as a timeline: what is published, what signs, what is on its way out. */
export function KeysScreen() {
  const ring = useKeyRing();
  const { busy } = useKeyActions();
  const keys = ring.data?.keys ?? [];
  const [revoking, setRevoking] = useState<KeyView | null>(null);
  const [rotating, setRotating] = useState(false);
  const next = keys.find((k) => k.next);
  const sorted = [...keys].sort((a, b) => ORDER[a.state] - ORDER[b.state] || b.createdAt - a.createdAt);

  return (
    <div className="screen">
      <ScreenHeader
        title="Signing keys"
        subtitle="pending → active → retiring → retired. The next key is published before it signs; a retiring key is kept until every token it signed has expired."
        actions={
          <>
            {next && (
              <span className="rotate-next small" title="The pending key the next rotation promotes">
                <Badge value="next" tone="ok" /> <span className="mono">{next.kid}</span>{' '}
                <Badge value={next.alg} tone="info" />
              </span>
            )}
            <button
              type="button"
              className="btn btn-primary"
              disabled={busy || !ring.isSuccess}
              onClick={() => setRotating(true)}
            >
              Rotate now…
            </button>
          </>
        }
      />
      {ring.isPending && <LoadingState label="Loading the key ring…" />}
      {ring.isError && <ErrorState message={messageOf(ring.error)} onRetry={() => void ring.refetch()} />}
      {ring.isSuccess && (
        <div className="keys-grid">
          <div className="keys-main">
            <KeyToolbar keys={keys} />
            {sorted.length === 0 ? (
              <EmptyState title="No keys">Generate or import a key to start signing.</EmptyState>
            ) : (
              <ol className="key-list" aria-label="Key ring">
                {sorted.map((k) => (
                  <KeyCard key={k.kid} k={k} onRevoke={setRevoking} />
                ))}
              </ol>
            )}
          </div>
          <JwksPreview jwks={ring.data.jwks} />
        </div>
      )}
      <RevokeKeyDialog target={revoking} onClose={() => setRevoking(null)} />
      <RotateKeyDialog open={rotating} keys={keys} onClose={() => setRotating(false)} />
    </div>
  );
}
