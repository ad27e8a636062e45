import type { AuditType } from '../../shared/audit-types';
import { DEFAULT_ID_TOKEN_ALG, isPublic, lintClient, type ClientRegistration } from '../../shared/clients';
import { safeEqual } from '../lib/constant-time';
import type { ClientRecord, Store } from '../store/store';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import type { DenylistService } from './denylist-service';
import { AuthError } from './errors';
import type { EventBus } from './event-bus';
import { OwnOrigins } from './own-origins';
import { randomId, sha256b64u } from './random';

/** A client as created: the secret is shown once, here, and never again (only its hash is kept). */
export interface CreatedClient {
  client: ClientRecord;
  secret: string | null;
}

/** A registration as callers give it: without `scopes`, the client has none; without `requirePkce`, it requires PKCE; without `responseTypes`, code only. */
export type RegistrationInput = Omit<ClientRegistration, 'scopes' | 'requirePkce' | 'responseTypes'> & {
  scopes?: string[];
  requirePkce?: boolean;
  responseTypes?: ClientRegistration['responseTypes'];
};
export type ClientInput = RegistrationInput & { clientId?: string; clientSecret?: string };

/** Shortest secret a registration may bring itself (generated ones are 32 random bytes). */
const MIN_GIVEN_SECRET = 16;
/** `lastUsedAt` is written at most this often per client: a token endpoint at full speed must not write per call. */
const TOUCH_EVERY = 60;

export interface ClientServiceDeps {
  store: Store;
  clock: Clock;
  audit: AuditLog;
  bus: EventBus;
  denylist: DenylistService;
  tokenHorizon: () => number;
  /** Algorithms the key ring can sign an id_token with now (`KeyRing.signableAlgs`). */
  signableAlgs: () => readonly string[];
}

/**
 * The client registry: registrations checked by the rules the console shows (shared/clients.ts),
 * secrets generated and stored as SHA-256 hashes, client authentication in constant time, and
 * disabling, rotating or deleting a client ending at once the tokens it got for itself.
 */
export class ClientService {
  private readonly touched = new Map<string, number>();

  private readonly store: Store;
  private readonly clock: Clock;
  private readonly audit: AuditLog;
  private readonly bus: EventBus;
  private readonly denylist: DenylistService;
  private readonly tokenHorizon: () => number;
  private readonly signableAlgs: () => readonly string[];

  constructor(deps: ClientServiceDeps) {
    ({
      store: this.store,
      clock: this.clock,
      audit: this.audit,
      bus: this.bus,
      denylist: this.denylist,
      tokenHorizon: this.tokenHorizon,
      signableAlgs: this.signableAlgs,
    } = deps);
  }

  /**
   * Where Gatehouse itself answers; the composition root adds them once it knows them. A
   * back-channel logout URI there is refused.
   */
  readonly ownOrigins = new OwnOrigins();

  get(id: string): Promise<ClientRecord | null> {
    return this.store.getClient(id);
  }

  list(): Promise<ClientRecord[]> {
    return this.store.listClients();
  }

  async create(input: ClientInput, actor: string): Promise<CreatedClient> {
    const id = input.clientId ?? randomId(12);
    this.assertValid(registrationOf(input), id);
    this.assertSignable(registrationOf(input));
    if (await this.store.getClient(id)) throw new AuthError('conflict', `a client ${id} exists`);
    await this.assertNotAUser(id);
    const secret = isPublic(input) ? null : secretFrom(input.clientSecret);
    const now = this.clock.now();
    const client: ClientRecord = {
      id,
      ...registrationOf(input),
      type: isPublic(input) ? 'public' : 'confidential',
      secretHash: secret === null ? null : sha256b64u(secret),
      enabled: true,
      tokenVersion: 0,
      createdAt: now,
      updatedAt: now,
      lastUsedAt: null,
    };
    await this.store.putClient(client);
    await this.changed('client.created', actor, client, { name: client.name, grants: client.grantTypes });
    return { client, secret };
  }

  /** Changes a registration; a confidential client stays confidential (and a public one public). */
  async update(
    id: string,
    patch: Partial<ClientRegistration> & { enabled?: boolean },
    actor: string,
  ): Promise<ClientRecord> {
    const current = await this.require(id);
    const next = { ...current, ...registrationOf({ ...current, ...patch }), enabled: patch.enabled ?? current.enabled };
    this.assertValid(next);
    if (patch.idTokenSignedResponseAlg !== undefined) this.assertSignable(next);
    if (isPublic(next) !== (current.type === 'public'))
      throw new AuthError(
        'invalid_state',
        'a client cannot switch between public and confidential: delete it and register it again',
      );
    next.updatedAt = this.clock.now();
    await this.store.putClient(next);
    // a disabled client's own tokens end now; its users' tokens stop at their next refresh
    const disabled = current.enabled && !next.enabled;
    const client = disabled ? await this.endOwnTokens(id, 'client disabled') : next;
    await this.changed(disabled ? 'client.disabled' : 'client.updated', actor, client, { fields: Object.keys(patch) });
    return client;
  }

  /** A new secret (shown once); every token the client got with the old one for itself ends. */
  async rotateSecret(id: string, actor: string): Promise<CreatedClient> {
    const current = await this.require(id);
    if (current.type === 'public') throw new AuthError('invalid_state', 'a public client has no secret');
    const secret = secretFrom(undefined);
    await this.store.putClient({ ...current, secretHash: sha256b64u(secret), updatedAt: this.clock.now() });
    const client = await this.endOwnTokens(id, 'client secret rotated');
    await this.changed('client.secret_rotated', actor, client, {});
    return { client, secret };
  }

  async delete(id: string, actor: string): Promise<void> {
    await this.endOwnTokens(id, 'client deleted');
    if (!(await this.store.deleteClient(id))) throw new AuthError('not_found', `no client ${id}`);
    await this.audit.record('client.deleted', actor, id);
    this.bus.emit({ type: 'client.changed', at: this.clock.now(), clientId: id });
  }

  /**
   * `--config` and the demo data: the registration as given, created or brought up to date, the
   * given secret (if any) made current. Applied at every start, so it is idempotent.
   */
  async apply(input: ClientInput & { clientId: string }, actor: string): Promise<ClientRecord> {
    const current = await this.store.getClient(input.clientId);
    if (!current) return (await this.create(input, actor)).client;
    const secretHash =
      input.clientSecret === undefined ? current.secretHash : sha256b64u(secretFrom(input.clientSecret));
    const same =
      secretHash === current.secretHash &&
      JSON.stringify(registrationOf(current)) === JSON.stringify(registrationOf(input));
    if (same && current.enabled) return current;
    this.assertValid(registrationOf(input), input.clientId);
    this.assertSignable(registrationOf(input));
    if (isPublic(input) !== (current.type === 'public'))
      throw new AuthError(
        'invalid_state',
        `client ${input.clientId}: a client cannot switch between public and confidential`,
      );
    const client = { ...current, ...registrationOf(input), secretHash, enabled: true, updatedAt: this.clock.now() };
    await this.store.putClient(client);
    await this.changed('client.updated', actor, client, { source: 'config' });
    return client;
  }

  /** What `apply` would refuse of the registration, checked without writing (`--config` checks its whole file first). */
  async assertApplicable(input: ClientInput & { clientId: string }): Promise<void> {
    this.assertValid(registrationOf(input), input.clientId);
    this.assertSignable(registrationOf(input));
    if (!(await this.store.getClient(input.clientId))) await this.assertNotAUser(input.clientId);
  }

  /**
   * Client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3):
   * a confidential client by its secret, sent in HTTP Basic or in the form whichever it registered
   * (both carry the same secret, RFC 6749 §2.3.1; openid-client posts it by default, most libraries
   * use Basic), a public client by its id alone. Null (one generic failure, whatever was wrong) or
   * the client.
   */
  async authenticate(credentials: {
    id: string;
    secret: string | null;
    method: ClientRecord['tokenEndpointAuthMethod'];
  }): Promise<ClientRecord | null> {
    const client = await this.store.getClient(credentials.id);
    if (!client || !client.enabled || (client.type === 'public') !== (credentials.method === 'none')) return null;
    if (client.type === 'public') return credentials.secret === null ? client : null;
    if (
      credentials.secret === null ||
      client.secretHash === null ||
      !safeEqual(client.secretHash, sha256b64u(credentials.secret))
    )
      return null;
    this.touch(client);
    return client;
  }

  /** Notes that a client was used; written at most once a minute per client. */
  touch(client: ClientRecord): void {
    const now = this.clock.now();
    if ((this.touched.get(client.id) ?? -Infinity) > now - TOUCH_EVERY) return;
    this.touched.set(client.id, now);
    // the note is not worth failing a token request over
    void this.store.touchClient(client.id, now).catch(() => this.touched.delete(client.id));
  }

  /** The shared rules (the console's), then what only the server knows: its own origins. */
  private assertValid(r: ClientRegistration, clientId?: string): void {
    const problems = lintClient(r, clientId);
    const own = r.backchannelLogoutUri === null ? undefined : this.ownOrigins.match(r.backchannelLogoutUri);
    if (own)
      problems.push({
        field: 'backchannelLogoutUri',
        message: `${r.backchannelLogoutUri} is Gatehouse itself (${own}): a back-channel logout URI is the app's own endpoint`,
      });
    if (problems.length)
      throw new AuthError('invalid_request', problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }

  /** A client's id_token algorithm must be one the ring signs now, or its sign-ins would all fail. */
  private assertSignable(r: ClientRegistration): void {
    const alg = r.idTokenSignedResponseAlg ?? DEFAULT_ID_TOKEN_ALG;
    const signable = this.signableAlgs();
    if (!signable.includes(alg))
      throw new AuthError(
        'invalid_request',
        `idTokenSignedResponseAlg: ${alg} cannot be signed here: the key ring has no active ${alg} key (it signs ${signable.join(', ')})`,
      );
  }

  /**
   * A client's own tokens have `sub = client_id`: a client named like a user (by id or username)
   * would get tokens a resource server could take for that user's.
   */
  private async assertNotAUser(id: string): Promise<void> {
    if ((await this.store.getUserById(id)) || (await this.store.getUserByUsername(id)))
      throw new AuthError('conflict', `clientId: ${id} is a user's id or username; choose another client id`);
  }

  private async require(id: string): Promise<ClientRecord> {
    const client = await this.store.getClient(id);
    if (!client) throw new AuthError('not_found', `no client ${id}`);
    return client;
  }

  /** Raises the client's token version (store first, then memory): its own tokens end at once. */
  private async endOwnTokens(id: string, reason: string): Promise<ClientRecord> {
    const now = this.clock.now();
    const pruneAfter = now + this.tokenHorizon();
    const client = await this.store.bumpClientTokenVersion(id, reason, now, pruneAfter);
    if (!client) throw new AuthError('not_found', `no client ${id}`);
    await this.denylist.versionRaised('client', id, client.tokenVersion, reason, now, pruneAfter);
    return client;
  }

  private async changed(
    type: AuditType,
    actor: string,
    client: ClientRecord,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(type, actor, client.id, detail);
    this.bus.emit({ type: 'client.changed', at: this.clock.now(), clientId: client.id });
  }
}

/** Only the fields a registration decides, in one order (for comparing and copying). */
function registrationOf(r: RegistrationInput): Required<ClientRegistration> {
  return {
    name: r.name,
    redirectUris: [...r.redirectUris],
    postLogoutRedirectUris: [...r.postLogoutRedirectUris],
    grantTypes: [...r.grantTypes],
    tokenEndpointAuthMethod: r.tokenEndpointAuthMethod,
    backchannelLogoutUri: r.backchannelLogoutUri,
    audience: r.audience,
    scopes: [...(r.scopes ?? [])],
    idTokenSignedResponseAlg: r.idTokenSignedResponseAlg ?? DEFAULT_ID_TOKEN_ALG,
    requirePkce: r.requirePkce ?? true,
    responseTypes: [...(r.responseTypes ?? ['code'])],
  };
}

function secretFrom(given: string | undefined): string {
  if (given === undefined) return randomId(32);
  if (given.length < MIN_GIVEN_SECRET || given.length > 512)
    throw new AuthError('invalid_request', `clientSecret: ${MIN_GIVEN_SECRET}–512 characters`);
  return given;
}
