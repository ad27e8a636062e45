import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../src/main/auth/clock';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { generatePrivateKeyAsync, type KeySource } from '../../src/main/auth/key-ring';
import { startAuthServer, type AuthServer } from '../../src/main/http/auth-server';
import { openGatehouse } from '../../src/main/runtime/open-gatehouse';
import { T0 } from '../support/gatehouse-fixture';

/** RS256 keys wait for `release()`; `failFirst` makes the first one fail instead. */
function heldRsaKeys(failFirst = false) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let rsaKeys = 0;
  const makeKey: KeySource = async (alg) => {
    if (alg !== 'RS256') return generatePrivateKeyAsync(alg);
    await released;
    if (failFirst && rsaKeys++ === 0) throw new Error('no entropy today');
    return generatePrivateKeyAsync(alg);
  };
  return { makeKey, release };
}

const opened: { dir: string; gatehouse: Gatehouse; server?: AuthServer }[] = [];
afterEach(async () => {
  for (const { dir, gatehouse, server } of opened.splice(0)) {
    await server?.close();
    await gatehouse.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function openIdLaneInBackground(makeKey: KeySource): Promise<Gatehouse> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-id-lane-'));
  const gatehouse = await openGatehouse({
    dataDir: dir,
    clock: new FixedClock(T0),
    successors: 'background',
    idLane: 'background',
    makeKey,
  });
  opened.push({ dir, gatehouse });
  return gatehouse;
}

const rsaKeyStates = (g: Gatehouse) =>
  g.ring
    .list()
    .filter((k) => k.alg === 'RS256')
    .map((k) => `${k.state}`)
    .sort();

describe('KeyRing.load with idLane: background (a test instance answering before its RSA key is made)', () => {
  it('returns once access tokens can be signed; the id_token key follows, counted signable meanwhile', async () => {
    const { makeKey, release } = heldRsaKeys();
    const g = await openIdLaneInBackground(makeKey);
    expect(g.ring.signingKey().alg).toBe('ES256');
    expect(g.ring.signingKeyFor('RS256')).toBeUndefined();
    expect(g.ring.jwks().keys.map((k) => k.alg)).not.toContain('RS256');
    expect(g.ring.isReady()).toBe(false);
    expect(g.ring.signableAlgs()).toContain('RS256'); // a client registered meanwhile is not refused
    release();
    await g.ring.ready();
    expect(g.ring.isReady()).toBe(true);
    const idKey = g.ring.signingKeyFor('RS256')!;
    expect(g.ring.jwks().keys.map((k) => k.kid)).toContain(idKey.kid);
    expect(g.ring.signingKey().alg).toBe('ES256'); // the id lane's key does not take over access tokens
    await g.ring.settled();
    expect(rsaKeyStates(g)).toEqual(['active', 'pending']);
  });

  it('a maintenance tick while the id_token key is being made waits for it and makes no second one', async () => {
    const { makeKey, release } = heldRsaKeys();
    const g = await openIdLaneInBackground(makeKey);
    const tick = g.ring.tick(0);
    release();
    await tick;
    await g.ring.settled();
    expect(rsaKeyStates(g)).toEqual(['active', 'pending']);
  });

  it('logs an id_token key that failed, is ready without it, and the next tick makes it', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const { makeKey, release } = heldRsaKeys(true);
      const g = await openIdLaneInBackground(makeKey);
      release();
      await g.ring.ready();
      expect(errors).toHaveBeenCalledWith(
        expect.stringContaining('generating the id_token signing key failed'),
        expect.any(Error),
      );
      expect(g.ring.isReady()).toBe(true);
      expect(g.ring.signingKeyFor('RS256')).toBeUndefined();
      await g.ring.tick(0);
      expect(g.ring.signingKeyFor('RS256')).toBeDefined();
    } finally {
      errors.mockRestore();
    }
  });

  it('the auth server holds a request that arrives before the id_token key, then answers with it in the JWKS', async () => {
    const { makeKey, release } = heldRsaKeys();
    const g = await openIdLaneInBackground(makeKey);
    const server = await startAuthServer(g, { port: 0 });
    opened[opened.length - 1]!.server = server;
    g.settings.setIssuer(server.url);
    const arrived = new Promise((resolve) => server.app.server.once('request', resolve));
    const answer = fetch(`${server.url}/.well-known/jwks.json`);
    await arrived;
    expect(g.ring.isReady()).toBe(false);
    release();
    const jwks = (await (await answer).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(g.ring.signingKeyFor('RS256')!.kid);
  });
});
