/**
 * The Users screen's editors, pure: custom claims typed as JSON and roles typed as a list,
 * checked on every keystroke by the rules the server applies (shared/user-claims.ts and the
 * roles' bounds of the admin schema).
 */
import { checkCustomClaims } from '../../shared/user-claims';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** JSON.parse, then the shared rules; an empty editor means no custom claims. */
export function parseClaimsText(text: string): Parsed<Record<string, unknown>> {
  if (!text.trim()) return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `Not JSON: ${(err as Error).message}` };
  }
  const problem = checkCustomClaims(value);
  return problem ? { ok: false, error: problem } : { ok: true, value: value as Record<string, unknown> };
}

export const claimsText = (claims: Record<string, unknown>): string =>
  Object.keys(claims).length ? JSON.stringify(claims, null, 2) : '';

/** The admin schema's bounds (rolesSchema): at most 16 roles of 1–32 characters. */
export const MAX_ROLES = 16;
export const MAX_ROLE_LENGTH = 32;

/** Roles separated by commas or spaces, duplicates dropped, in the order typed. */
export function parseRoles(text: string): Parsed<string[]> {
  const roles = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  const long = roles.find((r) => r.length > MAX_ROLE_LENGTH);
  if (long !== undefined)
    return { ok: false, error: `"${long.slice(0, 40)}": a role has at most ${MAX_ROLE_LENGTH} characters` };
  if (roles.length > MAX_ROLES) return { ok: false, error: `At most ${MAX_ROLES} roles (${roles.length} given)` };
  return { ok: true, value: roles };
}

export const sameRoles = (a: string[], b: string[]): boolean => a.length === b.length && a.every((r, i) => r === b[i]);

/** What a password must be for users.create and users.resetPassword (passwordSchema). */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return 'At least 8 characters';
  if (password.length > 1024) return 'At most 1024 characters';
  return null;
}
