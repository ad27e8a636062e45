/**
 * What a developer pastes into their app to use a client: the issuer, the ids and URIs, a snippet
 * for panva's openid-client v6 (what Gatehouse's own tests sign in with), and the same settings
 * for any other OpenID Connect library. Pure: built from the client and the deployment's issuer.
 */
import type { ClientView } from './admin-views';
import { backchannelLogoutLines } from './quick-start-logout';

type QuickStartClient = Pick<
  ClientView,
  | 'clientId'
  | 'name'
  | 'type'
  | 'tokenEndpointAuthMethod'
  | 'grantTypes'
  | 'redirectUris'
  | 'postLogoutRedirectUris'
  | 'backchannelLogoutUri'
  | 'audience'
>;

/** Every OIDC scope Gatehouse serves (offline_access only for a client that may refresh), then the client's registered ones. */
export function scopesFor(c: Pick<ClientView, 'grantTypes'> & Partial<Pick<ClientView, 'scopes'>>): string {
  const oidc = c.grantTypes.includes('refresh_token') ? 'openid profile email offline_access' : 'openid profile email';
  return [oidc, ...(c.scopes ?? [])].join(' ');
}

export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** The secret's environment variable in the snippet: named after the client id. */
export function secretEnvName(clientId: string): string {
  const stem = clientId
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `${/^[A-Z]/.test(stem) ? stem : `APP_${stem}`}_CLIENT_SECRET`;
}

const js = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const AUTH_CALL = {
  client_secret_basic: 'client.ClientSecretBasic(clientSecret)',
  client_secret_post: 'client.ClientSecretPost(clientSecret)',
  none: 'client.None()',
} as const;

/** An ES module for openid-client v6: discovery, then the flows the client is registered for. */
export function openidClientSnippet(c: QuickStartClient, issuer: string): string {
  const confidential = c.tokenEndpointAuthMethod !== 'none';
  const insecure = issuer.startsWith('http:');
  const signsIn = c.grantTypes.includes('authorization_code');
  const refreshes = c.grantTypes.includes('refresh_token');
  const machine = c.grantTypes.includes('client_credentials');
  const hearsLogout = signsIn && !!c.backchannelLogoutUri;
  const lines: string[] = [
    `import * as client from 'openid-client';`,
    ...(hearsLogout ? [`import * as jose from 'jose';`] : []),
    ``,
    `// ${c.name.replace(/[\r\n]+/g, ' ')}: a ${c.type} client (${c.tokenEndpointAuthMethod})`,
    `const issuer = new URL(${js(issuer)});`,
    `const clientId = ${js(c.clientId)};`,
  ];
  if (confidential)
    lines.push(
      `// the secret Gatehouse showed once, when the client was created or its secret rotated`,
      `const clientSecret = process.env.${secretEnvName(c.clientId)};`,
    );
  if (signsIn) lines.push(`const redirectUri = ${js(c.redirectUris[0] ?? '')};`);
  lines.push(
    ``,
    `const config = await client.discovery(issuer, clientId, ${confidential ? 'clientSecret' : 'undefined'}, ${AUTH_CALL[c.tokenEndpointAuthMethod]}${
      insecure ? `, {\n  execute: [client.allowInsecureRequests], // an http:// issuer: for development only\n}` : ''
    });`,
  );
  if (hearsLogout)
    lines.push(
      ``,
      `// Your app's signed-in sessions by Gatehouse's session id (sid): replace with your session store`,
      `export const sessionsBySid = new Map();`,
    );
  if (signsIn)
    lines.push(
      ``,
      `// 1. Sign-in: send the browser to url; keep codeVerifier, state and nonce in the user's session`,
      `export async function startSignIn() {`,
      `  const codeVerifier = client.randomPKCECodeVerifier();`,
      `  const state = client.randomState();`,
      `  const nonce = client.randomNonce();`,
      `  const url = client.buildAuthorizationUrl(config, {`,
      `    redirect_uri: redirectUri,`,
      `    scope: ${js(scopesFor(c))},`,
      `    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),`,
      `    code_challenge_method: 'S256',`,
      `    state,`,
      `    nonce,`,
      `  });`,
      `  return { url, codeVerifier, state, nonce };`,
      `}`,
      ``,
      `// 2. At the redirect URI: currentUrl is the full URL Gatehouse sent the browser back to`,
      `export async function finishSignIn(currentUrl, { codeVerifier, state, nonce }) {`,
      `  const tokens = await client.authorizationCodeGrant(config, currentUrl, {`,
      `    pkceCodeVerifier: codeVerifier,`,
      `    expectedState: state,`,
      `    expectedNonce: nonce,`,
      `  });`,
      `  const claims = tokens.claims(); // the ID token: sub, sid, auth_time, …`,
      `  const user = await client.fetchUserInfo(config, tokens.access_token, claims.sub);`,
      ...(hearsLogout ? [`  sessionsBySid.set(claims.sid, { sub: claims.sub, user });`] : []),
      `  return { tokens, claims, user };`,
      `}`,
    );
  if (signsIn)
    lines.push(
      ``,
      `// Signing out: send the browser here; Gatehouse ends the session and tells every app in it`,
      `export function signOutUrl(idToken) {`,
      `  return client.buildEndSessionUrl(config, {`,
      `    id_token_hint: idToken,${
        c.postLogoutRedirectUris[0] ? `\n    post_logout_redirect_uri: ${js(c.postLogoutRedirectUris[0])},` : ''
      }`,
      `  });`,
      `}`,
    );
  if (hearsLogout) lines.push(...backchannelLogoutLines(c.backchannelLogoutUri!));
  if (signsIn && refreshes)
    lines.push(
      ``,
      `// 3. Staying signed in: a refresh token works once; keep the new one it returns`,
      `export function refresh(refreshToken) {`,
      `  return client.refreshTokenGrant(config, refreshToken);`,
      `}`,
    );
  if (machine)
    lines.push(
      ``,
      `// The app as itself (no user, no refresh token): an access token for ${c.audience ? js(c.audience) : "the deployment's audience"}`,
      `export async function serviceToken() {`,
      `  const { access_token, expires_in } = await client.clientCredentialsGrant(config);`,
      `  return { accessToken: access_token, expiresIn: expires_in };`,
      `}`,
    );
  if (!signsIn && !machine && confidential)
    lines.push(
      ``,
      `// An API checking a token it received (RFC 7662); revoke with client.tokenRevocation`,
      `export async function introspect(accessToken) {`,
      `  const info = await client.tokenIntrospection(config, accessToken);`,
      `  return info.active ? info : null;`,
      `}`,
    );
  return `${lines.join('\n')}\n`;
}

export interface OidcSetting {
  label: string;
  value: string;
}

/** The same client as the settings page of any OpenID Connect library asks for them. */
export function genericOidcSettings(c: QuickStartClient, issuer: string): OidcSetting[] {
  const signsIn = c.grantTypes.includes('authorization_code');
  const out: OidcSetting[] = [
    { label: 'Issuer', value: issuer },
    { label: 'Discovery URL', value: discoveryUrl(issuer) },
    { label: 'Client ID', value: c.clientId },
    {
      label: 'Client secret',
      value:
        c.tokenEndpointAuthMethod === 'none'
          ? 'none (a public client: PKCE is its proof)'
          : 'the one shown when the client was created or its secret rotated',
    },
    { label: 'Client authentication', value: c.tokenEndpointAuthMethod },
    { label: 'Grant types', value: c.grantTypes.join(', ') || 'none (introspection and revocation only)' },
  ];
  if (signsIn)
    out.push(
      { label: 'Response type', value: 'code' },
      { label: 'PKCE', value: 'S256 (required)' },
      { label: 'Scopes', value: scopesFor(c) },
      { label: c.redirectUris.length > 1 ? 'Redirect URIs' : 'Redirect URI', value: c.redirectUris.join('\n') },
    );
  if (signsIn) out.push({ label: 'End-session (logout) URL', value: `${issuer.replace(/\/+$/, '')}/logout` });
  if (c.postLogoutRedirectUris.length)
    out.push({ label: 'Post-logout redirect URIs', value: c.postLogoutRedirectUris.join('\n') });
  if (c.backchannelLogoutUri) out.push({ label: 'Back-channel logout URI', value: c.backchannelLogoutUri });
  if (c.grantTypes.includes('client_credentials'))
    out.push({ label: 'Audience of its own tokens', value: c.audience ?? "the deployment's audience setting" });
  return out;
}

/** The settings as plain text, one `label: value` a line (multi-line values indented). */
export function settingsText(settings: OidcSetting[]): string {
  const width = Math.max(...settings.map((s) => s.label.length)) + 2;
  return `${settings
    .map((s) => `${`${s.label}:`.padEnd(width)}${s.value.split('\n').join(`\n${' '.repeat(width)}`)}`)
    .join('\n')}\n`;
}
