import type { FastifyInstance } from 'fastify';
import { PROMPTS, SUPPORTED_SCOPES } from '../../auth/authorize-request';
import type { Gatehouse } from '../../auth/gatehouse';
import { CLIENT_AUTH_METHODS } from '../../../shared/clients';

const CONFIDENTIAL_AUTH_METHODS = CLIENT_AUTH_METHODS.filter((m) => m !== 'none');
/** What an id_token or UserInfo may say (OIDC Discovery §3). */
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
  'name',
  'preferred_username',
  'email',
  'email_verified',
];

/** Resource servers cache the JWKS; 5 minutes bounds how long a newly published key stays unseen. */
const JWKS_MAX_AGE = 300;

/** RFC 8414 metadata and the JWKS of every key that verifies. */
export function registerDiscoveryRoutes(app: FastifyInstance, gatehouse: Gatehouse): void {
  const metadata = () => {
    const { issuer } = gatehouse.settings.get();
    const algs = [...gatehouse.ring.verifyingAlgs()];
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
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
      subject_types_supported: ['public'],
      // id_tokens are signed by the ring's active key, whose algorithm the settings choose
      id_token_signing_alg_values_supported: algs,
      access_token_signing_alg_values_supported: algs,
      claims_supported: CLAIMS_SUPPORTED,
      claims_parameter_supported: false,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      prompt_values_supported: [...PROMPTS],
      authorization_response_iss_parameter_supported: true,
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
      // Gatehouse's own first-party endpoints, not OAuth-registered names
      login_endpoint: `${issuer}/auth/login`,
      refresh_endpoint: `${issuer}/auth/refresh`,
      logout_endpoint: `${issuer}/auth/logout`,
    };
  };
  app.get('/.well-known/openid-configuration', async (_req, reply) =>
    reply.header('cache-control', `max-age=${JWKS_MAX_AGE}`).send(metadata()),
  );
  app.get('/.well-known/oauth-authorization-server', async (_req, reply) =>
    reply.header('cache-control', `max-age=${JWKS_MAX_AGE}`).send(metadata()),
  );
  app.get('/.well-known/jwks.json', async (_req, reply) =>
    reply
      .header('cache-control', `public, max-age=${JWKS_MAX_AGE}`)
      .header('content-type', 'application/jwk-set+json')
      .send(gatehouse.ring.jwks()),
  );
}
