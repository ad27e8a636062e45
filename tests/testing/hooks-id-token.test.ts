/**
 * gh.next.idToken({ defect }): the next id_token the app receives is wrong in exactly that one way.
 * Each token is read the way a relying party reads it, every check separately, and exactly the
 * defect's check fails; jose's `jwtVerify` against the JWKS refuses it for that reason.
 */
import * as jose from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ID_TOKEN_DEFECTS, type IdTokenDefect } from '../../src/main/auth/id-token-defects';
import { accessTokenHash } from '../../src/main/auth/id-tokens';
import { REDIRECT, redeem, signIn, startHooksInstance, type HooksFixture } from './hooks-fixture';

let fx: HooksFixture;
let config: oidc.Configuration;
let jwks: jose.JSONWebKeySet;
beforeAll(async () => {
  fx = await startHooksInstance();
  config = await fx.config();
  jwks = (await (await fetch(`${fx.url}/.well-known/jwks.json`)).json()) as jose.JSONWebKeySet;
});
afterAll(() => fx.close());
beforeEach(() => fx.hooks.clear());

interface Received {
  idToken: string;
  accessToken?: string;
  /** The nonce the token must carry; none for a refreshed one. */
  nonce?: string;
}

/** Every check an RP makes (OIDC Core §3.1.3.7), one by one: the names of those that fail. */
async function failedChecks({ idToken, accessToken, nonce }: Received): Promise<string[]> {
  const header = jose.decodeProtectedHeader(idToken);
  const claims = jose.decodeJwt(idToken);
  const failed: string[] = [];
  if (header.alg === 'none') failed.push('alg-none');
  const key = jwks.keys.find((k) => k.kid === header.kid);
  if (header.alg !== 'none' && !key) failed.push('unknown-kid');
  if (key) {
    const signed = await jose.compactVerify(idToken, await jose.importJWK(key, header.alg)).then(
      () => true,
      () => false,
    );
    if (!signed) failed.push('signature');
  }
  if (header.typ !== undefined && header.typ !== 'JWT') failed.push('typ');
  if (claims.iss !== fx.url) failed.push('iss');
  if (claims.aud !== 'web-app') failed.push('aud');
  if (typeof claims.exp !== 'number' || claims.exp <= Date.now() / 1000) failed.push('exp');
  if (claims.nonce !== nonce) failed.push('nonce');
  const atHash = accessToken === undefined ? undefined : accessTokenHash(accessToken, String(header.alg));
  if (claims.at_hash !== atHash) failed.push('at_hash');
  return failed;
}

/** jose's own refusal, with every check on: the error's code and, for a claim, its name. */
async function joseRefusal(idToken: string, nonce: string | undefined): Promise<string | null> {
  try {
    const { payload } = await jose.jwtVerify(idToken, jose.createLocalJWKSet(jwks), {
      issuer: fx.url,
      audience: 'web-app',
      typ: 'JWT',
      algorithms: ['RS256'],
    });
    return payload.nonce === nonce ? null : 'nonce mismatch';
  } catch (err) {
    const { code, claim } = err as { code: string; claim?: string };
    return claim ? `${code} ${claim}` : code;
  }
}

/** What jose says of each defect it can see by itself (nonce and at_hash are the RP's own checks). */
const JOSE_REFUSES: Record<IdTokenDefect, string | null> = {
  iss: 'ERR_JWT_CLAIM_VALIDATION_FAILED iss',
  aud: 'ERR_JWT_CLAIM_VALIDATION_FAILED aud',
  exp: 'ERR_JWT_EXPIRED exp',
  signature: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'alg-none': 'ERR_JOSE_ALG_NOT_ALLOWED',
  'unknown-kid': 'ERR_JWKS_NO_MATCHING_KEY',
  typ: 'ERR_JWT_CLAIM_VALIDATION_FAILED typ',
  nonce: 'nonce mismatch',
  at_hash: null,
};

const userinfoStatus = async (accessToken: string) =>
  (await fetch(`${fx.url}/oauth/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } })).status;

async function codeFlow(): Promise<Received> {
  const { callback, verifier, nonce } = await signIn(fx, config);
  const body = (await (await redeem(fx, callback, verifier)).json()) as { id_token: string; access_token: string };
  return { idToken: body.id_token, accessToken: body.access_token, nonce };
}

describe('next.idToken at the token endpoint', () => {
  it('issues a token every check passes when no defect is armed', async () => {
    const received = await codeFlow();
    expect(await failedChecks(received)).toEqual([]);
    expect(await joseRefusal(received.idToken, received.nonce)).toBeNull();
  });

  it.each(ID_TOKEN_DEFECTS)('%s: only that check fails, and jose refuses it for that reason', async (defect) => {
    fx.hooks.next.idToken({ defect });
    const received = await codeFlow();
    expect(await failedChecks(received)).toEqual([defect]);
    expect(await joseRefusal(received.idToken, received.nonce)).toBe(JOSE_REFUSES[defect]);
  });

  it('spoils one id_token only: the next one is sound again', async () => {
    fx.hooks.next.idToken({ defect: 'iss' });
    expect(await failedChecks(await codeFlow())).toEqual(['iss']);
    expect(await failedChecks(await codeFlow())).toEqual([]);
  });

  it('arms defects first in first out', async () => {
    fx.hooks.next.idToken({ defect: 'aud' });
    fx.hooks.next.idToken({ defect: 'exp' });
    expect(await failedChecks(await codeFlow())).toEqual(['aud']);
    expect(await failedChecks(await codeFlow())).toEqual(['exp']);
  });
});

describe("next.idToken in the client's own algorithm", () => {
  it.each(ID_TOKEN_DEFECTS)('ES256, %s: re-signed in ES256, only that check fails', async (defect) => {
    const g = fx.instance.gatehouse;
    await g.clients.update('web-app', { idTokenSignedResponseAlg: 'ES256' }, 'test');
    try {
      fx.hooks.next.idToken({ defect });
      const received = await codeFlow();
      expect(jose.decodeProtectedHeader(received.idToken).alg).toBe(defect === 'alg-none' ? 'none' : 'ES256');
      expect(await failedChecks(received)).toEqual([defect]);
    } finally {
      await g.clients.update('web-app', { idTokenSignedResponseAlg: 'RS256' }, 'test');
    }
  });
});

describe('next.idToken at the refresh grant', () => {
  it('spoils the id_token a refresh answers with, the access token it came with intact', async () => {
    const { callback, verifier } = await signIn(fx, config);
    const first = (await (await redeem(fx, callback, verifier)).json()) as { refresh_token: string };
    fx.hooks.next.idToken({ defect: 'signature' });
    const refreshed = await oidc.refreshTokenGrant(config, first.refresh_token);
    // a refreshed id_token carries no nonce (OIDC Core §12.2): every other check holds
    const received = { idToken: refreshed.id_token!, accessToken: refreshed.access_token };
    expect(await failedChecks(received)).toEqual(['signature']);
    expect(await userinfoStatus(refreshed.access_token)).toBe(200);
  });
});

describe('next.idToken at the authorization endpoint (response_type=id_token)', () => {
  it('spoils the id_token in the fragment, and only in the one defect', async () => {
    fx.hooks.next.idToken({ defect: 'nonce' });
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      response_type: 'id_token',
      scope: 'openid',
      nonce,
      state: 's',
    });
    const to = await fx.browser().authorize(url, { username: 'carol', password: 'carol-password' });
    const fragment = new URLSearchParams(to.hash.slice(1));
    const idToken = fragment.get('id_token')!;
    // no access token is issued with it, and no at_hash: that check passes too
    expect(await failedChecks({ idToken, nonce })).toEqual(['nonce']);
    expect(jose.decodeJwt(idToken).nonce).toBe(`${nonce}1`);
    expect(fragment.get('state')).toBe('s');
  });
});
