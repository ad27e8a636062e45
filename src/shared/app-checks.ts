/**
 * App checks (issue 20): Gatehouse sends a battery of tokens it must see refused to one endpoint of
 * the developer's API and reports what the API answered. This is the contract between the checks
 * engine (main process), the admin methods `checks.api` / `checks.list` / `checks.get`, the console
 * screen and the exported test file: case ids, what each expects, and the one-line fix naming the
 * check an API that accepted the case lacks.
 */

/** Every case of a run, in the order they are sent; the baseline comes first. */
export const CHECK_CASES = [
  'valid-baseline',
  'expired',
  'not-yet-valid',
  'revoked-session',
  'denylisted-jti',
  'user-version-raised',
  'disabled-user',
  'wrong-aud',
  'wrong-iss',
  'alg-none',
  'tampered-signature',
  'unknown-kid',
  'revoked-kid',
  'hs256-public-key',
  'id-token-as-access-token',
  'client-credentials-on-user-endpoint',
  'oversized',
  'malformed-header',
] as const;
export type CheckCase = (typeof CHECK_CASES)[number];

/** What a case expects: the baseline a 2xx, every other case a refusal (401, or 400/403 for some APIs). */
export type CheckExpectation = 'accepted' | 'refused';

export interface CheckCaseSpec {
  expected: CheckExpectation;
  /** What the token is, in one line (the screen's row label). */
  label: string;
  /** What to fix when the API accepted this case: the `@gatehouse/verifier` option or the RFC section. */
  fix: string;
}

export const CHECK_CASE_SPECS: Record<CheckCase, CheckCaseSpec> = {
  'valid-baseline': {
    expected: 'accepted',
    label: 'A valid access token of a live session',
    fix: 'The API must accept a valid token: check its issuer, audience and JWKS URL (`createVerifier({ issuer, audience, jwksUrl })`).',
  },
  expired: {
    expected: 'refused',
    label: 'Validly signed, exp in the past',
    fix: 'Check exp (RFC 7519 §4.1.4); `@gatehouse/verifier` does, with `clockTolerance` (default 5 s).',
  },
  'not-yet-valid': {
    expected: 'refused',
    label: 'Validly signed, nbf in the future',
    fix: 'Check nbf (RFC 7519 §4.1.5); `@gatehouse/verifier` does, with `clockTolerance` (default 5 s).',
  },
  'revoked-session': {
    expected: 'refused',
    label: 'A token of a session that was revoked',
    fix: 'Check revocation: pass `revocations` (the feed from `@gatehouse/verifier/redis`) to `createVerifier` (RFC 9700 §4.14).',
  },
  'denylisted-jti': {
    expected: 'refused',
    label: 'A token whose jti was denylisted',
    fix: 'Check the jti denylist: pass `revocations` to `createVerifier` (RFC 7009 §2.2: a revoked token is refused at once).',
  },
  'user-version-raised': {
    expected: 'refused',
    label: "A token older than its user's raised version (ver)",
    fix: "Check the user's token version (ver): pass `revocations` to `createVerifier`.",
  },
  'disabled-user': {
    expected: 'refused',
    label: 'A token of a user who was then disabled',
    fix: 'A disabled user’s sessions are revoked: pass `revocations` to `createVerifier` so the API sees it.',
  },
  'wrong-aud': {
    expected: 'refused',
    label: 'Validly signed for another audience',
    fix: 'Check aud (RFC 9068 §4, RFC 8725 §3.9): `createVerifier({ audience })`.',
  },
  'wrong-iss': {
    expected: 'refused',
    label: 'Validly signed, another issuer',
    fix: 'Check iss (RFC 9068 §4, RFC 8725 §3.8): `createVerifier({ issuer })`.',
  },
  'alg-none': {
    expected: 'refused',
    label: 'alg "none", no signature',
    fix: 'Never accept alg none: allow-list algorithms (RFC 8725 §3.1, `createVerifier({ algorithms })`).',
  },
  'tampered-signature': {
    expected: 'refused',
    label: 'A claim changed after signing',
    fix: 'Verify the signature against the JWKS (RFC 7515 §5.2), do not only decode: `createVerifier({ jwksUrl })`.',
  },
  'unknown-kid': {
    expected: 'refused',
    label: 'Signed by a key the JWKS does not publish',
    fix: 'Only trust keys the issuer publishes (RFC 8725 §3.10): `createVerifier({ jwksUrl })`.',
  },
  'revoked-kid': {
    expected: 'refused',
    label: 'Signed by a key the issuer revoked',
    fix: 'Drop revoked keys at once: `createVerifier({ revocations })` hears key changes; refetch the JWKS (`jwksMaxAgeMs`).',
  },
  'hs256-public-key': {
    expected: 'refused',
    label: 'HS256, HMAC keyed with the public key (algorithm confusion)',
    fix: 'Take the algorithm from your allow-list, bound to the key, never from the token (RFC 8725 §2.1, §3.1: `algorithms`).',
  },
  'id-token-as-access-token': {
    expected: 'refused',
    label: 'An id_token sent as an access token',
    fix: 'Require typ at+jwt (RFC 9068 §2.1, §4; RFC 8725 §3.11); `@gatehouse/verifier` does.',
  },
  'client-credentials-on-user-endpoint': {
    expected: 'refused',
    label: "A client's own token (client_credentials, no user) on a user endpoint",
    fix: 'A user endpoint needs a user: refuse a token without sid whose sub is the client_id (RFC 9068 §2.2, `claims.sid`).',
  },
  oversized: {
    expected: 'refused',
    label: 'A token larger than 8 KB',
    fix: 'Bound the token size before parsing (RFC 8725 §3.12 spirit); `@gatehouse/verifier` refuses with token_too_large.',
  },
  'malformed-header': {
    expected: 'refused',
    label: 'A JOSE header that is not JSON',
    fix: 'Parse strictly and refuse on any error (RFC 7515 §5.2); `@gatehouse/verifier` refuses with token_malformed.',
  },
};

/** The HTTP methods a run may use against the endpoint. */
export const CHECK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type CheckMethod = (typeof CHECK_METHODS)[number];

/** What `checks.api` is asked to run against. */
export interface CheckRunRequest {
  /** The endpoint: a loopback address or an origin registered on a client. */
  url: string;
  /** Default GET. */
  method?: CheckMethod;
  /** Sent with every case (never `Authorization`, which each case sets). */
  headers?: Record<string, string>;
  /** The audience the API expects; default: the first client audience whose origin matches, else the issuer's default. */
  audience?: string;
  /** Statuses counted as refused (default any 4xx); the baseline always needs a 2xx. */
  expect?: { refused?: number[] };
}

export type CheckVerdict = 'refused' | 'accepted' | 'error' | 'skipped';

export interface CheckCaseResult {
  case: CheckCase;
  expected: CheckExpectation;
  /** The API's HTTP status; null when no answer (network error, time limit) or skipped. */
  status: number | null;
  wwwAuthenticate: string | null;
  verdict: CheckVerdict;
  /** Whether the verdict is what the case expects (an accepted bad token is flagged). */
  pass: boolean;
  /** The fix text when the case did not pass; null when it did. */
  fix: string | null;
  /** Why a case errored or was skipped. */
  note?: string;
}

export type CheckRunState = 'running' | 'done' | 'stopped';

export interface CheckRun {
  id: string;
  /** The endpoint as given (normalised URL). */
  target: string;
  method: string;
  /** Unix seconds, as every time in the contract. */
  startedAt: number;
  finishedAt: number | null;
  state: CheckRunState;
  /** The baseline's result, also results[0]; a run stops when it fails, with `stoppedReason`. */
  baseline: CheckCaseResult | null;
  results: CheckCaseResult[];
  stoppedReason?: string;
}

/** A run's progress is pushed as `checks.started`, `checks.case` and `checks.finished` events (`./events`). */

/** Bounds of one run. */
export const CHECK_RUN_TIME_LIMIT_MS = 30_000;
export const CHECK_REQUEST_TIMEOUT_MS = 5_000;
export const CHECK_MAX_REQUESTS = CHECK_CASES.length;
/** Last runs kept per target. */
export const CHECK_RUNS_KEPT_PER_TARGET = 10;
/** Targets kept, the most recently run: running a new one drops every run of the one run longest ago. */
export const CHECK_TARGETS_KEPT = 50;
