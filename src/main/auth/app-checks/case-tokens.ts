/**
 * The tokens of one app-checks run (issue 20), made from the live ring and real sessions of the
 * dedicated check users: never through a test instance's powers, which a served Gatehouse does not
 * have. Each bad token is the baseline wrong in one way (`../jwt-defects.ts`), or a real token whose
 * session, jti, user version or user was then revoked. `end()` revokes every session the run made.
 */
import { signJws } from '@gatehouse/verifier/internal';
import { createHmac, createPublicKey } from 'node:crypto';
import type { CheckCase } from '../../../shared/app-checks';
import { KEY_ALGS, type KeyAlgName } from '../../../shared/settings';
import type { UserRecord } from '../../store/store';
import { AuthError } from '../errors';
import type { Gatehouse } from '../gatehouse';
import { generatePrivateKey } from '../key-ring';
import { appendOne, breakSignature, decodeJwtPart, malformHeader, unsecuredJwt, type JwtJson } from '../jwt-defects';
import { randomId } from '../random';
import { CHECK_USER_PASSWORD_HASH, CHECK_USERS, CHECKS_ACTOR, isCheckUser } from './check-users';

export { CHECK_USERS, CHECKS_ACTOR } from './check-users';

const CONTEXT = { ip: '127.0.0.1', userAgent: 'gatehouse-app-checks' };
/** Past any clock tolerance an API allows (the conformance suite's six minutes). */
const SKEW = 6 * 60;
/** A `client_id` no client has: the client_credentials-shaped token names no user. */
const CHECK_CLIENT = 'gatehouse-app-checks';
const OVERSIZED_PAD = 8 * 1024 + 512;

export interface RunTokens {
  baseline: string;
  /** Mints every other case (revoking what the revocation cases need revoked); `skipped` says why a case has none. */
  defects(): Promise<{ tokens: Partial<Record<CheckCase, string>>; skipped: Partial<Record<CheckCase, string>> }>;
  /** Revokes every session the run started (its tokens die with them) and denylists the one token naming none. */
  end(): Promise<void>;
}

async function checkUser(g: Gatehouse, username: string): Promise<UserRecord> {
  const found = await g.store.getUserByUsername(username);
  // a real user who happens to bear the name is never used: their sessions, version and flag are theirs
  if (found && !isCheckUser(found))
    throw new AuthError(
      'invalid_state',
      `user ${username} exists and is not a check user: rename it to run app checks`,
    );
  if (found) return found.disabled ? g.users.update(found.id, { disabled: false }, CHECKS_ACTOR) : found;
  const user: UserRecord = {
    id: `app-check-${randomId(8)}`,
    username,
    passwordHash: CHECK_USER_PASSWORD_HASH,
    tokenVersion: 0,
    roles: [],
    claims: {},
    disabled: false,
    createdAt: g.clock.now(),
  };
  await g.store.createUser(user);
  await g.audit.record('user.created', CHECKS_ACTOR, user.id, { username, appChecks: true });
  return user;
}

export async function startRunTokens(g: Gatehouse, audience: string): Promise<RunTokens> {
  const sessions: string[] = [];
  const sessionless: { jti: string; exp: number }[] = [];
  const issue = async (username: string) => {
    const user = await checkUser(g, username);
    const { session } = await g.sessions.startSession(user, CONTEXT, 'admin');
    sessions.push(session.id);
    const access = await g.issuer.issue(user, session, { audience });
    return { user, session, token: access.token };
  };
  const base = await issue(CHECK_USERS.baseline);
  const [headerPart, payloadPart] = base.token.split('.');
  const header = decodeJwtPart(headerPart);
  const claims = decodeJwtPart(payloadPart);
  const signed = (h: JwtJson, c: JwtJson) => {
    const { kid, alg, privateKey } = g.ring.signingKey();
    return signJws(alg, privateKey, { ...h, kid }, c);
  };
  const atJwt = { typ: header.typ ?? 'at+jwt' };

  async function defects() {
    const now = g.clock.now();
    const ttl = Number(claims.exp) - Number(claims.iat);
    const tokens: Partial<Record<CheckCase, string>> = {};
    const skipped: Partial<Record<CheckCase, string>> = {};
    tokens.expired = signed(atJwt, { ...claims, iat: now - SKEW - ttl, exp: now - SKEW });
    tokens['not-yet-valid'] = signed(atJwt, {
      ...claims,
      iat: now,
      nbf: now + SKEW,
      exp: now + SKEW + Math.min(ttl, 60),
    });

    const revoked = await issue(CHECK_USERS.baseline);
    await g.sessions.revokeSession(revoked.session.id, 'app checks: revoked-session case', CHECKS_ACTOR);
    tokens['revoked-session'] = revoked.token;

    const denied = await g.issuer.issue(base.user, base.session, { audience });
    await g.tokens.denylistAccessToken(denied.token, CHECKS_ACTOR, 'app checks: denylisted-jti case');
    tokens['denylisted-jti'] = denied.token;

    const versioned = await issue(CHECK_USERS.version);
    await g.users.bumpTokenVersion(versioned.user.id, CHECKS_ACTOR, 'app checks: user-version-raised case');
    tokens['user-version-raised'] = versioned.token;

    const disabled = await issue(CHECK_USERS.disabled);
    await g.users.update(disabled.user.id, { disabled: true }, CHECKS_ACTOR);
    tokens['disabled-user'] = disabled.token;

    tokens['wrong-aud'] = signed(atJwt, { ...claims, aud: appendOne(claims.aud) });
    tokens['wrong-iss'] = signed(atJwt, { ...claims, iss: appendOne(claims.iss) });
    tokens['alg-none'] = unsecuredJwt(header, claims);
    tokens['tampered-signature'] = breakSignature(base.token);
    const alg = String(header.alg) as KeyAlgName;
    if (!(KEY_ALGS as readonly string[]).includes(alg)) throw new Error(`cannot sign ${alg}`);
    const stranger = generatePrivateKey(alg);
    tokens['unknown-kid'] = signJws(alg, stranger, { ...atJwt, kid: `unknown-${randomId(8)}` }, claims);
    // a revoked key's private part is gone: the kid is the revoked key's, the signature a stranger's
    const revokedKey = g.ring.list().find((k) => k.state === 'revoked' && k.alg === alg);
    if (revokedKey) tokens['revoked-kid'] = signJws(alg, stranger, { ...atJwt, kid: revokedKey.kid }, claims);
    else
      skipped['revoked-kid'] =
        `the ring has no revoked ${alg} key; a run never revokes one (revoke one on the Keys screen)`;
    tokens['hs256-public-key'] = hs256WithPublicKey(g, { ...atJwt, kid: header.kid }, claims, String(header.kid));
    // an id_token's typ (JWT) and claims, with the access token's audience: only the typ says what it is
    tokens['id-token-as-access-token'] = signed(
      { typ: 'JWT' },
      { ...claims, auth_time: claims.iat, azp: CHECK_CLIENT },
    );
    const { sid: _sid, roles: _roles, ...clientClaims } = claims;
    // no session to revoke it with: its jti is denylisted when the run ends
    sessionless.push({ jti: randomId(16), exp: Number(claims.exp) });
    tokens['client-credentials-on-user-endpoint'] = signed(atJwt, {
      ...clientClaims,
      sub: CHECK_CLIENT,
      client_id: CHECK_CLIENT,
      ver: 0,
      jti: sessionless.at(-1)!.jti,
    });
    tokens.oversized = signed(atJwt, { ...claims, pad: 'x'.repeat(OVERSIZED_PAD) });
    tokens['malformed-header'] = malformHeader(base.token);
    return { tokens, skipped };
  }

  return {
    baseline: base.token,
    defects,
    async end() {
      for (const id of sessions) {
        const s = await g.store.getSession(id);
        if (s?.status === 'active') await g.sessions.revokeSession(id, 'app checks run ended', CHECKS_ACTOR);
      }
      for (const { jti, exp } of sessionless)
        if (exp > g.clock.now()) await g.tokens.denylistJti(jti, exp, CHECKS_ACTOR, 'app checks run ended');
    },
  };
}

/** Algorithm confusion (RFC 8725 §2.1): HS256 keyed with the signing key's public PEM, as a naive API would verify it. */
function hs256WithPublicKey(g: Gatehouse, header: JwtJson, claims: JwtJson, kid: string): string {
  const key = g.ring.get(kid)?.publicKey ?? createPublicKey(g.ring.signingKey().privateKey);
  const pem = key.export({ type: 'spki', format: 'pem' });
  const input = `${Buffer.from(JSON.stringify({ ...header, alg: 'HS256' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
}
