import type { AdminMethod, AdminResponses } from '../../../shared/admin-api';
import type { AdminRequestValue } from '../../../shared/admin-schemas';
import type { SandboxView } from '../../../shared/admin-views';
import type { DemoPace, DemoRun, DemoScenarioId } from '../../../shared/demo';
import type { VirtualClock } from '../../auth/clock';
import type { Gatehouse } from '../../auth/gatehouse';

/** The demo lab as the admin API sees it: scenarios run in its sandbox (src/main/demo/sandbox.ts). */
export interface DemoLab {
  run(scenario: DemoScenarioId, pace?: DemoPace): Promise<DemoRun>;
  state(): SandboxView;
  reset(): Promise<SandboxView>;
}

/** What every domain's handlers work with. */
export interface AdminContext {
  gatehouse: Gatehouse;
  authUrl: () => string;
  mode: 'desktop' | 'headless';
  version: string;
  /** Present only when the virtual clock is enabled (`--virtual-clock`; the sandbox always has one). */
  virtualClock?: VirtualClock;
  /** The demo lab and its sandbox; the composition root always gives one (bare test services may not). */
  demo?: DemoLab;
  /** Which Gatehouse this service drives: the live one (default) or the demo lab's sandbox. */
  instance?: 'live' | 'sandbox';
}

/** One method's handler: it receives the request as its schema parsed it, and answers its response type. */
export type Handler<M extends AdminMethod> = (request: AdminRequestValue<M>) => Promise<AdminResponses[M]>;

/**
 * The handlers of one domain (`sessions`, `keys`, …), each typed from its zod schema's output: a
 * handler that drifts from its schema (or a method left out) fails to compile.
 */
export type DomainHandlers<D extends string> = { [M in Extract<AdminMethod, `${D}.${string}`>]: Handler<M> };

export type AllHandlers = { [M in AdminMethod]: Handler<M> };

/** Who the admin API acts as, in the audit log. */
export const ADMIN = 'admin';
