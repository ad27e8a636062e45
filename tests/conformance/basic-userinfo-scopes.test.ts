/**
 * The Basic OP plan's UserInfo and claims modules (`AbstractOIDCCUserInfoTest`,
 * `AbstractOIDCCReturnedClaimsServerTest`): UserInfo by GET, by POST with the header and with the
 * token in the body; the claims of each scope; the `claims` parameter's essential `name`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useUnboundedHasher } from '../support/unbounded-hasher';
import { missingScopeClaims, nonRequestedClaims, SCOPE_STANDARD_CLAIMS } from './suite-claims';
import { callUserInfo, codeFlow, startSuiteServer, SUITE_USER, type SuiteFixture } from './suite-client';

const passwords = useUnboundedHasher();
let fx: SuiteFixture;
beforeAll(async () => {
  fx = await startSuiteServer(passwords);
});
afterAll(() => fx.close());

/** `ValidateUserInfoStandardClaims`: each standard claim present has its type (OIDC Core §5.1). */
function standardClaimProblems(info: Record<string, unknown>): string[] {
  const booleans = ['email_verified', 'phone_number_verified'];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(info)) {
    if (booleans.includes(name) && typeof value !== 'boolean') problems.push(name);
    else if (name === 'updated_at' && typeof value !== 'number') problems.push(name);
    else if (name === 'address' && (typeof value !== 'object' || value === null)) problems.push(name);
    else if (name === 'birthdate' && !/^(\d{4}|\d{4}-\d{2}-\d{2})$/.test(String(value))) problems.push(name);
    else if (
      !booleans.includes(name) &&
      !['updated_at', 'address'].includes(name) &&
      (typeof value !== 'string' || !value.trim())
    )
      problems.push(name);
  }
  return problems;
}

async function userInfoOf(res: Response) {
  expect(res.status).toBe(200); // EnsureHttpStatusCodeIs200
  expect(res.headers.get('content-type')).toMatch(/^application\/json/); // EnsureContentTypeJson
  return (await res.json()) as Record<string, unknown>;
}

describe('oidcc-userinfo-get, oidcc-userinfo-post-header, oidcc-userinfo-post-body', () => {
  for (const how of ['get', 'post-header', 'post-body'] as const)
    it(`oidcc-userinfo-${how}: answers JSON with valid standard claims and the id_token's sub`, async () => {
      const { tokens, idToken } = await codeFlow(fx);
      const info = await userInfoOf(await callUserInfo(fx, tokens.access_token!, how));
      expect(standardClaimProblems(info)).toEqual([]);
      // VerifyUserInfoAndIdTokenInTokenEndpointSameSub
      expect(info.sub).toBe(idToken.sub);
    });
});

describe('oidcc-scope-profile, -email, -address, -phone, -all', () => {
  const cases: [module: string, scope: string][] = [
    ['oidcc-scope-profile', 'openid profile'],
    ['oidcc-scope-email', 'openid email'],
    ['oidcc-scope-address', 'openid address'],
    ['oidcc-scope-phone', 'openid phone'],
    ['oidcc-scope-all', 'openid email phone address profile'],
  ];
  it('discovery lists every scope the modules ask for (OIDCCCheckScopesSupportedContainScopeTest: else skipped)', () => {
    expect(fx.meta.scopes_supported).toEqual(expect.arrayContaining(Object.keys(SCOPE_STANDARD_CLAIMS)));
  });
  for (const [module, scope] of cases)
    it(`${module}: UserInfo has every claim of ${scope.slice(7)} and only valid standard claims`, async () => {
      const { tokens, idToken, params } = await codeFlow(fx, 'client', { scope });
      const info = await userInfoOf(await callUserInfo(fx, tokens.access_token!));
      expect(standardClaimProblems(info)).toEqual([]);
      expect(info.sub).toBe(idToken.sub);
      // VerifyScopesReturnedInUserInfoClaims
      expect(missingScopeClaims(info, scope)).toEqual([]);
      // claims of scopes not asked for stay out
      expect(nonRequestedClaims(info, scope)).toEqual([]);
      expect(nonRequestedClaims(idToken, params.scope)).toEqual([]);
      // ValidateIdTokenStandardClaims: the user's claims the id_token carries are typed as in UserInfo
      const userClaimsInIdToken = Object.fromEntries(Object.entries(idToken).filter(([k]) => k !== 'sub' && k in info));
      expect(standardClaimProblems(userClaimsInIdToken)).toEqual([]);
    });

  it("oidcc-scope-email: the id_token carries neither email nor name, as the suite's clients are registered with idTokenClaims minimal (EnsureIdTokenDoesNotContainEmailForScopeEmail, EnsureIdTokenDoesNotContainName pass)", async () => {
    const { idToken } = await codeFlow(fx, 'client', { scope: 'openid email' });
    expect(idToken.email).toBeUndefined();
    expect(idToken.email_verified).toBeUndefined();
    expect(idToken.name).toBeUndefined();
  });

  it('puts every claim of the scopes in the id_token too for a client left with the default idTokenClaims scopes (issue 19.4), as UserInfo has them', async () => {
    const scope = 'openid email phone address profile';
    const { tokens, idToken } = await codeFlow(fx, 'scopes', { scope });
    const info = await userInfoOf(await callUserInfo(fx, tokens.access_token!));
    expect(missingScopeClaims(idToken, scope)).toEqual([]);
    expect(idToken).toMatchObject(info);
    expect(idToken.email).toBe(SUITE_USER.claims.email);
  });
});

describe('oidcc-claims-essential', () => {
  it('with scope openid alone and name essential in userinfo, UserInfo returns name and the id_token does not', async () => {
    const claims = JSON.stringify({ userinfo: { name: { essential: true } } });
    const { tokens, idToken } = await codeFlow(fx, 'client', { claims });
    const info = await userInfoOf(await callUserInfo(fx, tokens.access_token!));
    // EnsureUserInfoContainsName, EnsureIdTokenDoesNotContainName
    expect(info.name).toBe(SUITE_USER.claims.name);
    expect(idToken.name).toBeUndefined();
  });
});
