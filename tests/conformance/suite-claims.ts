/**
 * The checks the conformance suite's conditions make of claims and error answers, as pure
 * functions: which claims a scope brings (`AbstractVerifyScopesReturnedInClaims`), which an
 * id_token may carry unasked, the hashes, and the characters an error description may use.
 */
import { createHash } from 'node:crypto';

/** RFC 6749 §4.1.2.1 and §5.2 (`ValidateErrorDescriptionFrom*ResponseError`): the characters an error_description may use. */
export const ERROR_DESCRIPTION = /^[\x09\x0A\x0D\x20-\x21\x23-\x5B\x5D-\x7E]+$/;

/** `AbstractVerifyScopesReturnedInClaims.SCOPE_STANDARD_CLAIMS`. */
export const SCOPE_STANDARD_CLAIMS: Record<string, string[]> = {
  openid: ['sub'],
  profile: [
    'name',
    'given_name',
    'family_name',
    'middle_name',
    'nickname',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
    'preferred_username',
  ],
  email: ['email', 'email_verified'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
  offline_access: [],
};

/** `EnsureIdTokenDoesNotContainNonRequestedClaims`: what may be in an id_token unasked, besides the scopes' claims. */
const ID_TOKEN_VALID_CLAIMS = [
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'acr',
  'amr',
  'azp',
  'at_hash',
  'c_hash',
  'nbf',
  'jti',
  'sid',
  's_hash',
];

/** The claims of `claims` neither always allowed nor brought by a scope of `scope`. */
export function nonRequestedClaims(claims: object, scope: string): string[] {
  const allowed = new Set([
    ...ID_TOKEN_VALID_CLAIMS,
    ...scope.split(' ').flatMap((s) => SCOPE_STANDARD_CLAIMS[s] ?? []),
  ]);
  return Object.keys(claims).filter((k) => !allowed.has(k));
}

/** `VerifyScopesReturnedInUserInfoClaims`: the scope claims missing from `claims`. */
export function missingScopeClaims(claims: object, scope: string): string[] {
  return scope
    .split(' ')
    .flatMap((s) => SCOPE_STANDARD_CLAIMS[s] ?? [])
    .filter((k) => !(k in claims));
}

/** OIDC Core §3.1.3.6 / §3.3.2.11 (`ValidateAtHash`, `ValidateCHash`): the left half of SHA-256, base64url. */
export const halfHash = (value: string) =>
  createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url');

/** `AbstractEnsureMinimumEntropy` (codes, refresh and access tokens): Shannon entropy per character times the length. */
export function shannonBits(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) perChar -= (n / s.length) * Math.log2(n / s.length);
  return perChar * s.length;
}
