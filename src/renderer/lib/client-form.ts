/**
 * The client registration form's pure part: what the admin types (URIs one a line, empty for
 * none) turned into a registration for the shared lint and the admin API, and back.
 */
import type { ClientView } from '../../shared/admin-views';
import {
  DEFAULT_ID_TOKEN_ALG,
  DEFAULT_ID_TOKEN_CLAIMS,
  lintClient,
  RESPONSE_TYPES,
  type ClientAuthMethodName,
  type ClientProblem,
  type ClientRegistration,
  type GrantTypeName,
  type IdTokenAlgName,
  type IdTokenClaimsName,
  type ResponseTypeName,
} from '../../shared/clients';

export interface ClientDraft {
  name: string;
  /** Create only; empty lets the server pick one. */
  clientId: string;
  tokenEndpointAuthMethod: ClientAuthMethodName;
  grantTypes: GrantTypeName[];
  /** One URI a line. */
  redirectUris: string;
  postLogoutRedirectUris: string;
  backchannelLogoutUri: string;
  audience: string;
  /** Separated by spaces (or lines), as in a token request's `scope`. */
  scopes: string;
  idTokenSignedResponseAlg: IdTokenAlgName;
  idTokenClaims: IdTokenClaimsName;
  /** Shown for confidential clients only: a public one always requires PKCE. */
  requirePkce: boolean;
  responseTypes: ResponseTypeName[];
}

export type ClientField = ClientProblem['field'];

/** A new client starts as what most apps are: a server-side web app that signs users in and stays signed in. */
export const emptyClientDraft = (): ClientDraft => ({
  name: '',
  clientId: '',
  tokenEndpointAuthMethod: 'client_secret_basic',
  grantTypes: ['authorization_code', 'refresh_token'],
  redirectUris: '',
  postLogoutRedirectUris: '',
  backchannelLogoutUri: '',
  audience: '',
  scopes: '',
  idTokenSignedResponseAlg: DEFAULT_ID_TOKEN_ALG,
  idTokenClaims: DEFAULT_ID_TOKEN_CLAIMS,
  requirePkce: true,
  responseTypes: ['code'],
});

export const draftFromClient = (c: ClientView): ClientDraft => ({
  name: c.name,
  clientId: c.clientId,
  tokenEndpointAuthMethod: c.tokenEndpointAuthMethod,
  grantTypes: [...c.grantTypes],
  redirectUris: c.redirectUris.join('\n'),
  postLogoutRedirectUris: c.postLogoutRedirectUris.join('\n'),
  backchannelLogoutUri: c.backchannelLogoutUri ?? '',
  audience: c.audience ?? '',
  scopes: c.scopes.join(' '),
  idTokenSignedResponseAlg: c.idTokenSignedResponseAlg ?? DEFAULT_ID_TOKEN_ALG,
  idTokenClaims: c.idTokenClaims ?? DEFAULT_ID_TOKEN_CLAIMS,
  requirePkce: c.requirePkce,
  responseTypes: [...c.responseTypes],
});

/** Lines, trimmed, blank ones dropped: a trailing newline or an indented paste is not a URI. */
export const uriLines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** Scope tokens as typed: split on any whitespace, so a paste of lines works too. */
export const scopeWords = (text: string): string[] => text.split(/\s+/).filter(Boolean);

const orNull = (text: string): string | null => (text.trim() ? text.trim() : null);

export function registrationFromDraft(d: ClientDraft): ClientRegistration {
  return {
    name: d.name.trim(),
    redirectUris: uriLines(d.redirectUris),
    postLogoutRedirectUris: uriLines(d.postLogoutRedirectUris),
    grantTypes: [...d.grantTypes],
    tokenEndpointAuthMethod: d.tokenEndpointAuthMethod,
    backchannelLogoutUri: orNull(d.backchannelLogoutUri),
    audience: orNull(d.audience),
    scopes: scopeWords(d.scopes),
    idTokenSignedResponseAlg: d.idTokenSignedResponseAlg,
    idTokenClaims: d.idTokenClaims,
    requirePkce: d.requirePkce,
    responseTypes: [...d.responseTypes],
  };
}

/** The shared lint's verdict, by field, in the order the form shows them. */
export function lintDraft(d: ClientDraft, creating: boolean): Map<ClientField, string[]> {
  const clientId = creating && d.clientId.trim() ? d.clientId.trim() : undefined;
  const byField = new Map<ClientField, string[]>();
  for (const p of lintClient(registrationFromDraft(d), clientId))
    byField.set(p.field, [...(byField.get(p.field) ?? []), p.message]);
  return byField;
}

/** What an edit changes: only those fields are sent, so a field someone else changed meanwhile is kept. */
export function changedRegistration(c: ClientView, next: ClientRegistration): Partial<ClientRegistration> {
  const out: Partial<ClientRegistration> = {};
  // a view without the field is a client on its default: not a change
  const current = {
    ...c,
    idTokenSignedResponseAlg: c.idTokenSignedResponseAlg ?? DEFAULT_ID_TOKEN_ALG,
    idTokenClaims: c.idTokenClaims ?? DEFAULT_ID_TOKEN_CLAIMS,
  };
  for (const key of Object.keys(next) as (keyof ClientRegistration)[])
    if (JSON.stringify(next[key]) !== JSON.stringify(current[key])) (out as Record<string, unknown>)[key] = next[key];
  return out;
}

/** Grants in the order the spec lists them, toggled on or off. */
export function toggleGrant(grants: GrantTypeName[], grant: GrantTypeName, on: boolean): GrantTypeName[] {
  const order: GrantTypeName[] = ['authorization_code', 'refresh_token', 'client_credentials'];
  const set = new Set(grants);
  if (on) set.add(grant);
  else set.delete(grant);
  return order.filter((g) => set.has(g));
}

/** Response types in the order discovery lists them, toggled on or off. */
export function toggleResponseType(types: ResponseTypeName[], type: ResponseTypeName, on: boolean): ResponseTypeName[] {
  const set = new Set(types);
  if (on) set.add(type);
  else set.delete(type);
  return RESPONSE_TYPES.filter((t) => set.has(t));
}
