import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Gatehouse } from '../auth/gatehouse';
import { safeEqual, sha256b64u } from '../auth/random';
import { sendError } from './errors';

/**
 * HTTP Basic client authentication (RFC 6749 §2.3.1: id and secret are form-urlencoded before
 * base64). Returns the client id, or sends 401 invalid_client and returns null.
 */
export async function requireClient(gatehouse: Gatehouse, req: FastifyRequest, reply: FastifyReply): Promise<string | null> {
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(req.headers.authorization ?? '');
  let id = '';
  let secret = '';
  if (match) {
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    try {
      id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } catch {
      id = '';
    }
  }
  const client = id && id.length <= 128 ? await gatehouse.store.getClient(id) : null;
  if (client && safeEqual(client.secretHash, sha256b64u(secret))) return client.id;
  reply.header('www-authenticate', 'Basic realm="gatehouse"');
  sendError(reply, 401, 'invalid_client', 'client authentication failed');
  return null;
}

