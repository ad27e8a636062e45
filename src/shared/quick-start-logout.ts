/**
 * The quick start's back-channel logout receiver (OpenID Connect Back-Channel Logout 1.0 §2.5–2.8)
 * for openid-client v6 and jose: verify the logout token as §2.6 lists the checks, then end the
 * app's own session for its `sid` (or every session of its `sub`). Lines of the same ES module as
 * the rest of the snippet, which declares `config`, `clientId` and `sessionsBySid`.
 */

/** The event every logout token carries (§2.4). */
export const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/**
 * The receiver itself, the same for every client (docs/openid-provider.md shows these lines too, and a test
 * runs both): it needs `config`, `clientId` and `sessionsBySid` declared before it.
 */
export const LOGOUT_RECEIVER_LINES: readonly string[] = [
  `const LOGOUT_EVENT = '${LOGOUT_EVENT}';`,
  `const jwks = jose.createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri));`,
  `const seenLogoutTokens = new Map(); // jti → exp: each logout token is accepted once`,
  ``,
  `export async function verifyLogoutToken(logoutToken) {`,
  `  // signature by the issuer's keys, typ logout+jwt (never an ID token), iss, aud = this client, a recent iat`,
  `  const { payload } = await jose.jwtVerify(logoutToken, jwks, {`,
  `    issuer: config.serverMetadata().issuer,`,
  `    audience: clientId,`,
  `    typ: 'logout+jwt',`,
  `    requiredClaims: ['iat', 'exp', 'jti', 'events'],`,
  `    maxTokenAge: '2 minutes',`,
  `  });`,
  `  const event = payload.events?.[LOGOUT_EVENT];`,
  `  if (typeof event !== 'object' || event === null) throw new Error(\`events has no \${LOGOUT_EVENT}\`);`,
  `  if (!payload.sid && !payload.sub) throw new Error('the token names neither a session (sid) nor a user (sub)');`,
  `  if ('nonce' in payload) throw new Error('a logout token has no nonce');`,
  `  for (const [jti, exp] of seenLogoutTokens) if (exp < Date.now() / 1000) seenLogoutTokens.delete(jti);`,
  `  if (seenLogoutTokens.has(payload.jti)) throw new Error('this logout token was received before (jti)');`,
  `  seenLogoutTokens.set(payload.jti, payload.exp);`,
  `  return payload;`,
  `}`,
  ``,
  `// The endpoint, a Node request handler: http.createServer(backchannelLogout), or`,
  `// app.post(path, backchannelLogout) in Express with no body parser in front of it`,
  `export async function backchannelLogout(req, res) {`,
  `  let body = '';`,
  `  for await (const chunk of req) body += chunk;`,
  `  try {`,
  `    const { sid, sub } = await verifyLogoutToken(new URLSearchParams(body).get('logout_token') ?? '');`,
  `    for (const [key, session] of sessionsBySid)`,
  `      if (sid ? key === sid : session.sub === sub) sessionsBySid.delete(key); // end the local session`,
  `    res.writeHead(200, { 'cache-control': 'no-store' }).end();`,
  `  } catch (err) {`,
  `    res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store' });`,
  `    res.end(JSON.stringify({ error: 'invalid_request', error_description: err.message }));`,
  `  }`,
  `}`,
];

export function backchannelLogoutLines(uri: string): string[] {
  return [
    ``,
    `// Back-channel logout: when a session your app signed in to ends (a sign-out anywhere, a`,
    `// revoke in the console, expiry), Gatehouse POSTs logout_token=… to ${uri.replace(/[\r\n]+/g, ' ')}`,
    ...LOGOUT_RECEIVER_LINES,
  ];
}
