/**
 * What the three sample APIs share: one protected route, `GET /api/orders`, on a loopback port of
 * its own (port 0 by default), answering 401 with an RFC 6750 `WWW-Authenticate` challenge when it
 * refuses a token. Each API differs only in `authorize`: how it decides that a bearer token is good.
 */
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';

/** The subject a request was made for, or why its token is refused. */
export type Decision = { ok: true; sub: string } | { ok: false; reason: string };

export interface SampleApi {
  /** `http://127.0.0.1:PORT`: the protected route is `${url}/api/orders`. */
  readonly url: string;
  close(): Promise<void>;
}

export const ORDERS_PATH = '/api/orders';

/** RFC 6750 §2.1: exactly `Bearer` + one space + the token (b64token); anything else is no token. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(header ?? '')?.[1];
}

export async function serveApi(
  authorize: (token: string) => Promise<Decision>,
  opts: { port?: number; onClose?: () => Promise<void> | void } = {},
): Promise<SampleApi> {
  const app = Fastify({ logger: false });
  app.get(ORDERS_PATH, async (req, reply) => {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) {
      // RFC 6750 §3.1: a request without a usable token gets the challenge with no error code
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'invalid_request' });
    }
    const decision = await authorize(token);
    if (!decision.ok) {
      return reply
        .code(401)
        .header('www-authenticate', `Bearer error="invalid_token", error_description="${decision.reason}"`)
        .send({ error: 'invalid_token', reason: decision.reason });
    }
    return { sub: decision.sub, orders: [{ id: 'ord-1001', item: 'Oak desk' }] };
  });
  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await opts.onClose?.();
    },
  };
}
