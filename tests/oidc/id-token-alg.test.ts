/**
 * Issue 19.1: each client's id_token_signed_response_alg (OIDC Core §2, RS256 by default), checked
 * as a relying party checks it: openid-client with the client's registered algorithm, and jose
 * against the published JWKS. The conformance suite's CheckForIdTokenSignatureAlgorithm and
 * ValidateIdTokenSignature do the same.
 */
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { DEMO_PASSWORD } from '../support/gatehouse-fixture';
import {
  authorizationRequest,
  REDIRECT,
  startOidcServer,
  TEST_CLIENTS,
  type OidcFixture,
} from '../support/oidc-fixture';

let fx: OidcFixture;
let g: Gatehouse;

beforeAll(async () => {
  fx = await startOidcServer();
  g = fx.gatehouse;
});
afterAll(() => fx.close());

/** Signs alice in through the web client, its library told to expect `alg`; returns the id_token. */
async function idTokenAs(alg: string): Promise<string> {
  const skew = g.clock.now() - Math.floor(Date.now() / 1000);
  const config = await oidc.discovery(
    new URL(fx.url),
    'web-app',
    { id_token_signed_response_alg: alg, [oidc.clockSkew]: skew } as never,
    oidc.ClientSecretBasic(TEST_CLIENTS.web.clientSecret),
    { execute: [oidc.allowInsecureRequests] },
  );
  const req = await authorizationRequest(config, REDIRECT, 'openid');
  const callback = await fx.browser().authorize(req.url, { username: 'alice', password: DEMO_PASSWORD });
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: req.verifier,
    expectedState: req.state,
    expectedNonce: req.nonce,
    idTokenExpected: true,
  });
  return tokens.id_token!;
}

async function verifiedAgainstJwks(token: string, alg: string) {
  const jwks = createLocalJWKSet((await (await fetch(`${fx.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet);
  return jwtVerify(token, jwks, {
    issuer: fx.url,
    audience: 'web-app',
    algorithms: [alg],
    currentDate: new Date(g.clock.now() * 1000),
  });
}

describe('id_token_signed_response_alg per client', () => {
  it('a client registered before the field signs in with RS256, by the ring’s RS256 key', async () => {
    expect((await g.clients.get('web-app'))?.idTokenSignedResponseAlg ?? 'RS256').toBe('RS256');
    const token = await idTokenAs('RS256');
    const { protectedHeader } = await verifiedAgainstJwks(token, 'RS256');
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: g.ring.signingKeyFor('RS256')!.kid });
  });

  it('a client registered for ES256 gets ES256 id_tokens (the access key’s algorithm); access tokens are unchanged', async () => {
    await g.clients.update('web-app', { idTokenSignedResponseAlg: 'ES256' }, 'test');
    try {
      const token = await idTokenAs('ES256');
      const { protectedHeader } = await verifiedAgainstJwks(token, 'ES256');
      expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'JWT', kid: g.ring.signingKey().kid });
    } finally {
      await g.clients.update('web-app', { idTokenSignedResponseAlg: 'RS256' }, 'test');
    }
  });

  it('refuses at registration an algorithm the ring cannot sign, with a message that says so', async () => {
    const base = {
      ...TEST_CLIENTS.web,
      clientId: 'alg-client',
      redirectUris: [REDIRECT],
      grantTypes: [...TEST_CLIENTS.web.grantTypes],
      scopes: [],
    };
    for (const alg of ['PS256', 'EdDSA'] as const)
      await expect(g.clients.create({ ...base, idTokenSignedResponseAlg: alg }, 'test')).rejects.toMatchObject({
        code: 'invalid_request',
        message: expect.stringContaining(`idTokenSignedResponseAlg: ${alg} cannot be signed here`),
      });
    await expect(g.clients.update('web-app', { idTokenSignedResponseAlg: 'PS256' }, 'test')).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(await g.clients.get('alg-client')).toBeNull();
    // once the ring has an active EdDSA key (the settings' algorithm, rotated in), EdDSA is accepted
    await g.settings.update({ signingAlg: 'EdDSA' }, 'test');
    await g.ring.rotate('test', (await g.ring.generate('EdDSA', 'test')).kid);
    try {
      expect(g.ring.signableAlgs()).toEqual(['RS256', 'EdDSA']);
      const { client } = await g.clients.create({ ...base, idTokenSignedResponseAlg: 'EdDSA' }, 'test');
      expect(client.idTokenSignedResponseAlg).toBe('EdDSA');
      const meta = (await (await fetch(`${fx.url}/.well-known/openid-configuration`)).json()) as Record<
        string,
        unknown
      >;
      expect(meta.id_token_signing_alg_values_supported).toEqual(['RS256', 'EdDSA']);
    } finally {
      await g.clients.delete('alg-client', 'test');
      await g.settings.update({ signingAlg: 'ES256' }, 'test');
      await g.ring.rotate('test', (await g.ring.generate('ES256', 'test')).kid);
    }
  });

  it('the id_token_hint verifier at RP-initiated logout accepts an id_token in every algorithm the ring signs', async () => {
    await g.clients.update('web-app', { idTokenSignedResponseAlg: 'ES256' }, 'test');
    try {
      const token = await idTokenAs('ES256');
      expect(decodeProtectedHeader(token).alg).toBe('ES256');
      const res = await fetch(`${fx.url}/logout?id_token_hint=${token}`, { redirect: 'manual' });
      expect(res.status).not.toBe(400);
    } finally {
      await g.clients.update('web-app', { idTokenSignedResponseAlg: 'RS256' }, 'test');
    }
  });
});

describe('id_token_signed_response_alg at the authorization endpoint (response_type=id_token)', () => {
  const RP_REDIRECT = 'https://rp.example.com/alg-callback';

  /** A front-channel id_token for alice, its library told to expect `alg`. */
  async function frontChannelIdToken(alg: string): Promise<string> {
    const skew = g.clock.now() - Math.floor(Date.now() / 1000);
    const config = await oidc.discovery(
      new URL(fx.url),
      'implicit-alg-rp',
      { id_token_signed_response_alg: alg, [oidc.clockSkew]: skew } as never,
      undefined,
      { execute: [oidc.allowInsecureRequests, oidc.useIdTokenResponseType] },
    );
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: RP_REDIRECT, scope: 'openid', state, nonce });
    const callback = await fx.browser().authorize(url, { username: 'alice', password: DEMO_PASSWORD });
    // openid-client checks the header's alg against the registered one
    await oidc.implicitAuthentication(config, callback, nonce, { expectedState: state });
    return new URLSearchParams(callback.hash.slice(1)).get('id_token')!;
  }

  it('signs the id_token it answers at /authorize in the client’s algorithm, RS256 by default', async () => {
    await g.clients.apply(
      {
        clientId: 'implicit-alg-rp',
        clientSecret: 'implicit-alg-rp-secret-0123456789ab',
        name: 'Implicit alg RP',
        redirectUris: [RP_REDIRECT],
        postLogoutRedirectUris: [],
        grantTypes: ['authorization_code'],
        tokenEndpointAuthMethod: 'client_secret_basic',
        backchannelLogoutUri: null,
        audience: null,
        scopes: [],
        responseTypes: ['code', 'id_token'],
      },
      'test',
    );
    const jwks = createLocalJWKSet((await (await fetch(`${fx.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet);
    const verify = (token: string, alg: string) =>
      jwtVerify(token, jwks, {
        issuer: fx.url,
        audience: 'implicit-alg-rp',
        algorithms: [alg],
        currentDate: new Date(g.clock.now() * 1000),
      });

    const rs = await verify(await frontChannelIdToken('RS256'), 'RS256');
    expect(rs.protectedHeader).toMatchObject({ alg: 'RS256', kid: g.ring.signingKeyFor('RS256')!.kid });

    await g.clients.update('implicit-alg-rp', { idTokenSignedResponseAlg: 'ES256' }, 'test');
    const es = await verify(await frontChannelIdToken('ES256'), 'ES256');
    expect(es.protectedHeader).toMatchObject({ alg: 'ES256', typ: 'JWT', kid: g.ring.signingKey().kid });
  });
});
