import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** DESIGN.md's error body: `{"error": CODE, "error_description": TEXT}` (RFC 6749 §5.2 style). */
export function sendError(reply: FastifyReply, status: number, error: string, description: string, extra: Record<string, unknown> = {}): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description, ...extra });
}

/** Maps framework failures (size, media type, bad JSON, schema) to the contract's statuses. */
export function handleFrameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err.validation) return sendError(reply, 400, 'invalid_request', `invalid request: ${err.message}`);
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendError(reply, 413, 'invalid_request', 'request body exceeds 64 KiB');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendError(reply, 415, 'invalid_request', 'unsupported content type');
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return sendError(reply, err.statusCode, 'invalid_request', err.message);
  console.error('auth server error:', err);
  return sendError(reply, 500, 'server_error', 'internal error');
}
