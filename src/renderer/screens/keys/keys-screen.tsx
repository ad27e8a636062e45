import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { KeyView } from '../../../shared/admin-views';
import { Badge } from '../../components/badges';
import { EmptyState, ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { useStore } from '../../store/store';
import { JwksPreview } from './jwks-preview';
import { KeyCard } from './key-card';
import { KeyToolbar } from './key-toolbar';
import { RevokeKeyDialog } from './revoke-key-dialog';
import { RotateKeyDialog } from './rotate-key-dialog';

const ORDER = { active: 0, pending: 1, retiring: 2, revoked: 3, retired: 4 } as const;

/** The signing key ring as a timeline: what is published, what signs, what is on its way out. */
export function KeysScreen() {
  const { keys, state, error, busy, load } = useStore(
    useShallow((s) => ({
      keys: s.keyRing.keys,
      state: s.keyRing.state,
      error: s.keyRing.error,
      busy: s.keyRing.busy,
      load: s.loadKeys,
    })),
  );
  const [revoking, setRevoking] = useState<KeyView | null>(null);
  const [rotating, setRotating] = useState(false);
  const next = keys.find((k) => k.next);
  useEffect(() => {
    void load();
  }, [load]);
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
              disabled={busy || state !== 'ready'}
              onClick={() => setRotating(true)}
            >
              Rotate now…
            </button>
          </>
        }
      />
      {state === 'loading' && <LoadingState label="Loading the key ring…" />}
      {state === 'error' && (
        <ErrorState message={error ?? 'Could not load the key ring.'} onRetry={() => void load()} />
      )}
      {state === 'ready' && (
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
          <JwksPreview />
        </div>
      )}
      <RevokeKeyDialog target={revoking} onClose={() => setRevoking(null)} />
      <RotateKeyDialog open={rotating} keys={keys} onClose={() => setRotating(false)} />
    </div>
  );
}
