import { useState } from 'react';
import type { KeyView } from '../../../shared/admin-views';
import { KEY_ALGS, type KeyAlgName } from '../../../shared/settings';
import { Panel } from '../../components/states';
import { useKeyActions } from '../../server-state/keys';
import { ScheduleRotation } from './schedule-rotation';

/** Generate, import and schedule: the ways a key enters the ring. */
export function KeyToolbar({ keys }: { keys: KeyView[] }) {
  const { generateKey: generate, importKey, busy } = useKeyActions();
  const [alg, setAlg] = useState<KeyAlgName>('ES256');
  const [importAlg, setImportAlg] = useState<KeyAlgName>('ES256');
  const [material, setMaterial] = useState('');
  const [importError, setImportError] = useState<string | null>(null);

  return (
    <Panel title="Manage the ring" labelledBy="ring-tools-title">
      <div className="tool-rows">
        <form className="inline-form" onSubmit={(e) => (e.preventDefault(), void generate(alg))}>
          <label className="field field-inline">
            <span>Algorithm</span>
            <select aria-label="Algorithm" value={alg} onChange={(e) => setAlg(e.target.value as KeyAlgName)}>
              {KEY_ALGS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn" disabled={busy}>
            Generate key
          </button>
          <span className="muted small">Added as pending: published in the JWKS, not signing yet.</span>
        </form>
        <ScheduleRotation keys={keys} busy={busy} />
        <details className="import">
          <summary>Import a private key (PEM or JWK)</summary>
          <form
            className="stack"
            onSubmit={async (e) => {
              e.preventDefault();
              const failure = await importKey(importAlg, material);
              setImportError(failure);
              if (!failure) setMaterial('');
            }}
          >
            <label className="field">
              <span>Private key</span>
              <textarea
                className="mono"
                rows={5}
                spellCheck={false}
                placeholder={'-----BEGIN PRIVATE KEY-----\n…\nor {"kty":"EC",…,"d":"…"}'}
                value={material}
                onChange={(e) => setMaterial(e.target.value)}
              />
            </label>
            <div className="inline-form">
              <label className="field field-inline">
                <span>Import as</span>
                <select
                  aria-label="Import as"
                  value={importAlg}
                  onChange={(e) => setImportAlg(e.target.value as KeyAlgName)}
                >
                  {KEY_ALGS.map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="btn" disabled={busy || !material.trim()}>
                Import key
              </button>
            </div>
            {importError && (
              <p className="form-error" role="alert">
                {importError}
              </p>
            )}
          </form>
        </details>
      </div>
    </Panel>
  );
}
