import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SettingsView } from '../../../shared/admin-views';
import { KEY_ALGS, lintSettings, type AuthSettings, type KeyAlgName } from '../../../shared/settings';
import { Panel } from '../../components/states';
import type { EditableSettings } from '../../store/settings-slice';
import { useStore } from '../../store/store';
import { useSaveSettings, useSettings } from '../../server-state/settings';
import { FIELD_GROUPS } from './settings-fields';
import { NumberField } from './number-field';
import { LintList } from './lint-list';

type Draft = Record<keyof EditableSettings, string>;
const toDraft = (s: AuthSettings): Draft =>
  Object.fromEntries(
    Object.entries(s)
      .filter(([k]) => k !== 'issuer')
      .map(([k, v]) => [k, String(v)]),
  ) as Draft;
const NUMERIC = FIELD_GROUPS.flatMap((g) => g.fields);

/** Parses the draft; fields that are not whole numbers in range come back as errors instead. */
function parseDraft(
  draft: Draft,
  base: AuthSettings,
): { settings: AuthSettings; invalid: Partial<Record<keyof EditableSettings, string>> } {
  const settings: AuthSettings = { ...base, audience: draft.audience, signingAlg: draft.signingAlg as KeyAlgName };
  const invalid: Partial<Record<keyof EditableSettings, string>> = {};
  for (const f of NUMERIC) {
    const n = Number(draft[f.name]);
    if (draft[f.name].trim() === '' || !Number.isInteger(n) || n < f.min || n > f.max)
      invalid[f.name] = `A whole number from ${f.min} to ${f.max}.`;
    else (settings as unknown as Record<string, number>)[f.name] = n;
  }
  if (!draft.audience.trim()) invalid.audience = 'Required.';
  return { settings, invalid };
}

export function SettingsForm({ view }: { view: SettingsView }) {
  const { changedElsewhere, setDirty, discardEdits } = useStore(
    useShallow((s) => ({
      changedElsewhere: s.settingsChangedElsewhere,
      setDirty: s.setSettingsDirty,
      discardEdits: s.settingsSaved,
    })),
  );
  const { saveSettings: save, saving, saveError } = useSaveSettings();
  const { refetch } = useSettings();
  const [draft, setDraft] = useState(() => toDraft(view.settings));
  useEffect(() => setDraft(toDraft(view.settings)), [view]);
  const { settings, invalid } = useMemo(() => parseDraft(draft, view.settings), [draft, view.settings]);
  // lints as the admin types: the same pure function the server applies on save
  const warnings = useMemo(() => lintSettings(settings), [settings]);
  const changes = useMemo(
    () =>
      Object.fromEntries(
        Object.entries(settings).filter(([k, v]) => k !== 'issuer' && view.settings[k as keyof AuthSettings] !== v),
      ),
    [settings, view.settings],
  );
  const dirty = Object.keys(changes).length > 0;
  useEffect(() => setDirty(dirty), [dirty, setDirty]);
  const blocked = Object.keys(invalid).length > 0 || warnings.some((w) => w.level === 'error');
  const set = (name: keyof EditableSettings) => (value: string) => setDraft((d) => ({ ...d, [name]: value }));

  return (
    <form
      className="settings-form"
      aria-label="Auth settings"
      onSubmit={(e) => (e.preventDefault(), void save(changes))}
    >
      <LintList warnings={warnings} invalid={invalid} />
      <Panel title="Identity" labelledBy="settings-identity-title">
        <div className="form-grid">
          <label className="field">
            <span>Issuer (iss)</span>
            <input type="text" value={view.settings.issuer} readOnly aria-readonly="true" />
            <small className="muted">The public URL of the auth server; set at start, not editable here.</small>
          </label>
          <label className="field">
            <span>Audience (aud)</span>
            <input
              type="text"
              value={draft.audience}
              onChange={(e) => set('audience')(e.target.value)}
              aria-invalid={!!invalid.audience}
            />
            <small className="muted">Resource server that accepts the tokens.</small>
          </label>
          <label className="field">
            <span>Signing algorithm</span>
            <select
              aria-label="Signing algorithm"
              value={draft.signingAlg}
              onChange={(e) => set('signingAlg')(e.target.value)}
            >
              {KEY_ALGS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
            <small className="muted">Used for keys generated from now on, including at rotation.</small>
          </label>
        </div>
      </Panel>
      {FIELD_GROUPS.map((g) => (
        <Panel key={g.title} title={g.title} labelledBy={`settings-${g.title.replace(/\W+/g, '-').toLowerCase()}`}>
          <div className="form-grid">
            {g.fields.map((f) => (
              <NumberField
                key={f.name}
                spec={f}
                value={draft[f.name]}
                onChange={set(f.name)}
                error={invalid[f.name]}
                warnings={warnings.filter((w) => w.field === f.name)}
              />
            ))}
          </div>
        </Panel>
      ))}
      <div className="form-footer">
        {changedElsewhere && (
          <span className="callout callout-warn small">
            Settings were changed elsewhere.{' '}
            <button
              type="button"
              className="link"
              onClick={() => (setDraft(toDraft(view.settings)), discardEdits(), void refetch())}
            >
              Discard my edits and reload
            </button>
          </span>
        )}
        {saveError && (
          <p className="form-error" role="alert">
            Not saved: {saveError}
          </p>
        )}
        <button
          type="button"
          className="btn"
          disabled={!dirty || saving}
          onClick={() => setDraft(toDraft(view.settings))}
        >
          Reset
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!dirty || saving || blocked}
          title={blocked ? 'Fix the errors first' : undefined}
        >
          {saving ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
