import type { FastifyInstance } from 'fastify';
import type { AccessClaims, AccessTokenVerifier } from '../../auth/verify-access-token';
import { withUserToken } from '../bearer';

/** A cached token's claims are one object shared by all its hits: serialise each once. */
const claimsJson = new WeakMap<AccessClaims, string>();
const toJson = (claims: AccessClaims): string => {
  let json = claimsJson.get(claims);
  if (json === undefined) claimsJson.set(claims, (json = JSON.stringify(claims)));
  return json;
};

export interface ResourceEndpointDeps {
  /** The resource server's check: the settings' audience. */
  verifier: AccessTokenVerifier;
}

/** The demo protected resource: hybrid verification of a user's token, no store read. */
export function registerResourceEndpoint(app: FastifyInstance, { verifier }: ResourceEndpointDeps): void {
  app.get(
    '/api/me',
    withUserToken(verifier, (claims, _req, reply) => {
      reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send(toJson(claims));
    }),
  );

  /** Unauthenticated twin of /api/me, the benchmark's baseline for the same server and framework. */
  app.get('/api/health', async (_req, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
}
