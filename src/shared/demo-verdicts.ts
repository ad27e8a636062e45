/**
 * The demo lab's verdict rules: pure functions of a run's recorded steps. The server applies them
 * when a run ends and the console applies them again when it replays a saved run, so a replay
 * shows a verdict recomputed from what the file says happened, never the one the file carries.
 * Everything a rule needs is in the steps: the requests with their answers, admin actions,
 * token lifetimes (with kid and ver), and `state` steps for what only the server could see.
 */
import {
  DEMO_STRATEGIES,
  type DemoScenarioId,
  type DemoStep,
  type DemoStepOf,
  type DemoStrategy,
  type DemoVerdict,
} from './demo';
import { CHECK_CASES, CHECK_CASE_SPECS, type CheckCase } from './app-checks';

export interface DemoCheck {
  label: string;
  pass: boolean;
}

/** Builds a verdict from what was measured; the summary names the first failed check. */
export function verdictOf(checks: DemoCheck[], passSummary: string): DemoVerdict {
  const failed = checks.find((c) => !c.pass);
  return { pass: !failed, summary: failed ? `Failed: ${failed.label}` : passSummary, checks };
}

/** Whether two verdicts say the same: outcome, summary and every check. */
export function sameVerdict(a: DemoVerdict, b: DemoVerdict): boolean {
  return (
    a.pass === b.pass &&
    a.summary === b.summary &&
    a.checks.length === b.checks.length &&
    a.checks.every((c, i) => c.label === b.checks[i]!.label && c.pass === b.checks[i]!.pass)
  );
}

/** The note a run leaves when it stopped with an error; its verdict is that error. */
export const RUN_STOPPED = 'The run stopped: ';

/** "key 1a2b3c4d": how the demo lab names a signing key. */
export const shortKid = (kid: string) => `key ${kid.slice(0, 8)}`;

/** What a pure-JWT app typically hands out in the strategy comparison: one hour, no way to take it back. */
export const LONG_JWT_LIFETIME = 3600;
/** After the first two minutes past the revoke, the strategy clients call once a minute. */
export const STRATEGY_SLOW_CADENCE = 60;
/** How long after the revoke the strategy comparison waits for a client to be refused. */
export const STRATEGY_BOUND_SECONDS = LONG_JWT_LIFETIME + STRATEGY_SLOW_CADENCE;

export const STRATEGY_LABELS: Record<DemoStrategy, string> = {
  'server-session': 'Server sessions',
  'stateless-jwt': 'Stateless JWT',
  'jwt-denylist': 'JWT + denylist',
  'access-refresh': 'Access + refresh',
  hybrid: 'Hybrid (Gatehouse)',
};

/** The API route each strategy's client calls: the hybrid is the real /api/me. */
export const strategyPath = (strategy: DemoStrategy) =>
  strategy === 'hybrid' ? '/api/me' : `/demo/strategy/${strategy}/me`;

type Request = DemoStepOf<'request'>;
const isRequest = (s: DemoStep): s is Request => s.kind === 'request';

/** Requests in order, narrowed by actor, method and path when given, and to those after `after` (a step). */
function requestsOf(
  steps: DemoStep[],
  where: { actor?: string; method?: string; path?: string; after?: DemoStep; before?: DemoStep } = {},
): Request[] {
  return steps
    .filter(isRequest)
    .filter(
      (s) =>
        (where.actor === undefined || s.actor === where.actor) &&
        (where.method === undefined || s.method === where.method) &&
        (where.path === undefined || s.path === where.path) &&
        (where.after === undefined || s.seq > where.after.seq) &&
        (where.before === undefined || s.seq < where.before.seq),
    );
}
const calls = (steps: DemoStep[], where: { actor?: string; after?: DemoStep; before?: DemoStep } = {}) =>
  requestsOf(steps, { ...where, method: 'GET', path: '/api/me' });
const refreshes = (steps: DemoStep[], where: { actor?: string; after?: DemoStep; before?: DemoStep } = {}) =>
  requestsOf(steps, { ...where, method: 'POST', path: '/auth/refresh' });
const adminStep = (steps: DemoStep[], action: string) =>
  steps.find((s): s is DemoStepOf<'admin'> => s.kind === 'admin' && s.action === action);

/** The last lifetime recorded for a token (its expiry, and for access tokens its kid and ver). */
function lifetimeOf(
  steps: DemoStep[],
  of: DemoStepOf<'lifetime'>['of'],
  label: string | null | undefined,
): DemoStepOf<'lifetime'> | undefined {
  return steps.findLast((s): s is DemoStepOf<'lifetime'> => s.kind === 'lifetime' && s.of === of && s.label === label);
}

/** The access token a request carried had not expired yet when it was sent. */
const unexpired = (steps: DemoStep[], r: Request | undefined) => {
  const exp = lifetimeOf(steps, 'access', r?.tokenLabel)?.to;
  return r !== undefined && exp !== undefined && exp > r.at;
};

/** The last value recorded for a subject's property (a `state` step), after `after` when given. */
function stateOf(
  steps: DemoStep[],
  where: { subject?: string; property: string; after?: DemoStep },
): DemoStepOf<'state'>['value'] | undefined {
  return steps.findLast(
    (s): s is DemoStepOf<'state'> =>
      s.kind === 'state' &&
      s.property === where.property &&
      (where.subject === undefined || s.subject === where.subject) &&
      (where.after === undefined || s.seq > where.after.seq),
  )?.value;
}
const firstState = (steps: DemoStep[], property: string) =>
  steps.find((s): s is DemoStepOf<'state'> => s.kind === 'state' && s.property === property)?.value;

const is = (r: Request | undefined, status: number, reason?: string) =>
  r !== undefined && r.status === status && (reason === undefined || r.reason === reason);

/** A verdict for a run whose actor never got in: nothing else can be judged. */
function loginFailed(steps: DemoStep[], actor: string): DemoVerdict | null {
  const login = requestsOf(steps, { actor, method: 'POST', path: '/auth/login' })[0];
  if (login?.status === 200) return null;
  return verdictOf(
    [{ label: login ? `the ${actor}'s login answered ${login.status}` : `the ${actor} never logged in`, pass: false }],
    '',
  );
}

/** Scenario 1: login, calls on a cadence, silent refreshes before expiry, logout. */
export function happyPathVerdict(steps: DemoStep[]): DemoVerdict {
  const failed = loginFailed(steps, 'client');
  if (failed) return failed;
  const logout = requestsOf(steps, { actor: 'client', method: 'POST', path: '/auth/logout' })[0];
  const before = calls(steps, { actor: 'client', before: logout });
  const after = logout && calls(steps, { actor: 'client', after: logout })[0];
  const renewals = refreshes(steps, { actor: 'client' });
  // a label names one token value: distinct labels are distinct tokens
  const issued = [...new Set(steps.flatMap((s) => (s.kind === 'lifetime' && s.of === 'refresh' ? [s.label] : [])))];
  return verdictOf(
    [
      {
        label: `all ${before.length} calls to /api/me answered 200`,
        pass: before.length > 0 && before.every((c) => c.status === 200),
      },
      {
        label: `${renewals.length} silent refreshes, each 200`,
        pass: renewals.length >= 2 && renewals.every((r) => r.status === 200),
      },
      {
        label: 'every refresh rotated the refresh token (a new one each time)',
        pass: issued.length === renewals.length + 1 && renewals.every((r, i) => r.tokenLabel === issued[i]),
      },
      { label: 'logout answered 204', pass: is(logout, 204) },
      { label: 'after logout /api/me answered 401 session_revoked', pass: is(after, 401, 'session_revoked') },
      {
        label: 'the session is revoked in the store',
        pass: stateOf(steps, { subject: 'session of client', property: 'status', after: logout }) === 'revoked',
      },
    ],
    `The client stayed signed in through ${renewals.length} silent refreshes and ${before.length} calls; logout ended it at once.`,
  );
}

/** Scenario 2: an attacker replays a copied access token; revoking the session stops both callers at once. */
export function stolenAccessVerdict(steps: DemoStep[]): DemoVerdict {
  const failed = loginFailed(steps, 'victim');
  if (failed) return failed;
  const revoke = adminStep(steps, 'revoke session');
  const before = calls(steps, { before: revoke });
  const victimNext = revoke && calls(steps, { actor: 'victim', after: revoke })[0];
  const attackerNext = revoke && calls(steps, { actor: 'attacker', after: revoke })[0];
  const exp = lifetimeOf(steps, 'access', victimNext?.tokenLabel)?.to;
  const leftAtRevoke = revoke && exp !== undefined ? exp - revoke.at : 0;
  return verdictOf(
    [
      {
        label: 'before the revoke both callers got 200',
        pass:
          before.some((c) => c.actor === 'victim') &&
          before.some((c) => c.actor === 'attacker') &&
          before.every((c) => c.status === 200),
      },
      { label: "the victim's very next call: 401 session_revoked", pass: is(victimNext, 401, 'session_revoked') },
      { label: "the attacker's very next call: 401 session_revoked", pass: is(attackerNext, 401, 'session_revoked') },
      {
        label: `both rejected in the second of the revoke, ${leftAtRevoke} s before the token's exp`,
        pass: !!revoke && victimNext?.at === revoke.at && attackerNext?.at === revoke.at && leftAtRevoke > 0,
      },
    ],
    `Both copies of the token were refused on their very next call, ${leftAtRevoke} s before the token would have expired.`,
  );
}

/** Scenario 3: the attacker rotates a stolen refresh token first; the victim's refresh is a reuse. */
export function stolenRefreshVerdict(steps: DemoStep[]): DemoVerdict {
  const failed = loginFailed(steps, 'victim');
  if (failed) return failed;
  const all = refreshes(steps);
  const [stolen, attackerAgain] = refreshes(steps, { actor: 'attacker' });
  const victimRefresh = refreshes(steps, { actor: 'victim' })[0];
  const victimMe = calls(steps, { actor: 'victim' }).at(-1);
  const attackerMe = calls(steps, { actor: 'attacker' }).at(-1);
  const reason = stateOf(steps, { subject: 'session of victim', property: 'revokedReason', after: victimRefresh });
  return verdictOf(
    [
      { label: "the attacker's refresh with the stolen token: 200", pass: is(stolen, 200) },
      {
        label: "the victim's refresh with the same token: 401 (a reuse)",
        pass: is(victimRefresh, 401) && victimRefresh?.tokenLabel === stolen?.tokenLabel,
      },
      {
        label: 'reuse detection revoked the whole session',
        pass:
          stateOf(steps, { subject: 'session of victim', property: 'status', after: victimRefresh }) === 'revoked' &&
          typeof reason === 'string' &&
          /reuse/.test(reason),
      },
      { label: "the attacker's rotated refresh token is dead too: 401", pass: is(attackerAgain, 401) },
      {
        label: 'exactly three refreshes: attacker 200, victim 401, attacker 401',
        pass: all.map((s) => `${s.actor} ${s.status}`).join(',') === 'attacker 200,victim 401,attacker 401',
      },
      {
        label: "the victim's unexpired access token: 401 session_revoked",
        pass: is(victimMe, 401, 'session_revoked') && unexpired(steps, victimMe),
      },
      {
        label: "the attacker's unexpired access token: 401 session_revoked",
        pass: is(attackerMe, 401, 'session_revoked') && unexpired(steps, attackerMe),
      },
    ],
    'The replayed refresh token gave the theft away: the whole family was revoked and both the attacker and the victim are out.',
  );
}

/** Scenario 4: emergency revoke of the signing key; its tokens die, the session lives on. */
export function keyCompromiseVerdict(steps: DemoStep[]): DemoVerdict {
  const failed = loginFailed(steps, 'user');
  if (failed) return failed;
  const oldKid = String(firstState(steps, 'active kid') ?? '');
  const revoke = adminStep(steps, 'emergency-revoke key');
  const newKid = String((revoke && stateOf(steps, { property: 'active kid', after: revoke })) ?? '');
  const first = calls(steps, { actor: 'user', before: revoke })[0];
  const rejected = revoke && calls(steps, { actor: 'user', after: revoke })[0];
  const refresh = revoke && refreshes(steps, { actor: 'user', after: revoke })[0];
  const after = refresh && calls(steps, { actor: 'user', after: refresh })[0];
  const kidOf = (r: Request | undefined) => lifetimeOf(steps, 'access', r?.tokenLabel)?.kid;
  return verdictOf(
    [
      {
        label: `the first token (signed by ${shortKid(oldKid)}) worked: 200`,
        pass: is(first, 200) && !!oldKid && kidOf(first) === oldKid,
      },
      {
        label: 'right after the revoke it is refused: 401 key_revoked',
        pass: is(rejected, 401, 'key_revoked') && rejected?.at === revoke?.at,
      },
      {
        label: 'the session survived: a refresh answered 200',
        pass:
          is(refresh, 200) &&
          stateOf(steps, { subject: 'session of user', property: 'status', after: refresh }) === 'active',
      },
      {
        label: `the new token carries the new kid (${shortKid(newKid)})`,
        pass: !!newKid && newKid !== oldKid && kidOf(after) === newKid,
      },
      { label: 'and /api/me accepts it: 200', pass: is(after, 200) },
    ],
    `Tokens of the compromised key were refused at once; the user stayed signed in and got a token from ${shortKid(newKid)} on the next refresh.`,
  );
}

/** Scenario 5: bump the user's token version; old tokens die, refreshed ones carry the new `ver`. */
export function roleChangeVerdict(steps: DemoStep[]): DemoVerdict {
  const failed = loginFailed(steps, 'user');
  if (failed) return failed;
  const bump = adminStep(steps, 'bump token version');
  const first = calls(steps, { actor: 'user', before: bump })[0];
  const oldVer = lifetimeOf(steps, 'access', first?.tokenLabel)?.ver ?? -1;
  const bumped = bump && stateOf(steps, { property: 'token version', after: bump });
  const stale = bump && calls(steps, { actor: 'user', after: bump })[0];
  const refresh = bump && refreshes(steps, { actor: 'user', after: bump })[0];
  const after = refresh && calls(steps, { actor: 'user', after: refresh })[0];
  const newVer = lifetimeOf(steps, 'access', after?.tokenLabel)?.ver;
  return verdictOf(
    [
      { label: `the old token (ver ${oldVer}) worked: 200`, pass: is(first, 200) },
      {
        label: 'after the bump the old token is refused: 401 version_stale',
        pass: is(stale, 401, 'version_stale') && unexpired(steps, stale),
      },
      { label: 'a refresh answered 200', pass: is(refresh, 200) },
      {
        label: `the new token carries ver ${bumped}`,
        pass: typeof bumped === 'number' && newVer === bumped && bumped === oldVer + 1,
      },
      {
        label: `/api/me accepts it and sees ver ${bumped}`,
        pass: is(after, 200) && typeof bumped === 'number' && after?.bodyVer === bumped,
      },
    ],
    `Every token with ver ${oldVer} died at once; the refreshed token carries ver ${bumped} and the new claims.`,
  );
}

/** One strategy of scenario 6, measured from its client's requests. */
export interface StrategyMeasure {
  strategy: DemoStrategy;
  label: string;
  /** API calls (its /me route). */
  requests: number;
  /** Refreshes of its access token (the access + refresh and hybrid clients renew theirs). */
  refreshes: number;
  /** Store reads and writes per API call: its own plus its share of the refreshes (login not counted). */
  readsPerRequest: number;
  writesPerRequest: number;
  /** The same of the API calls alone: what verifying a request costs. */
  callReadsPerRequest: number;
  callWritesPerRequest: number;
  /** Every one of those requests came back with the server's store counts. */
  measured: boolean;
  /** Virtual seconds from the revoke of its session to its first refused call; null when never refused within the bound. */
  windowSeconds: number | null;
  boundSeconds: number;
}

/** "1 read", "0.5 writes", "2 refreshes". */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : noun.endsWith('sh') ? 'es' : 's'}`;
const perRequest = (total: number, n: number) => (n ? +(total / n).toFixed(2) : 0);
const sum = (rs: Request[], field: 'storeReads' | 'storeWrites') => rs.reduce((n, s) => n + (s[field] ?? 0), 0);

/** Scenario 6's figures, from the requests each strategy's client sent (the actor is the strategy). */
export function measureStrategies(steps: DemoStep[]): StrategyMeasure[] {
  return DEMO_STRATEGIES.map((strategy) => {
    const own = requestsOf(steps, { actor: strategy, method: 'GET', path: strategyPath(strategy) });
    const renewals = refreshes(steps, { actor: strategy });
    const both = [...own, ...renewals];
    const revoke = steps.find(
      (s): s is DemoStepOf<'admin'> =>
        s.kind === 'admin' && s.action === 'revoke session' && s.target === `session of ${strategy}`,
    );
    const refused = revoke && own.find((s) => s.seq > revoke.seq && s.status !== 200);
    return {
      strategy,
      label: STRATEGY_LABELS[strategy],
      requests: own.length,
      refreshes: renewals.length,
      readsPerRequest: perRequest(sum(both, 'storeReads'), own.length),
      writesPerRequest: perRequest(sum(both, 'storeWrites'), own.length),
      callReadsPerRequest: perRequest(sum(own, 'storeReads'), own.length),
      callWritesPerRequest: perRequest(sum(own, 'storeWrites'), own.length),
      measured: both.every((s) => s.storeReads !== null && s.storeWrites !== null),
      windowSeconds: revoke && refused ? refused.at - revoke.at : null,
      boundSeconds: STRATEGY_BOUND_SECONDS,
    };
  });
}

/** Scenario 6: five ways to build auth on one clock; store reads and the revocation window, measured. */
export function strategiesVerdict(steps: DemoStep[]): DemoVerdict {
  const results = measureStrategies(steps);
  const hybrid = results.find((r) => r.strategy === 'hybrid')!;
  return verdictOf(
    [
      {
        label: 'every strategy made requests and the server reported its store calls for each, refreshes included',
        pass: results.every((r) => r.requests > 0 && r.measured),
      },
      {
        label: `hybrid: ${hybrid.callReadsPerRequest} store reads and ${hybrid.callWritesPerRequest} writes to verify a request`,
        pass: hybrid.callReadsPerRequest === 0 && hybrid.callWritesPerRequest === 0,
      },
      {
        label:
          hybrid.windowSeconds === null
            ? `hybrid: revoked user never refused within ${hybrid.boundSeconds} s`
            : `hybrid: revoked user refused after ${hybrid.windowSeconds} s`,
        pass: hybrid.windowSeconds === 0,
      },
    ],
    `The hybrid refused the revoked user at once and verified every request without a store call; with ${count(hybrid.refreshes, 'refresh')} it cost ${count(hybrid.readsPerRequest, 'read')} and ${count(hybrid.writesPerRequest, 'write')} per request. ${results
      .filter((r) => r.strategy !== 'hybrid')
      .map(
        (r) =>
          `${r.label}: ${count(r.readsPerRequest, 'read')}, ${r.windowSeconds === null ? `still accepted after ${r.boundSeconds} s` : `${r.windowSeconds} s`}`,
      )
      .join('; ')}.`,
  );
}

/** The app checks scenario's two APIs, as its `state` steps name them. */
export const APP_CHECKS_SUBJECTS = { verifier: 'verifier API', signatureOnly: 'signature-only API' } as const;
/** What jose's jwtVerify with the JWKS, issuer and audience refuses by itself, and what it never can. */
const SIGNATURE_CHECKED: CheckCase[] = [
  'expired',
  'wrong-aud',
  'wrong-iss',
  'alg-none',
  'tampered-signature',
  'hs256-public-key',
];
const REVOCATION_CASES: CheckCase[] = ['revoked-session', 'denylisted-jti', 'user-version-raised', 'disabled-user'];

/** Scenario 7: the verifier API refuses every bad token; the signature-only one every forgery, no revocation. */
export function appChecksVerdict(steps: DemoStep[]): DemoVerdict {
  const answers = (subject: string) => {
    const seen = new Map<string, DemoStepOf<'state'>['value']>();
    for (const s of steps) if (s.kind === 'state' && s.subject === subject) seen.set(s.property, s.value);
    return seen;
  };
  const verifier = answers(APP_CHECKS_SUBJECTS.verifier);
  const sigOnly = answers(APP_CHECKS_SUBJECTS.signatureOnly);
  const wrong = CHECK_CASES.filter((c) => {
    const v = verifier.get(c);
    return v !== CHECK_CASE_SPECS[c].expected && !(v === 'skipped' && c === 'revoked-kid');
  });
  const accepted = CHECK_CASES.filter((c) => c !== 'valid-baseline' && sigOnly.get(c) === 'accepted');
  return verdictOf(
    [
      {
        label:
          wrong.length === 0
            ? 'verifier API: the valid token accepted, every bad one refused'
            : `verifier API: not as expected: ${wrong.join(', ')}`,
        pass: wrong.length === 0,
      },
      { label: 'signature-only API: the valid token accepted', pass: sigOnly.get('valid-baseline') === 'accepted' },
      {
        label: 'signature-only API: the forgeries, the expired token, another issuer and audience refused',
        pass: SIGNATURE_CHECKED.every((c) => sigOnly.get(c) === 'refused'),
      },
      {
        label: 'signature-only API: the revoked session, denylisted jti, raised version and disabled user accepted',
        pass: REVOCATION_CASES.every((c) => sigOnly.get(c) === 'accepted'),
      },
    ],
    `The verifier API refused every bad token. The signature-only API accepted ${accepted.length}: ${accepted.join(', ')}: a valid signature says who signed a token, not what it is for nor what happened since.`,
  );
}

const RULES: Record<DemoScenarioId, (steps: DemoStep[]) => DemoVerdict> = {
  'happy-path': happyPathVerdict,
  'stolen-access': stolenAccessVerdict,
  'stolen-refresh': stolenRefreshVerdict,
  'key-compromise': keyCompromiseVerdict,
  'role-change': roleChangeVerdict,
  strategies: strategiesVerdict,
  'app-checks': appChecksVerdict,
};

/** The verdict of a run of `scenario` with these steps; a run that stopped with an error fails with it. */
export function verdictFor(scenario: DemoScenarioId, steps: DemoStep[]): DemoVerdict {
  const stopped = steps.find((s): s is DemoStepOf<'note'> => s.kind === 'note' && s.text.startsWith(RUN_STOPPED));
  if (stopped)
    return {
      pass: false,
      summary: `The run stopped with an error: ${stopped.text.slice(RUN_STOPPED.length)}`,
      checks: [],
    };
  return RULES[scenario](steps);
}
