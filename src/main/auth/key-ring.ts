import type { AuditType } from '../../shared/audit-types';
import { keyFitsAlgorithm } from '@gatehouse/verifier/internal';
import { createPrivateKey, createPublicKey, generateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { ID_TOKEN_KEY_ALG, type KeyUse } from '../../shared/key-uses';
import type { KeyAlgName } from '../../shared/settings';
import type { KeyRecord, KeyState, Store } from '../store/store';
import type { AuditLog } from './audit';
import type { ClusterMessage } from './cluster-feed';
import type { Clock } from './clock';
import { AuthError } from './errors';
import type { EventBus } from './event-bus';
import type { KeySealer } from './key-seal';
import { randomId } from './random';

/** A key of the ring as the verifier sees it: the public half, its algorithm and state. */
export type { KeyUse };

export interface RingKey {
  readonly record: KeyRecord;
  readonly publicKey: KeyObject;
}

export interface PublicJwk {
  kty: string;
  kid: string;
  alg: KeyAlgName;
  use: 'sig';
  [member: string]: unknown;
}

/** States whose public key is published in the JWKS and accepted by the verifier. */
const VERIFYING: ReadonlySet<KeyState> = new Set(['pending', 'active', 'retiring']);

export function generatePrivateKey(alg: KeyAlgName): KeyObject {
  switch (alg) {
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    case 'EdDSA':
      return generateKeyPairSync('ed25519').privateKey;
    case 'RS256':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }
}

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * The same key made on libuv's thread pool: an RSA key costs 0.1–1 s of CPU, during which the event
 * loop stays free and other keys are made at once on the other threads.
 */
export async function generatePrivateKeyAsync(alg: KeyAlgName): Promise<KeyObject> {
  switch (alg) {
    case 'ES256':
      return (await generateKeyPairAsync('ec', { namedCurve: 'P-256' })).privateKey;
    case 'EdDSA':
      return (await generateKeyPairAsync('ed25519')).privateKey;
    case 'RS256':
      return (await generateKeyPairAsync('rsa', { modulusLength: 2048 })).privateKey;
  }
}

/** RFC 8725 §3.1: a key is bound to one algorithm; refuse a key whose type does not fit it (the verifier's own rule). */
function assertKeyFitsAlg(key: KeyObject, alg: KeyAlgName): void {
  const type = key.asymmetricKeyType;
  if (!keyFitsAlgorithm(alg, createPublicKey(key)))
    throw new AuthError(
      'key_import_failed',
      `a ${type ?? 'symmetric'} key cannot sign ${alg} (ES256 needs P-256, EdDSA Ed25519, RS256 RSA ≥ 2048 bits)`,
    );
}

export interface KeyRingDeps {
  store: Store;
  sealer: KeySealer;
  clock: Clock;
  audit: AuditLog;
  bus: EventBus;
  /** Longest time a signed token can stay valid: max lifetime + clock tolerance. */
  tokenHorizon: () => number;
  /** Algorithm of newly generated successors (the settings' signing algorithm). */
  preferredAlg: () => KeyAlgName;
  /** Tells the other instances (no-op on a single instance). */
  publish?: (message: ClusterMessage) => Promise<void>;
  /** Where the ring's generated keys come from (`KeySource`); `generatePrivateKeyAsync` by default. */
  makeKey?: KeySource;
}

/**
 * Makes a new private key for `alg`. A caller may hand in keys it started making earlier (a test
 * harness starts them before the store opens); each key it returns must be new, never one it gave before.
 */
export type KeySource = (alg: KeyAlgName) => Promise<KeyObject>;

/** The ring's private half of an active key: what signs. */
export interface SigningKey {
  kid: string;
  alg: KeyAlgName;
  privateKey: KeyObject;
}

/**
 * The signing key ring: pending → active → retiring → retired, plus emergency revoke.
 * It holds two lanes, each with exactly one active key and the same rules: `access` (the settings'
 * algorithm, what access tokens use) and `id` (RS256 keys, the OpenID Connect default for id_tokens
 * and logout tokens, OIDC Core §2). When the settings' algorithm is RS256 the `id` lane serves both.
 * A key's lane is its algorithm's (`laneOf`); every method below works within one lane. Rotation always has the next key published (pending) before it signs,
 * and a retiring key is retired only once every token it signed has expired. At least one key is
 * pending at all times; `next()` names the one a rotation promotes unless the admin picks another,
 * and a rotation adds a successor only when it used up the last pending key.
 */
export class KeyRing {
  private readonly keys = new Map<string, RingKey>();
  private readonly signers = new Map<string, SigningKey>();
  private readonly algs = new Map<string, ReadonlySet<KeyAlgName>>();
  /** Successors being made in the background, per lane (at most one each). */
  private readonly making = new Map<KeyUse, Promise<void>>();
  /** The id lane's first keys, made in the background when `load` was told so (`ready()`). */
  private filling: Promise<void> | undefined;
  private closed = false;

  private readonly store: Store;
  private readonly sealer: KeySealer;
  private readonly clock: Clock;
  private readonly audit: AuditLog;
  private readonly bus: EventBus;
  private readonly tokenHorizon: () => number;
  private readonly preferredAlg: () => KeyAlgName;
  private readonly publish: (message: ClusterMessage) => Promise<void>;
  private readonly makeKey: KeySource;

  constructor(deps: KeyRingDeps) {
    ({
      store: this.store,
      sealer: this.sealer,
      clock: this.clock,
      audit: this.audit,
      bus: this.bus,
      tokenHorizon: this.tokenHorizon,
      preferredAlg: this.preferredAlg,
    } = deps);
    this.publish = deps.publish ?? (async () => {});
    this.makeKey = deps.makeKey ?? generatePrivateKeyAsync;
  }

  /**
   * Loads the ring; gives every lane in use (a fresh store's, or an older data folder's missing
   * RS256 lane) its first active key and its published successor. With `successors: 'background'`
   * it returns once every lane can sign, the successors still being made (`settled()`): none can
   * become active before it is published, since a rotation waits for it or makes one then.
   * With `idLane: 'background'` it returns once access tokens can be signed, the id lane's first
   * keys (RS256: 0.1–1 s of CPU) still being made: what signs or shows with that lane waits for
   * `ready()` (the auth server holds its requests until then), and `signableAlgs()` counts it.
   */
  async load(
    successors: 'awaited' | 'background' = 'awaited',
    idLane: 'awaited' | 'background' = 'awaited',
  ): Promise<void> {
    for (const record of await this.store.listKeys()) this.cache(record);
    const lanes = this.lanes();
    const later: KeyUse[] = idLane === 'background' && lanes.length > 1 && !this.active('id') ? ['id'] : [];
    await this.fill(
      lanes.filter((lane) => !later.includes(lane)),
      successors,
    );
    if (later.length === 0) return;
    const filling = this.fill(later, 'background').finally(() => (this.filling = undefined));
    filling.catch((err: unknown) =>
      console.error('generating the id_token signing key failed (retried on the next tick):', err),
    );
    this.filling = filling;
  }

  /** True once every lane's first keys are made (or failed); false only while `load`'s background lane is. */
  isReady(): boolean {
    return this.filling === undefined;
  }

  /** Resolves once every lane's first keys are made or failed: at once, unless `load` left a lane in the background. */
  async ready(): Promise<void> {
    await this.filling?.catch(() => undefined);
  }

  /** Gives each lane in use an active key and a pending one (a settings change may add a lane). */
  private async fillLanes(successors: 'awaited' | 'background' = 'awaited'): Promise<void> {
    await this.ready(); // a lane filled in the background is not filled twice
    await this.fill(this.lanes(), successors);
  }

  private async fill(lanes: readonly KeyUse[], successors: 'awaited' | 'background'): Promise<void> {
    // the keys that must sign now, made at once on the thread pool
    const empty = lanes.filter((lane) => !this.active(lane) && !this.next(lane));
    const made = await Promise.all(empty.map((lane) => this.makeKey(this.successorAlg(lane))));
    for (const [i, lane] of empty.entries())
      await this.add(made[i]!, this.successorAlg(lane), 'system', 'key.generated');
    for (const lane of lanes) if (!this.active(lane)) await this.promote(this.next(lane)!, 'system');
    const making = lanes.map((lane) => this.makeSuccessor(lane));
    if (successors === 'awaited') await Promise.all(making);
    else
      for (const promise of making)
        promise.catch((err: unknown) =>
          console.error('generating the next signing key failed (retried on the next tick):', err),
        );
  }

  /**
   * Makes the lane's next key unless one is pending or already being made (then joins it); none
   * is started once the ring is closing.
   */
  private makeSuccessor(lane: KeyUse): Promise<void> {
    const current = this.making.get(lane);
    if (current) return current;
    if (this.closed || this.next(lane) || !this.lanes().includes(lane)) return Promise.resolve();
    const alg = this.successorAlg(lane);
    const making = (async () => {
      const key = await this.makeKey(alg);
      if (!this.next(lane)) await this.add(key, alg, 'system', 'key.generated');
    })().finally(() => this.making.delete(lane));
    this.making.set(lane, making);
    return making;
  }

  /** Resolves once no successor is being made (whether it was saved, dropped or failed). */
  async settled(): Promise<void> {
    await this.ready();
    await Promise.allSettled([...this.making.values()]);
  }

  /**
   * Starts no more successors and waits for one under way, saved while the store is still open
   * (the harness's template, written when the first instance's successors settle, keeps them).
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
  }

  /** The lane of a key of `alg`: RS256 keys sign id_tokens (and access tokens too if the settings say RS256). */
  laneOf(alg: KeyAlgName): KeyUse {
    return alg === ID_TOKEN_KEY_ALG ? 'id' : 'access';
  }

  /**
   * What a key signs: its lane's tokens, and access tokens as well where the `id` lane serves both
   * (the settings say RS256, or the access lane has no key yet after they changed back).
   */
  usesOf(record: KeyRecord): KeyUse[] {
    const lane = this.laneOf(record.alg);
    const servesAccess = this.laneOf(this.preferredAlg()) === 'id' || !this.signers.has('access');
    return lane === 'id' && servesAccess ? ['access', 'id'] : [lane];
  }

  /** Algorithms an id_token can be signed with now (the active keys'), RS256 first. */
  signableAlgs(): KeyAlgName[] {
    const algs = [...this.signers.values()].map((s) => s.alg);
    // a lane whose first key is being made counts: what signs with it waits for `ready()`
    if (this.filling) algs.push(ID_TOKEN_KEY_ALG);
    return [...new Set(algs)].sort((a, b) => Number(b === ID_TOKEN_KEY_ALG) - Number(a === ID_TOKEN_KEY_ALG));
  }

  /** The lanes the ring keeps filled: `id` always, `access` unless the settings' algorithm is RS256. */
  private lanes(): KeyUse[] {
    return this.laneOf(this.preferredAlg()) === 'id' ? ['id'] : ['access', 'id'];
  }

  /** The algorithm of a lane's generated successors. */
  private successorAlg(lane: KeyUse): KeyAlgName {
    const preferred = this.preferredAlg();
    return lane === 'id' ? ID_TOKEN_KEY_ALG : preferred === ID_TOKEN_KEY_ALG ? 'ES256' : preferred;
  }

  /** Re-reads every key from the store: another instance changed the ring. */
  async reload(): Promise<void> {
    const records = await this.store.listKeys();
    this.keys.clear();
    this.signers.clear();
    this.algs.clear();
    for (const record of records) this.cache(record);
  }

  /** The key that verifies `kid`, in whatever state; undefined when never known. */
  get(kid: string): RingKey | undefined {
    return this.keys.get(kid);
  }

  list(): KeyRecord[] {
    return [...this.keys.values()]
      .map((k) => k.record)
      .sort((a, b) => a.createdAt - b.createdAt || a.kid.localeCompare(b.kid));
  }

  /**
   * Algorithms of keys that currently verify (those serving `use`, if given): a verifier's allow-list,
   * never taken from the token. The access-token verifier names `access`, so an RS256 token is
   * refused there by its algorithm while the settings keep access tokens in ES256.
   */
  verifyingAlgs(use?: KeyUse): ReadonlySet<KeyAlgName> {
    // read on every request, changed only with the ring: computed once per change
    const key = `${use ?? 'all'}:${this.preferredAlg()}`;
    let algs = this.algs.get(key);
    if (!algs) {
      const records = [...this.keys.values()].map((k) => k.record);
      const serving = records.filter((r) => VERIFYING.has(r.state) && (!use || this.usesOf(r).includes(use)));
      algs = new Set(serving.map((r) => r.alg));
      this.algs.set(key, algs);
    }
    return algs;
  }

  jwks(): { keys: PublicJwk[] } {
    const keys = [...this.keys.values()]
      .filter((k) => VERIFYING.has(k.record.state))
      .map(
        (k) =>
          ({
            ...(JSON.parse(k.record.publicJwk) as object),
            kid: k.record.kid,
            alg: k.record.alg,
            use: 'sig' as const,
          }) as PublicJwk,
      );
    return { keys };
  }

  /**
   * The active key that signs access tokens (the `access` lane's, else the `id` lane's when the
   * settings choose RS256 or while the access lane is empty); throws only if the ring was never loaded.
   */
  signingKey(): SigningKey {
    const lane = this.laneOf(this.preferredAlg());
    const key = this.signers.get(lane) ?? this.signers.get(lane === 'access' ? 'id' : 'access');
    if (!key) throw new AuthError('invalid_state', 'no active signing key');
    return key;
  }

  /** The active key of algorithm `alg` (an id_token's, per client); undefined when none signs it now. */
  signingKeyFor(alg: string): SigningKey | undefined {
    const key = this.signers.get(this.laneOf(alg as KeyAlgName));
    return key?.alg === alg ? key : undefined;
  }

  async generate(alg: KeyAlgName, actor: string): Promise<KeyRecord> {
    return this.add(await this.makeKey(alg), alg, actor, 'key.generated');
  }

  /** Imports a private key (JWK object or PKCS#8/SEC1/PKCS#1 PEM) as a pending key. */
  async import(material: string | Record<string, unknown>, alg: KeyAlgName, actor: string): Promise<KeyRecord> {
    let key: KeyObject;
    try {
      key =
        typeof material === 'string'
          ? createPrivateKey(material)
          : createPrivateKey({ key: material as never, format: 'jwk' });
    } catch (err) {
      throw new AuthError('key_import_failed', `not a private key: ${(err as Error).message}`);
    }
    if (key.type !== 'private') throw new AuthError('key_import_failed', 'a private key is needed to sign');
    assertKeyFitsAlg(key, alg);
    return this.add(key, alg, actor, 'key.imported');
  }

  /**
   * The pending key a rotation promotes when none is named (Rotate now without a kid, the schedule,
   * automatic rotation): the scheduled pending key if there is one (the earliest, should several
   * carry a time), else the oldest pending key (created first, then by kid). Undefined only when no
   * key is pending, which the ring never leaves so.
   */
  next(lane: KeyUse = this.laneOf(this.preferredAlg())): KeyRecord | undefined {
    const pending = [...this.keys.values()]
      .map((k) => k.record)
      .filter((r) => r.state === 'pending' && this.laneOf(r.alg) === lane)
      .sort(
        (a, b) =>
          (a.activatesAt ?? Infinity) - (b.activatesAt ?? Infinity) ||
          a.createdAt - b.createdAt ||
          a.kid.localeCompare(b.kid),
      );
    return pending[0];
  }

  /**
   * Rotate now: the chosen pending key (`kid`; by default `next()`) signs, the active one retires
   * after the token horizon. A new successor, in the settings' algorithm, is published only when no
   * pending key remains, so the JWKS always holds the next key without pending keys piling up.
   */
  async rotate(actor: string, kid?: string, lane: KeyUse = this.laneOf(this.preferredAlg())): Promise<KeyRecord> {
    // a successor still being made is waited for; if none (or it failed), one is made now
    const chosen =
      kid === undefined ? (this.next(lane) ?? (await this.madeSuccessor(lane))) : this.requirePending(kid, 'promoted');
    const promoted = chosen ?? (await this.generate(this.successorAlg(lane), actor));
    const promotedLane = this.laneOf(promoted.alg);
    await this.promote(promoted, actor);
    await this.makeSuccessor(promotedLane);
    return this.keys.get(promoted.kid)!.record;
  }

  /**
   * Schedules a pending key (`kid`; by default `next()`) to start signing at `at` (unix seconds);
   * `null` clears its schedule. The ring keeps at most one scheduled rotation: scheduling a key
   * clears the time of any other pending key, so the scheduled key is always the next one.
   */
  async schedule(at: number | null, actor: string, kid?: string): Promise<KeyRecord> {
    const target = kid === undefined ? this.next() : this.requirePending(kid, 'scheduled');
    if (!target) throw new AuthError('invalid_state', 'there is no pending key to schedule');
    if (at !== null && at < this.clock.now())
      throw new AuthError('invalid_request', 'the rotation time is in the past');
    const lane = this.laneOf(target.alg);
    if (at !== null)
      for (const other of this.list())
        if (
          other.state === 'pending' &&
          this.laneOf(other.alg) === lane &&
          other.kid !== target.kid &&
          other.activatesAt !== null
        )
          await this.save({ ...other, activatesAt: null }, actor, 'key.scheduled', {
            activatesAt: null,
            replacedBy: target.kid,
          });
    const record = { ...target, activatesAt: at };
    await this.save(record, actor, 'key.scheduled', { activatesAt: at });
    return record;
  }

  /** Earliest time a retiring key can be retired without breaking a token it signed. */
  safeRetireAt(record: KeyRecord): number | null {
    return record.retiringAt === null ? null : record.retiringAt + this.tokenHorizon();
  }

  /** Earliest time the active key could be retired were it rotated out now (now + the token horizon). */
  safeRetireIfRotatedNow(): number {
    return this.clock.now() + this.tokenHorizon();
  }

  /** Retires a retiring key (unpublished, private key destroyed), refusing before it is safe. */
  async retire(kid: string, actor: string): Promise<KeyRecord> {
    const key = this.require(kid);
    if (key.record.state !== 'retiring')
      throw new AuthError(
        'invalid_state',
        `only a retiring key can be retired (this one is ${key.record.state}); rotate first`,
      );
    const safeAt = this.safeRetireAt(key.record)!;
    if (this.clock.now() < safeAt)
      throw new AuthError(
        'invalid_state',
        `tokens signed by ${kid} may be valid until ${new Date(safeAt * 1000).toISOString()}; retire after that, or revoke the key`,
      );
    return this.transition(key.record, 'retired', actor);
  }

  /** Emergency revoke: its tokens are rejected at once; if it was signing, the successor takes over now. */
  async revoke(kid: string, actor: string, reason: string): Promise<KeyRecord> {
    const key = this.require(kid);
    if (key.record.state === 'retired' || key.record.state === 'revoked')
      throw new AuthError('invalid_state', `${kid} is already ${key.record.state}`);
    const wasActive = key.record.state === 'active';
    const lane = this.laneOf(key.record.alg);
    const revoked = await this.transition(key.record, 'revoked', actor, reason);
    if (wasActive) await this.rotate(actor, undefined, lane);
    else await this.makeSuccessor(lane);
    return revoked;
  }

  /** Applies due scheduled activations, automatic rotation and safe retirements. */
  async tick(rotationInterval: number): Promise<void> {
    await this.fillLanes();
    const now = this.clock.now();
    for (const lane of ['access', 'id'] as const) {
      const next = this.next(lane);
      const active = this.active(lane);
      const due = next?.activatesAt != null && next.activatesAt <= now;
      const stale =
        rotationInterval > 0 &&
        active?.record.activatedAt != null &&
        now - active.record.activatedAt >= rotationInterval &&
        this.lanes().includes(lane);
      if (due || stale) await this.rotate('system', next?.kid, lane);
    }
    for (const key of [...this.keys.values()]) {
      const safeAt = this.safeRetireAt(key.record);
      if (key.record.state === 'retiring' && safeAt !== null && now >= safeAt)
        await this.transition(key.record, 'retired', 'system');
    }
  }

  /** The lane's next key once the successor being made (if any) is saved; undefined if none or it failed. */
  private async madeSuccessor(lane: KeyUse): Promise<KeyRecord | undefined> {
    await this.making.get(lane)?.catch(() => undefined);
    return this.next(lane);
  }

  private active(lane: KeyUse): RingKey | undefined {
    return [...this.keys.values()].find((k) => k.record.state === 'active' && this.laneOf(k.record.alg) === lane);
  }

  private require(kid: string): RingKey {
    const key = this.keys.get(kid);
    if (!key) throw new AuthError('not_found', `no key ${kid}`);
    return key;
  }

  /** A key that can start signing: known and pending. */
  private requirePending(kid: string, what: 'promoted' | 'scheduled'): KeyRecord {
    const { record } = this.require(kid);
    if (record.state !== 'pending')
      throw new AuthError(
        'invalid_state',
        `${kid} is ${record.state}: only a pending key can be ${what} (generate or import a new key instead)`,
      );
    return record;
  }

  private async add(
    privateKey: KeyObject,
    alg: KeyAlgName,
    actor: string,
    event: 'key.generated' | 'key.imported',
  ): Promise<KeyRecord> {
    const kid = randomId(12);
    const now = this.clock.now();
    const der = privateKey.export({ type: 'pkcs8', format: 'der' });
    const record: KeyRecord = {
      kid,
      alg,
      state: 'pending',
      createdAt: now,
      activatesAt: null,
      activatedAt: null,
      retiringAt: null,
      retiredAt: null,
      revokedAt: null,
      publicJwk: JSON.stringify(createPublicKey(privateKey).export({ format: 'jwk' })),
      sealedPrivateKey: this.sealer.seal(der, kid),
    };
    await this.save(record, actor, event, { alg });
    return record;
  }

  private async promote(next: KeyRecord, actor: string): Promise<void> {
    const current = this.active(this.laneOf(next.alg));
    if (current) await this.transition(current.record, 'retiring', actor);
    await this.transition(next, 'active', actor);
  }

  private async transition(
    record: KeyRecord,
    state: Exclude<KeyState, 'pending'>, // a key is never sent back to pending
    actor: string,
    reason?: string,
  ): Promise<KeyRecord> {
    const now = this.clock.now();
    const next: KeyRecord = { ...record, state };
    if (state === 'active') Object.assign(next, { activatedAt: now, activatesAt: null });
    if (state === 'retiring') next.retiringAt = now;
    if (state === 'retired') next.retiredAt = now;
    if (state === 'revoked') next.revokedAt = now;
    // a key that will never sign again loses its private half for good
    if (state === 'retired' || state === 'revoked') next.sealedPrivateKey = null;
    await this.save(next, actor, `key.${state}`, reason ? { from: record.state, reason } : { from: record.state });
    return next;
  }

  private async save(
    record: KeyRecord,
    actor: string,
    event: AuditType,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.store.putKey(record);
    this.cache(record);
    await this.publish({ type: 'keys.changed', kid: record.kid });
    this.bus.emit({ type: 'key.changed', at: this.clock.now(), kid: record.kid, state: record.state });
    await this.audit.record(event, actor, record.kid, detail);
  }

  private cache(record: KeyRecord): void {
    this.algs.clear();
    const publicKey = createPublicKey({ key: JSON.parse(record.publicJwk) as never, format: 'jwk' });
    this.keys.set(record.kid, { record, publicKey });
    const lane = this.laneOf(record.alg);
    if (record.state === 'active' && record.sealedPrivateKey) {
      const der = Buffer.from(this.sealer.open(record.sealedPrivateKey, record.kid));
      this.signers.set(lane, {
        kid: record.kid,
        alg: record.alg,
        privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
      });
    } else if (this.signers.get(lane)?.kid === record.kid) {
      this.signers.delete(lane);
    }
  }
}
