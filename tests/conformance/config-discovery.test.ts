/**
 * The Config OP plan's one module, `oidcc-discovery-endpoint-verification` (static client,
 * discovery): every condition it calls on the discovery document and the JWKS. The suite runs
 * against an https issuer (`CheckDiscEndpointAllEndpointsAreHttps`, `CheckDiscEndpointDiscoveryUrl`),
 * so the instance has one, as behind its TLS-terminating proxy; the requests go to its loopback port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATEHOUSE_METADATA_KEY } from '../../src/main/http/endpoints/discovery';
import { startTestServer, type ServerFixture } from '../support/gatehouse-fixture';

const ISSUER = 'https://login.example.com';
/** The suite's `json-schemas/rfc8414/oauth_authorization_server_metadata.json` properties (its additionalProperties is false). */
const SCHEMA_NAMES = new Set(
  `acr_values_supported attachments_supported authorization_challenge_endpoint
  authorization_details_types_supported authorization_encryption_alg_values_supported
  authorization_encryption_enc_values_supported authorization_endpoint
  authorization_response_iss_parameter_supported authorization_signing_alg_values_supported
  backchannel_authentication_endpoint backchannel_authentication_request_signing_alg_values_supported
  backchannel_logout_session_supported backchannel_logout_supported
  backchannel_token_delivery_modes_supported backchannel_user_code_parameter_supported
  challenge_endpoint check_session_iframe claim_types_supported claims_in_verified_claims_supported
  claims_locales_supported claims_parameter_supported claims_supported
  client_attestation_pop_signing_alg_values_supported client_attestation_signing_alg_values_supported
  client_id_metadata_document_supported client_registration_types_supported
  code_challenge_methods_supported contacts description device_authorization_endpoint display_name
  display_values_supported documents_check_methods_supported documents_methods_supported
  documents_supported dpop_signing_alg_values_supported electronic_records_supported
  end_session_endpoint evidence_supported federation_registration_endpoint
  frontchannel_logout_session_supported frontchannel_logout_supported global_token_revocation_endpoint
  global_token_revocation_endpoint_auth_methods_supported grant_management_action_required
  grant_management_actions_supported grant_management_endpoint grant_types_supported
  id_token_encryption_alg_values_supported id_token_encryption_enc_values_supported
  id_token_signing_alg_values_supported information_uri introspection_encryption_alg_values_supported
  introspection_encryption_enc_values_supported introspection_endpoint
  introspection_endpoint_auth_methods_supported
  introspection_endpoint_auth_signing_alg_values_supported introspection_signing_alg_values_supported
  issuer jwks jwks_uri keywords logo_uri mtls_endpoint_aliases op_policy_uri op_tos_uri
  organization_name organization_uri pre-authorized_grant_anonymous_access_supported
  prompt_values_supported protected_resources pushed_authorization_request_endpoint
  registration_endpoint request_authentication_methods_supported
  request_authentication_signing_alg_values_supported request_object_encryption_alg_values_supported
  request_object_encryption_enc_values_supported request_object_signing_alg_values_supported
  request_parameter_supported request_uri_parameter_supported require_pushed_authorization_requests
  require_request_uri_registration require_signed_request_object response_modes_supported
  response_types_supported revocation_endpoint revocation_endpoint_auth_methods_supported
  revocation_endpoint_auth_signing_alg_values_supported scopes_supported service_documentation
  signed_jwks_uri signed_metadata status_list_aggregation_endpoint subject_types_supported
  tls_client_certificate_bound_access_tokens token_endpoint token_endpoint_auth_methods_supported
  token_endpoint_auth_signing_alg_values_supported transformed_claims_functions_supported
  transformed_claims_predefined trust_frameworks_supported ui_locales_supported
  userinfo_encryption_alg_values_supported userinfo_encryption_enc_values_supported userinfo_endpoint
  userinfo_signing_alg_values_supported`.split(/\s+/),
);

let fx: ServerFixture;
let res: Response;
let meta: Record<string, unknown>;
beforeAll(async () => {
  fx = await startTestServer();
  fx.gatehouse.settings.setIssuer(ISSUER);
  res = await fetch(`${fx.url}/.well-known/openid-configuration`);
  meta = (await res.clone().json()) as Record<string, unknown>;
});
afterAll(() => fx.close());

const isStringArray = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string');
const isHttpsUrl = (v: unknown) => typeof v === 'string' && new URL(v).protocol === 'https:';

describe('oidcc-discovery-endpoint-verification', () => {
  it('answers 200 with JSON (EnsureDiscoveryEndpointResponseStatusCodeIs200, CheckDiscoveryEndpointReturnedJsonContentType)', () => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('names the issuer the document is served under, a valid https URL without query or fragment (CheckDiscEndpointIssuer, ...IssuerIsValidUrl)', () => {
    const discoveryUrl = `${ISSUER}/.well-known/openid-configuration`;
    expect(meta.issuer).toBe(discoveryUrl.slice(0, -'/.well-known/openid-configuration'.length));
    const issuer = new URL(meta.issuer as string);
    expect([issuer.protocol, issuer.search, issuer.hash]).toEqual(['https:', '', '']);
  });

  it('has the members and values the plan requires (response types, subject types, RS256, endpoints, grant types, openid scope, claims)', () => {
    // OIDCCCheckDiscEndpointResponseTypesSupported: at least one OpenID Connect response type
    expect(meta.response_types_supported).toContain('code');
    expect(meta.subject_types_supported).toContain('public');
    // OIDCCCheckDiscEndpointIdTokenSigningAlgValuesSupported
    expect(meta.id_token_signing_alg_values_supported).toContain('RS256');
    // oidcc-idtoken-unsigned (dynamic client only) skips itself when `none` is not listed
    expect(meta.id_token_signing_alg_values_supported).not.toContain('none');
    expect(meta.userinfo_signing_alg_values_supported).toBeUndefined(); // skipped when absent
    expect(meta.registration_endpoint).toBeUndefined(); // skipped when absent
    expect(isStringArray(meta.grant_types_supported)).toBe(true);
    expect(meta.scopes_supported).toContain('openid');
    for (const scope of meta.scopes_supported as string[]) expect(scope).toMatch(/^[\x21\x23-\x5B\x5D-\x7E]+$/); // RFC 6749 §3.3
    expect(isStringArray(meta.claims_supported)).toBe(true); // OIDCCCheckDiscEndpointClaimsSupported
    expect(meta.claims_parameter_supported).toBe(true);
    expect(Array.isArray(meta.code_challenge_methods_supported)).toBe(true);
    // CheckDiscEndpointLocalesSyntax: absent is fine
    expect(meta.ui_locales_supported).toBeUndefined();
  });

  it('serves every *_endpoint and the jwks_uri over https (CheckDiscEndpointAllEndpointsAreHttps, CheckJwksUri)', () => {
    const endpoints = Object.keys(meta).filter((k) => k.endsWith('_endpoint'));
    expect(endpoints).toEqual(
      expect.arrayContaining(['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint']),
    );
    for (const key of [...endpoints, 'jwks_uri']) expect(isHttpsUrl(meta[key]), key).toBe(true);
  });

  it("types every member as the suite's schema does (ValidateServerMetadataAgainstSchema)", () => {
    for (const [key, value] of Object.entries(meta)) {
      if (!SCHEMA_NAMES.has(key)) continue;
      if (key.endsWith('_supported') && typeof value !== 'boolean') expect(isStringArray(value), key).toBe(true);
      else if (key.endsWith('_endpoint') || key === 'jwks_uri' || key === 'issuer')
        expect(typeof value, key).toBe('string');
    }
    for (const flag of ['claims_parameter_supported', 'request_parameter_supported', 'request_uri_parameter_supported'])
      expect(typeof meta[flag], flag).toBe('boolean');
  });

  it("names no member outside the suite's schema but Gatehouse's one namespaced key (CheckForUnexpectedParametersInServerMetadata warns of it unless the test configuration lists it in server.allow_unexpected_metadata_fields)", () => {
    expect(Object.keys(meta).filter((k) => !SCHEMA_NAMES.has(k))).toEqual([GATEHOUSE_METADATA_KEY]);
  });

  it('publishes a JWKS of public keys only, each with a distinct kid and a usable kty (FetchServerKeys, ValidateJwksSequence)', async () => {
    const jwksRes = await fetch(`${fx.url}${new URL(meta.jwks_uri as string).pathname}`);
    expect(jwksRes.status).toBe(200);
    const { keys } = (await jwksRes.json()) as { keys: Record<string, unknown>[] };
    expect(keys.length).toBeGreaterThan(0);
    const kids = keys.map((k) => k.kid);
    expect(new Set(kids).size).toBe(keys.length);
    for (const key of keys) {
      // WarnOnUnusableJwksKeys: a key type and curve the suite's JOSE library can use
      expect(['RSA', 'EC', 'OKP']).toContain(key.kty);
      if (key.crv !== undefined) expect(['P-256', 'P-384', 'P-521', 'Ed25519']).toContain(key.crv);
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key[secret]).toBeUndefined();
    }
    // an RS256 key for the id_tokens the plan verifies
    expect(keys.some((k) => k.kty === 'RSA' && (k.alg === undefined || k.alg === 'RS256'))).toBe(true);
  });
});
