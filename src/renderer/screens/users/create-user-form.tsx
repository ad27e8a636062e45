import { useMemo, useState } from 'react';
import { parseClaimsText, parseRoles, passwordProblem } from '../../lib/user-edits';
import { useUserActions } from '../../server-state/users';

/** A new user: name, password, roles and custom claims, each checked as typed. */
export function CreateUserForm({ onCancel }: { onCancel(): void }) {
  const { createUser: create } = useUserActions();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [rolesText, setRolesText] = useState('user');
  const [claimsText, setClaimsText] = useState('');
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const roles = useMemo(() => parseRoles(rolesText), [rolesText]);
  const claims = useMemo(() => parseClaimsText(claimsText), [claimsText]);
  const nameProblem = username.trim().length > 64 ? 'At most 64 characters' : null;
  const pwProblem = passwordProblem(password);
  const ready = !!username.trim() && !nameProblem && !pwProblem && roles.ok && claims.ok;
  return (
    <form
      className="stack"
      aria-label="Create user"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!ready || !roles.ok || !claims.ok) return;
        setBusy(true);
        const failure = await create({ username, password, roles: roles.value, claims: claims.value });
        setBusy(false);
        setServerError(failure);
      }}
    >
      <label className={`field ${nameProblem ? 'field-error' : ''}`}>
        <span>Username</span>
        <input type="text" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />
        {nameProblem && <small className="field-msg field-msg-error">{nameProblem}</small>}
      </label>
      <label className={`field ${password && pwProblem ? 'field-error' : ''}`}>
        <span>Password</span>
        <input
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {password && pwProblem && <small className="field-msg field-msg-error">{pwProblem}</small>}
      </label>
      <label className={`field ${roles.ok ? '' : 'field-error'}`}>
        <span>Roles</span>
        <input type="text" value={rolesText} onChange={(e) => setRolesText(e.target.value)} placeholder="user" />
        {!roles.ok && <small className="field-msg field-msg-error">{roles.error}</small>}
      </label>
      <label className={`field ${claims.ok ? '' : 'field-error'}`}>
        <span>Custom claims (JSON, optional)</span>
        <textarea
          className="mono"
          rows={4}
          spellCheck={false}
          value={claimsText}
          onChange={(e) => setClaimsText(e.target.value)}
          placeholder={'{ "email": "carol@example.com", "name": "Carol" }'}
        />
        {!claims.ok && <small className="field-msg field-msg-error">{claims.error}</small>}
      </label>
      {serverError && (
        <p className="form-error" role="alert">
          Not created: {serverError}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={!ready || busy}>
          {busy ? 'Creating…' : 'Create user'}
        </button>
      </div>
    </form>
  );
}
