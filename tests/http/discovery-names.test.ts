/**
 * Discovery carries only registered metadata names (OIDC Discovery §3, RFC 8414 §2 and the IANA
 * "OAuth Authorization Server Metadata" registry): the conformance suite's config plan and strict
 * relying parties read every member by its registered meaning. Gatehouse's own live under one URI key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEHOUSE_METADATA_KEY } from '../../src/main/http/endpoints/discovery';
import { startTestServer, type ServerFixture } from '../support/gatehouse-fixture';

/** The IANA registry's names (RFC 8414, RFC 7009/7662, RFC 9207, OIDC Discovery, Session and Logout specs, ...). */
const REGISTERED = new Set([
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'jwks_uri',
  'registration_endpoint',
  'scopes_supported',
  'response_types_supported',
  'response_modes_supported',
  'grant_types_supported',
  'token_endpoint_auth_methods_supported',
  'token_endpoint_auth_signing_alg_values_supported',
  'service_documentation',
  'ui_locales_supported',
  'op_policy_uri',
  'op_tos_uri',
  'revocation_endpoint',
  'revocation_endpoint_auth_methods_supported',
  'revocation_endpoint_auth_signing_alg_values_supported',
  'introspection_endpoint',
  'introspection_endpoint_auth_methods_supported',
  'introspection_endpoint_auth_signing_alg_values_supported',
  'code_challenge_methods_supported',
  'signed_metadata',
  'device_authorization_endpoint',
  'tls_client_certificate_bound_access_tokens',
  'mtls_endpoint_aliases',
  'userinfo_endpoint',
  'acr_values_supported',
  'subject_types_supported',
  'id_token_signing_alg_values_supported',
  'id_token_encryption_alg_values_supported',
  'id_token_encryption_enc_values_supported',
  'userinfo_signing_alg_values_supported',
  'userinfo_encryption_alg_values_supported',
  'userinfo_encryption_enc_values_supported',
  'request_object_signing_alg_values_supported',
  'request_object_encryption_alg_values_supported',
  'request_object_encryption_enc_values_supported',
  'display_values_supported',
  'claim_types_supported',
  'claims_supported',
  'claims_locales_supported',
  'claims_parameter_supported',
  'request_parameter_supported',
  'request_uri_parameter_supported',
  'require_request_uri_registration',
  'require_signed_request_object',
  'pushed_authorization_request_endpoint',
  'require_pushed_authorization_requests',
  'authorization_response_iss_parameter_supported',
  'check_session_iframe',
  'frontchannel_logout_supported',
  'frontchannel_logout_session_supported',
  'backchannel_logout_supported',
  'backchannel_logout_session_supported',
  'end_session_endpoint',
  'authorization_signing_alg_values_supported',
  'authorization_encryption_alg_values_supported',
  'authorization_encryption_enc_values_supported',
  'dpop_signing_alg_values_supported',
  'prompt_values_supported',
]);

let fx: ServerFixture;
beforeAll(async () => {
  fx = await startTestServer();
});
afterAll(() => fx.close());

describe('discovery metadata names', () => {
  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'])
    it(`${path}: every top-level member is a registered name, but Gatehouse's one namespaced key`, async () => {
      const meta = (await (await fetch(`${fx.url}${path}`)).json()) as Record<string, unknown>;
      const unregistered = Object.keys(meta).filter((k) => !REGISTERED.has(k) && k !== GATEHOUSE_METADATA_KEY);
      expect(unregistered).toEqual([]);
      expect(GATEHOUSE_METADATA_KEY).toMatch(/^https:\/\//);
      // the suite's CheckDiscEndpointAllEndpointsAreHttps reads every top-level *_endpoint: all are
      // the issuer's own URLs, so an https issuer makes them all https
      for (const [key, value] of Object.entries(meta).filter(([k]) => k.endsWith('_endpoint')))
        expect(String(value), key).toMatch(new RegExp(`^${fx.url.replace(/[.]/g, '\\.')}/`));
      expect(meta[GATEHOUSE_METADATA_KEY]).toEqual({
        access_token_signing_alg_values_supported: ['ES256'],
        login_endpoint: `${fx.url}/auth/login`,
        refresh_endpoint: `${fx.url}/auth/refresh`,
        logout_endpoint: `${fx.url}/auth/logout`,
      });
    });
});

describe('discovery: the claims Gatehouse can say', () => {
  it('supports the claims parameter and lists the standard claims of every scope with the protocol ones', async () => {
    const meta = (await (await fetch(`${fx.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(meta.claims_parameter_supported).toBe(true);
    const claims = meta.claims_supported as string[];
    for (const name of ['sub', 'iss', 'auth_time', 'sid', 'name', 'preferred_username', 'email', 'email_verified'])
      expect(claims).toContain(name);
    for (const name of ['address', 'phone_number', 'phone_number_verified', 'given_name', 'family_name'])
      expect(claims).toContain(name);
    expect(new Set(claims).size).toBe(claims.length);
    expect(meta.scopes_supported).toEqual(['openid', 'profile', 'email', 'address', 'phone', 'offline_access']);
  });
});
