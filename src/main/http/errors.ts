import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { StoreUnavailableError } from '../store/store';

/** Seconds a client should wait before retrying after a store outage answer. */
export const STORE_RETRY_AFTER = 1;

/** Typography a message may use, and its ASCII for the wire. */
const ASCII_OF: Record<string, string> = {
  '\u2013': '-',
  '\u2014': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': "'",
  '\u201d': "'",
  '"': "'",
  '\\': '/',
  '\u2026': '...',
};

/**
 * RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3: an `error_description` is printable ASCII without `"`
 * and `\`. Messages are written for people and may name what an operator typed (a client's name, a
 * scope), so every error a client receives passes through here: accents dropped, typography in
 * ASCII, the rest `?`.
 */
export function toErrorDescription(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/gu, (ch) => ASCII_OF[ch] ?? (/\s/.test(ch) ? ' ' : '?'));
}

/** The auth server's error body: `{"error": CODE, "error_description": TEXT}` (RFC 6749 §5.2 style). */
export function sendError(
  reply: FastifyReply,
  status: number,
  error: string,
  description: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .send({ error, error_description: toErrorDescription(description), ...extra });
}

/**
 * 503 for a store outage (RFC 6749 §5.2 `temporarily_unavailable`), with `Retry-After`. `reason`
 * tells a client whether retrying is safe: `store_unavailable` means nothing was done;
 * `outcome_unknown` means the change may have been made (for a refresh, presenting the same
 * token again may then count as reuse).
 */
export function sendUnavailable(reply: FastifyReply, err: StoreUnavailableError, what: string): FastifyReply {
  console.error(`auth server: ${what}: storage unavailable: ${err.describe()}`);
  reply.header('retry-after', String(STORE_RETRY_AFTER));
  if (err.outcome === 'unknown')
    return sendError(
      reply,
      503,
      'temporarily_unavailable',
      'the store became unreachable while the request was being carried out; whether it took effect is unknown',
      { reason: 'outcome_unknown' },
    );
  return sendError(
    reply,
    503,
    'temporarily_unavailable',
    'the store is unreachable; nothing was changed, retry shortly',
    { reason: 'store_unavailable' },
  );
}

/** Maps framework failures (size, media type, bad JSON, schema) and store outages to the contract's statuses. */
export function handleFrameworkError(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if ((err as unknown) instanceof StoreUnavailableError)
    return sendUnavailable(reply, err as unknown as StoreUnavailableError, `${req.method} ${req.url.split('?')[0]}`);
  if (err.validation) return sendError(reply, 400, 'invalid_request', `invalid request: ${err.message}`);
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendError(reply, 413, 'invalid_request', 'request body exceeds 64 KiB');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendError(reply, 415, 'invalid_request', 'unsupported content type');
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
    return sendError(reply, err.statusCode, 'invalid_request', err.message);
  console.error('auth server error:', err);
  return sendError(reply, 500, 'server_error', 'internal error');
}
