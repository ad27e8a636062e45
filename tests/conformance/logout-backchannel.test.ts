/**
 * The Back-Channel Logout OP plan's flow module, `oidcc-backchannel-rp-initiated-logout`
 * (`OIDCCBackChannelRpInitiatedLogout.validateLogoutResults`): after RP-initiated logout, the
 * suite's `/backchannel_logout` must receive a form POST with only a `logout_token`, whose
 * signature, claims, `sub` and `sid` it checks against the JWKS and the id_token, and its
 * `/post_logout_redirect` the state it sent; then `prompt=none` must fail.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authorize,
  END_SESSION_STATE,
  endSessionUrl,
  expectLoggedOut,
  startLogoutPlan,
  SUITE_CLIENT_ID,
  type LogoutPlan,
  registerSuiteClient,
} from './logout-support';
import type { SuiteRequest } from './logout-suite-server';
import type { IdTokenAlgName } from '../../src/shared/clients';

const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

let plan: LogoutPlan;

beforeAll(async () => {
  plan = await startLogoutPlan({ backchannel: true });
});
afterAll(async () => {
  await plan.close();
});

/** `ValidateLogoutTokenSignature` (AbstractVerifyJwsSignature): the one key of the `kid`, its kty, alg and `use: sig`. */
async function verifySignature(token: string) {
  const header = decodeProtectedHeader(token);
  expect(header.kid).toEqual(expect.any(String));
  const keys = plan.jwks.keys.filter((k: JWK) => k.kid === header.kid);
  expect(keys).toHaveLength(1);
  const [key] = keys;
  if (key!.alg !== undefined) expect(key!.alg).toBe(header.alg);
  if (key!.use !== undefined) expect(key!.use).toBe('sig');
  return jwtVerify(token, createLocalJWKSet({ keys: [key!] }));
}

/** The module's run for one registered client (the suite verifies whatever algorithm it signs in). */
async function runModule(clientId: string) {
  const { browser, idToken, claims: idClaims } = await authorize(plan, { clientId });
  plan.suite.received.length = 0;
  const page = await browser.visit(
    endSessionUrl(plan, {
      id_token_hint: idToken,
      post_logout_redirect_uri: plan.postLogoutRedirectUri,
      state: END_SESSION_STATE,
    }),
  );
  expect(page.status).toBe(303);
  // the back channel is sent off the request path; settle() waits for what is under way
  await plan.fx.gatehouse.logout.settle();

  const [request, ...more] = plan.suite.to('backchannel_logout');
  expect(more).toEqual([]);
  expect(request).toMatchObject<Partial<SuiteRequest>>({
    method: 'POST',
    contentType: 'application/x-www-form-urlencoded',
  });
  // ExtractLogoutTokenFromBackchannelLogoutRequest, CheckForUnexpectedParametersInBackchannelLogoutRequest
  expect(Object.keys(request!.form)).toEqual(['logout_token']);
  const token = request!.form.logout_token!;

  const { payload, protectedHeader } = await verifySignature(token);
  // Back-Channel Logout 1.0 §2.4: explicitly typed (RFC 8725 §3.11), so it passes for no id_token
  expect(protectedHeader.typ).toBe('logout+jwt');
  // ValidateLogoutTokenClaims (the suite's clock is the OP's here: iat at most 5 min ahead, at most a day old)
  const now = plan.fx.gatehouse.clock.now();
  expect(payload.iss).toBe(plan.server.issuer);
  expect([payload.aud].flat()).toContain(clientId);
  expect(payload.iat).toBeLessThanOrEqual(now + 300);
  expect(payload.iat).toBeGreaterThanOrEqual(now - 86_400);
  expect(payload.jti).toEqual(expect.any(String));
  expect(payload.events).toEqual({ [BACKCHANNEL_LOGOUT_EVENT]: {} });
  // CheckIdTokenSubMatchesLogoutToken, CheckIdTokenSidMatchesLogoutToken, CheckLogoutTokenHasSubOrSid
  expect(payload.sub).toBe(idClaims.sub);
  expect(idClaims.sid).toEqual(expect.any(String));
  expect(payload.sid).toBe(idClaims.sid);
  // CheckLogoutTokenNoNonce
  expect(decodeJwt(token)).not.toHaveProperty('nonce');

  // CheckPostLogoutState, CheckForUnexpectedParametersInPostLogoutRedirect
  const [redirect] = plan.suite.to('post_logout_redirect');
  expect(redirect!.query).toEqual({ state: END_SESSION_STATE });
  await expectLoggedOut(plan, browser, clientId);
  await plan.fx.gatehouse.logout.settle();
  expect(plan.suite.unexpected()).toEqual([]);
  return { idToken, protectedHeader };
}

describe('oidcc-backchannel-logout-certification-test-plan', () => {
  it('oidcc-backchannel-rp-initiated-logout: POSTs a logout token with the id_token’s sub and sid to backchannel_logout_uri, redirects with the state, and prompt=none then fails', async () => {
    const { idToken, protectedHeader } = await runModule(SUITE_CLIENT_ID);
    // RS256 by default (OIDC Core §2), as the client's id_tokens
    expect(protectedHeader.alg).toBe('RS256');
    expect(decodeProtectedHeader(idToken).alg).toBe('RS256');
  });

  it('oidcc-backchannel-rp-initiated-logout: for a client registered with each other id_token_signing_alg_values_supported, the logout token is signed in that algorithm by the key its kid names', async () => {
    const others = (plan.server.id_token_signing_alg_values_supported as IdTokenAlgName[]).filter((a) => a !== 'RS256');
    expect(others.length).toBeGreaterThan(0);
    for (const alg of others) {
      await registerSuiteClient(plan, `${SUITE_CLIENT_ID}-${alg}`, { idTokenSignedResponseAlg: alg });
      const { protectedHeader } = await runModule(`${SUITE_CLIENT_ID}-${alg}`);
      expect(protectedHeader.alg).toBe(alg);
    }
  });
});
