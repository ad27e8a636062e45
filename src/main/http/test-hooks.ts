/**
 * Issue 22's test hooks: one-shot faults, id_token defects and recorded requests, the server side
 * of `@gatehouse/testing`'s `gh.next.*` and `gh.requests`. A harness makes them with
 * `createTestHooks()` and hands them to `composeInstance` through `grantTestPowers({ hooks })`;
 * only then does the auth server install them (`test-hooks-server.ts`), so `npm run serve`, headless
 * mode and the desktop app never have them. The interface is the contract with the package
 * (docs/testing-hooks.md).
 */
import type { IdTokenDefect } from '../auth/id-token-defects';

export type { IdTokenDefect };

export type EndpointName =
  'authorize' | 'token' | 'userinfo' | 'revocation' | 'introspection' | 'jwks' | 'discovery' | 'end_session';
/** An OAuth error answer (RFC 6749 §5.2, RFC 6750 §3). */
export type OAuthFault = { error: string; error_description?: string; status?: number };
/** A plain failure (a 5xx), as a proxy or an overloaded server answers. */
export type HttpFault = { status: number; retryAfter?: number; body?: string };
export type AuthorizeFault = { error: string; error_description?: string };

export interface RecordedRequest {
  endpoint: EndpointName;
  method: string;
  path: string;
  /** epoch ms */
  at: number;
  /** Secrets replaced by '[redacted]'. */
  query: Record<string, string>;
  body: Record<string, string>;
  /** `authorization` redacted to its scheme, `cookie` redacted. */
  headers: Record<string, string>;
}

export interface NextHooks {
  token(fault: OAuthFault | HttpFault): void;
  authorize(fault: AuthorizeFault): void;
  userinfo(fault: OAuthFault | HttpFault): void;
  idToken(defect: { defect: IdTokenDefect }): void;
  delay(endpoint: EndpointName, ms: number): void;
}

export interface TestHooks {
  readonly next: NextHooks;
  /** What was recorded so far (the last RECORDED_REQUESTS_KEPT), oldest first, not drained. */
  requests(filter?: { endpoint?: EndpointName }): RecordedRequest[];
  /** Disarms every pending fault and forgets the recorded requests (gh.reset()). */
  clear(): void;
}

/** A fault the token or userinfo endpoint answers with. */
export type EndpointFault = OAuthFault | HttpFault;
type FaultedEndpoint = 'token' | 'userinfo';

/** First in, first out: each armed item is consumed by exactly one request. */
class Fifo<T> {
  private items: T[] = [];
  push(item: T): void {
    this.items.push(item);
  }
  take(): T | undefined {
    return this.items.shift();
  }
  clear(): void {
    this.items = [];
  }
}

/**
 * The requests kept for `requests()`: the newest ones. A suite that shares one instance without a
 * `reset()` would otherwise keep every request's headers and body for the whole run.
 */
export const RECORDED_REQUESTS_KEPT = 1000;

/** The hooks' state; the auth server's side reads it through `take*` and `record`. */
export class ArmedTestHooks implements TestHooks {
  private readonly faults = { token: new Fifo<EndpointFault>(), userinfo: new Fifo<EndpointFault>() };
  private readonly authorizeFaults = new Fifo<AuthorizeFault>();
  private readonly defects = new Fifo<IdTokenDefect>();
  private readonly delays = new Map<EndpointName, Fifo<number>>();
  private recorded: RecordedRequest[] = [];

  readonly next: NextHooks = {
    token: (fault) => this.faults.token.push(checkFault(fault)),
    userinfo: (fault) => this.faults.userinfo.push(checkFault(fault)),
    authorize: (fault) => {
      if (!fault?.error) throw new TypeError('next.authorize needs an error code');
      this.authorizeFaults.push({ ...fault });
    },
    idToken: ({ defect }) => this.defects.push(defect),
    delay: (endpoint, ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new TypeError('next.delay needs a duration in ms, 0 or more');
      const queue = this.delays.get(endpoint) ?? new Fifo<number>();
      this.delays.set(endpoint, queue);
      queue.push(ms);
    },
  };

  requests(filter: { endpoint?: EndpointName } = {}): RecordedRequest[] {
    const kept = this.recorded.slice(-RECORDED_REQUESTS_KEPT);
    const all = filter.endpoint ? kept.filter((r) => r.endpoint === filter.endpoint) : kept;
    return all.map((r) => structuredClone(r));
  }

  clear(): void {
    this.faults.token.clear();
    this.faults.userinfo.clear();
    this.authorizeFaults.clear();
    this.defects.clear();
    this.delays.clear();
    this.recorded = [];
  }

  takeFault(endpoint: FaultedEndpoint): EndpointFault | undefined {
    return this.faults[endpoint].take();
  }
  takeAuthorizeFault(): AuthorizeFault | undefined {
    return this.authorizeFaults.take();
  }
  takeIdTokenDefect(): IdTokenDefect | undefined {
    return this.defects.take();
  }
  takeDelay(endpoint: EndpointName): number | undefined {
    return this.delays.get(endpoint)?.take();
  }
  record(request: RecordedRequest): void {
    this.recorded.push(request);
    // dropped in chunks, so recording stays O(1) amortised
    if (this.recorded.length >= 2 * RECORDED_REQUESTS_KEPT)
      this.recorded = this.recorded.slice(-RECORDED_REQUESTS_KEPT);
  }
}

/** An HTTP fault is a failure status; an OAuth fault names its error. Refused when armed, not when met. */
function checkFault(fault: EndpointFault): EndpointFault {
  if ('error' in fault && typeof fault.error === 'string' && fault.error) return { ...fault };
  const status = 'status' in fault ? fault.status : undefined;
  if (status !== undefined && Number.isInteger(status) && status >= 400 && status <= 599) return { ...fault };
  throw new TypeError('a fault is { error } (an OAuth error) or { status } (400-599)');
}

export function createTestHooks(): TestHooks {
  return new ArmedTestHooks();
}

/** The server's side of hooks made by `createTestHooks` (anything else is refused). */
export function armedHooks(hooks: TestHooks): ArmedTestHooks {
  if (!(hooks instanceof ArmedTestHooks)) throw new Error('test hooks are made by createTestHooks()');
  return hooks;
}
