import { useState } from 'react';
import { inspectToken } from '../../../shared/jwt-inspect';
import { Panel } from '../../components/states';
import { useStore } from '../../store/store';

/** Denylists one access token by its jti: the rest of its session keeps working. */
export function DenylistAddForm() {
  const add = useStore((s) => s.addToDenylist);
  const [token, setToken] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const claims = token.trim() ? inspectToken(token, Date.now() / 1000).claims : null;
  const jti = typeof claims?.jti === 'string' ? claims.jti : null;

  return (
    <Panel title="Denylist a token" labelledBy="denylist-add-title">
      <form
        className="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          const failure = await add(token, reason);
          setBusy(false);
          setError(failure);
          if (!failure) {
            setToken('');
            setReason('');
          }
        }}
      >
        <label className="field">
          <span>Access token to denylist</span>
          <textarea
            className="mono"
            rows={3}
            spellCheck={false}
            placeholder="eyJ…"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <div className="inline-form">
          <label className="field field-inline field-grow">
            <span>Reason</span>
            <input
              type="text"
              maxLength={200}
              placeholder="e.g. leaked in a log file"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <button type="submit" className="btn btn-danger" disabled={!token.trim() || busy}>
            {busy ? 'Adding…' : 'Add to denylist'}
          </button>
        </div>
        <p className="muted small">
          {jti ? (
            <>
              Will denylist <code>jti {jti}</code> until the token expires. Its session stays valid.
            </>
          ) : (
            'Only a currently valid Gatehouse access token can be denylisted; it is rejected from its next use.'
          )}
        </p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Panel>
  );
}
