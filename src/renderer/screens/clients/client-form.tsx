import { useMemo, useState } from 'react';
import type { ClientView, ClientWithSecretView } from '../../../shared/admin-views';
import {
  PKCE_OFF_WARNING,
  isPublic,
  type ClientAuthMethodName,
  type GrantTypeName,
  type ResponseTypeName,
} from '../../../shared/clients';
import {
  changedRegistration,
  draftFromClient,
  emptyClientDraft,
  lintDraft,
  registrationFromDraft,
  toggleGrant,
  toggleResponseType,
  type ClientDraft,
  type ClientField,
} from '../../lib/client-form';
import { useClientActions } from '../../server-state/clients';
import { CheckboxSet, type CheckboxChoice } from '../../components/checkbox-set';
import { Field, Messages } from './form-field';
import { FIELD_LABEL } from './field-labels';
import { IdTokenFields } from './id-token-fields';
import { agree, countOf } from '../../lib/plural';

const GRANTS: CheckboxChoice<GrantTypeName>[] = [
  { id: 'authorization_code', help: 'signs users in (code flow with PKCE S256)' },
  { id: 'refresh_token', help: 'keeps them signed in (rotated refresh tokens)' },
  { id: 'client_credentials', help: 'calls APIs as itself, with no user' },
];
const RESPONSE_TYPE_CHOICES: CheckboxChoice<ResponseTypeName>[] = [
  { id: 'code', help: 'a code the app redeems for tokens (what most apps use)' },
  { id: 'id_token', help: 'an id_token alone, no access token (sign-in only; nonce required)' },
];
const METHODS: { id: ClientAuthMethodName; label: string }[] = [
  { id: 'client_secret_basic', label: 'Confidential: client_secret_basic (secret in HTTP Basic)' },
  { id: 'client_secret_post', label: 'Confidential: client_secret_post (secret in the form body)' },
  { id: 'none', label: 'Public: none (no secret, PKCE only: SPA, mobile, CLI)' },
];
const SCOPES_HELP =
  'Your API scopes this app may be granted, separated by spaces. client_credentials may ask only for these ' +
  '(anything else is refused with invalid_scope; with none listed, its tokens carry no scope). Sign-ins get ' +
  'those asked for and listed here, besides openid profile email offline_access, which every ' +
  'authorization_code app may ask for without listing them.';

interface Props {
  /** The client edited; none: a new registration. */
  client?: ClientView;
  onCancel(): void;
  /** After a registration: the client with its secret (confidential clients), to be shown once. */
  onCreated(client: ClientWithSecretView): void;
  onSaved(): void;
}

/**
 * Register or edit a client. Every keystroke runs the shared lint (the rules the server applies on
 * save): the summary lists every problem, each field shows its own once it has been touched.
 */
export function ClientForm({ client, onCancel, onCreated, onSaved }: Props) {
  const { createClient: create, updateClient: update, busy } = useClientActions();
  const creating = !client;
  const [draft, setDraft] = useState<ClientDraft>(() => (client ? draftFromClient(client) : emptyClientDraft()));
  const [touched, setTouched] = useState<Set<ClientField>>(() => new Set());
  const [serverError, setServerError] = useState<string | null>(null);
  const problems = useMemo(() => lintDraft(draft, creating), [draft, creating]);
  const registration = useMemo(() => registrationFromDraft(draft), [draft]);
  const changes = useMemo(() => (client ? changedRegistration(client, registration) : null), [client, registration]);
  const count = [...problems.values()].reduce((n, list) => n + list.length, 0);
  // a new registration reports a field's problems once it is typed in: an empty form is not "2 problems"
  const listed = [...problems.entries()].filter(([field]) => !creating || touched.has(field));
  const listedCount = listed.reduce((n, [, list]) => n + list.length, 0);
  const untyped = creating ? [...problems.keys()].filter((field) => !touched.has(field)) : [];
  const unchanged = !!changes && Object.keys(changes).length === 0;

  const edit = <K extends keyof ClientDraft>(field: K & ClientField, value: ClientDraft[K]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));
    setServerError(null);
  };
  /** A field's messages: always when editing a client, once touched for a new one. */
  const shown = (field: ClientField) => (!creating || touched.has(field) ? (problems.get(field) ?? []) : []);

  const submit = async () => {
    if (count) return;
    if (client) {
      const failure = await update(client.clientId, changes ?? {});
      setServerError(failure);
      if (!failure) onSaved();
      return;
    }
    const result = await create({ ...registration, clientId: draft.clientId.trim() || undefined });
    if ('error' in result) return setServerError(result.error);
    onCreated(result.value);
  };

  const confidentialOnly = client?.type === 'confidential';
  return (
    <form
      className="client-form stack"
      aria-label={creating ? 'Register a client' : `Edit ${client.name}`}
      noValidate
      onSubmit={(e) => (e.preventDefault(), void submit())}
    >
      <div
        className={`callout ${listedCount ? 'callout-danger' : count ? 'callout-info' : 'callout-ok'}`}
        role="status"
        aria-label="Client check"
      >
        {listedCount ? (
          <>
            <strong>
              {countOf(listedCount, 'problem')} to fix (the server refuses {agree(listedCount, 'it', 'them')})
            </strong>
            <ul className="lint-list">
              {listed.flatMap(([field, messages]) =>
                messages.map((m) => (
                  <li key={field + m} className="lint-error">
                    <code>{field}</code> {m}
                  </li>
                )),
              )}
            </ul>
          </>
        ) : untyped.length ? (
          `Still to fill in: ${untyped.map((field) => FIELD_LABEL[field]).join(', ')}.`
        ) : creating ? (
          'Ready to register.'
        ) : (
          'No problems found.'
        )}
      </div>

      <Field id="client-name" label={FIELD_LABEL.name} messages={shown('name')}>
        {(props) => (
          <input
            {...props}
            type="text"
            maxLength={100}
            value={draft.name}
            onChange={(e) => edit('name', e.target.value)}
            placeholder="My App"
          />
        )}
      </Field>
      {creating && (
        <Field
          id="client-id"
          label={`${FIELD_LABEL.clientId} (optional)`}
          help="What you type into your app's settings; left empty, Gatehouse picks one."
          messages={shown('clientId')}
        >
          {(props) => (
            <input
              {...props}
              type="text"
              className="mono"
              maxLength={128}
              spellCheck={false}
              autoComplete="off"
              value={draft.clientId}
              onChange={(e) => edit('clientId', e.target.value)}
              placeholder="my-app"
            />
          )}
        </Field>
      )}
      <Field
        id="client-auth"
        label={FIELD_LABEL.tokenEndpointAuthMethod}
        help={
          creating
            ? 'A confidential app keeps a secret on a server; a public one (in a browser or on a device) cannot.'
            : 'A client stays confidential or public: register it again to change that.'
        }
        messages={shown('tokenEndpointAuthMethod')}
      >
        {(props) => (
          <select
            {...props}
            value={draft.tokenEndpointAuthMethod}
            disabled={client?.type === 'public'}
            onChange={(e) => {
              const method = e.target.value as ClientAuthMethodName;
              edit('tokenEndpointAuthMethod', method);
              // the checkbox is hidden for a public client: it always requires PKCE
              if (method === 'none') setDraft((d) => ({ ...d, requirePkce: true }));
            }}
          >
            {METHODS.filter((m) => creating || (confidentialOnly ? m.id !== 'none' : m.id === 'none')).map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <CheckboxSet
        legend={FIELD_LABEL.grantTypes}
        choices={GRANTS}
        checked={draft.grantTypes}
        onToggle={(grant, on) => edit('grantTypes', toggleGrant(draft.grantTypes, grant, on))}
        invalid={shown('grantTypes').length > 0}
        messagesId="client-grants-msg"
      >
        <Messages id="client-grants-msg" messages={shown('grantTypes')} />
      </CheckboxSet>
      <CheckboxSet
        legend={FIELD_LABEL.responseTypes}
        choices={RESPONSE_TYPE_CHOICES}
        checked={draft.responseTypes}
        onToggle={(type, on) => edit('responseTypes', toggleResponseType(draft.responseTypes, type, on))}
        invalid={shown('responseTypes').length > 0}
        messagesId="client-response-types-msg"
      >
        <Messages id="client-response-types-msg" messages={shown('responseTypes')} />
      </CheckboxSet>
      <Field
        id="client-redirects"
        label={FIELD_LABEL.redirectUris}
        help="One a line, exactly as the app sends them: https://…, or http:// on localhost, 127.0.0.1 or [::1]."
        messages={shown('redirectUris')}
      >
        {(props) => (
          <textarea
            {...props}
            className="mono"
            rows={3}
            spellCheck={false}
            value={draft.redirectUris}
            onChange={(e) => edit('redirectUris', e.target.value)}
            placeholder="https://app.example.com/callback"
          />
        )}
      </Field>
      <Field
        id="client-post-logout"
        label={`${FIELD_LABEL.postLogoutRedirectUris} (optional)`}
        help="Where the app may send the browser after a logout; one a line."
        messages={shown('postLogoutRedirectUris')}
      >
        {(props) => (
          <textarea
            {...props}
            className="mono"
            rows={2}
            spellCheck={false}
            value={draft.postLogoutRedirectUris}
            onChange={(e) => edit('postLogoutRedirectUris', e.target.value)}
          />
        )}
      </Field>
      <Field
        id="client-backchannel"
        label={`${FIELD_LABEL.backchannelLogoutUri} (optional)`}
        help="Gatehouse POSTs a logout token here when a session the app is in ends."
        messages={shown('backchannelLogoutUri')}
      >
        {(props) => (
          <input
            {...props}
            type="text"
            className="mono"
            spellCheck={false}
            value={draft.backchannelLogoutUri}
            onChange={(e) => edit('backchannelLogoutUri', e.target.value)}
            placeholder="https://app.example.com/backchannel-logout"
          />
        )}
      </Field>
      <Field
        id="client-audience"
        label={`${FIELD_LABEL.audience} (optional)`}
        help="Sets the aud of every access token issued to this client (its users' and its own, client_credentials); empty: the deployment's audience."
        messages={shown('audience')}
      >
        {(props) => (
          <input
            {...props}
            type="text"
            maxLength={512}
            value={draft.audience}
            onChange={(e) => edit('audience', e.target.value)}
          />
        )}
      </Field>
      <Field
        id="client-scopes"
        label={`${FIELD_LABEL.scopes} (optional)`}
        help={SCOPES_HELP}
        messages={shown('scopes')}
      >
        {(props) => (
          <input
            {...props}
            type="text"
            className="mono"
            spellCheck={false}
            autoComplete="off"
            value={draft.scopes}
            onChange={(e) => edit('scopes', e.target.value)}
            placeholder="orders:read orders:write"
          />
        )}
      </Field>
      <IdTokenFields draft={draft} edit={edit} shown={shown} />
      {!isPublic(draft) && (
        <div className={`field ${shown('requirePkce').length ? 'field-error' : ''}`}>
          <label className="check">
            <input
              type="checkbox"
              aria-describedby="client-pkce-help"
              checked={draft.requirePkce}
              onChange={(e) => edit('requirePkce', e.target.checked)}
            />
            <span>
              {FIELD_LABEL.requirePkce} <span className="muted small">(code_challenge with S256 on every sign-in)</span>
            </span>
          </label>
          <small id="client-pkce-help" className={draft.requirePkce ? 'muted' : 'field-msg field-msg-warning'}>
            {draft.requirePkce
              ? 'Leave on unless the app cannot send PKCE. A challenge that is sent is always checked.'
              : PKCE_OFF_WARNING}
          </small>
          <Messages id="client-pkce-msg" messages={shown('requirePkce')} />
        </div>
      )}

      {serverError && (
        <p className="form-error" role="alert">
          Not saved: {serverError}
        </p>
      )}
      <div className="button-row form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || count > 0 || unchanged}
          title={count ? 'Fix the problems first' : unchanged ? 'Nothing changed' : undefined}
        >
          {busy ? 'Saving…' : creating ? 'Register client' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}
