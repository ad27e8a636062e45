import type { DenylistEntry, DenylistKind } from './denylist.js';

/**
 * What one Gatehouse instance tells the others (and any resource server listening) so that their
 * in-memory state matches the shared store. Announced after the store committed the change.
 */
export type ClusterMessage =
  | { type: 'denylist.added'; entry: DenylistEntry }
  | { type: 'denylist.removed'; kind: DenylistKind; subject: string }
  | { type: 'keys.changed'; kid: string }
  | { type: 'settings.changed' };

/** What travels on the channel: the message and which instance sent it. */
export interface FeedEnvelope {
  v: 1;
  origin: string;
  message: ClusterMessage;
}

const MESSAGE_TYPES = new Set<string>(['denylist.added', 'denylist.removed', 'keys.changed', 'settings.changed']);

/** Parses an envelope; null for anything malformed (ignored, never trusted half-way). */
export function parseEnvelope(raw: string): FeedEnvelope | null {
  try {
    const env = JSON.parse(raw) as Partial<FeedEnvelope>;
    const type = (env.message as { type?: unknown } | undefined)?.type;
    if (env.v !== 1 || typeof env.origin !== 'string' || typeof type !== 'string' || !MESSAGE_TYPES.has(type))
      return null;
    return env as FeedEnvelope;
  } catch {
    return null;
  }
}
