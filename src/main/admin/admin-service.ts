import { parseAdminRequest, type AdminErrorCode, type AdminMethod, type AdminResponses, type AdminResult } from '../../shared/admin-api';
import type { DenylistEntryView, KeyView, SessionView, UserView } from '../../shared/admin-views';
import type { DemoPace, DemoScenarioId } from '../../shared/demo';
import { inspectToken } from '../../shared/jwt-inspect';
import { lintSettings } from '../../shared/settings';
import type { VirtualClock } from '../auth/clock';
import { AuthError } from '../auth/errors';
import { HashingBusyError } from '../auth/password-hasher';
import type { Gatehouse } from '../auth/gatehouse';
import { SCENARIOS } from '../demo/catalogue';
import type { DemoEngine } from '../demo/demo-engine';
import type { KeyRecord, RevocationRecord, SessionRecord, UserRecord } from '../store/store';
import { STEP_OF_CODE, stepsUntil } from './verify-steps';
import { verifyWithPastedKey } from './verify-with-key';

export interface AdminContext {
  gatehouse: Gatehouse;
  authUrl: () => string;
  mode: 'desktop' | 'headless';
  version: string;
  /** Present only when the virtual clock is enabled (demo workspace, `--virtual-clock`). */
  virtualClock?: VirtualClock;
  /** The demo lab's scenario runner; present exactly when the virtual clock is. */
  demo?: DemoEngine;
}

const ADMIN = 'admin';
const SCENARIO_LIST = SCENARIOS.map(({ id, title, explanation, actors }) => ({ id, title, explanation, actors }));

const toSessionView = (s: SessionRecord, username: string): SessionView => ({
  id: s.id, userId: s.userId, username, device: s.device, ip: s.ip, userAgent: s.userAgent, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt,
  idleExpiresAt: s.idleExpiresAt, absoluteExpiresAt: s.absoluteExpiresAt, status: s.status, revokedAt: s.revokedAt, revokedReason: s.revokedReason,
});
const toUserView = ({ id, username, roles, tokenVersion, createdAt }: UserRecord): UserView => ({ id, username, roles, tokenVersion, createdAt });
const toDenylistView = ({ kind, subject, value, reason, createdAt, pruneAfter }: RevocationRecord): DenylistEntryView => ({ kind, subject, value, reason, createdAt, pruneAfter });

type Handlers = { [M in AdminMethod]: (request: never) => Promise<AdminResponses[M]> };

/**
 * The main-process side of the admin contract: validates each request, runs it against the
 * domain services, and returns errors as data. Both transports (IPC and web) call `handle`.
 */
export class AdminService {
  private readonly handlers: Handlers;

  constructor(ctx: AdminContext) {
    const g = ctx.gatehouse;
    const keyView = (k: KeyRecord): KeyView => ({
      kid: k.kid, alg: k.alg, state: k.state, createdAt: k.createdAt, activatesAt: k.activatesAt, activatedAt: k.activatedAt,
      retiringAt: k.retiringAt, retiredAt: k.retiredAt, revokedAt: k.revokedAt, safeRetireAt: g.ring.safeRetireAt(k), publicJwk: JSON.parse(k.publicJwk) as Record<string, unknown>,
    });
    const usernameOf = async (userId: string) => (await g.store.getUserById(userId))?.username ?? '(deleted user)';
    const clock = () => {
      if (!ctx.virtualClock) throw new AuthError('clock_disabled', 'the virtual clock is off; start with --virtual-clock to use it');
      return ctx.virtualClock;
    };
    const settingsView = () => ({ settings: g.settings.get(), warnings: lintSettings(g.settings.get()) });

    this.handlers = {
      'system.info': async () => ({ version: ctx.version, store: g.store.kind, authUrl: ctx.authUrl(), mode: ctx.mode, virtualClock: !!ctx.virtualClock }),
      'sessions.list': async (q: { offset?: number; limit?: number }) => {
        const offset = q.offset ?? 0;
        const limit = q.limit ?? 50;
        const { items, total } = await g.store.listSessions({ ...q, offset, limit });
        return { items: items.map((s) => toSessionView(s, s.username)), total, offset, limit };
      },
      'sessions.get': async ({ sessionId }: { sessionId: string }) => {
        const session = await g.store.getSession(sessionId);
        if (!session) throw new AuthError('not_found', 'no such session');
        const [family, issued, audit] = await Promise.all([
          g.store.getRefreshFamily(sessionId), g.store.listIssuedTokens(sessionId), g.store.listAudit({ text: sessionId, limit: 200 }),
        ]);
        return {
          session: toSessionView(session, await usernameOf(session.userId)),
          family: family.map(({ id, parentId, createdAt, expiresAt, usedAt, status }) => ({ id, parentId, createdAt, expiresAt, usedAt, status })),
          accessTokens: issued.map((t) => ({ ...t, denylisted: g.revocations.isJtiRevoked(t.jti) })),
          events: audit.filter((e) => e.subject === sessionId || e.detail.sid === sessionId),
        };
      },
      'sessions.revoke': async ({ sessionId, reason }: { sessionId: string; reason?: string }) => {
        const s = await g.sessions.revokeSession(sessionId, reason || 'revoked by admin', ADMIN);
        return toSessionView(s, await usernameOf(s.userId));
      },
      'sessions.revokeUser': async ({ userId, reason }: { userId: string; reason?: string }) => ({
        revoked: (await g.sessions.revokeUserSessions(userId, reason || 'all sessions revoked by admin', ADMIN)).length,
      }),
      'tokens.decode': async ({ token }: { token: string }) => {
        const inspection = inspectToken(token, g.clock.now());
        const kid = inspection.header?.kid;
        if (typeof kid === 'string' && inspection.claims?.iss === g.settings.get().issuer && !g.ring.get(kid))
          inspection.warnings.push({ code: 'unknown_kid', level: 'warning', message: `kid ${kid} is not in Gatehouse's key ring.` });
        return inspection;
      },
      'tokens.verify': async ({ token, key }: { token: string; key?: Parameters<typeof verifyWithPastedKey>[1] | { kind: 'ring' } }) => {
        if (key && key.kind !== 'ring') return verifyWithPastedKey(token, key, g.clock.now());
        const result = await g.verifier.verify(token);
        const claims = inspectToken(token, g.clock.now()).claims;
        const sid = typeof claims?.sid === 'string' ? claims.sid : null;
        const session = sid ? await g.store.getSession(sid) : null;
        const jti = typeof claims?.jti === 'string' ? claims.jti : null;
        const links = { sessionId: session ? sid : null, kid: result.ok ? result.kid : headerKid(token, g), denylisted: !!jti && g.revocations.isJtiRevoked(jti), sessionStatus: session?.status ?? null };
        if (result.ok) return { valid: true, code: null, message: result.cached ? 'valid (signature verified earlier, cached)' : 'valid', steps: stepsUntil(null, ''), links };
        return { valid: false, code: result.code, message: result.message, steps: stepsUntil(STEP_OF_CODE[result.code], result.message), links };
      },
      'tokens.mint': async ({ userId }: { userId: string }) => {
        const user = await g.store.getUserById(userId);
        if (!user) throw new AuthError('not_found', 'no such user');
        // the refresh token stays in the main process: the console never holds one
        const pair = await g.sessions.startSession(user, { ip: '127.0.0.1', userAgent: 'Gatehouse console (minted)' }, 'admin');
        return { accessToken: pair.access.token, sessionId: pair.session.id, expiresIn: pair.access.expiresIn };
      },
      'denylist.list': async () => g.revocations.list().map(toDenylistView).sort((a, b) => b.createdAt - a.createdAt),
      'denylist.add': async ({ token, reason }: { token: string; reason?: string }) => {
        const result = await g.verifier.verify(token);
        if (!result.ok) throw new AuthError('invalid_state', `only a currently valid token can be denylisted (${result.code}: ${result.message})`);
        await g.denylistAccessToken(token, ADMIN, reason || 'denylisted by admin');
        return toDenylistView(g.revocations.get('jti', result.claims.jti)!);
      },
      'denylist.remove': async ({ kind, subject }: { kind: 'jti' | 'sid' | 'user'; subject: string }) => {
        const removed = await g.revocations.remove(kind, subject);
        if (removed) await g.audit.record('denylist.removed', ADMIN, subject, { kind });
        return { removed };
      },
      'keys.list': async () => g.ring.list().map(keyView),
      'keys.generate': async ({ alg }: { alg: 'ES256' | 'EdDSA' | 'RS256' }) => keyView(await g.ring.generate(alg, ADMIN)),
      'keys.import': async ({ alg, material }: { alg: 'ES256' | 'EdDSA' | 'RS256'; material: string }) => {
        const trimmed = material.trim();
        let parsed: string | Record<string, unknown> = trimmed;
        if (trimmed.startsWith('{')) {
          try {
            parsed = JSON.parse(trimmed) as Record<string, unknown>;
          } catch {
            throw new AuthError('key_import_failed', 'the JWK is not valid JSON');
          }
        }
        return keyView(await g.ring.import(parsed, alg, ADMIN));
      },
      'keys.rotate': async () => keyView(await g.ring.rotate(ADMIN)),
      'keys.retire': async ({ kid }: { kid: string }) => keyView(await g.ring.retire(kid, ADMIN)),
      'keys.revoke': async ({ kid, reason }: { kid: string; reason?: string }) => keyView(await g.ring.revoke(kid, ADMIN, reason || 'emergency revoke')),
      'keys.impact': async ({ kid }: { kid: string }) => {
        const key = g.ring.get(kid);
        if (!key) throw new AuthError('not_found', `no key ${kid}`);
        const live = await g.store.countLiveTokensByKid(kid, g.clock.now());
        return { kid, state: key.record.state, liveTokens: live.tokens, sessions: live.sessions, safeRetireAt: g.ring.safeRetireAt(key.record), promotesSuccessor: key.record.state === 'active' };
      },
      'keys.schedule': async ({ at }: { at: number | null }) => keyView(await g.ring.schedule(at, ADMIN)),
      'keys.jwks': async () => g.ring.jwks(),
      'users.list': async () => (await g.store.listUsers()).map(toUserView),
      'users.create': async ({ username, password, roles }: { username: string; password: string; roles?: string[] }) =>
        toUserView(await g.users.createUser(username, password, roles ?? ['user'], ADMIN)),
      'users.bumpVersion': async ({ userId, reason }: { userId: string; reason?: string }) => toUserView(await g.users.bumpTokenVersion(userId, ADMIN, reason || 'token version bumped by admin')),
      'audit.list': async (q: { beforeId?: number; type?: string; text?: string; limit?: number }) => g.store.listAudit(q),
      'settings.get': async () => settingsView(),
      'settings.update': async (patch: Record<string, never>) => {
        await g.settings.update(patch, ADMIN);
        return settingsView();
      },
      'clock.get': async () => clock().state(),
      'clock.set': async (req: { rate?: number; paused?: boolean }) => {
        clock().set(req);
        await g.audit.record('clock.set', ADMIN, 'clock', req);
        return clock().state();
      },
      'clock.advance': async ({ seconds }: { seconds: number }) => {
        clock().advance(seconds);
        await g.audit.record('clock.advanced', ADMIN, 'clock', { seconds });
        await g.tick();
        return clock().state();
      },
      'demo.scenarios': async () => SCENARIO_LIST,
      'demo.run': async ({ scenario, pace }: { scenario: DemoScenarioId; pace?: DemoPace }) => {
        if (!ctx.demo) throw new AuthError('clock_disabled', 'the demo lab needs the virtual clock; start with --virtual-clock (or GATEHOUSE_VIRTUAL_CLOCK=1 for the desktop app)');
        return ctx.demo.run(scenario, pace);
      },
    };
  }

  /** Validates and runs one call; never throws. */
  async handle<M extends AdminMethod>(method: M, request: unknown): Promise<AdminResult<AdminResponses[M]>> {
    const parsed = parseAdminRequest(method, request);
    if (!parsed.ok) return parsed;
    try {
      const handler = this.handlers[method] as (req: unknown) => Promise<AdminResponses[M]>;
      return { ok: true, value: await handler(parsed.value) };
    } catch (err) {
      // users.create hashes a password: the bounded hasher may refuse it at once
      if (err instanceof HashingBusyError) return { ok: false, error: { code: 'busy', message: `${err.message} (in ${err.retryAfter} s)` } };
      if (err instanceof AuthError) {
        const code: AdminErrorCode =
          err.code === 'invalid_grant' || err.code === 'login_throttled' ? 'invalid_request' : err.code === 'login_busy' ? 'busy' : err.code;
        return { ok: false, error: { code, message: err.message } };
      }
      console.error(`admin ${method} failed:`, err);
      return { ok: false, error: { code: 'internal', message: 'internal error; see the server log' } };
    }
  }
}

function headerKid(token: string, g: Gatehouse): string | null {
  const kid = inspectToken(token, g.clock.now()).header?.kid;
  return typeof kid === 'string' && g.ring.get(kid) ? kid : null;
}
