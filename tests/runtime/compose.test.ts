/** composeInstance: the one composition root of live, sandbox and (next) test instances. */
import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../src/main/auth/clock';
import { Gatehouse } from '../../src/main/auth/gatehouse';
import type { Passwords } from '../../src/main/auth/passwords';
import { composeInstance, type ComposeOptions } from '../../src/main/runtime/compose';
import { grantTestPowers, type TestPowers } from '../../src/main/runtime/test-powers';
import type { Store } from '../../src/main/store/store';
import { makeTempDir } from '../support/gatehouse-fixture';

/** No scrypt in these tests: the root passes whatever hashing it is given. */
const plainPasswords: Passwords = {
  hash: async (password) => `plain$${password}`,
  verify: async (password, stored) => stored === `plain$${password}`,
  refusal: () => null,
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function options<Seed = void>(extra: Partial<ComposeOptions<Seed>> = {}): ComposeOptions<Seed> {
  const dataDir = makeTempDir();
  dirs.push(dataDir);
  return {
    dataDir,
    env: {},
    passwords: plainPasswords,
    server: { host: '127.0.0.1', port: 0 },
    admin: { mode: 'headless', version: 'test' },
    ...extra,
  };
}

describe('composeInstance', () => {
  it('builds a running instance: seeded, listening, the issuer and own origins decided, the AdminApi answering', async () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    const instance = await composeInstance({
      ...options(),
      clock,
      seed: async (g) => {
        await g.users.createUser('carol', 'carol-password', ['user'], 'test');
        return 'seeded';
      },
      server: {
        host: '127.0.0.1',
        port: 0,
        extend: (app, g) => app.get('/composed', async () => (seen.push(g.settings.get().issuer), 'ok')),
      },
      ownOrigins: ['https://console.example.test'],
    });
    try {
      const { gatehouse: g, auth, admin } = instance;
      expect(instance.seeded).toBe('seeded');
      expect(g.passwords).toBe(plainPasswords);
      expect(g.clock).toBe(clock);
      expect(instance.virtualClock).toBe(clock);
      expect(g.settings.get().issuer).toBe(auth.url);
      expect(g.clients.ownOrigins.match(`${auth.url}/backchannel`)).toBe(new URL(auth.url).origin);
      expect(g.clients.ownOrigins.match('https://console.example.test/bc')).toBe('https://console.example.test');
      expect((await g.store.getUserByUsername('carol'))?.passwordHash).toBe('plain$carol-password');
      // the extension got this instance's Gatehouse (it reads the issuer decided after listening)
      expect(await (await fetch(`${auth.url}/composed`)).text()).toBe('ok');
      expect(seen).toEqual([auth.url]);
      const info = await admin.handle('system.info', {});
      expect(info).toMatchObject({ ok: true, value: { authUrl: auth.url, virtualClock: true, instance: 'live' } });
    } finally {
      await instance.close();
    }
  });

  it('takes the explicit issuer over the server URL, and gives no virtual clock on the real one', async () => {
    const instance = await composeInstance(options({ issuer: 'https://login.example.test' }));
    try {
      expect(instance.gatehouse.settings.get().issuer).toBe('https://login.example.test');
      const origins = instance.gatehouse.clients.ownOrigins;
      expect(origins.match('https://login.example.test/backchannel')).toBe('https://login.example.test');
      expect(instance.virtualClock).toBeUndefined();
      expect(await instance.admin.handle('clock.get', {})).toMatchObject({ ok: false });
    } finally {
      await instance.close();
    }
  });

  it('starts maintenance unless the caller drives tick() itself', async () => {
    const started = vi.spyOn(Gatehouse.prototype, 'startMaintenance');
    try {
      const driven = await composeInstance(options({ maintenance: false }));
      await driven.close();
      expect(started).not.toHaveBeenCalled();
      const timed = await composeInstance(options());
      await timed.close();
      expect(started).toHaveBeenCalledTimes(1);
    } finally {
      started.mockRestore();
    }
  });

  it('closes what it opened when a step fails: the data folder can be composed again', async () => {
    const opts = options();
    const failing = composeInstance({
      ...opts,
      seed: async () => {
        throw new Error('seed failed');
      },
    });
    await expect(failing).rejects.toThrow('seed failed');
    const again = await composeInstance(opts);
    await again.close();
  });

  it('applies test powers only when granted: a look-alike object is refused before anything opens', async () => {
    const wrapped: Store[] = [];
    const powers = grantTestPowers({
      wrapStore: (store) => {
        wrapped.push(store);
        return Object.create(store, { kind: { value: store.kind } }) as Store;
      },
    });
    const instance = await composeInstance({ ...options(), testPowers: powers });
    try {
      expect(wrapped).toHaveLength(1);
      expect(instance.gatehouse.store).not.toBe(wrapped[0]);
      expect(Object.getPrototypeOf(instance.gatehouse.store)).toBe(wrapped[0]);
    } finally {
      await instance.close();
    }

    const forged = { wrapStore: (store: Store) => store } as unknown as TestPowers;
    const opts = options();
    await expect(composeInstance({ ...opts, testPowers: forged })).rejects.toThrow(/grantTestPowers/);
    expect(fs.readdirSync(opts.dataDir)).toEqual([]);
  });

  it('gives an instance the minter (logins and tokens by name) only with the granted mint power', async () => {
    const plain = await composeInstance(options());
    try {
      expect(plain.minter).toBeUndefined();
    } finally {
      await plain.close();
    }
    const powered = await composeInstance({ ...options(), testPowers: grantTestPowers({ mint: true }) });
    try {
      const issued = await powered.minter!.issueToken({ sub: 'someone' });
      expect(issued.session_id).toEqual(expect.any(String));
    } finally {
      await powered.close();
    }
    const forged = { mint: true } as unknown as TestPowers;
    await expect(composeInstance({ ...options(), testPowers: forged })).rejects.toThrow(/grantTestPowers/);
  });
});
