import type { FastifyInstance } from 'fastify';
import { PROMPTS, RESPONSE_MODES, RESPONSE_TYPES, SUPPORTED_SCOPES } from '../../auth/authorize-request';
import { GRANT_TYPES, CLIENT_AUTH_METHODS } from '../../../shared/clients';
import type { KeyRing } from '../../auth/key-ring';
import type { SettingsService } from '../../auth/settings-service';
import { SCOPE_CLAIMS } from '../../auth/userinfo';

const CONFIDENTIAL_AUTH_METHODS = CLIENT_AUTH_METHODS.filter((m) => m !== 'none');
/**
 * What an id_token or UserInfo may say (OIDC Discovery §3): the protocol's claims, then every
 * standard claim a scope or a `claims` request can bring (a user's custom claims are their own).
 */
const CLAIMS_SUPPORTED = [
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'azp',
  'at_hash',
  'sid',
  ...new Set(Object.values(SCOPE_CLAIMS).flat()),
];

/**
 * The one metadata member that is Gatehouse's own (RFC 8414 §2: a name not in the IANA registry
 * must not collide with one that is; a URI cannot). Every other member is a registered name.
 */
export const GATEHOUSE_METADATA_KEY = 'https://gatehouse.dev/metadata';

/** Clients cache the metadata for as long as resource servers cache the JWKS (jwks.ts). */
const METADATA_MAX_AGE = 300;

export interface DiscoveryEndpointDeps {
  settings: Pick<SettingsService, 'get'>;
  ring: Pick<KeyRing, 'verifyingAlgs' | 'signableAlgs'>;
}

/** OIDC Discovery §4 and RFC 8414 metadata: exactly what the endpoints here do. */
export function registerDiscoveryEndpoint(app: FastifyInstance, { settings, ring }: DiscoveryEndpointDeps): void {
  const metadata = () => {
    const { issuer } = settings.get();
    return {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
      userinfo_endpoint: `${issuer}/oauth/userinfo`,
      end_session_endpoint: `${issuer}/logout`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      revocation_endpoint_auth_methods_supported: CONFIDENTIAL_AUTH_METHODS,
      introspection_endpoint: `${issuer}/oauth/introspect`,
      introspection_endpoint_auth_methods_supported: CONFIDENTIAL_AUTH_METHODS,
      scopes_supported: [...SUPPORTED_SCOPES],
      response_types_supported: [...RESPONSE_TYPES],
      response_modes_supported: [...RESPONSE_MODES],
      grant_types_supported: [...GRANT_TYPES],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
      subject_types_supported: ['public'],
      // what the ring's active keys can sign (RS256 first, OIDC Discovery §3), each client's choice
      id_token_signing_alg_values_supported: ring.signableAlgs(),
      claims_supported: CLAIMS_SUPPORTED,
      claims_parameter_supported: true,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      prompt_values_supported: [...PROMPTS],
      authorization_response_iss_parameter_supported: true,
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
      // Gatehouse's own first-party endpoints: not registered metadata, so under one namespaced key
      [GATEHOUSE_METADATA_KEY]: {
        // access tokens (RFC 9068) are signed by the ring's access lane; no registered name says so
        access_token_signing_alg_values_supported: [...ring.verifyingAlgs('access')],
        login_endpoint: `${issuer}/auth/login`,
        refresh_endpoint: `${issuer}/auth/refresh`,
        logout_endpoint: `${issuer}/auth/logout`,
      },
    };
  };
  app.get('/.well-known/openid-configuration', async (_req, reply) =>
    reply.header('cache-control', `max-age=${METADATA_MAX_AGE}`).send(metadata()),
  );
  app.get('/.well-known/oauth-authorization-server', async (_req, reply) =>
    reply.header('cache-control', `max-age=${METADATA_MAX_AGE}`).send(metadata()),
  );
}
