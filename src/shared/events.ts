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
  | { type: 'denylist.changed'; at: number; kind: 'jti' | 'sid' | 'user'; subject: string; change: 'added' | 'removed' | 'pruned' }
  | { type: 'user.changed'; at: number; userId: string }
  | { type: 'settings.changed'; at: number }
  | { type: 'audit.appended'; at: number; entry: AuditEntry };

export type GatehouseEventType = GatehouseEvent['type'];
