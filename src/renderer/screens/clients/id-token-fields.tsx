import { ID_TOKEN_ALGS, type IdTokenAlgName, type IdTokenClaimsName } from '../../../shared/clients';
import type { ClientDraft, ClientField } from '../../lib/client-form';
import { FIELD_LABEL } from './field-labels';
import { Field } from './form-field';

const ID_TOKEN_CLAIM_CHOICES: { id: IdTokenClaimsName; label: string }[] = [
  { id: 'scopes', label: "scopes: the user's claims its scopes grant (name, email…), as UserInfo gives them" },
  { id: 'minimal', label: 'minimal: only the protocol claims and those the claims parameter asks for' },
];

/** The client's id_token settings: the algorithm that signs them, and what they say of the user. */
export function IdTokenFields({
  draft,
  edit,
  shown,
}: {
  draft: ClientDraft;
  edit<K extends keyof ClientDraft>(field: K & ClientField, value: ClientDraft[K]): void;
  shown(field: ClientField): string[];
}) {
  return (
    <>
      <Field
        id="client-id-token-alg"
        label={FIELD_LABEL.idTokenSignedResponseAlg}
        help="Signs this app's id_tokens and back-channel logout tokens (id_token_signed_response_alg). RS256 is OpenID Connect's default, which every library accepts; another is refused unless the key ring has an active key for it."
        messages={shown('idTokenSignedResponseAlg')}
      >
        {(props) => (
          <select
            {...props}
            value={draft.idTokenSignedResponseAlg}
            onChange={(e) => edit('idTokenSignedResponseAlg', e.target.value as IdTokenAlgName)}
          >
            {ID_TOKEN_ALGS.map((alg) => (
              <option key={alg} value={alg}>
                {alg}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id="client-id-token-claims"
        label={FIELD_LABEL.idTokenClaims}
        help="What this app's id_tokens say of the user. minimal keeps them small (the app reads the rest at UserInfo); an id_token sent alone (response type id_token) carries the scope's claims either way, having no access token to call UserInfo with."
        messages={shown('idTokenClaims')}
      >
        {(props) => (
          <select
            {...props}
            value={draft.idTokenClaims}
            onChange={(e) => edit('idTokenClaims', e.target.value as IdTokenClaimsName)}
          >
            {ID_TOKEN_CLAIM_CHOICES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}
