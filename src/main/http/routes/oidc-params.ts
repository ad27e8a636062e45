import type { AuthorizeParams } from '../../auth/authorize-request';
import { optional, paramsSchema } from '../params';

/**
 * GET and POST /authorize: the authorization request, in the order it is checked (the client and
 * its redirect URI first, since they decide whether an error may be sent back at all).
 */
export const authorizeParams = paramsSchema({
  client_id: optional(),
  redirect_uri: optional(),
  state: optional(),
  response_type: optional(),
  scope: optional(),
  nonce: optional(),
  code_challenge: optional(),
  code_challenge_method: optional(),
  prompt: optional(),
  max_age: optional(),
  response_mode: optional(),
  request: optional(),
  request_uri: optional(),
}) satisfies { shape: Record<keyof Required<AuthorizeParams>, unknown> };

/** POST /authorize/login: the hosted login form (its signed `interaction` is read by the posted-form check). */
export const loginFormParams = paramsSchema({
  username: optional(256),
  password: optional(1024),
});

/** POST /oauth/token: every grant's parameters and the client's own (RFC 6749 §2.3.1, §4.1.3, §4.4.2, §6). */
export const tokenParams = paramsSchema({
  grant_type: optional(),
  code: optional(),
  redirect_uri: optional(),
  code_verifier: optional(),
  refresh_token: optional(),
  scope: optional(),
  client_id: optional(256),
  client_secret: optional(512),
});
