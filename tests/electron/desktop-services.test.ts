import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDesktopServices } from '../../src/main/electron/desktop-services';
import {
  loadDesktopKek,
  PLAIN_KEK_FILE,
  SAFE_KEK_FILE,
  type SafeStorageLike,
} from '../../src/main/electron/safe-storage-kek';
import { CLIENT_SECRET, DEMO_PASSWORD, makeTempDir } from '../support/gatehouse-fixture';

/** Stands in for the OS keyring: reversible, but not the identity, so a plain copy would show. */
function fakeSafeStorage(opts: { available?: boolean; backend?: string } = {}): SafeStorageLike & { calls: number } {
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    calls: 0,
    isEncryptionAvailable: () => opts.available ?? true,
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
    encryptString(text) {
      this.calls++;
      return Buffer.concat([Buffer.from('v11'), flip(Buffer.from(text, 'utf8'))]);
    },
    decryptString(buf) {
      if (buf.subarray(0, 3).toString() !== 'v11')
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return flip(buf.subarray(3)).toString('utf8');
    },
  };
}

/** Each lane's active key (access tokens, id_tokens), as the admin API lists them. */
async function activeKidsOf(services: Awaited<ReturnType<typeof startDesktopServices>>): Promise<string[]> {
  const keys = await services.admin.handle('keys.list', {});
  if (!keys.ok) throw new Error('keys.list failed');
  return keys.value
    .filter((k) => k.state === 'active')
    .map((k) => `${k.lane}:${k.kid}`)
    .sort();
}

const dirs: string[] = [];
const tempDir = () => {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('loadDesktopKek', () => {
  it('wraps a new KEK with safeStorage and opens the same one again', () => {
    const dir = tempDir();
    const lines: string[] = [];
    const first = loadDesktopKek(dir, fakeSafeStorage(), (l) => lines.push(l), 'linux');
    expect(first.protectedBy).toBe('safeStorage');
    expect(first.kek).toHaveLength(32);
    const stored = fs.readFileSync(path.join(dir, SAFE_KEK_FILE));
    expect(stored.includes(Buffer.from(Buffer.from(first.kek).toString('base64')))).toBe(false);
    expect(fs.statSync(path.join(dir, SAFE_KEK_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dir, PLAIN_KEK_FILE))).toBe(false);
    expect(Buffer.from(loadDesktopKek(dir, fakeSafeStorage(), (l) => lines.push(l), 'linux').kek)).toEqual(
      Buffer.from(first.kek),
    );
    expect(lines).toEqual([]);
  });

  it('falls back to the 0600 key file, saying why in one line, when safeStorage is unavailable', () => {
    const dir = tempDir();
    const lines: string[] = [];
    const kek = loadDesktopKek(dir, fakeSafeStorage({ available: false }), (l) => lines.push(l), 'darwin');
    expect(kek.protectedBy).toBe('key-file');
    expect(lines).toEqual([
      expect.stringMatching(/^gatehouse: safeStorage encryption is not available; .*0600 key file/),
    ]);
    expect(fs.statSync(path.join(dir, PLAIN_KEK_FILE)).mode & 0o777).toBe(0o600);
  });

  it("treats Linux's basic_text backend (a hard-coded password) as no protection", () => {
    const dir = tempDir();
    const lines: string[] = [];
    const storage = fakeSafeStorage({ backend: 'basic_text' });
    expect(loadDesktopKek(dir, storage, (l) => lines.push(l), 'linux').protectedBy).toBe('key-file');
    expect(storage.calls).toBe(0);
    expect(lines[0]).toMatch(/no keyring/);
  });

  it('refuses to start rather than mint a second KEK when kek.safe cannot be opened', () => {
    const dir = tempDir();
    loadDesktopKek(dir, fakeSafeStorage(), () => {}, 'linux');
    expect(() => loadDesktopKek(dir, fakeSafeStorage({ available: false }), () => {}, 'linux')).toThrow(
      /sealed by safeStorage.*not available/,
    );
    expect(fs.existsSync(path.join(dir, PLAIN_KEK_FILE))).toBe(false);
  });

  it('moves a KEK from the key file under safeStorage once safeStorage works', () => {
    const dir = tempDir();
    const plain = loadDesktopKek(dir, fakeSafeStorage({ available: false }), () => {}, 'linux');
    const lines: string[] = [];
    const moved = loadDesktopKek(dir, fakeSafeStorage(), (l) => lines.push(l), 'linux');
    expect(Buffer.from(moved.kek)).toEqual(Buffer.from(plain.kek));
    expect(moved.protectedBy).toBe('safeStorage');
    expect(fs.existsSync(path.join(dir, PLAIN_KEK_FILE))).toBe(false);
    expect(lines).toEqual([expect.stringMatching(/moved the key-encryption key/)]);
  });
});

describe('startDesktopServices', () => {
  const env = {
    GATEHOUSE_AUTH_PORT: '0',
    GATEHOUSE_DEMO_PASSWORD: DEMO_PASSWORD,
    GATEHOUSE_CLIENT_SECRET: CLIENT_SECRET,
  };

  it('serves the auth server and the admin API over a safeStorage-sealed key ring, across restarts', async () => {
    const dir = tempDir();
    const lines: string[] = [];
    const first = await startDesktopServices({
      dataDir: dir,
      safeStorage: fakeSafeStorage(),
      version: '9.9.9',
      env,
      log: (l) => lines.push(l),
    });
    let activeKids: string[];
    try {
      expect(await first.admin.handle('system.info', {})).toMatchObject({
        ok: true,
        value: { mode: 'desktop', version: '9.9.9', authUrl: first.auth.url },
      });
      const login = await fetch(`${first.auth.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password: DEMO_PASSWORD }),
      });
      expect(login.status).toBe(200);
      activeKids = await activeKidsOf(first);
      expect(lines).toContain(`auth server: ${first.auth.url}`);
    } finally {
      await first.stop();
    }
    expect(fs.existsSync(path.join(dir, SAFE_KEK_FILE))).toBe(true);

    const second = await startDesktopServices({
      dataDir: dir,
      safeStorage: fakeSafeStorage(),
      version: '9.9.9',
      env,
      log: () => {},
    });
    try {
      // the same sealed ring: each lane's active key (access tokens, id_tokens) survived the restart
      expect(await activeKidsOf(second)).toEqual(activeKids);
      const sessions = await second.admin.handle('sessions.list', {});
      expect(sessions.ok && sessions.value.total).toBe(1);
    } finally {
      await second.stop();
    }
  });
});
