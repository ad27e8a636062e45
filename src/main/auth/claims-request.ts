import { SCOPE_CLAIMS } from './userinfo';

/**
 * The `claims` request parameter (OIDC Core §5.5): which claims the client asks for, in the
 * id_token and at UserInfo, beyond what its scopes grant. Only the standard claims Gatehouse can
 * serve are kept (§5.5: a claim the OP does not understand is ignored); `essential` is kept for
 * the record, but a missing essential claim never fails the request (§5.5.1: the OP proceeds).
 * The one exception is `acr` (§5.5.1.1): asked as essential in the id_token, it must be met or the
 * authentication fails, and Gatehouse defines no authentication context class to meet it with.
 */
export interface ClaimsRequest {
  userinfo: Record<string, ClaimAsk>;
  id_token: Record<string, ClaimAsk>;
}

/** One member's request: `null` (the default) or `{ essential }`. */
export type ClaimAsk = null | { essential: boolean };

/** Every standard claim a scope stands for: the ones a `claims` request may name (read late: userinfo.ts imports the grants). */
const servable = (name: string): boolean => Object.values(SCOPE_CLAIMS).some((names) => names.includes(name));
const MEMBERS = ['userinfo', 'id_token'] as const;

/**
 * A `claims` parameter read: the request, or why it is refused: malformed (`invalid_request`) or
 * asking for what no authentication here can meet (`unmet_authentication_requirements`, the error
 * of OpenID Connect Core Error Code unmet_authentication_requirements 1.0).
 */
export type ClaimsRequestRead =
  | { ok: true; claims: ClaimsRequest | null }
  | { ok: false; error: 'invalid_request' | 'unmet_authentication_requirements'; problem: string };

/** Reads the parameter's JSON; absent or naming nothing Gatehouse serves is `null`. */
export function readClaimsRequest(raw: string | undefined): ClaimsRequestRead {
  if (raw === undefined) return { ok: true, claims: null };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'invalid_request', problem: 'claims is not valid JSON (OIDC Core §5.5)' };
  }
  if (!isObject(value))
    return { ok: false, error: 'invalid_request', problem: 'claims is a JSON object (OIDC Core §5.5)' };
  const out: ClaimsRequest = { userinfo: {}, id_token: {} };
  for (const member of MEMBERS) {
    const asked = value[member];
    if (asked === undefined) continue;
    if (!isObject(asked)) return { ok: false, error: 'invalid_request', problem: `claims.${member} is a JSON object` };
    for (const [name, ask] of Object.entries(asked)) {
      if (ask !== null && !isObject(ask))
        return {
          ok: false,
          error: 'invalid_request',
          problem: `claims.${member}.${name.slice(0, 64)} is null or a JSON object`,
        };
      if (isObject(ask) && ask.essential !== undefined && typeof ask.essential !== 'boolean')
        return {
          ok: false,
          error: 'invalid_request',
          problem: `claims.${member}.${name.slice(0, 64)}.essential is a boolean`,
        };
      if (servable(name)) out[member][name] = isObject(ask) ? { essential: ask.essential === true } : null;
    }
  }
  const acr: unknown = isObject(value.id_token) ? value.id_token.acr : undefined;
  if (isObject(acr) && acr.essential === true)
    return {
      ok: false,
      error: 'unmet_authentication_requirements',
      problem: 'an essential acr cannot be met: Gatehouse defines no authentication context class (OIDC Core §5.5.1.1)',
    };
  const none = MEMBERS.every((m) => Object.keys(out[m]).length === 0);
  return { ok: true, claims: none ? null : out };
}

/** A code's stored request (written by `AuthorizationService.issueCode` from a read one). */
export function storedClaimsRequest(json: string | null): ClaimsRequest | null {
  const read = readClaimsRequest(json ?? undefined);
  return read.ok ? read.claims : null;
}

/** The names asked for in `member` (empty for no request). */
export const claimsAskedIn = (claims: ClaimsRequest | null, member: keyof ClaimsRequest): string[] =>
  claims === null ? [] : Object.keys(claims[member]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
