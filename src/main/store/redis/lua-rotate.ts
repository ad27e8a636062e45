import { withLib } from './lua-lib';

/**
 * The refresh-token compare-and-set (RFC 9700), the Redis twin of sqlite/rotate.ts with the same
 * outcomes in the same order of checks. Redis runs a script to completion before any other
 * command, so of N callers presenting one active token, on any number of instances, the first
 * rotates it and every later one finds it `rotated`: reuse, which revokes the family.
 *
 * ARGV[4] token id, ARGV[5] presented secret hash, ARGV[6] now, ARGV[7] replacement token JSON,
 * ARGV[8] idle expiry, ARGV[9] reuse reason, ARGV[10] the reuse entry's pruneAfter, ARGV[11] the
 * grace window in seconds (see RotateRefreshInput.graceSeconds), ARGV[12] the presenting client id
 * as JSON (null: the login API) →
 * {'rotated', session, user, replacement} | {'reused', session} | {'invalid', reason}.
 *
 * The hash comparison is Lua's `~=`, which is not constant-time. That is not a timing oracle for
 * the secret: both sides are SHA-256 digests, and the caller controls only the preimage of the
 * presented one. Learning how many leading bytes of the stored digest a guess's digest shares
 * gives no way to steer the next guess (that would need SHA-256 preimages), so the secret's
 * 128 bits of entropy stay the whole search space. The id half is not secret.
 */
export const ROTATE_REFRESH = withLib(`
local tid, presented, now = ARGV[4], ARGV[5], tonumber(ARGV[6])
local flat = redis.call('HGETALL', P .. 'rt:' .. tid)
if #flat == 0 then return {'invalid', 'unknown'} end
local t = toTable(flat)
if t.secretHash ~= presented then return {'invalid', 'mismatch'} end
-- another client's token (null, the login API's, matches only null): refused before anything, so
-- presenting someone else's rotated token is not reuse and revokes nothing
local client = cjson.decode(ARGV[12])
if client == cjson.null then client = nil end
if t.clientId ~= client then return {'invalid', 'client_mismatch'} end

local s = getSession(t.sessionId)
if not s then return {'invalid', 'session_inactive'} end

local successor = nil
if t.status == 'rotated' then
  local grace = tonumber(ARGV[11])
  if grace > 0 and t.usedAt and now - tonumber(t.usedAt) <= grace then
    for _, cid in ipairs(redis.call('LRANGE', P .. 'fam:' .. s.id, 0, -1)) do
      local c = redis.call('HMGET', P .. 'rt:' .. cid, 'parentId', 'status')
      if c[1] == tid and c[2] == 'active' then successor = cid end
    end
  end
  if not successor then
    -- an already revoked or expired session keeps its status, time and first reason
    revokeSession(s, now, ARGV[9], tonumber(ARGV[10]))
    revokeLiveTokens(s.id)
    return {'reused', toFlat(s)}
  end
end
if t.status == 'revoked' then return {'invalid', 'revoked'} end

if s.status ~= 'active' then return {'invalid', 'session_inactive'} end
if isPastExpiry(s, now) then
  setStatus(s, 'expired', now)
  return {'invalid', 'session_inactive'}
end
if not successor and tonumber(t.expiresAt) <= now then return {'invalid', 'expired'} end

local nxt = cjson.decode(ARGV[7])
local nextKey = P .. 'rt:' .. nxt.id
if redis.call('EXISTS', nextKey) == 1 then return redis.error_reply('ERR the replacement refresh token id already exists') end
if successor then
  -- within the grace window, and the answer carrying the successor was evidently lost: supersede it
  redis.call('HSET', P .. 'rt:' .. successor, 'status', 'rotated', 'usedAt', now)
else
  redis.call('HSET', P .. 'rt:' .. tid, 'status', 'rotated', 'usedAt', now)
end
-- the replacement always joins this token's family, with its client, scope and claims, whatever
-- the caller put in those fields
nxt.sessionId = s.id; nxt.parentId = tid; nxt.status = 'active'; nxt.usedAt = cjson.null
nxt.clientId = t.clientId or cjson.null; nxt.scope = t.scope or ''; nxt.claims = t.claims or cjson.null
hsetRecord(nextKey, nxt)
redis.call('RPUSH', P .. 'fam:' .. s.id, nxt.id)
expireWithSession(s.id, nextKey)
bump(s, now, tonumber(ARGV[8]))
return {'rotated', toFlat(s), redis.call('HGETALL', P .. 'user:' .. s.userId), redis.call('HGETALL', nextKey)}
`);
