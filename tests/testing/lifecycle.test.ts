/** The harness's life cycle: reset back to the config, the virtual clock, stop. */
import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { startGatehouse } from '@gatehouse/testing';
import { apiMe, CONFIG } from './config';

const kids = async (jwksUrl: string) =>
  ((await (await fetch(jwksUrl)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid).sort();
/** Where the harness keeps its folders: RAM-backed when the system has /dev/shm. */
const root = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
const harnessFolders = () => fs.readdirSync(root).filter((f) => f.startsWith('gatehouse-testing-'));

describe('gh.reset', () => {
  it("clears sessions and admin changes, keeps the config's users, the issuer and the signing keys", async () => {
    const gh = await startGatehouse({ config: CONFIG });
    try {
      await gh.login({ username: 'carol', clientId: 'my-app' });
      await gh.admin.users.create({ username: 'erin', password: 'erin-password-123', roles: ['user'] });
      await gh.admin.settings.update({ accessTokenTtl: 120 });
      const before = await gh.admin.sessions.list({});
      expect(before.ok && before.value.items.length).toBe(1);
      const jwks = await kids(gh.jwksUrl);

      await gh.reset();

      const after = await gh.admin.sessions.list({});
      expect(after.ok && after.value.items).toEqual([]);
      const users = await gh.admin.users.list({});
      expect(users.ok && users.value.map((u) => u.username).sort()).toEqual(['carol', 'dave']);
      const settings = await gh.admin.settings.get({});
      expect(settings.ok && settings.value.settings.accessTokenTtl).toBe(60);
      // the same keys on the same port: what an app cached stays true, and the instance serves on
      // (a first instance's JWKS gains its successors a moment after start: kept means none lost)
      expect(await kids(gh.jwksUrl)).toEqual(expect.arrayContaining(jwks));
      expect(await apiMe(gh.issuer, (await gh.login({ username: 'carol' })).access_token)).toBe(200);
    } finally {
      await gh.stop();
    }
  });

  it("refuses after a reset every access token issued before it, a revoked session's included, and keeps denylisted jtis", async () => {
    const gh = await startGatehouse({ config: CONFIG });
    try {
      const live = await gh.issueToken({ sub: 'carol' });
      const revoked = await gh.login({ username: 'carol', clientId: 'my-app' });
      expect((await gh.admin.sessions.revoke({ sessionId: revoked.session_id })).ok).toBe(true);
      const jti = 'jti-denylisted-before-the-reset';
      const expiresAt = Math.floor(gh.clock.now() / 1000) + 60;
      expect((await gh.admin.denylist.add({ kind: 'jti', jti, expiresAt })).ok).toBe(true);
      expect(await apiMe(gh.issuer, live.access_token)).toBe(200);

      await gh.reset();

      // their sessions are gone, yet without the reset's entries both would be valid JWTs again
      expect(await apiMe(gh.issuer, live.access_token)).toBe(401);
      expect(await apiMe(gh.issuer, revoked.access_token)).toBe(401);
      const entries = await gh.admin.denylist.list({});
      const subjects = entries.ok ? entries.value.items.map((e) => `${e.kind}:${e.subject}`).sort() : [];
      expect(subjects).toEqual([`jti:${jti}`, `sid:${live.session_id}`, `sid:${revoked.session_id}`].sort());
      // the next test's tokens work
      expect(await apiMe(gh.issuer, (await gh.issueToken({ sub: 'carol' })).access_token)).toBe(200);
    } finally {
      await gh.stop();
    }
  });
});

describe('gh.clock', () => {
  it('advances the virtual clock and runs the expiry sweeps: a token past its lifetime is refused', async () => {
    const gh = await startGatehouse({ config: CONFIG, clock: 'virtual' });
    try {
      const issued = await gh.issueToken({ sub: 'carol', expiresIn: 60 });
      const start = gh.clock.now();
      expect(await apiMe(gh.issuer, issued.access_token)).toBe(200);
      await gh.clock.advance('2m');
      expect(gh.clock.now() - start).toBeGreaterThanOrEqual(120_000);
      expect(await apiMe(gh.issuer, issued.access_token)).toBe(401);
    } finally {
      await gh.stop();
    }
  });

  it('expires sessions past their idle timeout when the clock jumps', async () => {
    const gh = await startGatehouse({ config: CONFIG, clock: 'virtual' });
    try {
      const { session_id } = await gh.login({ username: 'carol', clientId: 'my-app' });
      const settings = await gh.admin.settings.get({});
      const idle = settings.ok ? settings.value.settings.idleTimeout : 0;
      await gh.clock.advance((idle + 1) * 1000);
      const session = await gh.admin.sessions.get({ sessionId: session_id });
      expect(session.ok && session.value.session.status).toBe('expired');
    } finally {
      await gh.stop();
    }
  });

  it("throws a typed clock_disabled error on the real clock, and invalid_request for a duration it can't read", async () => {
    const gh = await startGatehouse();
    try {
      await expect(gh.clock.advance('2m')).rejects.toMatchObject({ method: 'clock.advance', code: 'clock_disabled' });
      await expect(gh.clock.advance('soon')).rejects.toMatchObject({
        method: 'clock.advance',
        code: 'invalid_request',
      });
    } finally {
      await gh.stop();
    }
  });
});

describe('gh.stop', () => {
  it('deletes the temporary database, and a second stop is harmless', async () => {
    const before = harnessFolders();
    const gh = await startGatehouse({ config: CONFIG });
    expect(harnessFolders().length).toBe(before.length + 1);
    await gh.stop();
    await gh.stop();
    expect(harnessFolders()).toEqual(before);
    await expect(fetch(gh.discoveryUrl)).rejects.toThrow();
  });
});

describe('startGatehouse', () => {
  it('throws a typed error for a config it refuses, and leaves no folder behind', async () => {
    const before = harnessFolders();
    await expect(startGatehouse({ config: { users: [{ username: 'x' }] } })).rejects.toMatchObject({
      method: 'startGatehouse',
      code: 'invalid_request',
    });
    expect(harnessFolders()).toEqual(before);
  });
});
