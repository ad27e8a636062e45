import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { generatePrivateKeyAsync, type KeyRing, type KeySource } from '../../src/main/auth/key-ring';
import { openGatehouse } from '../../src/main/runtime/open-gatehouse';
import { openSqliteStore } from '../../src/main/store/sqlite/sqlite-store';
import type { KeyRecord } from '../../src/main/store/store';
import { addUser, CLIENT, openTestGatehouse, T0, type GatehouseFixture } from '../support/gatehouse-fixture';

let fx: GatehouseFixture;
let g: Gatehouse;
let ring: KeyRing;

beforeEach(async () => {
  fx = await openTestGatehouse();
  g = fx.gatehouse;
  ring = g.ring;
});
afterEach(() => fx.close());

/** Keys of one lane (the access tokens' by default: ES256, the settings' algorithm) in `state`. */
const kidsIn = (state: KeyRecord['state'], lane: 'access' | 'id' = 'access') =>
  ring
    .list()
    .filter((k) => k.state === state && ring.laneOf(k.alg) === lane)
    .map((k) => k.kid);
const published = () => ring.jwks().keys.map((k) => k.kid);
const horizon = () => g.settings.get().maxAccessTokenLifetime + g.settings.get().clockTolerance;
const stored = async (kid: string) => (await g.store.listKeys()).find((k) => k.kid === kid)!;

function expectRingInvariants(): void {
  expect(ring.signingKey().kid).toBe(kidsIn('active')[0]);
  expect(ring.signingKeyFor('RS256')?.kid).toBe(kidsIn('active', 'id')[0]);
  for (const lane of ['access', 'id'] as const) {
    expect(kidsIn('active', lane)).toHaveLength(1);
    // the next key is always already published
    expect(kidsIn('pending', lane).length).toBeGreaterThanOrEqual(1);
    for (const kid of [...kidsIn('pending', lane), ...kidsIn('active', lane), ...kidsIn('retiring', lane)])
      expect(published()).toContain(kid);
    for (const kid of [...kidsIn('retired', lane), ...kidsIn('revoked', lane)]) expect(published()).not.toContain(kid);
  }
}

describe('KeyRing rotation', () => {
  it('starts with one active key and a published pending successor', () => {
    expectRingInvariants();
    expect(kidsIn('pending')).toHaveLength(1);
  });

  it('rotates to a key that was published before it signed, keeping a pending key published at every step', async () => {
    for (let i = 0; i < 3; i++) {
      const successor = kidsIn('pending')[0]!;
      const previous = ring.signingKey().kid;
      expect(published()).toContain(successor);
      const order: string[] = [];
      const unsubscribe = g.bus.subscribe((e) => {
        if (e.type === 'key.changed') order.push(`${e.kid}:${e.state}`);
      });
      const rotated = await ring.rotate('admin');
      unsubscribe();
      expect(rotated).toMatchObject({ kid: successor, state: 'active', activatedAt: T0 + i });
      expect(ring.get(previous)!.record).toMatchObject({ state: 'retiring', retiringAt: T0 + i });
      expect(ring.signingKey().kid).toBe(successor);
      // the next successor is generated (pending) right after, so the JWKS never lacks one
      const newPending = kidsIn('pending')[0]!;
      expect(order).toEqual([`${previous}:retiring`, `${successor}:active`, `${newPending}:pending`]);
      expectRingInvariants();
      fx.clock.advance(1);
    }
  });

  it('refuses to retire a retiring key before the token horizon, then allows it', async () => {
    const old = ring.signingKey().kid;
    await ring.rotate('admin');
    fx.clock.advance(horizon() - 1);
    await expect(ring.retire(old, 'admin')).rejects.toMatchObject({ name: 'AuthError', code: 'invalid_state' });
    expect(ring.get(old)!.record.state).toBe('retiring');
    fx.clock.advance(1);
    expect(await ring.retire(old, 'admin')).toMatchObject({ kid: old, state: 'retired', retiredAt: T0 + horizon() });
    expect((await stored(old)).sealedPrivateKey).toBeNull();
    expectRingInvariants();
  });

  it('refuses to retire an active or pending key', async () => {
    await expect(ring.retire(ring.signingKey().kid, 'admin')).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(ring.retire(kidsIn('pending')[0]!, 'admin')).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(ring.retire('no-such-kid', 'admin')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('tick retires a retiring key only once the horizon has passed', async () => {
    const old = ring.signingKey().kid;
    await ring.rotate('admin');
    fx.clock.advance(horizon() - 1);
    await ring.tick(0);
    expect(ring.get(old)!.record.state).toBe('retiring');
    fx.clock.advance(1);
    await ring.tick(0);
    expect(ring.get(old)!.record.state).toBe('retired');
  });

  it('activates a scheduled pending key on the first tick at or after its time', async () => {
    const active = ring.signingKey().kid;
    const next = kidsIn('pending')[0]!;
    expect(await ring.schedule(T0 + 100, 'admin')).toMatchObject({ kid: next, activatesAt: T0 + 100 });
    fx.clock.set(T0 + 99);
    await ring.tick(0);
    expect(ring.signingKey().kid).toBe(active);
    fx.clock.set(T0 + 100);
    await ring.tick(0);
    expect(ring.signingKey().kid).toBe(next);
    expect(ring.get(next)!.record).toMatchObject({ state: 'active', activatesAt: null, activatedAt: T0 + 100 });
    expect(ring.get(active)!.record.state).toBe('retiring');
    expectRingInvariants();
  });

  it('refuses a schedule in the past', async () => {
    await expect(ring.schedule(T0 - 1, 'admin')).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('rotates automatically once the rotation interval has passed', async () => {
    const active = ring.signingKey().kid;
    fx.clock.advance(3599);
    await ring.tick(3600);
    expect(ring.signingKey().kid).toBe(active);
    fx.clock.advance(1);
    await ring.tick(3600);
    expect(ring.signingKey().kid).not.toBe(active);
  });
});

describe('KeyRing: the key a rotation promotes', () => {
  /** An older ES256 pending key (the ring's own successor) and, a minute later, a new EdDSA one. */
  async function olderEs256AndNewerEdDsa() {
    const older = kidsIn('pending')[0]!;
    expect(ring.get(older)!.record.alg).toBe('ES256');
    fx.clock.advance(60);
    const eddsa = await ring.generate('EdDSA', 'admin');
    return { older, eddsa: eddsa.kid };
  }

  it('next() is the oldest pending key; a newer key is not next', async () => {
    const { older, eddsa } = await olderEs256AndNewerEdDsa();
    expect(ring.next()?.kid).toBe(older);
    expect(ring.next()?.kid).not.toBe(eddsa);
  });

  it('rotate with a kid promotes that key, not the older pending one, and adds no successor while one is pending', async () => {
    const { older, eddsa } = await olderEs256AndNewerEdDsa();
    const previous = ring.signingKey().kid;
    const rotated = await ring.rotate('admin', eddsa);
    expect(rotated).toMatchObject({ kid: eddsa, alg: 'EdDSA', state: 'active', activatedAt: T0 + 60 });
    expect(ring.signingKey()).toMatchObject({ kid: eddsa, alg: 'EdDSA' });
    expect(ring.get(previous)!.record.state).toBe('retiring');
    // the older key is still pending, still published, and now the next one; nothing new was generated
    expect(kidsIn('pending')).toEqual([older]);
    expect(ring.next()?.kid).toBe(older);
    expect(ring.list().filter((k) => ring.laneOf(k.alg) === 'access')).toHaveLength(3);
    expectRingInvariants();
  });

  it('rotate without a kid promotes the next key', async () => {
    const { older, eddsa } = await olderEs256AndNewerEdDsa();
    expect(await ring.rotate('admin')).toMatchObject({ kid: older, state: 'active' });
    expect(kidsIn('pending')).toEqual([eddsa]);
    expectRingInvariants();
  });

  it('generates a successor, in the settings’ algorithm, only when the rotation used the last pending key', async () => {
    await g.settings.update({ signingAlg: 'EdDSA' }, 'admin');
    const only = kidsIn('pending')[0]!;
    await ring.rotate('admin', only);
    const [successor] = kidsIn('pending');
    expect(kidsIn('pending')).toHaveLength(1);
    expect(successor).not.toBe(only);
    expect(ring.get(successor!)!.record.alg).toBe('EdDSA');
    expectRingInvariants();
  });

  it('with RS256 in the settings, the id lane’s key signs access tokens too, and the access lane gets no successor', async () => {
    await g.settings.update({ signingAlg: 'RS256' }, 'admin');
    expect(ring.signingKey()).toMatchObject({ alg: 'RS256', kid: kidsIn('active', 'id')[0] });
    expect(ring.usesOf(ring.get(kidsIn('active', 'id')[0]!)!.record)).toEqual(['access', 'id']);
    await ring.rotate('admin', kidsIn('pending')[0]);
    expect(kidsIn('pending')).toEqual([]);
    expect(ring.signingKey().alg).toBe('RS256');
  });

  it('pending keys do not pile up over many rotations', async () => {
    for (let i = 0; i < 20; i++) {
      await ring.rotate('admin', i % 2 ? kidsIn('pending')[0] : undefined);
      expect(kidsIn('pending')).toHaveLength(1);
      expectRingInvariants();
      fx.clock.advance(1);
    }
    // extra keys are used up before any new one is generated
    await ring.generate('EdDSA', 'admin');
    await ring.generate('ES256', 'admin');
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      await ring.rotate('admin');
      counts.push(kidsIn('pending').length);
      expectRingInvariants();
    }
    expect(counts).toEqual([2, 1, 1, 1, 1]);
    const live = ring.list().filter((k) => k.state !== 'retiring' && k.state !== 'retired');
    expect(live.filter((k) => ring.laneOf(k.alg) === 'access')).toHaveLength(2);
  });

  it('a scheduled key is the next one; scheduling another moves the schedule; tick promotes it', async () => {
    const { older, eddsa } = await olderEs256AndNewerEdDsa();
    expect(await ring.schedule(T0 + 600, 'admin', eddsa)).toMatchObject({ kid: eddsa, activatesAt: T0 + 600 });
    expect(ring.next()?.kid).toBe(eddsa);
    // the ring keeps one scheduled rotation: scheduling the older key clears the EdDSA key's time
    await ring.schedule(T0 + 300, 'admin', older);
    expect(ring.get(eddsa)!.record.activatesAt).toBeNull();
    expect(ring.next()?.kid).toBe(older);
    // without a kid, the schedule applies to the next key (the scheduled one): clearing it
    expect(await ring.schedule(null, 'admin')).toMatchObject({ kid: older, activatesAt: null });
    expect(ring.next()?.kid).toBe(older);

    await ring.schedule(T0 + 600, 'admin', eddsa);
    fx.clock.set(T0 + 600);
    await ring.tick(0);
    expect(ring.signingKey().kid).toBe(eddsa);
    expect(kidsIn('pending')).toEqual([older]);
    expectRingInvariants();
  });

  it('KeyView marks exactly the next key, and follows the schedule', async () => {
    const admin = new AdminService({
      gatehouse: g,
      authUrl: () => 'http://127.0.0.1',
      mode: 'headless',
      version: 'test',
    });
    const { older, eddsa } = await olderEs256AndNewerEdDsa();
    const nextKids = async () => {
      const listed = await admin.handle('keys.list', undefined);
      if (!listed.ok) throw new Error(listed.error.message);
      // one next key per lane: the access tokens' lane here, the RS256 lane checked below
      return listed.value.filter((k) => k.next && k.uses.includes('access')).map((k) => k.kid);
    };
    expect(await nextKids()).toEqual([older]);
    const listed = await admin.handle('keys.list', undefined);
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.filter((k) => k.next && k.uses.includes('id')).map((k) => k.kid)).toEqual([
      ring.next('id')!.kid,
    ]);
    expect(await admin.handle('keys.schedule', { at: T0 + 3600, kid: eddsa })).toMatchObject({
      ok: true,
      value: { kid: eddsa, next: true },
    });
    expect(await nextKids()).toEqual([eddsa]);
    expect(await admin.handle('keys.rotate', { kid: eddsa })).toMatchObject({
      ok: true,
      value: { kid: eddsa, state: 'active', next: false },
    });
    expect(await nextKids()).toEqual([older]);
  });

  it('refuses an unknown kid (not_found) and a key that is not pending (invalid_state), changing nothing', async () => {
    const admin = new AdminService({
      gatehouse: g,
      authUrl: () => 'http://127.0.0.1',
      mode: 'headless',
      version: 'test',
    });
    const active = ring.signingKey().kid;
    await ring.rotate('admin');
    const retiring = active;
    const nowActive = ring.signingKey().kid;
    const revoked = (await ring.generate('ES256', 'admin')).kid;
    await ring.revoke(revoked, 'admin', 'test');
    const before = ring.list();

    expect(await admin.handle('keys.rotate', { kid: 'no-such-kid' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'no key no-such-kid' },
    });
    for (const [kid, state] of [
      [nowActive, 'active'],
      [retiring, 'retiring'],
      [revoked, 'revoked'],
    ] as const) {
      expect(await admin.handle('keys.rotate', { kid })).toEqual({
        ok: false,
        error: {
          code: 'invalid_state',
          message: `${kid} is ${state}: only a pending key can be promoted (generate or import a new key instead)`,
        },
      });
      expect(await admin.handle('keys.schedule', { at: T0 + 60, kid })).toMatchObject({
        ok: false,
        error: { code: 'invalid_state', message: expect.stringContaining('only a pending key can be scheduled') },
      });
    }
    expect(await admin.handle('keys.schedule', { at: T0 + 60, kid: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(ring.list()).toEqual(before);
    expect(ring.signingKey().kid).toBe(nowActive);
  });

  it('revoking one of two pending keys generates nothing; revoking the last one publishes a successor', async () => {
    const { older, eddsa } = await olderEs256AndNewerEdDsa();
    await ring.revoke(older, 'admin', 'test');
    expect(kidsIn('pending')).toEqual([eddsa]);
    await ring.revoke(eddsa, 'admin', 'test');
    expect(kidsIn('pending')).toHaveLength(1);
    expect(kidsIn('pending')[0]).not.toBe(eddsa);
    expectRingInvariants();
  });

  it('impact of the active key says how many live tokens it signed and when it could retire if rotated now', async () => {
    const admin = new AdminService({
      gatehouse: g,
      authUrl: () => 'http://127.0.0.1',
      mode: 'headless',
      version: 'test',
    });
    const user = await addUser(g, 'gina');
    await g.sessions.startSession(user, CLIENT, 'admin');
    const active = ring.signingKey().kid;
    expect(await admin.handle('keys.impact', { kid: active })).toMatchObject({
      ok: true,
      value: { kid: active, state: 'active', liveTokens: 1, sessions: 1, safeRetireIfRotatedNow: T0 + horizon() },
    });
    expect(await admin.handle('keys.impact', { kid: kidsIn('pending')[0]! })).toMatchObject({
      ok: true,
      value: { state: 'pending', safeRetireIfRotatedNow: null },
    });
  });
});

describe('KeyRing emergency revoke', () => {
  it('revoking the active key promotes the published successor at once and destroys the private key', async () => {
    const user = await addUser(g, 'erin');
    const { access } = await g.sessions.startSession(user, CLIENT, 'admin');
    const active = ring.signingKey().kid;
    const successor = kidsIn('pending')[0]!;
    expect(await ring.revoke(active, 'admin', 'leaked')).toMatchObject({
      kid: active,
      state: 'revoked',
      revokedAt: T0,
    });
    expect(ring.signingKey().kid).toBe(successor);
    expect((await stored(active)).sealedPrivateKey).toBeNull();
    expect(await g.verifier.verify(access.token)).toMatchObject({ ok: false, code: 'key_revoked' });
    expectRingInvariants();
    await expect(ring.revoke(active, 'admin', 'again')).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('revoking the pending key publishes a fresh successor', async () => {
    const pending = kidsIn('pending')[0]!;
    await ring.revoke(pending, 'admin', 'test');
    expect(kidsIn('pending')).toHaveLength(1);
    expect(kidsIn('pending')[0]).not.toBe(pending);
    expectRingInvariants();
  });
});

describe('KeyRing import', () => {
  it('imports a PKCS#8 PEM and a SEC1 PEM for ES256 as pending, published keys', async () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    for (const pem of [key.export({ type: 'pkcs8', format: 'pem' }), key.export({ type: 'sec1', format: 'pem' })]) {
      const record = await ring.import(pem.toString(), 'ES256', 'admin');
      expect(record).toMatchObject({ alg: 'ES256', state: 'pending' });
      const jwk = key.export({ format: 'jwk' });
      expect(JSON.parse(record.publicJwk)).toMatchObject({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });
      expect(JSON.parse(record.publicJwk)).not.toHaveProperty('d');
      expect(published()).toContain(record.kid);
    }
  });

  it('imports an Ed25519 JWK that then signs tokens the verifier accepts', async () => {
    const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    fx.clock.advance(10);
    const record = await ring.import(jwk as Record<string, unknown>, 'EdDSA', 'admin');
    expect(record).toMatchObject({ alg: 'EdDSA', state: 'pending' });
    expect(ring.verifyingAlgs()).toEqual(new Set(['ES256', 'RS256', 'EdDSA']));
    // make the imported key the oldest pending one, then rotate onto it
    fx.clock.advance(10);
    await ring.revoke(
      kidsIn('pending').find((k) => k !== record.kid)!,
      'admin',
      'make way',
    );
    await ring.rotate('admin');
    expect(ring.signingKey()).toMatchObject({ kid: record.kid, alg: 'EdDSA' });
    const { access } = await g.sessions.startSession(await addUser(g, 'frank'), CLIENT, 'admin');
    expect(await g.verifier.verify(access.token)).toMatchObject({ ok: true, alg: 'EdDSA', kid: record.kid });
  });

  it.each([
    {
      name: 'an RSA 1024 key for RS256',
      alg: 'RS256' as const,
      material: () =>
        generateKeyPairSync('rsa', { modulusLength: 1024 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
    },
    {
      name: 'a P-384 key for ES256',
      alg: 'ES256' as const,
      material: () =>
        generateKeyPairSync('ec', { namedCurve: 'P-384' })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
    },
    {
      name: 'an Ed25519 key for ES256',
      alg: 'ES256' as const,
      material: () => generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) as Record<string, unknown>,
    },
    {
      name: 'a P-256 key for RS256',
      alg: 'RS256' as const,
      material: () =>
        generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as Record<
          string,
          unknown
        >,
    },
    {
      name: 'a public key only',
      alg: 'ES256' as const,
      material: () =>
        generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
    {
      name: 'a public JWK only',
      alg: 'ES256' as const,
      material: () =>
        generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as Record<
          string,
          unknown
        >,
    },
    {
      name: 'an HMAC secret JWK',
      alg: 'ES256' as const,
      material: () => ({ kty: 'oct', k: 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0' }),
    },
    {
      name: 'garbage',
      alg: 'ES256' as const,
      material: () => '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----',
    },
  ])('refuses $name with key_import_failed, adding nothing', async ({ alg, material }) => {
    const before = ring.list().length;
    await expect(ring.import(material(), alg, 'admin')).rejects.toMatchObject({
      name: 'AuthError',
      code: 'key_import_failed',
    });
    expect(ring.list()).toHaveLength(before);
    expect(await g.store.listKeys()).toHaveLength(before);
  });
});

describe('private keys at rest', () => {
  it('stores only sealed private keys: neither the PKCS#8 DER nor the raw scalar appears in the record or the database files', async () => {
    const { kid, privateKey } = ring.signingKey();
    const der = privateKey.export({ type: 'pkcs8', format: 'der' });
    const scalar = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
    const sealed = Buffer.from((await stored(kid)).sealedPrivateKey!);
    expect(sealed.length).toBeGreaterThan(29);
    expect(sealed.includes(der)).toBe(false);
    expect(sealed.includes(scalar)).toBe(false);
    for (const file of ['gatehouse.db', 'gatehouse.db-wal']) {
      const p = path.join(fx.dir, file);
      if (!fs.existsSync(p)) continue;
      const bytes = fs.readFileSync(p);
      expect(bytes.includes(scalar)).toBe(false);
      expect(bytes.includes(der)).toBe(false);
    }
  });

  it('retired and revoked keys keep no sealed private key', async () => {
    const first = ring.signingKey().kid;
    await ring.rotate('admin');
    await ring.revoke(kidsIn('pending')[0]!, 'admin', 'test');
    fx.clock.advance(horizon());
    await ring.retire(first, 'admin');
    const keys = await g.store.listKeys();
    expect(keys.some((k) => k.state === 'retired')).toBe(true);
    expect(keys.some((k) => k.state === 'revoked')).toBe(true);
    for (const k of keys) expect(k.sealedPrivateKey === null).toBe(k.state === 'retired' || k.state === 'revoked');
  });

  it('reopens with the same key after a restart', async () => {
    const kid = ring.signingKey().kid;
    await g.close();
    const again = await openGatehouse({ dataDir: fx.dir, clock: fx.clock });
    try {
      expect(again.ring.signingKey().kid).toBe(kid);
      expect(again.ring.list()).toEqual(ring.list());
      fx.gatehouse = again;
    } catch (err) {
      await again.close();
      throw err;
    }
  });

  it.each([
    {
      name: 'a flipped ciphertext byte',
      tamper: (sealed: Uint8Array) => Buffer.from(sealed).map((b, i, all) => (i === all.length - 1 ? b ^ 1 : b)),
    },
    {
      name: 'a flipped tag byte',
      tamper: (sealed: Uint8Array) => Buffer.from(sealed).map((b, i) => (i === 15 ? b ^ 0x80 : b)),
    },
    { name: 'a truncated blob', tamper: (sealed: Uint8Array) => Buffer.from(sealed).subarray(0, 20) },
  ])('refuses to load a ring whose active sealed key has $name', async ({ tamper }) => {
    const record = await stored(ring.signingKey().kid);
    await g.store.putKey({ ...record, sealedPrivateKey: tamper(record.sealedPrivateKey!) });
    await g.close();
    await expect(openGatehouse({ dataDir: fx.dir, clock: fx.clock })).rejects.toThrow();
    fx.gatehouse = await reopenRestoring(record);
  });

  it("refuses a sealed key moved onto another key's record (the kid is bound as AAD)", async () => {
    const active = await stored(ring.signingKey().kid);
    const pending = await stored(kidsIn('pending')[0]!);
    await g.store.putKey({ ...active, sealedPrivateKey: pending.sealedPrivateKey });
    await g.close();
    await expect(openGatehouse({ dataDir: fx.dir, clock: fx.clock })).rejects.toThrow();
    fx.gatehouse = await reopenRestoring(active);
  });
});

/** Puts the original record back through a raw store, so the fixture can close normally. */
async function reopenRestoring(record: KeyRecord): Promise<Gatehouse> {
  const store = openSqliteStore(path.join(fx.dir, 'gatehouse.db'));
  await store.putKey(record);
  await store.close();
  return openGatehouse({ dataDir: fx.dir, clock: fx.clock });
}

describe('KeyRing: the id_token lane (RS256) beside the access tokens’ algorithm', () => {
  it('starts with an active RS256 key and its published successor next to the ES256 ones', () => {
    expect(kidsIn('active', 'id')).toHaveLength(1);
    expect(kidsIn('pending', 'id')).toHaveLength(1);
    expect(ring.signingKey().alg).toBe('ES256');
    expect(ring.signingKeyFor('RS256')).toMatchObject({ kid: kidsIn('active', 'id')[0], alg: 'RS256' });
    expect(ring.signableAlgs()).toEqual(['RS256', 'ES256']);
    expect(
      ring
        .jwks()
        .keys.map((k) => k.alg)
        .sort(),
    ).toEqual(['ES256', 'ES256', 'RS256', 'RS256']);
    expectRingInvariants();
  });

  it('rotates, schedules and retires the RS256 lane by the same rules, leaving the access key alone', async () => {
    const access = ring.signingKey().kid;
    const old = kidsIn('active', 'id')[0]!;
    const next = kidsIn('pending', 'id')[0]!;
    await ring.schedule(T0 + 10, 'admin', next);
    fx.clock.set(T0 + 10);
    await ring.tick(0);
    expect(ring.signingKeyFor('RS256')?.kid).toBe(next);
    expect(ring.get(old)!.record.state).toBe('retiring');
    expect(ring.signingKey().kid).toBe(access);
    expectRingInvariants();
    fx.clock.advance(horizon());
    await ring.tick(0);
    expect(ring.get(old)!.record.state).toBe('retired');
    expectRingInvariants();
  });

  it('rotates each lane automatically once its active key is older than the interval', async () => {
    const access = ring.signingKey().kid;
    const id = kidsIn('active', 'id')[0]!;
    fx.clock.advance(3600);
    await ring.tick(3600);
    expect(ring.signingKey().kid).not.toBe(access);
    expect(ring.signingKeyFor('RS256')?.kid).not.toBe(id);
    expectRingInvariants();
  });

  it('revoking the active RS256 key promotes its RS256 successor and never touches the access key', async () => {
    const access = ring.signingKey().kid;
    const old = kidsIn('active', 'id')[0]!;
    const next = kidsIn('pending', 'id')[0]!;
    await ring.revoke(old, 'admin', 'leaked');
    expect(ring.signingKeyFor('RS256')?.kid).toBe(next);
    expect(ring.signingKey().kid).toBe(access);
    expect(published()).not.toContain(old);
    expect((await stored(old)).sealedPrivateKey).toBeNull();
    expectRingInvariants();
  });

  it('gives an older data folder (an ES256 ring only) its RS256 lane when opened', async () => {
    const records = ring.list().filter((k) => k.alg !== 'RS256');
    const store = { ...g.store, listKeys: async () => records, putKey: async () => {} } as typeof g.store;
    const { KeyRing: Ring } = await import('../../src/main/auth/key-ring');
    const reopened = new Ring({
      store,
      sealer: g.ring['sealer'],
      clock: fx.clock,
      audit: g.audit,
      bus: g.bus,
      tokenHorizon: horizon,
      preferredAlg: () => 'ES256',
    });
    await reopened.load();
    expect(reopened.signingKey().kid).toBe(ring.signingKey().kid);
    expect(reopened.signingKeyFor('RS256')).toBeDefined();
    expect(
      reopened
        .list()
        .filter((k) => k.alg === 'RS256')
        .map((k) => k.state)
        .sort(),
    ).toEqual(['active', 'pending']);
  });
});

describe('KeyRing opened with its successors made in the background', () => {
  interface Put {
    kid: string;
    alg: string;
    state: KeyRecord['state'];
    afterClose: boolean;
  }
  /** A fresh folder's Gatehouse (successors in the background) whose key writes are recorded; `failPending` refuses pending keys past the first `n`. */
  async function openBackground(failPendingAfter = Infinity) {
    const puts: Put[] = [];
    let pendingPuts = 0;
    let storeClosed = false;
    const dir = fs.mkdtempSync(path.join(fx.dir, 'background-'));
    const gatehouse = await openGatehouse({
      dataDir: dir,
      clock: fx.clock,
      successors: 'background',
      wrapStore: (store) =>
        new Proxy(store, {
          get(target, prop, receiver) {
            if (prop === 'putKey')
              return async (record: KeyRecord) => {
                if (record.state === 'pending' && ++pendingPuts > failPendingAfter) throw new Error('disk full');
                puts.push({ kid: record.kid, alg: record.alg, state: record.state, afterClose: storeClosed });
                return target.putKey(record);
              };
            if (prop === 'close')
              return async () => {
                storeClosed = true;
                return target.close();
              };
            const value = Reflect.get(target, prop, receiver) as unknown;
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
          },
        }),
    });
    const lanePending = (lane: 'access' | 'id') =>
      gatehouse.ring.list().filter((k) => k.state === 'pending' && gatehouse.ring.laneOf(k.alg) === lane);
    return { gatehouse, puts, lanePending, allowPending: () => (failPendingAfter = Infinity) };
  }

  it('answers with an active key in each lane, then publishes each lane’s successor', async () => {
    const { gatehouse: bg, lanePending } = await openBackground();
    try {
      const jwks = bg.ring.jwks().keys.map((k) => k.kid);
      expect(jwks).toContain(bg.ring.signingKey().kid);
      expect(jwks).toContain(bg.ring.signingKeyFor('RS256')!.kid);
      await bg.ring.settled();
      for (const lane of ['access', 'id'] as const) {
        expect(lanePending(lane)).toHaveLength(1);
        expect(bg.ring.jwks().keys.map((k) => k.kid)).toContain(lanePending(lane)[0]!.kid);
      }
    } finally {
      await bg.close();
    }
  });

  it('a rotation right after start promotes the successor being made, saved as pending first, and piles up none', async () => {
    const { gatehouse: bg, puts, lanePending } = await openBackground();
    try {
      const rotated = await bg.ring.rotate('admin', undefined, 'id');
      const states = puts.filter((p) => p.kid === rotated.kid).map((p) => p.state);
      expect(states).toEqual(['pending', 'active']);
      await bg.ring.settled();
      expect(lanePending('id')).toHaveLength(1);
      expect(bg.ring.list().filter((k) => k.alg === 'RS256')).toHaveLength(3); // retiring, active, pending
    } finally {
      await bg.close();
    }
  });

  it('logs a failed successor; a rotation that finds none generates one then, and the next tick fills the other lane', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    // the two active keys are saved; both successors fail
    const { gatehouse: bg, lanePending, allowPending } = await openBackground(2);
    try {
      await bg.ring.settled();
      expect(errors).toHaveBeenCalledWith(
        expect.stringContaining('generating the next signing key failed'),
        expect.any(Error),
      );
      expect([...lanePending('access'), ...lanePending('id')]).toEqual([]);
      allowPending();
      const before = bg.ring.signingKeyFor('RS256')!.kid;
      const rotated = await bg.ring.rotate('admin', undefined, 'id');
      expect(rotated.kid).not.toBe(before);
      expect(bg.ring.signingKeyFor('RS256')!.kid).toBe(rotated.kid);
      expect(lanePending('id')).toHaveLength(1);
      await bg.ring.tick(0);
      expect(lanePending('access')).toHaveLength(1);
    } finally {
      errors.mockRestore();
      await bg.close();
    }
  });

  it('close() during generation waits for it: the successor is saved before the store closes, nothing after', async () => {
    const { gatehouse: bg, puts } = await openBackground();
    await bg.close();
    await bg.ring.settled();
    expect(puts.filter((p) => p.afterClose)).toEqual([]);
    expect(puts.filter((p) => p.state === 'active')).toHaveLength(2);
    // each lane's successor was made and saved, even when close() came while it was being made
    expect(puts.filter((p) => p.state === 'pending')).toHaveLength(4);
  });
});

describe('KeyRing with an injected key source (makeKey)', () => {
  it('signs with the keys the source made from the first start, and asks it for every later key too', async () => {
    const made: { alg: string; publicJwk: string }[] = [];
    const makeKey: KeySource = async (alg) => {
      const key = await generatePrivateKeyAsync(alg);
      made.push({ alg, publicJwk: JSON.stringify(createPublicKey(key).export({ format: 'jwk' })) });
      return key;
    };
    const dir = fs.mkdtempSync(path.join(fx.dir, 'injected-'));
    const gatehouse = await openGatehouse({ dataDir: dir, clock: fx.clock, makeKey });
    try {
      const jwkOf = (kid: string) => gatehouse.ring.list().find((k) => k.kid === kid)!.publicJwk;
      const fromSource = made.map((m) => m.publicJwk);
      // two lanes, each an active key and its successor: all four from the source
      expect(made.map((m) => m.alg).sort()).toEqual(['ES256', 'ES256', 'RS256', 'RS256']);
      expect(fromSource).toContain(jwkOf(gatehouse.ring.signingKey().kid));
      expect(fromSource).toContain(jwkOf(gatehouse.ring.signingKeyFor('RS256')!.kid));
      for (const key of gatehouse.ring.list()) expect(fromSource).toContain(key.publicJwk);
      await gatehouse.ring.rotate('admin', undefined, 'id');
      expect(made).toHaveLength(5);
      expect(made[4]!.alg).toBe('RS256');
      const generated = await gatehouse.ring.generate('ES256', 'admin');
      expect(made[5]!.publicJwk).toBe(generated.publicJwk);
    } finally {
      await gatehouse.close();
    }
  });
});
