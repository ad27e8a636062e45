import { OIDC_SCOPES, RESPONSE_TYPES, type ResponseTypeName } from '../../shared/clients';
import type { ClientRecord } from '../store/store';
import { readClaimsRequest, type ClaimsRequest } from './claims-request';
import type { RequestInput } from './request-input';
import { isRegisteredRedirectUri } from './redirect-uris';
import { grantUserScope } from './scopes';

/** The scopes discovery lists: the OIDC ones every code-flow client may ask for (a client's API scopes are its own). */
export const SUPPORTED_SCOPES = OIDC_SCOPES;
export const PROMPTS = ['none', 'login', 'consent', 'select_account'] as const;
type Prompt = (typeof PROMPTS)[number];
/**
 * How an authorization response travels to the client (OAuth 2.0 Multiple Response Types §2.1).
 * The edge has one renderer per mode (`http/endpoints/response-modes.ts`); a new mode is a value
 * here and a renderer there.
 */
export const RESPONSE_MODES = ['query', 'fragment', 'form_post'] as const;
export type ResponseMode = (typeof RESPONSE_MODES)[number];
const isResponseMode = (v: string | undefined): v is ResponseMode =>
  v !== undefined && (RESPONSE_MODES as readonly string[]).includes(v);

/**
 * What the client asked for: a code (RFC 6749 §4.1), or an id_token alone (OIDC Core §3.2: no
 * access token in the front channel). `RESPONSE_TYPES` is discovery's list.
 */
export { RESPONSE_TYPES };
const isResponseType = (v: string): v is ResponseTypeName => (RESPONSE_TYPES as readonly string[]).includes(v);

/** A validated authorization request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1 and §3.2.2.1, RFC 7636). */
export interface AuthorizeRequest {
  client: ClientRecord;
  redirectUri: string;
  responseType: ResponseTypeName;
  responseMode: ResponseMode;
  /** The granted scope: the requested OIDC scopes and the client's registered ones (scopes.ts grantUserScope). */
  scope: string;
  state: string | null;
  nonce: string | null;
  /** The PKCE challenge of a code; null for an id_token (no code, nothing to redeem), or for a client registered with `requirePkce` off that sent none. */
  codeChallenge: string | null;
  prompt: ReadonlySet<Prompt>;
  maxAge: number | null;
  /** The `claims` parameter (OIDC Core §5.5), only the claims Gatehouse serves; null when none. */
  claims: ClaimsRequest | null;
}

/**
 * `fatal`: the client or its redirect URI cannot be trusted, so the user gets a page on Gatehouse
 * (400) and is never sent anywhere (an open redirect otherwise). Anything else goes back to the
 * client's redirect URI with `error`, `error_description` and `state`.
 */
export type AuthorizeCheck =
  | { ok: true; request: AuthorizeRequest }
  | { ok: false; fatal: true; message: string }
  | { ok: false; fatal: false; error: string; description: string; replyTo: AuthorizeReplyTo };

/** Where an answer to the request goes once its client and redirect URI are trusted. */
export type AuthorizeReplyTo = Pick<AuthorizeRequest, 'redirectUri' | 'responseMode' | 'state'>;

/** The authorization request's parameters, each read as one string (or absent) at the edge. */
export interface AuthorizeParams {
  client_id?: string;
  redirect_uri?: string;
  state?: string;
  response_type?: string;
  scope?: string;
  nonce?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  prompt?: string;
  max_age?: string;
  response_mode?: string;
  request?: string;
  request_uri?: string;
  claims?: string;
}

/** An S256 challenge is the base64url of 32 bytes: 43 characters (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/**
 * RFC 7636 with RFC 9700 §2.1.1: S256 only, and a challenge required unless the client is
 * registered with `requirePkce` off (confidential only, shared/clients.ts). A challenge that is
 * sent is checked whatever the client's setting. The problem, or null.
 */
function checkPkce(
  client: ClientRecord,
  { code_challenge: challenge, code_challenge_method: method }: AuthorizeParams,
): string | null {
  if (challenge === undefined) {
    if (!client.requirePkce && method === undefined) return null;
    if (!client.requirePkce) return 'code_challenge_method was sent without code_challenge';
    return 'PKCE is required: send code_challenge with code_challenge_method=S256';
  }
  if (method !== 'S256')
    return `code_challenge_method must be S256${method ? `, not ${method}` : ' (plain is not accepted)'}`;
  if (!S256_CHALLENGE.test(challenge)) return 'code_challenge must be the 43-character base64url of a SHA-256 digest';
  return null;
}

/**
 * Checks an authorization request. `invalid` is a parameter the edge could not read: one of the
 * client's identity (`client_id`, `redirect_uri`) is fatal; any other goes back to the client once
 * the client and redirect URI are trusted (OIDC Core §3.1.2.6), without `state` if that was the one.
 */
export async function checkAuthorizeRequest(
  { params: values, invalid }: RequestInput<AuthorizeParams>,
  getClient: (id: string) => Promise<ClientRecord | null>,
): Promise<AuthorizeCheck> {
  const fatal = (message: string): AuthorizeCheck => ({ ok: false, fatal: true, message });
  const invalidOne = (...names: (string | null)[]) => (invalid && names.includes(invalid.name) ? invalid : null);
  const badClient = invalidOne('client_id', null);
  if (badClient) return fatal(badClient.message);
  if (!values.client_id) return fatal('the request names no client (client_id is missing)');
  const client = await getClient(values.client_id);
  if (!client || !client.enabled)
    return fatal(`no client ${JSON.stringify(values.client_id.slice(0, 128))} is registered here, or it is disabled`);
  const badRedirect = invalidOne('redirect_uri');
  if (badRedirect) return fatal(badRedirect.message);
  if (!values.redirect_uri) return fatal('the request has no redirect_uri');
  // exactly as registered, but a loopback literal's port (redirect-uris.ts)
  if (!isRegisteredRedirectUri(client.redirectUris, values.redirect_uri))
    return fatal(`${values.redirect_uri.slice(0, 200)} is not a redirect URI registered for ${client.name}`);
  const redirectUri = values.redirect_uri;

  const state = values.state ?? null;
  // an error is sent in the mode asked for, when it is one Gatehouse has for the response type, else
  // in the type's default (Multiple Response Types §2.1, OIDC Core §3.2.2.5: never an id_token in a query)
  const idToken = values.response_type === 'id_token';
  const asked = isResponseMode(values.response_mode) ? values.response_mode : undefined;
  const responseMode = idToken ? (asked === 'query' ? 'fragment' : (asked ?? 'fragment')) : (asked ?? 'query');
  const fail = (error: string, description: string): AuthorizeCheck => ({
    ok: false,
    fatal: false,
    error,
    description,
    replyTo: { redirectUri, responseMode, state },
  });
  if (invalid) return fail('invalid_request', invalid.message);
  if (values.request !== undefined) return fail('request_not_supported', 'request objects are not supported');
  if (values.request_uri !== undefined) return fail('request_uri_not_supported', 'request_uri is not supported');
  if (values.response_type === undefined) return fail('invalid_request', 'response_type is missing');
  const responseType = values.response_type;
  // nothing that puts an access token in the browser (token, id_token token) nor a hybrid is offered
  if (!isResponseType(responseType))
    return fail('unsupported_response_type', 'only response_type=code or response_type=id_token is supported');
  if (values.response_mode !== undefined && !isResponseMode(values.response_mode))
    return fail('invalid_request', `only response_mode=${RESPONSE_MODES.join(' or ')} is supported`);
  if (idToken && asked === 'query')
    return fail('invalid_request', 'an id_token is never sent in a query: use response_mode=fragment or form_post');
  if (!client.grantTypes.includes('authorization_code'))
    return fail('unauthorized_client', `${client.name} is not registered for the authorization_code grant`);
  if (!client.responseTypes.includes(responseType))
    return fail('unauthorized_client', `${client.name} is not registered for response_type=${responseType}`);
  if (idToken) return checkIdTokenRequest(values, { client, redirectUri, responseMode, state }, fail);
  const pkce = checkPkce(client, values);
  if (pkce) return fail('invalid_request', pkce);
  return checkCommon(
    values,
    { client, redirectUri, responseType, responseMode, state },
    values.code_challenge ?? null,
    fail,
  );
}

type Trusted = Pick<AuthorizeRequest, 'client' | 'redirectUri' | 'responseMode' | 'state'>;
type Fail = (error: string, description: string) => AuthorizeCheck;

/** OIDC Core §3.2.2.1: an id_token alone is OpenID only, and its `nonce` is what binds it to the app's request. */
function checkIdTokenRequest(values: AuthorizeParams, trusted: Trusted, fail: Fail): AuthorizeCheck {
  if (values.nonce === undefined) return fail('invalid_request', 'nonce is required with response_type=id_token');
  if (!(values.scope ?? '').split(' ').includes('openid'))
    return fail('invalid_request', 'response_type=id_token is OpenID Connect: scope must include openid');
  return checkCommon(values, { ...trusted, responseType: 'id_token' }, null, fail);
}

/** What every response type checks the same way: prompt, max_age, nonce, scope. */
function checkCommon(
  values: AuthorizeParams,
  trusted: Trusted & Pick<AuthorizeRequest, 'responseType'>,
  codeChallenge: string | null,
  fail: Fail,
): AuthorizeCheck {
  const prompt = new Set<Prompt>();
  for (const p of (values.prompt ?? '').split(' ').filter(Boolean)) {
    if (!(PROMPTS as readonly string[]).includes(p)) return fail('invalid_request', `unknown prompt value ${p}`);
    prompt.add(p as Prompt);
  }
  if (prompt.has('none') && prompt.size > 1)
    return fail('invalid_request', 'prompt=none cannot be combined with other values');
  let maxAge: number | null = null;
  if (values.max_age !== undefined) {
    if (!/^\d{1,9}$/.test(values.max_age)) return fail('invalid_request', 'max_age is a number of seconds');
    maxAge = Number(values.max_age);
  }
  if (values.nonce !== undefined && values.nonce.length > 512)
    return fail('invalid_request', 'nonce is longer than 512 characters');
  const claims = readClaimsRequest(values.claims);
  if (!claims.ok) return fail(claims.error, claims.problem);
  const scope = grantUserScope(trusted.client, values.scope);
  return {
    ok: true,
    request: { ...trusted, scope, nonce: values.nonce ?? null, codeChallenge, prompt, maxAge, claims: claims.claims },
  };
}
