import type { Redis } from 'ioredis';
import {
  APPEND_AUDIT,
  BUMP_TOKEN_VERSION,
  COUNT_LIVE_BY_KID,
  CREATE_USER,
  DELETE_DENYLIST_ENTRY,
  INDEX_DENYLIST,
  LIST_DENYLIST,
  PRUNE_DENYLIST,
  PRUNE_ISSUED,
  PUT_DENYLIST_ENTRY,
  RECORD_ISSUED,
  RESERVE_LOGIN_ATTEMPT,
  UPDATE_USER,
} from './lua-records';
import {
  ADD_SESSION_CLIENT,
  BUMP_CLIENT_TOKEN_VERSION,
  CONSUME_AUTHORIZATION_CODE,
  DELETE_BROWSER_SESSION,
  PRUNE_AUTHORIZATION_CODES,
  PRUNE_BROWSER_SESSIONS,
  PUT_AUTHORIZATION_CODE,
  PUT_BROWSER_SESSION,
  TOUCH_CLIENT,
} from './lua-openid';
import { CLAIM_LOGOUT_DELIVERIES, FINISH_LOGOUT_ATTEMPT, PRUNE_LOGOUT_DELIVERIES } from './lua-logout';
import { ROTATE_REFRESH } from './lua-rotate';
import {
  CLIENT_USAGE_PAGE,
  CREATE_SESSION,
  DELETE_USER,
  EXPIRE_AND_PURGE,
  LIST_PAGE,
  REVOKE_SESSION,
  REVOKE_USER_SESSIONS,
  START_FAMILY,
  TOUCH_SESSION,
} from './lua-sessions';

const SCRIPTS = {
  ghCreateSession: CREATE_SESSION,
  ghStartFamily: START_FAMILY,
  ghTouchSession: TOUCH_SESSION,
  ghRevokeSession: REVOKE_SESSION,
  ghRevokeUserSessions: REVOKE_USER_SESSIONS,
  ghExpireAndPurge: EXPIRE_AND_PURGE,
  ghListPage: LIST_PAGE,
  ghRotateRefresh: ROTATE_REFRESH,
  ghCreateUser: CREATE_USER,
  ghUpdateUser: UPDATE_USER,
  ghBumpTokenVersion: BUMP_TOKEN_VERSION,
  ghRecordIssued: RECORD_ISSUED,
  ghCountLiveByKid: COUNT_LIVE_BY_KID,
  ghPruneIssued: PRUNE_ISSUED,
  ghPutDenylistEntry: PUT_DENYLIST_ENTRY,
  ghDeleteDenylistEntry: DELETE_DENYLIST_ENTRY,
  ghListDenylist: LIST_DENYLIST,
  ghPruneDenylist: PRUNE_DENYLIST,
  ghIndexDenylist: INDEX_DENYLIST,
  ghReserveLoginAttempt: RESERVE_LOGIN_ATTEMPT,
  ghAppendAudit: APPEND_AUDIT,
  ghBumpClientTokenVersion: BUMP_CLIENT_TOKEN_VERSION,
  ghTouchClient: TOUCH_CLIENT,
  ghPutAuthorizationCode: PUT_AUTHORIZATION_CODE,
  ghConsumeAuthorizationCode: CONSUME_AUTHORIZATION_CODE,
  ghPruneAuthorizationCodes: PRUNE_AUTHORIZATION_CODES,
  ghPutBrowserSession: PUT_BROWSER_SESSION,
  ghDeleteBrowserSession: DELETE_BROWSER_SESSION,
  ghPruneBrowserSessions: PRUNE_BROWSER_SESSIONS,
  ghAddSessionClient: ADD_SESSION_CLIENT,
  ghClientUsagePage: CLIENT_USAGE_PAGE,
  ghDeleteUser: DELETE_USER,
  ghClaimLogoutDeliveries: CLAIM_LOGOUT_DELIVERIES,
  ghFinishLogoutAttempt: FINISH_LOGOUT_ATTEMPT,
  ghPruneLogoutDeliveries: PRUNE_LOGOUT_DELIVERIES,
} as const;

export type ScriptName = keyof typeof SCRIPTS;
/** A flat HGETALL-style reply: field, value, field, value… */
export type Flat = string[];

/** What each script returns, as ioredis delivers it (integers as numbers, nil as null). */
export interface ScriptReplies {
  ghCreateSession: number;
  ghStartFamily: Flat | null;
  ghTouchSession: Flat | null;
  ghRevokeSession: Flat | null;
  ghRevokeUserSessions: Flat[];
  ghExpireAndPurge: Flat[];
  ghListPage: [number, Flat[]];
  ghRotateRefresh: [string, string | Flat, Flat?, Flat?];
  ghCreateUser: number;
  ghUpdateUser: Flat | null;
  ghBumpTokenVersion: Flat | null;
  ghRecordIssued: number;
  ghCountLiveByKid: [number, number];
  ghPruneIssued: number;
  ghPutDenylistEntry: number;
  ghDeleteDenylistEntry: number;
  ghListDenylist: [number, string[]];
  ghPruneDenylist: number;
  ghIndexDenylist: number;
  ghReserveLoginAttempt: [number, number?];
  ghAppendAudit: number;
  ghBumpClientTokenVersion: string | null;
  ghTouchClient: number;
  ghPutAuthorizationCode: number;
  ghConsumeAuthorizationCode: Flat | null;
  ghPruneAuthorizationCodes: [number, number];
  ghPutBrowserSession: number;
  ghDeleteBrowserSession: number;
  ghPruneBrowserSessions: number;
  ghAddSessionClient: number;
  ghClientUsagePage: (string | number)[];
  ghDeleteUser: number;
  ghClaimLogoutDeliveries: Flat[];
  ghFinishLogoutAttempt: Flat | null;
  ghPruneLogoutDeliveries: [number, number];
}

export type RunScript = <N extends ScriptName>(name: N, ...args: (string | number)[]) => Promise<ScriptReplies[N]>;

/**
 * Registers every script with ioredis's defineCommand: it sends EVALSHA and falls back to EVAL
 * (loading the script) when Redis answers NOSCRIPT, e.g. after a restart emptied its script cache.
 * The first three arguments of every script are the key prefix, retention and TTL backstop.
 */
export function defineScripts(redis: Redis, prefix: string, retentionS: number, backstopS: number): RunScript {
  for (const [name, lua] of Object.entries(SCRIPTS)) {
    if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: 0, lua });
  }
  const callable = redis as unknown as Record<ScriptName, (...args: (string | number)[]) => Promise<unknown>>;
  return (name, ...args) =>
    callable[name](prefix, retentionS, backstopS, ...args) as Promise<ScriptReplies[typeof name]>;
}
