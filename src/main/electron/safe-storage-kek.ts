/**
 * The desktop app's key-encryption key (docs/ARCHITECTURE.md "Where a key rotates"): 32 random bytes kept in
 * `kek.safe`, wrapped by Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet). Where
 * safeStorage cannot protect it, the headless 0600 key file is used instead, and the log says so:
 * never a silent downgrade. No runtime `electron` import: safeStorage is passed in.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { kekFile, type KekSource } from '../auth/key-seal';

/** The part of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only; 'basic_text' means a hard-coded password, i.e. no protection. */
  getSelectedStorageBackend?(): string;
}

export interface DesktopKek {
  kek: Uint8Array;
  protectedBy: 'safeStorage' | 'key-file';
}

export const SAFE_KEK_FILE = 'kek.safe';
export const PLAIN_KEK_FILE = 'kek.key';

/** Why safeStorage cannot protect the KEK here, or null when it can. */
export function safeStorageProblem(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): string | null {
  if (!safeStorage.isEncryptionAvailable()) return 'safeStorage encryption is not available';
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text')
    return 'no keyring (libsecret/kwallet) is running, so safeStorage would only obfuscate';
  return null;
}

/** The desktop KEK's source, and what protects it. */
export interface DesktopKekSource extends KekSource {
  readonly protectedBy: DesktopKek['protectedBy'];
}

/**
 * Where the desktop KEK is, without touching it yet: `load` throws rather than let a second KEK
 * be minted when `kek.safe` exists but cannot be opened (a new KEK would orphan every sealed
 * signing key), and moves a `kek.key` left from a start without a keyring under safeStorage once
 * it is available. `create` is for a store without sealed keys only (the caller decides).
 */
export function desktopKekSource(
  dataDir: string,
  safeStorage: SafeStorageLike,
  log: (line: string) => void,
  platform: NodeJS.Platform = process.platform,
): DesktopKekSource {
  const safeFile = path.join(dataDir, SAFE_KEK_FILE);
  const plainFile = path.join(dataDir, PLAIN_KEK_FILE);
  const plain = kekFile(plainFile);
  const problem = safeStorageProblem(safeStorage, platform);

  if (fs.existsSync(safeFile)) {
    return {
      name: safeFile,
      remedy: `restore ${safeFile} from a backup made under this OS account (its keyring wraps the key)`,
      protectedBy: 'safeStorage',
      load() {
        if (problem)
          throw new Error(`${safeFile} is sealed by safeStorage, but ${problem}; unlock the keyring and start again`);
        return unwrap(safeStorage, fs.readFileSync(safeFile), safeFile);
      },
      create() {
        throw new Error(`${safeFile} exists: it is never replaced by a new key`);
      },
    };
  }
  if (problem) {
    return {
      name: plainFile,
      remedy: plain.remedy,
      protectedBy: 'key-file',
      load() {
        log(`gatehouse: ${problem}; signing keys are sealed with the 0600 key file ${plainFile} instead`);
        return plain.load();
      },
      create: () => plain.create(),
    };
  }

  const wrapAndSave = (kek: Uint8Array) => {
    const wrapped = safeStorage.encryptString(Buffer.from(kek).toString('base64'));
    // prove the round trip before the only other copy is deleted
    unwrap(safeStorage, wrapped, safeFile);
    fs.writeFileSync(safeFile, wrapped, { mode: 0o600, flag: 'wx' });
  };
  return {
    name: fs.existsSync(plainFile) ? plainFile : safeFile,
    remedy: `restore ${safeFile} (or the ${plainFile} it replaced) from a backup`,
    protectedBy: 'safeStorage',
    load() {
      const existing = plain.load();
      if (!existing) return null;
      wrapAndSave(existing);
      fs.rmSync(plainFile);
      log(`gatehouse: moved the key-encryption key from ${plainFile} under safeStorage`);
      return existing;
    },
    create() {
      const kek = randomBytes(32);
      wrapAndSave(kek);
      return kek;
    },
  };
}

/** Loads the KEK, creating it on first use (see `desktopKekSource`). */
export function loadDesktopKek(
  dataDir: string,
  safeStorage: SafeStorageLike,
  log: (line: string) => void,
  platform: NodeJS.Platform = process.platform,
): DesktopKek {
  const source = desktopKekSource(dataDir, safeStorage, log, platform);
  return { kek: source.load() ?? source.create(), protectedBy: source.protectedBy };
}

function unwrap(safeStorage: SafeStorageLike, wrapped: Buffer, file: string): Uint8Array {
  const kek = Buffer.from(safeStorage.decryptString(wrapped), 'base64');
  if (kek.length !== 32) throw new Error(`${file}: expected a 32-byte key, found ${kek.length} bytes`);
  return kek;
}
