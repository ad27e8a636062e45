import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ClientAuthentication, ClientCredentials } from '../auth/client-authentication';
import type { ClientRecord } from '../store/store';
import { sendError } from './errors';

/** RFC 6749 §2.3.1: id and secret are form-urlencoded, joined by a colon, then base64-encoded. */
function parseBasic(header: string): { id: string; secret: string } | null {
  const match = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon > 256) return null;
  try {
    const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

/** The client's own parameters, as the endpoint's schema read them (`http/params.ts`). */
export interface ClientParams {
  client_id?: string;
  client_secret?: string;
}

/**
 * The credentials a request carries: HTTP Basic (`client_secret_basic`), `client_id` and
 * `client_secret` in the form (`client_secret_post`), or only `client_id` (a public client,
 * `none`). Two methods at once is a malformed request (RFC 6749 §2.3).
 */
function credentialsOf(req: FastifyRequest, params: ClientParams): ClientCredentials | 'none' | 'malformed' {
  const header = req.headers.authorization;
  const bodySecret = params.client_secret;
  const bodyId = params.client_id;
  if (typeof header === 'string' && /^Basic /i.test(header)) {
    const basic = parseBasic(header);
    if (!basic || bodySecret !== undefined || (bodyId !== undefined && bodyId !== basic.id)) return 'malformed';
    return { ...basic, method: 'client_secret_basic' };
  }
  if (bodyId === undefined) return bodySecret === undefined ? 'none' : 'malformed';
  return bodySecret === undefined
    ? { id: bodyId, secret: null, method: 'none' }
    : { id: bodyId, secret: bodySecret, method: 'client_secret_post' };
}

/**
 * Client authentication (a confidential client's secret by Basic or in the form, a public client
 * by its id alone: `ClientService.authenticate`), throttled per client id and address (`ClientAuthentication`). The client, or null once refused:
 * 401 `invalid_client` (with a Basic challenge), or past the limit 429 `slow_down` with
 * `Retry-After`. `confidential`: public clients are refused too (revocation and introspection are
 * for clients that hold a secret).
 */
export async function requireClient(
  clientAuth: Pick<ClientAuthentication, 'authenticate'>,
  req: FastifyRequest,
  reply: FastifyReply,
  params: ClientParams,
  opts: { confidential?: boolean } = {},
): Promise<ClientRecord | null> {
  const credentials = credentialsOf(req, params);
  const result =
    credentials === 'none'
      ? null
      : await clientAuth.authenticate(credentials === 'malformed' ? null : credentials, req.ip);
  if (result?.ok && !(opts.confidential && result.client.type === 'public')) return result.client;
  if (result && !result.ok && result.retryAfter !== null) {
    reply.header('retry-after', String(result.retryAfter));
    sendError(reply, 429, 'slow_down', 'too many failed client authentications; try again later');
    return null;
  }
  reply.header('www-authenticate', 'Basic realm="gatehouse"');
  const why =
    credentials === 'malformed' ? 'client credentials given in two ways, or malformed' : 'client authentication failed';
  sendError(reply, 401, 'invalid_client', why);
  return null;
}
