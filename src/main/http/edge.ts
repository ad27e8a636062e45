import type { FastifyRequest } from 'fastify';
import type { ClientContext } from '../auth/sessions';
import type { AuthCookies } from './cookies';

/** What every browser-facing endpoint shares: the cookies' one home, and the CSRF Origin check. */
export interface Edge {
  cookies: AuthCookies;
  /** Whether a request comes from this server's own origin or an allowed one (checked on every cookie-authenticated request). */
  sameOrigin: (req: FastifyRequest) => boolean;
}

/** Who is asking, as sessions and the audit record it (`req.ip` is `trustProxy`'s answer behind a proxy). */
export const clientOf = (req: FastifyRequest): ClientContext => ({
  ip: req.ip,
  userAgent: String(req.headers['user-agent'] ?? ''),
});
