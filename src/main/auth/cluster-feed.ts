import type { ClusterMessage } from '@gatehouse/verifier/internal';

export type { ClusterMessage } from '@gatehouse/verifier/internal';

export interface ClusterHandlers {
  /** A message published by another instance. */
  receive(message: ClusterMessage): void;
  /** (Re)connected: rebuild in-memory state from the store before trusting the feed again. */
  resync(): Promise<void>;
}

/**
 * Revocation propagation between instances that share a store (Redis). A single instance on
 * SQLite has no feed. While `healthy()` is false the verifier fails closed: a revocation made
 * elsewhere could be missed, so no token is accepted until the feed is back and resynced.
 */
export interface ClusterFeed {
  start(handlers: ClusterHandlers): Promise<void>;
  publish(message: ClusterMessage): Promise<void>;
  healthy(): boolean;
  /** Runs a periodic job on one instance of the deployment at a time; undefined when another runs it. */
  exclusive<T>(job: string, fn: () => Promise<T>): Promise<T | undefined>;
  close(): Promise<void>;
}
