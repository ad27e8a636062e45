import { useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Panel } from '../../components/states';
import { useStore } from '../../store/store';
import { VerifySummary } from './verify-summary';

const MAX_FILE_BYTES = 64 * 1024;

/** The encoded token: typed, pasted, or dropped as a file (its first JWT-looking word is taken). */
export function TokenInput() {
  const { token, setToken, kind, size } = useStore(
    useShallow((s) => ({
      token: s.inspector.token,
      setToken: s.setInspectorToken,
      kind: s.inspector.local?.kind,
      size: s.inspector.local?.sizeBytes,
    })),
  );
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (!file) return;
    if (file.size > MAX_FILE_BYTES)
      return setFileError(`${file.name} is ${file.size} bytes; a token file should be under 64 KiB.`);
    const text = await file.text();
    const found = /[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*){2,4}/.exec(text)?.[0];
    setFileError(found ? null : `No JWT found in ${file.name}.`);
    if (found) setToken(found);
  };

  const parts = token.trim().split('.');
  return (
    <Panel
      title="Encoded token"
      labelledBy="token-input-title"
      actions={
        token && (
          <button type="button" className="btn btn-sm" onClick={() => setToken('')}>
            Clear
          </button>
        )
      }
    >
      <div
        className={`dropzone ${dragging ? 'is-dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => void onDrop(e)}
      >
        <label className="visually-hidden" htmlFor="token-text">
          Token
        </label>
        <textarea
          id="token-text"
          className="token-textarea mono"
          spellCheck={false}
          autoComplete="off"
          placeholder="Paste a JWT (eyJ…) or drop a file here"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          rows={7}
        />
      </div>
      <VerifySummary />
      {fileError && (
        <p className="form-error" role="alert">
          {fileError}
        </p>
      )}
      {token.trim() && (
        <div className="token-parts mono small" aria-label="Token parts">
          {parts.map((p, i) => (
            <span key={i} className={`tp tp-${Math.min(i, 4)}`}>
              {i > 0 && <span className="tp-dot">.</span>}
              {p.length > 40 ? `${p.slice(0, 40)}…` : p}
            </span>
          ))}
          <span className="muted">
            {' '}
            — {kind === 'jwe' ? 'JWE' : kind === 'jws' ? 'JWS' : 'not a JWT'}, {size} bytes
          </span>
        </div>
      )}
    </Panel>
  );
}
