import { useState } from 'react';
import { connectWithToken } from '../transport/connect';

/**
 * Shown when the web console was opened without `#token=…` (or the token was refused): the token
 * is asked for here and kept in memory only, never stored.
 */
export function TokenGate({ error }: { error: string | null }) {
  const [token, setToken] = useState('');
  return (
    <div className="gate">
      <form
        className="gate-card"
        aria-labelledby="gate-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim()) connectWithToken(token.trim());
        }}
      >
        <div className="brand brand-lg">
          <span className="brand-mark" aria-hidden="true" />
          Gatehouse
        </div>
        <h1 id="gate-title">Paste the admin token</h1>
        <p className="muted">
          The console needs the admin token printed by <code>npm run serve</code> (or stored in the data folder). Open the URL it prints, which carries the
          token after <code>#token=</code>, or paste the token here. It is kept in this tab's memory only.
        </p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <label className="field">
          <span>Admin token</span>
          <input type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} autoFocus />
        </label>
        <button type="submit" className="btn btn-primary" disabled={!token.trim()}>
          Open console
        </button>
      </form>
    </div>
  );
}
