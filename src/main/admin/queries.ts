import type { Clock } from '../auth/clock';
import type {
  AuditQuery,
  AuditRecord,
  ClientUsage,
  IssuedTokenRecord,
  LogoutDeliveryRecord,
  RefreshTokenRecord,
  SessionClientRecord,
  SessionQuery,
  SessionRecord,
  SessionRow,
  Store,
  UserRecord,
} from '../store/store';

/** What a session's detail shows beside the session itself, read together. */
export interface SessionHistory {
  session: SessionRecord;
  family: RefreshTokenRecord[];
  issuedTokens: IssuedTokenRecord[];
  /** The audit entries about the session (its subject, or its `sid` in their detail), newest first. */
  events: AuditRecord[];
  clients: SessionClientRecord[];
  deliveries: LogoutDeliveryRecord[];
}

/**
 * The console's reads: everything an admin handler shows that no domain service owns, answered by
 * the store's roles. Handlers read through this port and change things only through the domain
 * services, so what a screen reads has one home and a test can answer it with a fake. "Now" is the
 * instance's clock (a virtual one moves what is live).
 */
export interface AdminQueries {
  /** Which adapter answers (the System screen). */
  readonly storeKind: Store['kind'];
  /** A page of sessions, each with its user's name. */
  listSessions(query: SessionQuery): Promise<{ items: SessionRow[]; total: number }>;
  getSession(id: string): Promise<SessionRecord | null>;
  /** The sessions of these ids that exist, in one read. */
  getSessions(ids: string[]): Promise<SessionRecord[]>;
  /** A session with its refresh family, access tokens, events, apps and logout deliveries; null for an unknown one. */
  sessionHistory(sessionId: string): Promise<SessionHistory | null>;
  /** The apps that received tokens in each of these sessions (an empty list for one with none). */
  sessionClients(sessionIds: string[]): Promise<Map<string, SessionClientRecord[]>>;
  getUser(id: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /** Every user's name by id, in one read. */
  usernames(): Promise<Map<string, string>>;
  /** The issued-token log's records of these jtis (those not pruned yet), in one read. */
  issuedTokens(jtis: string[]): Promise<IssuedTokenRecord[]>;
  listAudit(query: AuditQuery): Promise<AuditRecord[]>;
  /** How much of each client is live now (clients absent from the map have nothing live). */
  clientUsage(): Promise<Map<string, ClientUsage>>;
  /** How many tokens signed by a key are still live now, and in how many sessions. */
  liveTokensOfKey(kid: string): Promise<{ tokens: number; sessions: number }>;
}

/** The store's read methods the console uses: all the port needs, so a fake for a test is small. */
export type AdminReadStore = Pick<
  Store,
  | 'kind'
  | 'listSessions'
  | 'getSession'
  | 'getSessions'
  | 'getRefreshFamily'
  | 'listIssuedTokens'
  | 'getIssuedTokens'
  | 'listSessionClients'
  | 'listLogoutDeliveries'
  | 'getUserById'
  | 'listUsers'
  | 'listAudit'
  | 'clientUsage'
  | 'countLiveTokensByKid'
>;

/** How many of a session's most recent audit matches its detail looks through. */
const SESSION_EVENTS_SCANNED = 200;

/** The admin query port over a store (its read roles only) and the instance's clock. */
export function createAdminQueries(store: AdminReadStore, clock: Clock): AdminQueries {
  return {
    storeKind: store.kind,
    listSessions: (query) => store.listSessions(query),
    getSession: (id) => store.getSession(id),
    getSessions: (ids) => store.getSessions(ids),
    async sessionHistory(sessionId) {
      const session = await store.getSession(sessionId);
      if (!session) return null;
      const [family, issuedTokens, audit, clients, deliveries] = await Promise.all([
        store.getRefreshFamily(sessionId),
        store.listIssuedTokens(sessionId),
        // a text match may be another session's entry that merely mentions this id: keep only its own
        store.listAudit({ text: sessionId, limit: SESSION_EVENTS_SCANNED }),
        store.listSessionClients(sessionId),
        store.listLogoutDeliveries(sessionId),
      ]);
      const events = audit.filter((e) => e.subject === sessionId || e.detail.sid === sessionId);
      return { session, family, issuedTokens, events, clients, deliveries };
    },
    async sessionClients(sessionIds) {
      const lists = await Promise.all(sessionIds.map((id) => store.listSessionClients(id)));
      return new Map(sessionIds.map((id, i) => [id, lists[i]!]));
    },
    getUser: (id) => store.getUserById(id),
    listUsers: () => store.listUsers(),
    usernames: async () => new Map((await store.listUsers()).map((u) => [u.id, u.username])),
    issuedTokens: (jtis) => store.getIssuedTokens(jtis),
    listAudit: (query) => store.listAudit(query),
    clientUsage: () => store.clientUsage(clock.now()),
    liveTokensOfKey: (kid) => store.countLiveTokensByKid(kid, clock.now()),
  };
}
