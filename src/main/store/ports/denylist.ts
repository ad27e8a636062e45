import type { DenylistEntry, DenylistKind } from '@gatehouse/verifier/internal';

export type { DenylistEntry, DenylistKind } from '@gatehouse/verifier/internal';

export interface DenylistQuery {
  kind?: DenylistKind;
  /** Entries whose subject starts with this. */
  subject?: string;
  offset?: number;
  limit?: number;
}

/**
 * The denylist as stored: the source the in-memory denylist is built from. `sid`, `user` and
 * `client` entries are also written by the roles whose change they mirror (a revoked session, a
 * raised token version), in the same step.
 */
export interface DenylistStore {
  /** Insert or replace by kind and subject. */
  putDenylistEntry(entry: DenylistEntry): Promise<void>;
  getDenylistEntry(kind: DenylistKind, subject: string): Promise<DenylistEntry | null>;
  deleteDenylistEntry(kind: DenylistKind, subject: string): Promise<boolean>;
  /** Newest first; every entry when the query has no limit. */
  listDenylist(query?: DenylistQuery): Promise<DenylistEntry[]>;
  countDenylist(query?: Omit<DenylistQuery, 'offset' | 'limit'>): Promise<number>;
  /**
   * Hands every entry still in force at `now` to `visit`, without building records: how the
   * in-memory denylist is rebuilt at start (a million entries in well under 2 s).
   */
  scanDenylist(
    now: number,
    visit: (kind: DenylistKind, subject: string, value: number, pruneAfter: number) => void,
  ): Promise<number>;
  pruneDenylist(now: number): Promise<number>;
}
