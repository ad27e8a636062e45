import type { FastifyInstance } from 'fastify';
import type { Gatehouse } from '../../auth/gatehouse';

/** Resource servers cache the JWKS; 5 minutes bounds how long a newly published key stays unseen. */
const JWKS_MAX_AGE = 300;

/** RFC 8414 metadata and the JWKS of every key that verifies. */
export function registerDiscoveryRoutes(app: FastifyInstance, gatehouse: Gatehouse): void {
  const metadata = () => {
    const { issuer } = gatehouse.settings.get();
    return {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      revocation_endpoint_auth_methods_supported: ['client_secret_basic'],
      introspection_endpoint: `${issuer}/oauth/introspect`,
      introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
      response_types_supported: [],
      grant_types_supported: ['password', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['none'],
      access_token_signing_alg_values_supported: [...gatehouse.ring.verifyingAlgs()],
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
