import { EXPIRED_TOKEN_RETENTION } from '../../shared/admin-views';
import type { Store } from '../store/store';
import { AccessTokenIssuer } from './access-token-issuer';
import { AuthorizationService } from './authorization';
import { BrowserSessions } from './browser-sessions';
import { ClientAuthentication } from './client-authentication';
import { ClientService } from './clients';
import { AuditLog } from './audit';
import type { ClusterFeed, ClusterMessage } from './cluster-feed';
import { systemClock, type Clock } from './clock';
import { DenylistService } from './denylist-service';
import { EventBus } from './event-bus';
import { IdTokenIssuer } from './id-tokens';
import { KeyRing, type KeySource } from './key-ring';
import type { KeySealer } from './key-seal';
import { LoginThrottle } from './login-throttle';
import { LogoutDispatcher, type LogoutDispatcherOptions } from './logout-dispatcher';
import { LogoutTokenIssuer } from './logout-tokens';
import { ScryptPasswords, type Passwords } from './passwords';
import { SessionService } from './sessions';
import { scryptCostOf } from '../../shared/settings';
import { SettingsService } from './settings-service';
import { TokenService } from './tokens';
import { UserService } from './users';
import { createAccessTokenVerifier, type AccessTokenVerifier } from './verify-access-token';

export interface GatehouseOptions {
  store: Store;
  sealer: KeySealer;
  /** The issuer URL (`iss`); the server sets its own origin once it listens. */
  issuer?: string;
  clock?: Clock;
  /** Revocation propagation between instances sharing a store; absent on a single instance. */
  feed?: ClusterFeed;
  /** Back-channel logout timing (tests shorten the timeout). */
  logout?: LogoutDispatcherOptions;
  /**
   * Password hashing. The caller keeps what it passes (the live instance and the sandbox share one
   * executor); without it the Gatehouse makes its own scrypt executor and closes it with itself.
   */
  passwords?: Passwords;
  /**
   * Whether `open` waits for each lane's next key (`awaited`, the default), or returns once every
   * lane can sign and makes the next keys in the background (`ring.settled()`): a first start
   * answers sooner, but its JWKS gains the successors a moment later.
   */
  successors?: 'awaited' | 'background';
  /**
   * Whether `open` waits for the id_token lane's first key (`awaited`, the default), or returns once
   * access tokens can be signed and makes it in the background (`ring.ready()`; `KeyRing.load`).
   */
  idLane?: 'awaited' | 'background';
  /** Where the key ring's new keys come from (`KeyRingDeps.makeKey`); made on the thread pool by default. */
  makeKey?: KeySource;
}

/** Delivered and failed back-channel logout deliveries are kept this long for the console. */
const LOGOUT_DELIVERY_RETENTION = 30 * 86_400;

/**
 * The composition root of the domain: one instance per running server, wiring every service to
 * the same store, clock, event bus and audit log.
 */
export class Gatehouse {
  readonly bus = new EventBus();
  readonly clock: Clock;
  readonly store: Store;
  readonly audit: AuditLog;
  readonly settings: SettingsService;
  readonly denylist: DenylistService;
  readonly ring: KeyRing;
  /** The resource server's check (`/api/me`, the inspector, the demo lab): the settings' audience. */
  readonly verifier: AccessTokenVerifier;
  /** Introspection's and UserInfo's: any audience this issuer issues for (a client's own, or the settings'). */
  readonly anyAudienceVerifier: AccessTokenVerifier;
  readonly issuer: AccessTokenIssuer;
  readonly sessions: SessionService;
  readonly users: UserService;
  readonly tokens: TokenService;
  readonly clients: ClientService;
  /** Client authentication at the token, introspection and revocation endpoints: throttled, audited. */
  readonly clientAuth: ClientAuthentication;
  readonly authorization: AuthorizationService;
  /** Signs id_tokens (the token endpoint's grants, through `authorization`; a test harness's logins). */
  readonly idTokens: IdTokenIssuer;
  readonly browserSessions: BrowserSessions;
  /** Tells apps, off the request path, that their sessions ended (back-channel logout). */
  readonly logout: LogoutDispatcher;
  /** Hashing and checking passwords (logins, user changes): the one given, or this instance's own. */
  readonly passwords: Passwords;
  /** Closed with this instance: the executor it made itself (none when one was given). */
  private readonly ownHasher: ScryptPasswords | undefined;
  private readonly sealer: KeySealer;
  readonly feed: ClusterFeed | undefined;
  private readonly throttle: LoginThrottle;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  private constructor(opts: GatehouseOptions) {
    this.clock = opts.clock ?? systemClock;
    this.store = opts.store;
    this.feed = opts.feed;
    this.ownHasher = opts.passwords ? undefined : new ScryptPasswords();
    this.passwords = opts.passwords ?? this.ownHasher!;
    // after the store committed: a failed announcement is logged, never reported as a failed change
    const publish = async (message: ClusterMessage) => {
      try {
        await this.feed?.publish(message);
      } catch (err) {
        console.error(
          `could not announce ${message.type} to the other instances (they rebuild from the store when their feed reconnects):`,
          (err as Error).message,
        );
      }
    };
    const settings = () => this.settings.get();
    /** Longest a token signed now can stay acceptable: the lifetime cap plus clock tolerance. */
    const tokenHorizon = () => settings().maxAccessTokenLifetime + settings().clockTolerance;
    this.audit = new AuditLog(this.store, this.clock, this.bus);
    this.settings = new SettingsService({
      store: this.store,
      clock: this.clock,
      audit: this.audit,
      bus: this.bus,
      issuer: opts.issuer ?? 'http://127.0.0.1',
      publish,
    });
    this.denylist = new DenylistService(this.store, this.clock, this.bus, publish);
    this.ring = new KeyRing({
      store: this.store,
      sealer: opts.sealer,
      clock: this.clock,
      audit: this.audit,
      bus: this.bus,
      tokenHorizon,
      preferredAlg: () => settings().signingAlg,
      publish,
      makeKey: opts.makeKey,
    });
    this.verifier = createAccessTokenVerifier(
      this.ring,
      this.denylist.entries,
      this.clock,
      settings,
      () => this.feed?.healthy() ?? true,
    );
    this.anyAudienceVerifier = createAccessTokenVerifier(
      this.ring,
      this.denylist.entries,
      this.clock,
      settings,
      () => this.feed?.healthy() ?? true,
      'any',
    );
    this.issuer = new AccessTokenIssuer(this.ring, this.store, this.clock, settings);
    this.throttle = new LoginThrottle(this.store, this.clock, () => ({
      maxFailures: settings().loginMaxFailures,
      window: settings().loginWindow,
    }));
    this.sessions = new SessionService({
      store: this.store,
      clock: this.clock,
      settings,
      issuer: this.issuer,
      denylist: this.denylist,
      throttle: this.throttle,
      passwords: this.passwords,
      audit: this.audit,
      bus: this.bus,
      tokenHorizon,
    });
    this.users = new UserService({
      store: this.store,
      clock: this.clock,
      audit: this.audit,
      bus: this.bus,
      denylist: this.denylist,
      sessions: this.sessions,
      passwords: this.passwords,
      tokenHorizon,
      hashCost: () => scryptCostOf(settings()),
    });
    this.sealer = opts.sealer;
    this.clients = new ClientService({
      store: this.store,
      clock: this.clock,
      audit: this.audit,
      bus: this.bus,
      denylist: this.denylist,
      tokenHorizon,
      signableAlgs: () => this.ring.signableAlgs(),
    });
    this.clientAuth = new ClientAuthentication(this.store, this.clock, this.clients, this.audit, () => ({
      maxFailures: settings().loginMaxFailures,
      window: settings().loginWindow,
    }));
    this.browserSessions = new BrowserSessions(this.store, this.clock);
    const idTokens = (this.idTokens = new IdTokenIssuer(this.ring, this.clock, settings));
    this.logout = new LogoutDispatcher(
      {
        store: this.store,
        clock: this.clock,
        tokens: new LogoutTokenIssuer(this.ring, this.clock, settings),
        bus: this.bus,
        audit: this.audit,
      },
      opts.logout,
    );
    this.authorization = new AuthorizationService({
      store: this.store,
      clock: this.clock,
      sessions: this.sessions,
      clients: this.clients,
      issuer: this.issuer,
      idTokens,
      audit: this.audit,
    });
    this.tokens = new TokenService({
      sessions: this.sessions,
      verifier: this.anyAudienceVerifier,
      denylist: this.denylist,
      audit: this.audit,
      clock: this.clock,
      tolerance: () => settings().clockTolerance,
      store: this.store,
      tokenHorizon,
    });
    // the cache size, or issuer/audience/lifetime rules the cached entries passed, may have changed
    this.settings.onChange((s) => {
      this.verifier.resetCache(s.tokenCacheSize);
      this.anyAudienceVerifier.resetCache(s.tokenCacheSize);
    });
  }

  static async open(opts: GatehouseOptions): Promise<Gatehouse> {
    const g = new Gatehouse(opts);
    await g.settings.load();
    await g.denylist.load();
    await g.ring.load(opts.successors, opts.idLane);
    await g.feed?.start({ receive: (message) => void g.receive(message), resync: () => g.resync() });
    return g;
  }

  /** Applies what another instance published. */
  private async receive(message: ClusterMessage): Promise<void> {
    try {
      const now = this.clock.now();
      switch (message.type) {
        case 'denylist.added':
          this.denylist.receive(message);
          if (message.entry.kind === 'sid')
            this.bus.emit({
              type: 'session.revoked',
              at: now,
              sessionId: message.entry.subject,
              reason: message.entry.reason,
            });
          break;
        case 'denylist.removed':
          this.denylist.receive(message);
          break;
        case 'keys.changed':
          await this.ring.reload();
          this.bus.emit({
            type: 'key.changed',
            at: now,
            kid: message.kid,
            state: this.ring.get(message.kid)?.record.state ?? 'unknown',
          });
          break;
        case 'settings.changed':
          await this.settings.load();
          this.bus.emit({ type: 'settings.changed', at: now });
          break;
      }
    } catch (err) {
      console.error('applying a cluster message failed:', err);
    }
  }

  /** Rebuilds every in-memory set from the shared store (after a feed reconnect). */
  async resync(): Promise<void> {
    await this.settings.load();
    await this.denylist.load();
    await this.ring.reload();
  }

  /** Expiry sweeps, revocation pruning and key-ring schedules; safe to call at any time. */
  tick(): Promise<void> {
    this.ticking ??= (async () => {
      try {
        const now = this.clock.now();
        await this.sessions.expireDueSessions();
        await this.denylist.prune();
        await this.throttle.prune();
        await this.store.pruneAuthorizationCodes(now);
        await this.store.pruneBrowserSessions();
        await this.store.pruneLogoutDeliveries(now - LOGOUT_DELIVERY_RETENTION);
        await this.store.pruneIssuedTokens(now - this.settings.get().clockTolerance - EXPIRED_TOKEN_RETENTION);
        const retentionDays = this.settings.get().auditRetentionDays;
        if (retentionDays > 0) await this.store.pruneAudit(now - retentionDays * 86_400);
        const ringTick = async () => {
          // another instance may have rotated a moment ago: start from the shared state
          if (this.feed) await this.ring.reload();
          await this.ring.tick(this.settings.get().rotationInterval);
        };
        await (this.feed ? this.feed.exclusive('key-ring', ringTick) : ringTick());
      } finally {
        this.ticking = undefined;
      }
    })();
    return this.ticking;
  }

  /** A 32-byte key for one purpose, derived from the key-encryption key: the same on every instance. */
  deriveKey(label: string): Buffer {
    return this.sealer.derive(label);
  }

  /** Runs `tick` every `intervalMs` of real time until `close`. */
  startMaintenance(intervalMs = 5000): void {
    this.timer = setInterval(
      () => void this.tick().catch((err: unknown) => console.error('maintenance failed:', err)),
      intervalMs,
    );
    this.timer.unref();
    this.logout.start();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.logout.close();
    await this.ticking;
    await this.ring.close();
    await this.feed?.close();
    await this.store.close();
    await this.ownHasher?.hasher.close();
  }
}
