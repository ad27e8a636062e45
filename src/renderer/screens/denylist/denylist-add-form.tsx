import { useEffect, useState } from 'react';
import { SegmentedControl } from '../../components/segmented-control';
import type { SessionView } from '../../../shared/admin-views';
import { inspectToken } from '../../../shared/jwt-inspect';
import { Panel } from '../../components/states';
import { UserSelect } from '../../components/user-select';
import { describeSeconds, formatDateTime } from '../../lib/time';
import { useQuery } from '@tanstack/react-query';
import { useInstance } from '../../server-state/admin-query';
import { useDenylistActions, type DenylistAddRequest } from '../../server-state/denylist';
import { settingsQuery } from '../../server-state/settings';
import { usersQuery } from '../../server-state/users';

type Way = 'token' | 'jti' | 'sid' | 'user';
const WAYS: { id: Way; label: string }[] = [
  { id: 'token', label: 'Token' },
  { id: 'jti', label: 'jti' },
  { id: 'sid', label: 'Session' },
  { id: 'user', label: 'User' },
];
/** What the server takes as an id (1–128 characters), without the whitespace a paste brings. */
const looksLikeId = (s: string) => /^\S{1,128}$/.test(s);
const looksLikeJwt = (s: string) => /^eyJ[\w-]*\.[\w-]*\./.test(s);

type SessionCheck =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'found'; session: SessionView }
  | { state: 'error'; message: string };

/**
 * Adds an entry the way the admin can name it: a pasted token (its jti, until it expires), a jti
 * alone, a session (revoked, with its apps told) or a user (token version raised).
 */
export function DenylistAddForm() {
  const { addToDenylist: add, findSession } = useDenylistActions();
  const [way, setWay] = useState<Way>('token');
  // read only once a way needs them (or already cached by another screen)
  const instance = useInstance();
  const users = useQuery({ ...usersQuery(instance), enabled: way === 'user' }).data ?? [];
  const settings = useQuery({ ...settingsQuery(instance), enabled: way === 'jti' }).data?.settings;
  const [token, setToken] = useState('');
  const [jti, setJti] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [check, setCheck] = useState<SessionCheck>({ state: 'idle' });

  // a session id is checked as it is typed: whose it is, and whether it can still be revoked
  const sid = sessionId.trim();
  useEffect(() => {
    if (!sid) return setCheck({ state: 'idle' });
    if (!looksLikeId(sid)) return setCheck({ state: 'error', message: 'A session id is 1–128 characters, no spaces.' });
    setCheck({ state: 'checking' });
    let current = true;
    const t = setTimeout(() => {
      void findSession(sid).then((found) => {
        if (!current) return;
        if ('session' in found) setCheck({ state: 'found', session: found.session });
        else setCheck({ state: 'error', message: found.error });
      });
    }, 250);
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [sid, findSession]);

  const request = ((): DenylistAddRequest | null => {
    const why = reason.trim() || undefined;
    switch (way) {
      case 'token':
        return token.trim() ? { kind: 'token', token: token.trim(), reason: why } : null;
      case 'jti':
        return looksLikeId(jti.trim()) ? { kind: 'jti', jti: jti.trim(), reason: why } : null;
      case 'sid':
        return check.state === 'found' && check.session.status === 'active'
          ? { kind: 'sid', sessionId: check.session.id, reason: why }
          : null;
      case 'user':
        return userId ? { kind: 'user', userId, reason: why } : null;
    }
  })();

  return (
    <Panel title="Add to the denylist" labelledBy="denylist-add-title">
      <form
        className="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!request) return;
          setBusy(true);
          const failure = await add(request);
          setBusy(false);
          setError(failure);
          if (!failure) {
            setToken('');
            setJti('');
            setSessionId('');
            setUserId('');
            setReason('');
          }
        }}
      >
        <SegmentedControl
          label="Add by"
          options={WAYS}
          value={way}
          onChange={(id) => {
            setWay(id);
            setError(null);
          }}
        />
        {way === 'token' && <TokenField token={token} onChange={setToken} />}
        {way === 'jti' && (
          <JtiField
            jti={jti}
            onChange={setJti}
            horizon={settings && settings.maxAccessTokenLifetime + settings.clockTolerance}
          />
        )}
        {way === 'sid' && <SessionField sessionId={sessionId} onChange={setSessionId} check={check} />}
        {way === 'user' && (
          <>
            <UserSelect users={users} value={userId} onChange={setUserId} anyLabel="Choose a user…" grow />
            <UserHint user={users.find((u) => u.id === userId)} />
          </>
        )}
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
          <button type="submit" className="btn btn-danger" disabled={!request || busy}>
            {busy ? 'Adding…' : 'Add to denylist'}
          </button>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Panel>
  );
}

function TokenField({ token, onChange }: { token: string; onChange: (token: string) => void }) {
  const claims = token.trim() ? inspectToken(token, Date.now() / 1000).claims : null;
  const jti = typeof claims?.jti === 'string' ? claims.jti : null;
  return (
    <>
      <label className="field">
        <span>Access token to denylist</span>
        <textarea
          className="mono"
          rows={3}
          spellCheck={false}
          placeholder="eyJ…"
          value={token}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <p className="muted small">
        {jti ? (
          <>
            Will denylist <code>jti {jti}</code> until the token expires. Its session stays valid.
          </>
        ) : (
          'Only a currently valid Gatehouse access token can be denylisted; it is rejected from its next use.'
        )}
      </p>
    </>
  );
}

function JtiField({ jti, onChange, horizon }: { jti: string; onChange: (jti: string) => void; horizon?: number }) {
  const value = jti.trim();
  const invalid = !!value && !looksLikeId(value);
  return (
    <>
      <label className="field">
        <span>jti</span>
        <input
          type="text"
          className="mono"
          spellCheck={false}
          placeholder="the token's jti claim"
          value={jti}
          aria-invalid={invalid}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <p className="muted small">
        {looksLikeJwt(value) ? (
          'This looks like a whole token: paste it under Token, so its entry ends exactly when it expires.'
        ) : invalid ? (
          'A jti is 1–128 characters, no spaces.'
        ) : (
          <>
            Without the token its expiry is unknown: the entry lasts until the token expires if Gatehouse&apos;s
            issued-token log knows this jti, and otherwise for the token horizon (the longest access-token lifetime plus
            clock tolerance{horizon ? `: ${describeSeconds(horizon)}` : ''} from now). Its session stays valid.
          </>
        )}
      </p>
    </>
  );
}

function SessionField({
  sessionId,
  onChange,
  check,
}: {
  sessionId: string;
  onChange: (id: string) => void;
  check: SessionCheck;
}) {
  const refused = check.state === 'error' || (check.state === 'found' && check.session.status !== 'active');
  return (
    <>
      <label className="field">
        <span>Session id</span>
        <input
          type="text"
          className="mono"
          spellCheck={false}
          placeholder="the session's id (the token's sid claim)"
          value={sessionId}
          aria-invalid={refused}
          aria-describedby="denylist-session-check"
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      <p id="denylist-session-check" className={refused ? 'form-error' : 'muted small'} aria-live="polite">
        {check.state === 'idle' &&
          "Adding a session revokes it: its tokens are refused at once and the apps it signed in to are told (back-channel logout). The user's other sessions stay."}
        {check.state === 'checking' && 'Looking the session up…'}
        {check.state === 'error' && check.message}
        {check.state === 'found' && <SessionSummary session={check.session} />}
      </p>
    </>
  );
}

function SessionSummary({ session: s }: { session: SessionView }) {
  if (s.status !== 'active')
    return (
      <>
        {s.username}&apos;s session is already {s.status}
        {s.status === 'revoked' ? ': its entry is on the denylist.' : ': it can no longer be revoked.'}
      </>
    );
  return (
    <>
      <strong>{s.username}</strong>&apos;s session on {s.device}, active since {formatDateTime(s.createdAt)}. Adding it
      revokes the session: its tokens are refused at once and its apps are told.
    </>
  );
}

function UserHint({ user }: { user?: { username: string; tokenVersion: number } }) {
  return (
    <p className="muted small">
      {user ? (
        <>
          Raises <strong>{user.username}</strong>&apos;s token version ({user.tokenVersion} → {user.tokenVersion + 1}):
          every access token issued to them until now is refused. Their sessions stay open and get tokens of the new
          version at their next refresh.
        </>
      ) : (
        "Raises the user's token version: every access token issued to them until now is refused, their sessions stay."
      )}
    </p>
  );
}
