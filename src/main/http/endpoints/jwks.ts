import type { FastifyInstance } from 'fastify';
import type { KeyRing } from '../../auth/key-ring';

/** Resource servers cache the JWKS; 5 minutes bounds how long a newly published key stays unseen. */
const JWKS_MAX_AGE = 300;

export interface JwksEndpointDeps {
  ring: Pick<KeyRing, 'jwks'>;
}

/** The JWKS (RFC 7517) of every key that verifies: the active one, pending ones published ahead, retiring ones. */
export function registerJwksEndpoint(app: FastifyInstance, { ring }: JwksEndpointDeps): void {
  app.get('/.well-known/jwks.json', async (_req, reply) =>
    reply
      .header('cache-control', `public, max-age=${JWKS_MAX_AGE}`)
      .header('content-type', 'application/jwk-set+json')
      .send(ring.jwks()),
  );
}
