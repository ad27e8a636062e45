import type { FastifyInstance } from 'fastify';

const PREFLIGHT_MAX_AGE = 600;

/** `scheme://host[:port]` exactly, the form browsers send in `Origin`; null for anything else. */
export function parseOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    const origin = `${url.protocol}//${url.host}`;
    return (url.protocol === 'http:' || url.protocol === 'https:') && value.replace(/\/$/, '') === origin ? origin : null;
  } catch {
    return null;
  }
}

/**
 * CORS for an explicit allow-list of origins only (a browser app on another origin calling the
 * auth server). Nothing is sent for any other origin, and nothing at all when the list is empty.
 * Credentials are allowed so that the refresh cookie works for a listed origin.
 */
export function addCors(app: FastifyInstance, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (typeof origin !== 'string' || !allowed.has(origin)) return;
    reply.header('access-control-allow-origin', origin).header('access-control-allow-credentials', 'true').header('vary', 'Origin');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      return reply
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'authorization, content-type')
        .header('access-control-max-age', String(PREFLIGHT_MAX_AGE))
        .code(204)
        .send();
    }
  });
}
