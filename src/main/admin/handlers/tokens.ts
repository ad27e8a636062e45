import { VERIFY_STEPS } from '@gatehouse/verifier';
import { inspectToken } from '../../../shared/jwt-inspect';
import { AuthError } from '../../auth/errors';
import type { KeyRing } from '../../auth/key-ring';
import { CLIENT_TOKEN_STEPS, isClientTokenKind, verifyClientToken } from '../verify-client-token';
import { stepsView } from '../verify-steps';
import { verifyWithPastedKey } from '../verify-with-key';
import type { AdminServices, DomainHandlers } from './types';

/** What the inspector and the minting of a token use. */
type TokenDeps = Pick<
  AdminServices,
  'queries' | 'clock' | 'settings' | 'ring' | 'clients' | 'denylist' | 'anyAudienceVerifier' | 'sessions'
>;

export function tokenHandlers(s: TokenDeps): DomainHandlers<'tokens'> {
  const { queries, clock, settings, ring, denylist, sessions } = s;
  return {
    'tokens.decode': async ({ token }) => {
      const inspection = inspectToken(token, clock.now());
      const kid = inspection.header?.kid;
      if (typeof kid === 'string' && inspection.claims?.iss === settings.get().issuer && !ring.get(kid))
        inspection.warnings.push({
          code: 'unknown_kid',
          level: 'warning',
          message: `kid ${kid} is not in Gatehouse's key ring.`,
        });
      return inspection;
    },
    'tokens.verify': async ({ token, key }) => {
      if (key && key.kind !== 'ring') return verifyWithPastedKey(token, key, clock.now());
      // verified again from the start: the inspector's answer never comes from the cache
      const { claims, tokenType } = inspectToken(token, clock.now());
      // an ID token or a logout token is checked as what it is, not refused as a wrong access token
      const kind = tokenType?.name;
      const asClientToken = isClientTokenKind(kind);
      const result = asClientToken
        ? await verifyClientToken(s, token, kind, claims?.aud)
        : await s.anyAudienceVerifier.verify(token, { cache: false });
      const shown = asClientToken ? CLIENT_TOKEN_STEPS : VERIFY_STEPS;
      const sid = typeof claims?.sid === 'string' ? claims.sid : null;
      const session = sid ? await queries.getSession(sid) : null;
      const jti = typeof claims?.jti === 'string' ? claims.jti : null;
      const links = {
        sessionId: session ? sid : null,
        kid: result.ok ? result.kid : headerKid(token, ring, clock.now()),
        denylisted: !!jti && denylist.entries.isJtiRevoked(jti),
        sessionStatus: session?.status ?? null,
      };
      const what = asClientToken ? `${TOKEN_NAMES[kind]}: ` : '';
      if (result.ok)
        return { valid: true, code: null, message: `${what}valid`, steps: stepsView(result, shown), links };
      return {
        valid: false,
        code: result.code,
        message: `${what}${result.message}`,
        steps: stepsView(result, shown),
        links,
      };
    },
    'tokens.mint': async ({ userId }) => {
      const user = await queries.getUser(userId);
      if (!user) throw new AuthError('not_found', 'no such user');
      // the refresh token stays in the main process: the console never holds one
      const pair = await sessions.startSession(
        user,
        { ip: '127.0.0.1', userAgent: 'Gatehouse console (minted)' },
        'admin',
      );
      return { accessToken: pair.access.token, sessionId: pair.session.id, expiresIn: pair.access.expiresIn };
    },
  };
}

const TOKEN_NAMES = { id_token: 'ID token', logout_token: 'logout token' } as const;

function headerKid(token: string, ring: KeyRing, now: number): string | null {
  const kid = inspectToken(token, now).header?.kid;
  return typeof kid === 'string' && ring.get(kid) ? kid : null;
}
