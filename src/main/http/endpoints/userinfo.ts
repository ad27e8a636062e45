import type { FastifyInstance } from 'fastify';
import { AuthError } from '../../auth/errors';
import { userinfo } from '../../auth/userinfo';
import type { AccessTokenVerifier } from '../../auth/verify-access-token';
import type { UserStore } from '../../store/store';
import { withUserToken } from '../bearer';
import { sendError } from '../errors';

export interface UserinfoEndpointDeps {
  /** Any audience this issuer issues for: an app's token names the app's audience, not the resource server's. */
  verifier: AccessTokenVerifier;
  users: Pick<UserStore, 'getUserById'>;
}

/** OIDC Core §5.3 UserInfo (use case: auth/userinfo.ts), GET or POST, for a user's access token granted `openid`. */
export function registerUserinfoEndpoint(app: FastifyInstance, { verifier, users }: UserinfoEndpointDeps): void {
  const answer = withUserToken(
    verifier,
    async (claims, _req, reply) => {
      try {
        reply.header('cache-control', 'no-store').send(await userinfo(users, claims));
      } catch (err) {
        if (!(err instanceof AuthError) || err.code !== 'invalid_scope') throw err;
        // RFC 6750 §3.1
        reply.header('www-authenticate', `Bearer realm="gatehouse", error="insufficient_scope", scope="openid"`);
        sendError(reply, 403, 'insufficient_scope', err.message);
      }
    },
    // RFC 6750 §2.2: a POST may carry the token in its form body (OIDC Core §5.3.1)
    { formBody: true },
  );
  app.get('/oauth/userinfo', answer);
  app.post('/oauth/userinfo', answer);
}
