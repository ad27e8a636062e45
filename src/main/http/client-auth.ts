import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Gatehouse } from '../auth/gatehouse';
import { sha256b64u } from '../auth/random';
import { safeEqual } from '../lib/constant-time';
import { sendError } from './errors';

/** RFC 6749 §2.3.1: id and secret are form-urlencoded, joined by a colon, then base64-encoded. */
function parseBasic(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon > 128) return null;
  try {
    const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

/** HTTP Basic client authentication. Returns the client id, or sends 401 invalid_client and returns null. */
export async function requireClient(
  gatehouse: Gatehouse,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<string | null> {
  const credentials = parseBasic(req.headers.authorization);
  const client = credentials ? await gatehouse.store.getClient(credentials.id) : null;
  if (client && credentials && safeEqual(client.secretHash, sha256b64u(credentials.secret))) return client.id;
  reply.header('www-authenticate', 'Basic realm="gatehouse"');
  sendError(reply, 401, 'invalid_client', 'client authentication failed');
  return null;
}
