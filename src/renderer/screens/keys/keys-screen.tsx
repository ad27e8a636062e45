import { useState } from 'react';
import type { KeyView } from '../../../shared/admin-views';
import type { KeyUse } from '../../../shared/key-uses';
import { EmptyState, ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { messageOf } from '../../server-state/query-client';
import { useKeyActions, useKeyRing } from '../../server-state/keys';
import { JwksPreview } from './jwks-preview';
import { KeyCard } from './key-card';
import { KeyLane, keysOfLane, LANES } from './key-lane';
import { KeyToolbar } from './key-toolbar';
import { RevokeKeyDialog } from './revoke-key-dialog';
import { RotateKeyDialog } from './rotate-key-dialog';

/**
 * The signing key ring as a timeline, one lane per use (access tokens; id_tokens and logout tokens):
 * what is published, what signs, what is on its way out. Rotate acts on one lane.
 */
export function KeysScreen() {
  const ring = useKeyRing();
  const { busy } = useKeyActions();
  const keys = ring.data?.keys ?? [];
  const [revoking, setRevoking] = useState<KeyView | null>(null);
  const [rotating, setRotating] = useState<KeyUse | null>(null);
  const lanes = LANES.filter((lane) => keys.some((k) => k.lane === lane));

  return (
    <div className="screen">
      <ScreenHeader
        title="Signing keys"
        subtitle="pending → active → retiring → retired, in each lane. The next key is published before it signs; a retiring key is kept until every token it signed has expired."
      />
      {ring.isPending && <LoadingState label="Loading the key ring…" />}
      {ring.isError && <ErrorState message={messageOf(ring.error)} onRetry={() => void ring.refetch()} />}
      {ring.isSuccess && (
        <div className="keys-grid">
          <div className="keys-main">
            <KeyToolbar keys={keys} />
            {lanes.length === 0 && <EmptyState title="No keys">Generate or import a key to start signing.</EmptyState>}
            {lanes.map((lane) => (
              <KeyLane key={lane} lane={lane} keys={keys} busy={busy} onRotate={setRotating}>
                <ol className="key-list" aria-label={`Key ring: ${lane === 'id' ? 'id_tokens' : 'access tokens'}`}>
                  {keysOfLane(keys, lane).map((k) => (
                    <KeyCard key={k.kid} k={k} onRevoke={setRevoking} />
                  ))}
                </ol>
              </KeyLane>
            ))}
          </div>
          <JwksPreview jwks={ring.data.jwks} />
        </div>
      )}
      <RevokeKeyDialog target={revoking} onClose={() => setRevoking(null)} />
      <RotateKeyDialog lane={rotating} keys={keys} onClose={() => setRotating(null)} />
    </div>
  );
}
