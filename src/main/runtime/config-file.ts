/**
 * `--config FILE`: the users and clients a test suite or CI job seeds Gatehouse with, in one JSON
 * file, checked whole (the admin API's schemas, then the registration rules) before anything is
 * opened, and applied at every start (idempotent: what already matches is left alone). It adds and
 * updates, never deletes: an entry removed from the file stays until deleted in the console.
 * `"demoUsers": false` keeps the demo users from being created (with the deployment's demo data).
 */
import fs from 'node:fs';
import { z } from 'zod';
import { claimsSchema, clientFields, passwordSchema, rolesSchema, usernameSchema } from '../../shared/admin-schemas';
import { CLIENT_ID, lintClient, type ClientRegistration } from '../../shared/clients';
import { checkCustomClaims } from '../../shared/user-claims';
import { AuthError } from '../auth/errors';
import type { Gatehouse } from '../auth/gatehouse';
import { USERNAME_RULE } from '../auth/users';
import { DEMO_CLIENT_ID } from './open-gatehouse';

const MAX_ENTRIES = 500;
/**
 * A secret chosen by hand is stored as a SHA-256 with no slow hash, and guessing is only throttled,
 * not stopped: 32 characters is the floor (the generated ones are 32 random bytes).
 */
export const MIN_CONFIG_SECRET = 32;

const userSchema = z
  .object({
    username: usernameSchema,
    password: passwordSchema,
    roles: rolesSchema.optional(),
    claims: claimsSchema.optional(),
  })
  .strict();
const clientSchema = z
  .object({
    clientId: z.string().min(1).max(128),
    // its length is checked below, where the message can name the client
    clientSecret: z.string().max(512).optional(),
    name: clientFields.name.optional(),
    redirectUris: clientFields.redirectUris,
    postLogoutRedirectUris: clientFields.postLogoutRedirectUris.optional(),
    grantTypes: clientFields.grantTypes,
    tokenEndpointAuthMethod: clientFields.tokenEndpointAuthMethod.optional(),
    backchannelLogoutUri: clientFields.backchannelLogoutUri.optional(),
    audience: clientFields.audience.optional(),
    scopes: clientFields.scopes.optional(),
    idTokenSignedResponseAlg: clientFields.idTokenSignedResponseAlg.optional(),
    idTokenClaims: clientFields.idTokenClaims.optional(),
    requirePkce: clientFields.requirePkce.optional(),
    responseTypes: clientFields.responseTypes.optional(),
  })
  .strict();
const configSchema = z
  .object({
    users: z.array(userSchema).max(MAX_ENTRIES).optional(),
    clients: z.array(clientSchema).max(MAX_ENTRIES).optional(),
    demoUsers: z.boolean().optional(),
  })
  .strict();

export interface ConfigUser {
  username: string;
  password: string;
  roles: string[];
  claims: Record<string, unknown>;
}
export type ConfigClient = ClientRegistration & { clientId: string; clientSecret?: string };
export interface GatehouseConfig {
  /** The file, for messages. */
  source: string;
  users: ConfigUser[];
  clients: ConfigClient[];
  /** False: the demo users are not created when the deployment's demo data is (its first start). */
  demoUsers: boolean;
}

/** One line: the file, the field, the reason. */
export class ConfigError extends Error {}

/** Reads and checks a config file; throws a ConfigError naming the first bad field. */
export function readConfigFile(file: string): GatehouseConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not JSON (${(err as Error).message})`);
  }
  return parseConfig(json, file);
}

export function parseConfig(json: unknown, source: string): GatehouseConfig {
  const fail = (where: (string | number)[], message: string): never => {
    const path = where.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
    throw new ConfigError(`${source}: ${path ? `${path}: ` : ''}${message}`);
  };
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(issue.path as (string | number)[], issue.message);
  }
  const data = parsed.data!;
  const users: ConfigUser[] = [];
  const seenUsers = new Set<string>();
  for (const [i, u] of (data.users ?? []).entries()) {
    if (!USERNAME_RULE.test(u.username))
      fail(['users', i, 'username'], 'a username is 1–64 letters, digits or . _ @ -');
    if (seenUsers.has(u.username)) fail(['users', i, 'username'], `${u.username} is listed twice`);
    seenUsers.add(u.username);
    const claims = u.claims ?? {};
    const problem = checkCustomClaims(claims);
    if (problem) fail(['users', i, 'claims'], problem);
    users.push({ username: u.username, password: u.password, roles: u.roles ?? ['user'], claims });
  }
  const clients: ConfigClient[] = [];
  const seenClients = new Set<string>();
  for (const [i, c] of (data.clients ?? []).entries()) {
    if (!CLIENT_ID.test(c.clientId))
      fail(['clients', i, 'clientId'], 'a client id is 1–128 letters, digits or . _ ~ -');
    if (c.clientId === DEMO_CLIENT_ID)
      fail(['clients', i, 'clientId'], `${DEMO_CLIENT_ID} is the demo lab's own client; choose another id`);
    if (seenClients.has(c.clientId)) fail(['clients', i, 'clientId'], `${c.clientId} is listed twice`);
    seenClients.add(c.clientId);
    const method = c.tokenEndpointAuthMethod ?? (c.clientSecret === undefined ? 'none' : 'client_secret_basic');
    if (method === 'none' && c.clientSecret !== undefined)
      fail(['clients', i, 'clientSecret'], 'a public client (tokenEndpointAuthMethod none) has no secret');
    if (method !== 'none' && c.clientSecret === undefined)
      fail(
        ['clients', i, 'clientSecret'],
        `a confidential client (${method}) needs its secret here, ${MIN_CONFIG_SECRET}–512 characters, for the app to use`,
      );
    if (c.clientSecret !== undefined && c.clientSecret.length < MIN_CONFIG_SECRET)
      fail(
        ['clients', i, 'clientSecret'],
        `the secret of client ${c.clientId} is ${c.clientSecret.length} characters; at least ${MIN_CONFIG_SECRET} are needed (e.g. openssl rand -base64 32)`,
      );
    const client: ConfigClient = {
      clientId: c.clientId,
      ...(c.clientSecret === undefined ? {} : { clientSecret: c.clientSecret }),
      name: c.name ?? c.clientId,
      redirectUris: c.redirectUris,
      postLogoutRedirectUris: c.postLogoutRedirectUris ?? [],
      grantTypes: c.grantTypes,
      tokenEndpointAuthMethod: method,
      backchannelLogoutUri: c.backchannelLogoutUri ?? null,
      audience: c.audience ?? null,
      scopes: c.scopes ?? [],
      ...(c.idTokenSignedResponseAlg === undefined ? {} : { idTokenSignedResponseAlg: c.idTokenSignedResponseAlg }),
      ...(c.idTokenClaims === undefined ? {} : { idTokenClaims: c.idTokenClaims }),
      requirePkce: c.requirePkce ?? true,
      responseTypes: c.responseTypes ?? ['code'],
    };
    const problem = lintClient(client)[0];
    if (problem) fail(['clients', i, problem.field], problem.message);
    if (seenUsers.has(c.clientId))
      fail(['clients', i, 'clientId'], `${c.clientId} is a user's username in this file; choose another client id`);
    clients.push(client);
  }
  return { source, users, clients, demoUsers: data.demoUsers ?? true };
}

/**
 * Brings the store up to the file: missing users and clients created, changed ones updated.
 * Everything that could be refused against the store or the running server (a client switching
 * between public and confidential, a back-channel URI at Gatehouse itself, a client id that is a
 * user's, a new user named like a client) is checked first, so a refused file changes nothing.
 */
export async function applyConfig(gatehouse: Gatehouse, config: GatehouseConfig): Promise<void> {
  for (const [i, u] of config.users.entries())
    if (!(await gatehouse.store.getUserByUsername(u.username)) && (await gatehouse.clients.get(u.username)))
      throw new ConfigError(
        `${config.source}: users[${i}].username: ${u.username} is a client's id; choose another username`,
      );
  for (const [i, c] of config.clients.entries()) {
    await gatehouse.clients.assertApplicable(c).catch((err: unknown) => {
      throw err instanceof AuthError ? new ConfigError(`${config.source}: clients[${i}].${err.message}`) : err;
    });
    const current = await gatehouse.clients.get(c.clientId);
    if (current && (current.type === 'public') !== (c.tokenEndpointAuthMethod === 'none'))
      throw new ConfigError(
        `${config.source}: clients[${i}].tokenEndpointAuthMethod: ${c.clientId} is registered as a ${current.type} client and cannot become ${current.type === 'public' ? 'confidential' : 'public'}; delete it in the console first`,
      );
  }
  for (const u of config.users) await gatehouse.users.apply(u, 'config');
  for (const c of config.clients) await gatehouse.clients.apply(c, 'config');
}
