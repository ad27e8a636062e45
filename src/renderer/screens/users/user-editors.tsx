import { useEffect, useMemo, useState } from 'react';
import type { UserView } from '../../../shared/admin-views';
import { claimsText, parseClaimsText, parseRoles, sameRoles } from '../../lib/user-edits';
import { useUserActions } from '../../server-state/users';

/**
 * The text of an editor over a saved value: another admin's change (or ours, saved) replaces the
 * text only while nothing is being typed. `submit` saves a parsed value and keeps the server's
 * refusal to show; typing clears it.
 */
function useDraft<T>(saved: string, save: (value: T) => Promise<string | null>) {
  const [text, setTextState] = useState(saved);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [base, setBase] = useState(saved);
  useEffect(() => {
    if (saved !== base) {
      if (text === base) setTextState(saved);
      setBase(saved);
    }
  }, [saved, base, text]);
  const setText = (next: string) => {
    setTextState(next);
    setServerError(null);
  };
  const submit = async (value: T) => {
    setBusy(true);
    const failure = await save(value);
    setBusy(false);
    setServerError(failure);
  };
  return { text, setText, busy, serverError, submit };
}

/**
 * The custom claims UserInfo serves, as JSON, checked on every keystroke by JSON.parse and the
 * rules the server applies (shared/user-claims.ts). Saving raises the token version.
 */
export function ClaimsEditor({ user }: { user: UserView }) {
  const { setUserClaims: save } = useUserActions();
  const saved = useMemo(() => claimsText(user.claims), [user.claims]);
  const { text, setText, busy, serverError, submit } = useDraft(saved, (claims: Record<string, unknown>) =>
    save(user, claims),
  );
  const parsed = useMemo(() => parseClaimsText(text), [text]);
  const dirty = parsed.ok ? JSON.stringify(parsed.value) !== JSON.stringify(user.claims) : text !== saved;
  return (
    <form
      className="stack editor"
      aria-label="Custom claims"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.ok) void submit(parsed.value);
      }}
    >
      <div className={`field ${parsed.ok ? '' : 'field-error'}`}>
        <label htmlFor="claims-json">Custom claims (JSON)</label>
        <textarea
          id="claims-json"
          className="mono"
          rows={Math.min(12, Math.max(4, text.split('\n').length + 1))}
          spellCheck={false}
          value={text}
          placeholder={'{\n  "email": "alice@example.com",\n  "name": "Alice"\n}'}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={!parsed.ok}
          aria-describedby="claims-help claims-msg"
        />
        <small id="claims-help" className="muted">
          Served by UserInfo (<code>email</code> and <code>name</code> with their scopes). Registered names (iss, sub,
          aud, sid, roles…) are refused. Saving raises the token version: tokens issued before end at once, and apps get
          the new claims at their next refresh.
        </small>
        <div id="claims-msg">{!parsed.ok && <small className="field-msg field-msg-error">{parsed.error}</small>}</div>
      </div>
      {serverError && (
        <p className="form-error" role="alert">
          Not saved: {serverError}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="btn" disabled={!dirty || busy} onClick={() => setText(saved)}>
          Reset
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!parsed.ok || !dirty || busy}
          title={!parsed.ok ? 'Fix the claims first' : undefined}
        >
          {busy ? 'Saving…' : 'Save claims'}
        </button>
      </div>
    </form>
  );
}

/** Roles, comma-separated; a change raises the token version, so tokens with the old roles end at once. */
export function RolesEditor({ user }: { user: UserView }) {
  const { setUserRoles: save } = useUserActions();
  const saved = user.roles.join(', ');
  const { text, setText, busy, serverError, submit } = useDraft(saved, (roles: string[]) => save(user, roles));
  const parsed = parseRoles(text);
  const dirty = parsed.ok ? !sameRoles(parsed.value, user.roles) : true;
  return (
    <form
      className="stack editor"
      aria-label="Roles"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.ok) void submit(parsed.value);
      }}
    >
      <div className={`field ${parsed.ok ? '' : 'field-error'}`}>
        <label htmlFor="user-roles">Roles</label>
        <div className="inline-form">
          <input
            id="user-roles"
            type="text"
            className="field-grow"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="user, admin"
            aria-invalid={!parsed.ok}
            aria-describedby="roles-help roles-msg"
          />
          <button type="submit" className="btn" disabled={!parsed.ok || !dirty || busy}>
            {busy ? 'Saving…' : 'Save roles'}
          </button>
        </div>
        <small id="roles-help" className="muted">
          Comma-separated; carried in every access token. Saving raises the token version: tokens with the old roles end
          at once.
        </small>
        <div id="roles-msg">{!parsed.ok && <small className="field-msg field-msg-error">{parsed.error}</small>}</div>
      </div>
      {serverError && (
        <p className="form-error" role="alert">
          Not saved: {serverError}
        </p>
      )}
    </form>
  );
}
