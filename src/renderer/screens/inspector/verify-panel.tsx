import { useRef } from 'react';
import { useServerDecode, useVerification } from '../../server-state/inspector';
import { SegmentedControl } from '../../components/segmented-control';
import { useShallow } from 'zustand/react/shallow';
import { Badge } from '../../components/badges';
import { Panel } from '../../components/states';
import type { KeySourceKind } from '../../store/inspector-slice';
import { useStore } from '../../store/store';
import { TokenLinks } from './token-links';
import { VERIFY_RESULT_ID } from './verify-summary';

const SOURCES: { id: KeySourceKind; label: string; placeholder: string }[] = [
  { id: 'ring', label: 'Key ring', placeholder: '' },
  { id: 'jwk', label: 'JWK', placeholder: '{"kty":"EC","crv":"P-256","x":"…","y":"…"}' },
  { id: 'jwks', label: 'JWKS', placeholder: '{"keys":[…]}' },
  { id: 'pem', label: 'PEM', placeholder: '-----BEGIN PUBLIC KEY-----\n…' },
  { id: 'secret', label: 'HMAC secret', placeholder: 'the shared secret' },
];
const STEP_ICON = { pass: '✓', fail: '✕', not_run: '–' } as const;

/** Signature and claim checks, against Gatehouse's ring or a key the admin pastes. */
export function VerifyPanel() {
  const { token, local, keySource, keyText, setKeySource } = useStore(
    useShallow((s) => ({
      token: s.inspector.token,
      local: s.inspector.local,
      keySource: s.inspector.keySource,
      keyText: s.inspector.keyText,
      setKeySource: s.setKeySource,
    })),
  );
  const tokenType = (useServerDecode() ?? local)?.tokenType?.name;
  const { verify, state, error, run } = useVerification();
  const source = SOURCES.find((s) => s.id === keySource)!;
  // the button is at the top of the panel: its answer is brought into view (on 768 px it is below)
  const result = useRef<HTMLDivElement>(null);
  const needsKey = keySource !== 'ring';
  return (
    <Panel title="Signature verification" labelledBy="verify-title">
      <SegmentedControl
        label="Verify against"
        options={SOURCES}
        value={keySource}
        onChange={(id) => setKeySource(id)}
      />
      {needsKey && (
        <label className="field">
          <span>{source.label === 'HMAC secret' ? 'HMAC secret' : `Public key (${source.label})`}</span>
          <textarea
            className="mono"
            rows={4}
            spellCheck={false}
            placeholder={source.placeholder}
            value={keyText}
            onChange={(e) => setKeySource(keySource, e.target.value)}
          />
        </label>
      )}
      <div className="button-row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!token.trim() || state === 'loading' || (needsKey && !keyText.trim())}
          onClick={() => void run().then(() => result.current?.scrollIntoView({ block: 'nearest' }))}
        >
          {state === 'loading' ? 'Verifying…' : 'Verify signature'}
        </button>
        {!needsKey && (
          <span className="muted small">
            Uses the published keys, the algorithm allow-list and every revocation check.
          </span>
        )}
      </div>
      {keySource === 'ring' && (tokenType === 'id_token' || tokenType === 'logout_token') && (
        <p className="small muted profile-note">
          Checked as {tokenType === 'id_token' ? 'an ID' : 'a logout'} token: its own <code>typ</code>, this issuer, and
          an <code>aud</code> naming a registered client. Nothing revokes it, so there is no revocation step; its
          session&apos;s state is linked below.
        </p>
      )}
      {state === 'error' && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {verify && (
        <div className="verify-result" id={VERIFY_RESULT_ID} ref={result} aria-label="Verification result">
          <div className={`verdict ${verify.valid ? 'verdict-ok' : 'verdict-bad'}`} role="status">
            <strong>{verify.valid ? 'Signature verified' : 'Rejected'}</strong>
            {verify.code && <code>{verify.code}</code>}
            <span>{verify.message}</span>
          </div>
          <ol className="steps" aria-label="Verification steps">
            {verify.steps.map((st) => (
              <li key={st.step} className={`step step-${st.status}`}>
                <span className="step-icon" aria-hidden="true">
                  {STEP_ICON[st.status]}
                </span>
                <span className="step-name">{st.step}</span>
                <Badge value={st.status} label={st.status === 'not_run' ? 'not run' : st.status} />
                <span className="step-detail small">{st.detail}</span>
              </li>
            ))}
          </ol>
          <TokenLinks links={verify.links} />
        </div>
      )}
    </Panel>
  );
}
