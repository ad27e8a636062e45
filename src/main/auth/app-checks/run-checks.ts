/**
 * The app-checks engine (issue 20): one run sends each case's token to the vetted target as
 * `Authorization: Bearer …` through an injected fetch (tests see every request), records the status
 * and `WWW-Authenticate`, and judges it. The baseline goes first: if the API refuses a valid token
 * the run stops and says why. One run at a time per instance (the check users are shared), with a
 * time limit, one request per case, no redirect followed, and every session it made revoked at the end.
 * A registered origin's name is resolved once per run and every request connects to that address.
 */
import {
  CHECK_CASE_SPECS,
  CHECK_CASES,
  CHECK_REQUEST_TIMEOUT_MS,
  CHECK_RUN_TIME_LIMIT_MS,
  type CheckCase,
  type CheckCaseResult,
  type CheckRun,
  type CheckRunRequest,
} from '../../../shared/app-checks';
import { AuthError } from '../errors';
import type { Gatehouse } from '../gatehouse';
import { randomId } from '../random';
import { startRunTokens, type RunTokens } from './case-tokens';
import { vetTarget, type CheckTarget } from './check-target';
import { CheckHistory } from './check-history';
import { pinnedFetch } from './pinned-fetch';
import { pinTarget, systemLookup, type HostLookup, type PinnedAddress } from './target-address';

/** The outbound port: `fetch`'s shape, plus the run's pinned address when its target is a name. */
export type CheckFetch = (url: string, init: RequestInit, pinned?: PinnedAddress | null) => Promise<Response>;

export interface AppChecksOptions {
  fetch?: CheckFetch;
  lookup?: HostLookup;
  timeLimitMs?: number;
  requestTimeoutMs?: number;
}

interface Answer {
  status: number | null;
  wwwAuthenticate: string | null;
  note?: string;
}

export class AppChecks {
  readonly history: CheckHistory;
  private running = false;
  private readonly fetch: CheckFetch;

  constructor(
    private readonly g: Gatehouse,
    private readonly opts: AppChecksOptions = {},
  ) {
    this.fetch = opts.fetch ?? ((url, init, pinned) => (pinned ? pinnedFetch(url, init, pinned) : fetch(url, init)));
    this.history = new CheckHistory(g.store);
  }

  async run(request: CheckRunRequest): Promise<CheckRun> {
    const target = vetTarget(request.url, await this.g.clients.list());
    if (Object.keys(request.headers ?? {}).some((h) => h.toLowerCase() === 'authorization'))
      throw new AuthError('invalid_request', 'each case sets Authorization itself; leave it out of headers');
    if (this.running) throw new AuthError('conflict', 'an app-checks run is already going; try again when it ends');
    this.running = true;
    try {
      const pinned = await pinTarget(target.url, this.opts.lookup ?? systemLookup);
      return await this.go(request, target, pinned);
    } finally {
      this.running = false;
    }
  }

  private async go(request: CheckRunRequest, target: CheckTarget, pinned: PinnedAddress | null): Promise<CheckRun> {
    const run: CheckRun = {
      id: randomId(12),
      target: target.url.href,
      method: request.method ?? 'GET',
      startedAt: this.g.clock.now(),
      finishedAt: null,
      state: 'running',
      baseline: null,
      results: [],
    };
    this.history.started(run);
    const limitMs = this.opts.timeLimitMs ?? CHECK_RUN_TIME_LIMIT_MS;
    const deadline = AbortSignal.timeout(limitMs);
    const audience = request.audience ?? target.client?.audience ?? this.g.settings.get().audience;
    this.g.bus.emit({ type: 'checks.started', at: run.startedAt, run: structuredClone(run) });
    let tokens: RunTokens | undefined;
    try {
      await this.g.audit.record('checks.started', 'admin', run.target, {
        runId: run.id,
        method: run.method,
        ...(pinned ? { address: pinned.address } : {}),
      });
      tokens = await startRunTokens(this.g, audience);
      const baseline = this.judge(
        run,
        'valid-baseline',
        await this.send(request, target.url, pinned, tokens.baseline, deadline),
        request,
      );
      run.baseline = baseline;
      if (!baseline.pass) {
        run.stoppedReason =
          baseline.status === null
            ? `the API did not answer the valid token (${baseline.note}); is it running at ${run.target}?`
            : `the API did not accept a valid token (status ${baseline.status}${baseline.wwwAuthenticate ? `, ${baseline.wwwAuthenticate}` : ''}): check its issuer (${this.g.settings.get().issuer}), audience (${audience}) and JWKS URL before the other cases mean anything`;
        for (const c of CHECK_CASES.slice(1)) this.skip(run, c, 'not run: the baseline failed');
        return this.finish(run, 'stopped');
      }
      const { tokens: bad, skipped } = await tokens.defects();
      for (const c of CHECK_CASES.slice(1)) {
        const token = bad[c];
        if (deadline.aborted) this.skip(run, c, 'not run: the time limit of the run was reached');
        else if (token === undefined) this.skip(run, c, skipped[c] ?? 'no token for this case');
        else this.judge(run, c, await this.send(request, target.url, pinned, token, deadline), request);
      }
      if (!deadline.aborted) return this.finish(run, 'done');
      run.stoppedReason = `the run's time limit (${limitMs / 1000} s) was reached before every case was answered`;
      return this.finish(run, 'stopped');
    } catch (err) {
      run.stoppedReason = `the run stopped: ${(err as Error).message}`;
      return this.finish(run, 'stopped');
    } finally {
      // the run's answer stands; a session left is only ever the check users' (its refresh token was never given out)
      await tokens?.end().catch((err: unknown) => console.error(`app-checks run ${run.id}: cleanup failed:`, err));
    }
  }

  private async send(
    request: CheckRunRequest,
    url: URL,
    pinned: PinnedAddress | null,
    token: string,
    deadline: AbortSignal,
  ): Promise<Answer> {
    try {
      const res = await this.fetch(
        url.href,
        {
          method: request.method ?? 'GET',
          headers: { ...request.headers, authorization: `Bearer ${token}` },
          // a redirect is answered as it is, never followed: tokens go to the vetted target only
          redirect: 'manual',
          signal: AbortSignal.any([
            deadline,
            AbortSignal.timeout(this.opts.requestTimeoutMs ?? CHECK_REQUEST_TIMEOUT_MS),
          ]),
        },
        pinned,
      );
      await res.body?.cancel().catch(() => undefined);
      return { status: res.status, wwwAuthenticate: res.headers.get('www-authenticate') };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      return { status: null, wwwAuthenticate: null, note: e.cause?.code ?? e.name ?? e.message };
    }
  }

  private judge(run: CheckRun, c: CheckCase, answer: Answer, request: CheckRunRequest): CheckCaseResult {
    const spec = CHECK_CASE_SPECS[c];
    const { status } = answer;
    const refusedStatuses = request.expect?.refused;
    let verdict: CheckCaseResult['verdict'] = 'error';
    let note = answer.note;
    if (status !== null && status >= 200 && status < 300) verdict = 'accepted';
    else if (status !== null && (refusedStatuses ? refusedStatuses.includes(status) : status >= 400 && status < 500))
      verdict = 'refused';
    else if (status !== null && status >= 300 && status < 400)
      note = 'a redirect: not followed (tokens go to the target only)';
    else if (status !== null) note = `status ${status} is neither a 2xx nor a refusal`;
    const pass = verdict === spec.expected;
    return this.record(run, {
      case: c,
      expected: spec.expected,
      status,
      wwwAuthenticate: answer.wwwAuthenticate,
      verdict,
      pass,
      fix: pass ? null : spec.fix,
      ...(note ? { note } : {}),
    });
  }

  private skip(run: CheckRun, c: CheckCase, note: string): void {
    const { expected } = CHECK_CASE_SPECS[c];
    this.record(run, {
      case: c,
      expected,
      status: null,
      wwwAuthenticate: null,
      verdict: 'skipped',
      pass: false,
      fix: null,
      note,
    });
  }

  private record(run: CheckRun, result: CheckCaseResult): CheckCaseResult {
    run.results.push(result);
    this.g.bus.emit({ type: 'checks.case', at: this.g.clock.now(), runId: run.id, result });
    return result;
  }

  private async finish(run: CheckRun, state: 'done' | 'stopped'): Promise<CheckRun> {
    run.state = state;
    run.finishedAt = this.g.clock.now();
    await this.history.ended(run);
    const flagged = run.results.filter((r) => !r.pass && r.verdict !== 'skipped').map((r) => r.case);
    await this.g.audit.record('checks.finished', 'admin', run.target, { runId: run.id, state, flagged });
    this.g.bus.emit({ type: 'checks.finished', at: run.finishedAt, run: structuredClone(run) });
    return structuredClone(run);
  }
}

const engines = new WeakMap<Gatehouse, AppChecks>();
/** The instance's one engine (its history and its one-run-at-a-time rule live with it). */
export function appChecksOf(g: Gatehouse, opts?: AppChecksOptions): AppChecks {
  let engine = engines.get(g);
  if (!engine) engines.set(g, (engine = new AppChecks(g, opts)));
  return engine;
}
