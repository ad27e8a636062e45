import { useState } from 'react';
import { CHECK_METHODS, type CheckMethod, type CheckRunRequest } from '../../../shared/app-checks';
import { checkRequestOf, EMPTY_CHECK_FORM, type CheckFormErrors, type CheckFormValues } from '../../lib/check-form';

/**
 * The endpoint to check and how to call it. Errors (the form's, or the server's refusal of the
 * target or of a second run) show next to it and the values stay as typed.
 */
export function CheckForm({
  busy,
  onRun,
}: {
  busy: boolean;
  /** Runs the checks; the server's refusal message, or null once the run ended. */
  onRun(request: CheckRunRequest): Promise<string | null>;
}) {
  const [form, setForm] = useState<CheckFormValues>(EMPTY_CHECK_FORM);
  const [errors, setErrors] = useState<CheckFormErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const set = (p: Partial<CheckFormValues>) => setForm((f) => ({ ...f, ...p }));
  const setHeader = (i: number, p: Partial<CheckFormValues['headers'][number]>) =>
    set({ headers: form.headers.map((h, j) => (j === i ? { ...h, ...p } : h)) });

  return (
    <form
      className="stack check-form"
      aria-label="Run app checks"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const checked = checkRequestOf(form);
        setServerError(null);
        if ('errors' in checked) return setErrors(checked.errors);
        setErrors({});
        setServerError(await onRun(checked.request));
      }}
    >
      <label className={`field ${errors.url ? 'field-error' : ''}`}>
        <span>Endpoint URL</span>
        <input
          type="text"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          className="mono"
          placeholder="http://127.0.0.1:4100/api/orders"
          value={form.url}
          aria-invalid={!!errors.url}
          onChange={(e) => set({ url: e.target.value })}
        />
        {errors.url && <small className="field-msg field-msg-error">{errors.url}</small>}
      </label>
      <div className="check-form-row">
        <label className="field">
          <span>Method</span>
          <select value={form.method} onChange={(e) => set({ method: e.target.value as CheckMethod })}>
            {CHECK_METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label className="field field-grow">
          <span>Audience (optional)</span>
          <input
            type="text"
            autoComplete="off"
            placeholder="the client's, else the issuer's default"
            value={form.audience}
            onChange={(e) => set({ audience: e.target.value })}
          />
        </label>
      </div>
      <fieldset className={`field check-headers ${errors.headers ? 'field-error' : ''}`}>
        <legend>Headers (optional, sent with every case)</legend>
        {form.headers.map((h, i) => (
          <div className="check-header-row" key={i}>
            <input
              type="text"
              aria-label={`Header ${i + 1} name`}
              placeholder="X-Tenant"
              autoComplete="off"
              spellCheck={false}
              value={h.name}
              aria-invalid={!!errors.headers}
              onChange={(e) => setHeader(i, { name: e.target.value })}
            />
            <input
              type="text"
              aria-label={`Header ${i + 1} value`}
              autoComplete="off"
              spellCheck={false}
              value={h.value}
              onChange={(e) => setHeader(i, { value: e.target.value })}
            />
            <button
              type="button"
              className="btn btn-sm"
              aria-label={`Remove header ${i + 1}`}
              onClick={() => set({ headers: form.headers.filter((_, j) => j !== i) })}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => set({ headers: [...form.headers, { name: '', value: '' }] })}
        >
          Add header
        </button>
        {errors.headers && <small className="field-msg field-msg-error">{errors.headers}</small>}
      </fieldset>
      <label className={`field ${errors.refused ? 'field-error' : ''}`}>
        <span>Refused statuses (optional; default any 4xx)</span>
        <input
          type="text"
          autoComplete="off"
          placeholder="401, 403"
          value={form.refused}
          aria-invalid={!!errors.refused}
          onChange={(e) => set({ refused: e.target.value })}
        />
        {errors.refused && <small className="field-msg field-msg-error">{errors.refused}</small>}
      </label>
      {serverError && (
        <p className="form-error" role="alert" data-testid="check-form-error">
          Not run: {serverError}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Running…' : 'Run checks'}
        </button>
      </div>
    </form>
  );
}
