/**
 * The desktop app's key-encryption key (DESIGN.md "Signing key ring"): 32 random bytes kept in
 * `kek.safe`, wrapped by Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet). Where
 * safeStorage cannot protect it, the headless 0600 key file is used instead, and the log says so:
 * never a silent downgrade. No runtime `electron` import: safeStorage is passed in.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadOrCreateKekFile } from '../auth/key-seal';

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
export function safeStorageProblem(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) return 'safeStorage encryption is not available';
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text')
    return 'no keyring (libsecret/kwallet) is running, so safeStorage would only obfuscate';
  return null;
}

/**
 * Loads the KEK, creating it on first use. Throws rather than mint a second KEK when `kek.safe`
 * exists but cannot be opened: a new KEK would orphan every sealed signing key.
 * A `kek.key` left from a start without a keyring is moved under safeStorage once it is available.
 */
export function loadDesktopKek(dataDir: string, safeStorage: SafeStorageLike, log: (line: string) => void, platform: NodeJS.Platform = process.platform): DesktopKek {
  const safeFile = path.join(dataDir, SAFE_KEK_FILE);
  const plainFile = path.join(dataDir, PLAIN_KEK_FILE);
  const problem = safeStorageProblem(safeStorage, platform);

  if (fs.existsSync(safeFile)) {
    if (problem) throw new Error(`${safeFile} is sealed by safeStorage, but ${problem}; unlock the keyring and start again`);
    return { kek: unwrap(safeStorage, fs.readFileSync(safeFile), safeFile), protectedBy: 'safeStorage' };
  }
  if (problem) {
    log(`gatehouse: ${problem}; signing keys are sealed with the 0600 key file ${plainFile} instead`);
    return { kek: loadOrCreateKekFile(plainFile), protectedBy: 'key-file' };
  }

  const existing = fs.existsSync(plainFile) ? loadOrCreateKekFile(plainFile) : null;
  const kek = existing ?? randomBytes(32);
  const wrapped = safeStorage.encryptString(Buffer.from(kek).toString('base64'));
  // prove the round trip before the only other copy is deleted
  unwrap(safeStorage, wrapped, safeFile);
  fs.writeFileSync(safeFile, wrapped, { mode: 0o600, flag: 'wx' });
  if (existing) {
    fs.rmSync(plainFile);
    log(`gatehouse: moved the key-encryption key from ${plainFile} under safeStorage`);
  }
  return { kek, protectedBy: 'safeStorage' };
}

function unwrap(safeStorage: SafeStorageLike, wrapped: Buffer, file: string): Uint8Array {
  const kek = Buffer.from(safeStorage.decryptString(wrapped), 'base64');
  if (kek.length !== 32) throw new Error(`${file}: expected a 32-byte key, found ${kek.length} bytes`);
  return kek;
}
