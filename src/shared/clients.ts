/**
 * The rules of a client registration, pure so the console checks them while the user types and
 * the main process enforces the very same ones (admin API, `--config`).
 */

export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;
export type GrantTypeName = (typeof GRANT_TYPES)[number];
export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'] as const;
export type ClientAuthMethodName = (typeof CLIENT_AUTH_METHODS)[number];
/**
 * The user scopes of OpenID Connect: every authorization_code client may ask for them, so they are
 * never registered; a client_credentials token has no user, so it never gets them.
 */
/**
 * What a client may ask the authorization endpoint for: a code, or an id_token alone (OIDC Core
 * §3.2, no access token in the front channel). Nothing that carries an access token is offered.
 */
export const RESPONSE_TYPES = ['code', 'id_token'] as const;
export type ResponseTypeName = (typeof RESPONSE_TYPES)[number];
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access'] as const;

/**
 * `id_token_signed_response_alg` (OIDC Dynamic Registration §2) a client may ask for; RS256 is
 * the default (OIDC Core §2). Registration refuses one the key ring cannot sign at that moment.
 */
export const ID_TOKEN_ALGS = ['RS256', 'ES256', 'EdDSA', 'PS256'] as const;
export type IdTokenAlgName = (typeof ID_TOKEN_ALGS)[number];
export const DEFAULT_ID_TOKEN_ALG: IdTokenAlgName = 'RS256';

/**
 * What a client's id_tokens say of the user: `scopes`, the claims its scopes grant, as UserInfo
 * says them (OIDC Core §5.4 allows either place; libraries that read only the id_token show the
 * user's name); `minimal`, only the protocol's claims and those the `claims` request parameter's
 * `id_token` member asks for (OIDC Core §5.5), the rest at UserInfo. A `response_type=id_token`
 * reply, with no access token to call UserInfo with, carries the scope's claims either way (§5.4).
 */
export const ID_TOKEN_CLAIMS = ['scopes', 'minimal'] as const;
export type IdTokenClaimsName = (typeof ID_TOKEN_CLAIMS)[number];
export const DEFAULT_ID_TOKEN_CLAIMS: IdTokenClaimsName = 'scopes';

/** What a registration says; the server adds the id, secret, times and state. */
export interface ClientRegistration {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: GrantTypeName[];
  tokenEndpointAuthMethod: ClientAuthMethodName;
  backchannelLogoutUri: string | null;
  audience: string | null;
  /**
   * The API scopes the client may be granted (beyond the OIDC scopes): client_credentials asking
   * for any other is refused (invalid_scope), the code flow drops the others. Empty: none.
   */
  scopes: string[];
  /** Signs its id_tokens and logout tokens; absent: RS256. */
  idTokenSignedResponseAlg?: IdTokenAlgName;
  /** What its id_tokens say of the user (`ID_TOKEN_CLAIMS`); absent: `scopes`. */
  idTokenClaims?: IdTokenClaimsName;
  /**
   * Whether an authorization request must carry a PKCE S256 challenge. Always true for a public
   * client; a confidential one may opt out (RFC 9700 §2.1.1), then its code relies on `nonce` and
   * its secret. A request that does send a challenge is held to it either way.
   */
  requirePkce: boolean;
  /** The response types it may ask for; `id_token` must be registered (a client of the code flow cannot switch to it). */
  responseTypes: ResponseTypeName[];
}

export interface ClientProblem {
  field: keyof ClientRegistration | 'clientId';
  message: string;
}

/** Client ids: what a developer types into their app's settings. */
export const CLIENT_ID = /^[A-Za-z0-9._~-]{1,128}$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const MAX_URIS = 20;
/** RFC 6749 §3.3: a scope token is printable ASCII but space, `"` and `\`; kept short here. */
export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/;
export const MAX_SCOPES = 50;

/**
 * A URI a browser or Gatehouse will be sent to: absolute, `https:` (or `http:` on a loopback host,
 * for development), no fragment (RFC 6749 §3.1.2), no wildcard, no credentials. Null when fine.
 */
export function checkCallbackUri(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `${JSON.stringify(uri)} is not an absolute URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `${uri}: only https (or http on localhost) is allowed`;
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    return `${uri}: http is allowed only on localhost, 127.0.0.1 or [::1]; use https`;
  if (uri.includes('#')) return `${uri}: a redirect URI has no fragment`;
  if (uri.includes('*')) return `${uri}: wildcards are not allowed; register each URI exactly`;
  if (url.username || url.password) return `${uri}: no credentials in the URI`;
  if (uri.length > 2000) return `${uri.slice(0, 40)}…: longer than 2000 characters`;
  return null;
}

/** A public client has no secret: it authenticates with `none` and proves itself with PKCE only. */
export const isPublic = (r: Pick<ClientRegistration, 'tokenEndpointAuthMethod'>): boolean =>
  r.tokenEndpointAuthMethod === 'none';

/** Every problem of a registration, in the order a form shows its fields. Empty: it may be saved. */
export function lintClient(r: ClientRegistration, clientId?: string): ClientProblem[] {
  const out: ClientProblem[] = [];
  if (clientId !== undefined && !CLIENT_ID.test(clientId))
    out.push({ field: 'clientId', message: 'A client id is 1–128 letters, digits or . _ ~ -' });
  if (!r.name.trim() || r.name.length > 100) out.push({ field: 'name', message: 'A name of 1–100 characters' });
  // no grant at all is a resource server: it only introspects and revokes
  const grants = new Set(r.grantTypes);
  if (grants.size !== r.grantTypes.length) out.push({ field: 'grantTypes', message: 'A grant is listed twice' });
  if (isPublic(r) && grants.has('client_credentials'))
    out.push({
      field: 'grantTypes',
      message: 'A public client (no secret) cannot use client_credentials: it would get tokens on its own word',
    });
  if (grants.has('refresh_token') && !grants.has('authorization_code'))
    out.push({
      field: 'grantTypes',
      message: 'refresh_token comes with authorization_code: there is nothing to refresh otherwise',
    });
  if (grants.has('authorization_code') && r.redirectUris.length === 0)
    out.push({ field: 'redirectUris', message: 'authorization_code needs at least one redirect URI' });
  if (!grants.has('authorization_code') && r.redirectUris.length > 0)
    out.push({ field: 'redirectUris', message: 'Redirect URIs are used only with authorization_code' });
  for (const [field, uris] of [
    ['redirectUris', r.redirectUris],
    ['postLogoutRedirectUris', r.postLogoutRedirectUris],
  ] as const) {
    if (uris.length > MAX_URIS) out.push({ field, message: `At most ${MAX_URIS} URIs` });
    if (new Set(uris).size !== uris.length) out.push({ field, message: 'A URI is listed twice' });
    for (const uri of uris) {
      const problem = checkCallbackUri(uri);
      if (problem) out.push({ field, message: problem });
    }
  }
  if (r.backchannelLogoutUri !== null) {
    const problem = checkCallbackUri(r.backchannelLogoutUri);
    if (problem) out.push({ field: 'backchannelLogoutUri', message: problem });
  }
  if (r.audience !== null && (!r.audience.trim() || r.audience.length > 512))
    out.push({ field: 'audience', message: 'An audience of 1–512 characters, or none for the default' });
  out.push(...lintScopes(r.scopes));
  const pkce = lintRequirePkce(r);
  if (pkce) out.push(pkce);
  out.push(...lintResponseTypes(r));
  return out;
}

function lintResponseTypes(r: ClientRegistration): ClientProblem[] {
  const problem = (message: string): ClientProblem[] => [{ field: 'responseTypes', message }];
  if (r.responseTypes.length === 0) return problem('At least one response type (code is the usual one)');
  if (new Set(r.responseTypes).size !== r.responseTypes.length) return problem('A response type is listed twice');
  if (r.responseTypes.some((t) => !(RESPONSE_TYPES as readonly string[]).includes(t)))
    return problem(`Only ${RESPONSE_TYPES.join(' and ')} are offered: nothing puts an access token in the browser`);
  if (r.responseTypes.includes('id_token') && !r.grantTypes.includes('authorization_code'))
    return problem(
      'id_token is answered at the authorization endpoint: it needs authorization_code and a redirect URI',
    );
  return [];
}

/** What a confidential client gives up without PKCE: the form's warning next to the checkbox. */
export const PKCE_OFF_WARNING =
  'Without PKCE, a stolen authorization code is stopped only by the nonce check in the app and by the client secret.';

/** RFC 9700 §2.1.1: a public client has no secret, so PKCE is all that binds its code to it. */
function lintRequirePkce(r: Pick<ClientRegistration, 'tokenEndpointAuthMethod' | 'requirePkce'>): ClientProblem | null {
  return isPublic(r) && !r.requirePkce
    ? {
        field: 'requirePkce',
        message: 'A public client (no secret) always requires PKCE: nothing else binds its code to it',
      }
    : null;
}

function lintScopes(scopes: string[]): ClientProblem[] {
  const out: ClientProblem[] = [];
  const problem = (message: string) => out.push({ field: 'scopes', message });
  if (scopes.length > MAX_SCOPES) problem(`At most ${MAX_SCOPES} scopes`);
  if (new Set(scopes).size !== scopes.length) problem('A scope is listed twice');
  for (const scope of scopes) {
    if (!SCOPE_TOKEN.test(scope))
      problem(`${JSON.stringify(scope.slice(0, 40))}: a scope is 1–128 printable characters, no space, " or \\`);
    else if ((OIDC_SCOPES as readonly string[]).includes(scope))
      problem(
        `${scope} is an OpenID Connect scope, always allowed with authorization_code: list only your API's scopes`,
      );
  }
  return out;
}
