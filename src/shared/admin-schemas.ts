/**
 * The zod schema of every admin request: what the main process validates each request against,
 * at every boundary (IPC and web alike), before a handler sees it. Strict: unknown fields are
 * refused, not ignored. Only the main process loads this (the preload and the renderer send
 * requests, they do not validate them), so zod stays out of the preload.
 */
import { z } from 'zod';
import type { AdminMethod, AdminResult } from './admin-api';
import { CHECK_METHODS } from './app-checks';
import { CLIENT_AUTH_METHODS, GRANT_TYPES, ID_TOKEN_ALGS, ID_TOKEN_CLAIMS, RESPONSE_TYPES } from './clients';
import { DEMO_PACES, DEMO_SCENARIO_IDS } from './demo';
import { authSettingsSchema, KEY_ALGS } from './settings';

const id = z.string().min(1).max(128);
const text = (max: number) => z.string().max(max);
const token = z.string().min(1).max(16_384);
const empty = z.object({}).strict().optional();
const reason = text(200).optional();

const uris = z.array(text(2000)).max(20);
/**
 * A client registration's fields (the shared lint, run by the client registry, checks the rules
 * across fields: redirect URIs for authorization_code, no client_credentials for a public client).
 */
export const clientFields = {
  name: text(100).min(1),
  redirectUris: uris,
  postLogoutRedirectUris: uris,
  grantTypes: z.array(z.enum(GRANT_TYPES)).max(GRANT_TYPES.length),
  tokenEndpointAuthMethod: z.enum(CLIENT_AUTH_METHODS),
  backchannelLogoutUri: text(2000).min(1).nullable(),
  audience: text(512).min(1).nullable(),
  /** The API scopes the client may be granted; their syntax is the shared lint's. */
  scopes: z.array(text(128)).max(50),
  /** id_token_signed_response_alg; one the key ring cannot sign is refused by the client registry. */
  idTokenSignedResponseAlg: z.enum(ID_TOKEN_ALGS),
  /** What its id_tokens say of the user: the scope's claims, or only the protocol's and those asked for. */
  idTokenClaims: z.enum(ID_TOKEN_CLAIMS),
  /** Off only for a confidential client (the shared lint says why). */
  requirePkce: z.boolean(),
  /** `code` and/or `id_token` (response_type=id_token must be registered); duplicates are the shared lint's. */
  responseTypes: z.array(z.enum(RESPONSE_TYPES)).min(1).max(RESPONSE_TYPES.length),
};
/** Custom claims: a JSON object (the names and size are checked by shared/user-claims.ts). */
export const claimsSchema = z.record(z.string(), z.unknown());
export const usernameSchema = text(64).min(1);
export const passwordSchema = text(1024).min(8);
export const rolesSchema = z.array(text(32).min(1)).max(16);

/** Request schemas, one per method. Strict: unknown fields are refused, not ignored, across IPC. */
export const adminRequestSchemas = {
  'system.info': empty,
  'sessions.list': z
    .object({
      userId: id.optional(),
      status: z.enum(['active', 'revoked', 'expired']).optional(),
      /** The search box's text, `user:bob ip:10.0. device:"…" sid:…` and plain words (shared/session-search.ts). */
      text: text(200).optional(),
      sort: z.enum(['createdAt', 'lastSeenAt', 'idleExpiresAt', 'absoluteExpiresAt', 'username']).optional(),
      order: z.enum(['asc', 'desc']).optional(),
      offset: z.number().int().min(0).max(10_000_000).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
  'sessions.get': z.object({ sessionId: id }).strict(),
  'sessions.revoke': z.object({ sessionId: id, reason }).strict(),
  'sessions.revokeUser': z.object({ userId: id, reason }).strict(),
  'tokens.decode': z.object({ token }).strict(),
  'tokens.verify': z
    .object({
      token,
      key: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('ring') }).strict(),
          z.object({ kind: z.literal('jwk'), jwk: text(65_536) }).strict(),
          z.object({ kind: z.literal('jwks'), jwks: text(262_144) }).strict(),
          z.object({ kind: z.literal('pem'), pem: text(65_536) }).strict(),
          z.object({ kind: z.literal('secret'), secret: text(4096) }).strict(),
        ])
        .optional(),
    })
    .strict(),
  'tokens.mint': z.object({ userId: id }).strict(),
  'denylist.list': z
    .object({
      kind: z.enum(['jti', 'sid', 'user', 'client']).optional(),
      /** Entries whose subject starts with this. */
      subject: text(128).optional(),
      offset: z.number().int().min(0).max(10_000_000).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    })
    .strict()
    .optional(),
  /**
   * Four ways to add an entry, told apart by `kind` (`{ token }` alone is still the first):
   * `token`: a currently valid access token, its jti kept until the token's own expiry;
   * `jti`: a jti without its token, kept until the issued-token log's expiry of that token, else
   * `expiresAt` (capped), else the token horizon (max access-token lifetime + tolerance from now);
   * `sid`: revokes the session (state, entry and back-channel logout together), an active one only;
   * `user`: raises the user's token version, so every token issued to them so far is refused.
   */
  'denylist.add': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('token').default('token'), token, reason }).strict(),
    z
      .object({
        kind: z.literal('jti'),
        jti: id,
        /** The token's `exp`, if known (unix seconds). */
        expiresAt: z.number().int().min(0).optional(),
        reason,
      })
      .strict(),
    z.object({ kind: z.literal('sid'), sessionId: id, reason }).strict(),
    z.object({ kind: z.literal('user'), userId: id, reason }).strict(),
  ]),
  'denylist.remove': z.object({ kind: z.enum(['jti', 'sid', 'user', 'client']), subject: id }).strict(),
  'keys.list': empty,
  'keys.generate': z.object({ alg: z.enum(KEY_ALGS) }).strict(),
  'keys.import': z.object({ alg: z.enum(KEY_ALGS), material: text(65_536).min(1) }).strict(),
  /** `kid`: the pending key to promote; by default the next one (KeyView.next). */
  'keys.rotate': z.object({ kid: id.optional() }).strict().optional(),
  'keys.retire': z.object({ kid: id }).strict(),
  'keys.revoke': z.object({ kid: id, reason }).strict(),
  'keys.impact': z.object({ kid: id }).strict(),
  /** `kid`: the pending key to schedule (by default the next one); `at: null` clears its schedule. */
  'keys.schedule': z.object({ at: z.number().int().min(0).nullable(), kid: id.optional() }).strict(),
  'keys.jwks': empty,
  'users.list': empty,
  'users.create': z
    .object({
      username: usernameSchema,
      password: passwordSchema,
      roles: rolesSchema.optional(),
      claims: claimsSchema.optional(),
    })
    .strict(),
  'users.bumpVersion': z.object({ userId: id, reason }).strict(),
  'users.setClaims': z.object({ userId: id, claims: claimsSchema }).strict(),
  'users.update': z.object({ userId: id, roles: rolesSchema.optional(), disabled: z.boolean().optional() }).strict(),
  'users.resetPassword': z.object({ userId: id, password: passwordSchema }).strict(),
  'users.delete': z.object({ userId: id }).strict(),
  'clients.list': empty,
  'clients.get': z.object({ clientId: id }).strict(),
  'clients.create': z
    .object({
      ...clientFields,
      postLogoutRedirectUris: clientFields.postLogoutRedirectUris.default([]),
      backchannelLogoutUri: clientFields.backchannelLogoutUri.default(null),
      audience: clientFields.audience.default(null),
      scopes: clientFields.scopes.default([]),
      idTokenSignedResponseAlg: clientFields.idTokenSignedResponseAlg.optional(),
      idTokenClaims: clientFields.idTokenClaims.optional(),
      requirePkce: clientFields.requirePkce.default(true),
      responseTypes: clientFields.responseTypes.default(['code']),
      clientId: id.optional(),
    })
    .strict(),
  'clients.update': z.object(clientFields).partial().extend({ clientId: id, enabled: z.boolean().optional() }).strict(),
  'clients.delete': z.object({ clientId: id }).strict(),
  'clients.rotateSecret': z.object({ clientId: id }).strict(),
  'audit.list': z
    .object({
      beforeId: z.number().int().min(0).optional(),
      type: text(64).optional(),
      text: text(200).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
  'settings.get': empty,
  'settings.update': authSettingsSchema.omit({ issuer: true }).partial().strict(),
  'clock.get': empty,
  'clock.set': z.object({ rate: z.number().min(0.1).max(600).optional(), paused: z.boolean().optional() }).strict(),
  'clock.advance': z
    .object({
      seconds: z
        .number()
        .int()
        .min(1)
        .max(30 * 86_400),
    })
    .strict(),
  'clock.reset': empty,
  'demo.scenarios': empty,
  'demo.run': z.object({ scenario: z.enum(DEMO_SCENARIO_IDS), pace: z.enum(DEMO_PACES).optional() }).strict(),
  'demo.sandbox': empty,
  'demo.reset': empty,
  'checks.api': z
    .object({
      url: text(2000).min(1),
      method: z.enum(CHECK_METHODS).optional(),
      /** Sent with every case; `Authorization` is each case's own (the engine refuses it here). */
      headers: z
        .record(text(64).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a header name'), text(4096))
        .refine((h) => Object.keys(h).length <= 20, 'at most 20 headers')
        .optional(),
      audience: text(512).min(1).optional(),
      expect: z
        .object({ refused: z.array(z.number().int().min(300).max(599)).min(1).max(20).optional() })
        .strict()
        .optional(),
    })
    .strict(),
  'checks.list': z
    .object({ target: text(2000).min(1).optional() })
    .strict()
    .optional(),
  'checks.get': z.object({ runId: id }).strict(),
} as const satisfies Record<AdminMethod, z.ZodType>;

/** What a handler receives: the request after validation (defaults applied). */
export type AdminRequestValue<M extends AdminMethod> = z.output<(typeof adminRequestSchemas)[M]>;

/** Validates a request that crossed a process boundary; the error message names the bad field. */
export function parseAdminRequest<M extends AdminMethod>(
  method: M,
  request: unknown,
): AdminResult<AdminRequestValue<M>> {
  const parsed = adminRequestSchemas[method].safeParse(request ?? undefined);
  if (parsed.success) return { ok: true, value: parsed.data as AdminRequestValue<M> };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return {
    ok: false,
    error: { code: 'invalid_request', message: `${method}: ${where}${issue?.message ?? 'invalid request'}` },
  };
}
