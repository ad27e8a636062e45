import type { AuditType } from '../../shared/audit-types';
import { keyFitsAlgorithm } from '@gatehouse/verifier/internal';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
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

function generatePrivateKey(alg: KeyAlgName): KeyObject {
  switch (alg) {
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    case 'EdDSA':
      return generateKeyPairSync('ed25519').privateKey;
    case 'RS256':
      return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
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
}

/**
 * The signing key ring: pending → active → retiring → retired, plus emergency revoke.
 * Exactly one key is active. Rotation always has the next key published (pending) before it signs,
 * and a retiring key is retired only once every token it signed has expired. At least one key is
 * pending at all times; `next()` names the one a rotation promotes unless the admin picks another,
 * and a rotation adds a successor only when it used up the last pending key.
 */
export class KeyRing {
  private readonly keys = new Map<string, RingKey>();
  private signer: { kid: string; alg: KeyAlgName; privateKey: KeyObject } | null = null;
  private algs: ReadonlySet<KeyAlgName> | undefined;

  private readonly store: Store;
  private readonly sealer: KeySealer;
  private readonly clock: Clock;
  private readonly audit: AuditLog;
  private readonly bus: EventBus;
  private readonly tokenHorizon: () => number;
  private readonly preferredAlg: () => KeyAlgName;
  private readonly publish: (message: ClusterMessage) => Promise<void>;

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
  }

  /** Loads the ring; on a fresh store creates the first active key and its published successor. */
  async load(): Promise<void> {
    for (const record of await this.store.listKeys()) this.cache(record);
    if (!this.active())
      await this.promote(this.next() ?? (await this.generate(this.preferredAlg(), 'system')), 'system');
    if (!this.next()) await this.generate(this.preferredAlg(), 'system');
  }

  /** Re-reads every key from the store: another instance changed the ring. */
  async reload(): Promise<void> {
    const records = await this.store.listKeys();
    this.keys.clear();
    this.signer = null;
    this.algs = undefined;
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

  /** Algorithms of keys that currently verify: the verifier's allow-list (never taken from the token). */
  verifyingAlgs(): ReadonlySet<KeyAlgName> {
    // read on every request, changed only with the ring: computed once per change
    this.algs ??= new Set(
      [...this.keys.values()].filter((k) => VERIFYING.has(k.record.state)).map((k) => k.record.alg),
    );
    return this.algs;
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

  /** The active signing key; throws only if the ring was never loaded. */
  signingKey(): { kid: string; alg: KeyAlgName; privateKey: KeyObject } {
    if (!this.signer) throw new AuthError('invalid_state', 'no active signing key');
    return this.signer;
  }

  async generate(alg: KeyAlgName, actor: string): Promise<KeyRecord> {
    return this.add(generatePrivateKey(alg), alg, actor, 'key.generated');
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
  next(): KeyRecord | undefined {
    const pending = [...this.keys.values()]
      .map((k) => k.record)
      .filter((r) => r.state === 'pending')
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
  async rotate(actor: string, kid?: string): Promise<KeyRecord> {
    const chosen = kid === undefined ? this.next() : this.requirePending(kid, 'promoted');
    const promoted = chosen ?? (await this.generate(this.preferredAlg(), actor));
    await this.promote(promoted, actor);
    if (!this.next()) await this.generate(this.preferredAlg(), 'system');
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
    if (at !== null)
      for (const other of this.list())
        if (other.state === 'pending' && other.kid !== target.kid && other.activatesAt !== null)
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
    const revoked = await this.transition(key.record, 'revoked', actor, reason);
    if (wasActive) await this.rotate(actor);
    else if (!this.next()) await this.generate(this.preferredAlg(), 'system');
    return revoked;
  }

  /** Applies due scheduled activations, automatic rotation and safe retirements. */
  async tick(rotationInterval: number): Promise<void> {
    const now = this.clock.now();
    const next = this.next();
    const active = this.active();
    const due = next?.activatesAt != null && next.activatesAt <= now;
    const stale =
      rotationInterval > 0 && active?.record.activatedAt != null && now - active.record.activatedAt >= rotationInterval;
    if (due || stale) await this.rotate('system', next?.kid);
    for (const key of [...this.keys.values()]) {
      const safeAt = this.safeRetireAt(key.record);
      if (key.record.state === 'retiring' && safeAt !== null && now >= safeAt)
        await this.transition(key.record, 'retired', 'system');
    }
  }

  private active(): RingKey | undefined {
    return [...this.keys.values()].find((k) => k.record.state === 'active');
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
    const current = this.active();
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
    this.algs = undefined;
    const publicKey = createPublicKey({ key: JSON.parse(record.publicJwk) as never, format: 'jwk' });
    this.keys.set(record.kid, { record, publicKey });
    if (record.state === 'active' && record.sealedPrivateKey) {
      const der = Buffer.from(this.sealer.open(record.sealedPrivateKey, record.kid));
      this.signer = {
        kid: record.kid,
        alg: record.alg,
        privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
      };
    } else if (this.signer?.kid === record.kid) {
      this.signer = null;
    }
  }
}
