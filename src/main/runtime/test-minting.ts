/**
 * The minting test power (`TestPowers.mint`, issue 22): sessions and tokens a test suite asks for
 * by name, with no browser and no password, and tokens for subjects Gatehouse does not know. Only
 * `composeInstance` builds it, and only for powers made by `grantTestPowers`: the lint lets nothing
 * else under src/main import this module, so `npm run serve` and the desktop app cannot have it.
 * Everything it makes is real: sessions in the store, tokens signed by the ring, audited, revocable.
 */
import { signJws } from '@gatehouse/verifier/internal';
import { AuthError } from '../auth/errors';
import type { Gatehouse } from '../auth/gatehouse';
import { idTokenFor } from '../auth/grants/grant';
import { randomId } from '../auth/random';
import { grantUserScope } from '../auth/scopes';
import { OIDC_SCOPES } from '../../shared/clients';
import type { UserRecord } from '../store/store';

export interface TestLoginRequest {
  username: string;
  /** The client the tokens are for (its refresh family, audience and id_token); none: the login API's. */
  clientId?: string;
  /** Space-separated, granted as the code flow does; every OIDC scope and the client's registered ones by default. */
  scope?: string;
}

export interface TestLoginTokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  session_id: string;
  expires_in: number;
  scope: string;
}

export interface TestTokenRequest {
  /** A user's username or id; any other value is a subject of its own (see `issueToken`). */
  sub: string;
  /** Extra claims; the protocol's own (`iss`, `sub`, `sid`, `exp`...) cannot be replaced. */
  claims?: Record<string, unknown>;
  /** `aud`; the deployment's audience (what `/api/me` accepts) by default. */
  audience?: string;
  /** Seconds, at most the settings' `maxAccessTokenLifetime`; the access-token TTL by default. */
  expiresIn?: number;
  /** `false`: a token naming no session (no `sid`), which no session revocation reaches. */
  session?: boolean;
}

export interface TestToken {
  access_token: string;
  session_id: string | null;
  expires_in: number;
}

export interface TestMinter {
  login(request: TestLoginRequest): Promise<TestLoginTokens>;
  issueToken(request: TestTokenRequest): Promise<TestToken>;
}

const RESERVED = new Set(['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti', 'sid', 'ver', 'client_id']);
const CONTEXT = { ip: '127.0.0.1', userAgent: '@gatehouse/testing' };
/** A stored hash no password matches (not `scrypt$…`): a minted subject can never sign in. */
const NO_PASSWORD = '!minted-subject';

export function createTestMinter(g: Gatehouse): TestMinter {
  return {
    async login({ username, clientId, scope }) {
      const user = await g.store.getUserByUsername(username);
      if (!user) throw new AuthError('not_found', `no user ${username}`);
      if (user.disabled) throw new AuthError('invalid_state', `${username} is disabled`);
      if (clientId === undefined) {
        const pair = await g.sessions.startSession(user, CONTEXT, 'login');
        return {
          access_token: pair.access.token,
          refresh_token: pair.refreshToken,
          session_id: pair.session.id,
          expires_in: pair.access.expiresIn,
          scope: '',
        };
      }
      const client = await g.clients.get(clientId);
      if (!client) throw new AuthError('not_found', `no client ${clientId}`);
      // as the code flow grants it: what the client may not have is dropped
      const granted = grantUserScope(client, scope ?? [...OIDC_SCOPES, ...client.scopes].join(' '));
      const session = await g.sessions.startBrowserSession(user, CONTEXT);
      // as a code redemption does: the client's own refresh family, or the client recorded in the session
      const refresh = client.grantTypes.includes('refresh_token')
        ? await g.sessions.startClientFamily(session, client.id, granted, null)
        : undefined;
      if (refresh === undefined) await g.store.addSessionClient(session.id, client.id, g.clock.now());
      const access = await g.issuer.issue(user, session, {
        clientId: client.id,
        scope: granted,
        audience: client.audience,
      });
      const idToken = await idTokenFor(g.idTokens, user, session, client, {
        token: access.token,
        scope: granted,
        authTime: session.createdAt,
        nonce: null,
      });
      return {
        access_token: access.token,
        ...(refresh ? { refresh_token: refresh } : {}),
        ...idToken,
        session_id: session.id,
        expires_in: access.expiresIn,
        scope: granted,
      };
    },

    async issueToken({ sub, claims = {}, audience, expiresIn, session = true }) {
      const s = g.settings.get();
      const ttl = expiresIn ?? s.accessTokenTtl;
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > s.maxAccessTokenLifetime)
        throw new AuthError('invalid_request', `expiresIn must be 1–${s.maxAccessTokenLifetime} s (the lifetime cap)`);
      const reserved = Object.keys(claims).filter((name) => RESERVED.has(name));
      if (reserved.length) throw new AuthError('invalid_request', `claims may not set ${reserved.join(', ')}`);
      const known = (await g.store.getUserByUsername(sub)) ?? (await g.store.getUserById(sub));
      if (known?.disabled) throw new AuthError('invalid_state', `${sub} is disabled`);
      const iat = g.clock.now();
      let user: Pick<UserRecord, 'id' | 'tokenVersion' | 'roles'> = known ?? { id: sub, tokenVersion: 0, roles: [] };
      let sid: string | null = null;
      let exp = iat + ttl;
      if (session) {
        // a session needs a user: an unknown subject becomes one no password signs in as
        user = known ?? (await mintSubject(g, sub, iat));
        const pair = await g.sessions.startSession(user as UserRecord, CONTEXT, 'admin');
        sid = pair.session.id;
        exp = Math.min(exp, pair.session.absoluteExpiresAt);
      }
      const { kid, alg, privateKey } = g.ring.signingKey();
      const jti = randomId(16);
      const payload = {
        iss: s.issuer,
        aud: audience ?? s.audience,
        ...claims,
        sub: user.id,
        ...(sid ? { sid } : {}),
        ver: user.tokenVersion,
        roles: user.roles,
        jti,
        iat,
        exp,
      };
      const token = signJws(alg, privateKey, { typ: 'at+jwt', kid }, payload);
      if (sid) await g.store.recordIssuedToken({ jti, sessionId: sid, kid, issuedAt: iat, expiresAt: exp });
      return { access_token: token, session_id: sid, expires_in: exp - iat };
    },
  };
}

async function mintSubject(g: Gatehouse, sub: string, now: number): Promise<UserRecord> {
  const user: UserRecord = {
    id: sub,
    username: sub,
    passwordHash: NO_PASSWORD,
    tokenVersion: 0,
    roles: [],
    claims: {},
    disabled: false,
    createdAt: now,
  };
  await g.store.createUser(user);
  await g.audit.record('user.created', 'test-harness', sub, { minted: true });
  return user;
}
