import type { AccessClaims } from './verify-access-token';
import type { UserRecord, UserStore } from '../store/store';
import { USERINFO_CLAIMS } from './access-token-issuer';
import { AuthError } from './errors';
import { hasScope } from './grants/grant';

/**
 * OIDC Core §5.3 UserInfo: `sub`, the claims of the granted scopes, and the user's custom claims.
 * Only a user's token (it names a session) that was granted `openid` may ask.
 */
export async function userinfo(
  users: Pick<UserStore, 'getUserById'>,
  claims: AccessClaims,
): Promise<Record<string, unknown>> {
  if (claims.sid === undefined || !hasScope(claims.scope ?? '', 'openid'))
    throw new AuthError('invalid_scope', 'UserInfo needs a user access token granted the openid scope');
  const user = await users.getUserById(claims.sub);
  if (!user) throw new AuthError('invalid_grant', 'the user no longer exists');
  return userinfoClaims(user, claims.scope ?? '', askedOfUserinfo(claims));
}

/** What the token's authorization request asked of UserInfo (`claims`, OIDC Core §5.5). */
function askedOfUserinfo(claims: AccessClaims): string[] {
  const asked = (claims as unknown as Record<string, unknown>)[USERINFO_CLAIMS];
  return Array.isArray(asked) ? asked.filter((n): n is string => typeof n === 'string') : [];
}

/** OIDC Core §5.4: the standard claims each scope stands for. */
export const SCOPE_CLAIMS: Record<'profile' | 'email' | 'address' | 'phone', readonly string[]> = {
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ],
  email: ['email', 'email_verified'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
};

/**
 * What UserInfo (and the id_token, id-tokens.ts) says of a user for a scope: `sub`; with `profile`
 * the user's name (a custom `name`, else the username) and `preferred_username`; with `email` a
 * custom `email` and whether it is verified; with `address` and `phone` the user's own, when set;
 * and every other custom claim. A standard claim is never served without its scope.
 */
export function userinfoClaims(
  user: UserRecord,
  scope: string,
  asked: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // a scope grants its claims; a `claims` request (claims-request.ts) grants the ones it names
  const granted = (owner: keyof typeof SCOPE_CLAIMS, name: string) => hasScope(scope, owner) || asked.includes(name);
  for (const [name, value] of Object.entries(user.claims)) {
    const owner = (Object.keys(SCOPE_CLAIMS) as (keyof typeof SCOPE_CLAIMS)[]).find((s) =>
      SCOPE_CLAIMS[s].includes(name),
    );
    if (!owner || granted(owner, name)) out[name] = value;
  }
  if (granted('profile', 'preferred_username')) out.preferred_username = user.username;
  if (granted('profile', 'name')) out.name ??= user.username;
  if (typeof out.email === 'string') out.email_verified = out.email_verified === true;
  if (typeof out.phone_number === 'string') out.phone_number_verified = out.phone_number_verified === true;
  out.sub = user.id;
  return out;
}
