import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendError } from './errors';

/**
 * DNS-rebinding defence: a loopback server answers only requests addressed to itself by name.
 * `hosts` is filled once the port is known (port 0 picks one at listen time). `refuse` answers in
 * the server's own error shape (the auth server's by default).
 */
export function addHostGuard(
  app: FastifyInstance,
  hosts: Pick<ReadonlySet<string>, 'has'>,
  refuse: (reply: FastifyReply, message: string) => FastifyReply = (reply, message) =>
    sendError(reply, 421, 'invalid_request', message),
): void {
  app.addHook('onRequest', async (req, reply) => {
    const host = req.headers.host?.toLowerCase();
    if (!host || !hosts.has(host)) return refuse(reply.code(421), 'unexpected Host header');
  });
}

/** Host header values that name a server listening on `host:port` (host as given to listen). */
export function hostNamesFor(host: string, port: number, extra: string[] = []): Set<string> {
  const names = new Set([`${host.includes(':') ? `[${host}]` : host}:${port}`, ...extra.map((h) => h.toLowerCase())]);
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1')
    for (const h of ['127.0.0.1', 'localhost', '[::1]']) names.add(`${h}:${port}`);
  return names;
}
