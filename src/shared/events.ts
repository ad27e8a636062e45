import type { CheckCaseResult, CheckRun } from './app-checks';
import type { DemoScenarioId, DemoStep, DemoVerdict } from './demo';

/** Events pushed to the console (IPC or Server-Sent Events). Times are unix seconds. */
export interface AuditEntry {
  id: number;
  at: number;
  type: string;
  actor: string;
  subject: string;
  detail: Record<string, unknown>;
}

export type GatehouseEvent =
  | { type: 'session.created'; at: number; sessionId: string; userId: string }
  | { type: 'session.refreshed'; at: number; sessionId: string }
  | { type: 'session.revoked'; at: number; sessionId: string; reason: string }
  | { type: 'session.expired'; at: number; sessionId: string }
  | { type: 'reuse.detected'; at: number; sessionId: string; tokenId: string }
  | { type: 'key.changed'; at: number; kid: string; state: string }
  | {
      type: 'denylist.changed';
      at: number;
      change: 'added' | 'removed';
      kind: 'jti' | 'sid' | 'user' | 'client';
      subject: string;
    }
  /** Entries whose tokens have all expired were dropped (one event per sweep, not per entry). */
  | { type: 'denylist.changed'; at: number; change: 'pruned'; count: number }
  | { type: 'user.changed'; at: number; userId: string }
  | { type: 'client.changed'; at: number; clientId: string }
  /** A back-channel logout delivery was created, attempted, delivered or given up. */
  | {
      type: 'logout.delivery';
      at: number;
      deliveryId: string;
      sessionId: string;
      clientId: string;
      status: 'pending' | 'delivered' | 'failed';
    }
  | { type: 'settings.changed'; at: number }
  | { type: 'audit.appended'; at: number; entry: AuditEntry }
  /**
   * Demo lab: a run began, recorded one step, ended. The run is in the sandbox; `at` is the time of
   * the instance whose stream carries the event (a step's own `at` is the sandbox's virtual time).
   */
  | { type: 'demo.started'; at: number; runId: string; scenario: DemoScenarioId; title: string }
  | { type: 'demo.step'; at: number; runId: string; step: DemoStep }
  | { type: 'demo.finished'; at: number; runId: string; verdict: DemoVerdict }
  /** Demo lab: the sandbox started, or was reset (closed, its data deleted). Sent on both event streams. */
  | { type: 'sandbox.changed'; at: number; running: boolean }
  /** App checks (issue 20): a run's start, each case as its answer comes, and its end. */
  | { type: 'checks.started'; at: number; run: CheckRun }
  | { type: 'checks.case'; at: number; runId: string; result: CheckCaseResult }
  | { type: 'checks.finished'; at: number; run: CheckRun };

export type GatehouseEventType = GatehouseEvent['type'];
