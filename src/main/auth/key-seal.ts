import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';

/**
 * Seals private signing keys at rest with AES-256-GCM under a key-encryption key (KEK).
 * The KEK itself comes from Electron's safeStorage in the desktop app, or a 0600 file in headless mode.
 * Layout: version(1) | iv(12) | tag(16) | ciphertext. The kid is bound as additional data, so a
 * sealed key cannot be swapped onto another key's record.
 */
export interface KeySealer {
  seal(plaintext: Uint8Array, aad: string): Uint8Array;
  open(sealed: Uint8Array, aad: string): Uint8Array;
  /**
   * A 32-byte key for one purpose (`label`), derived from the KEK with HKDF-SHA256: the same on
   * every instance of a deployment (they share the KEK), never the KEK itself.
   */
  derive(label: string): Buffer;
}

const VERSION = 1;

export function createAesGcmSealer(kek: Uint8Array): KeySealer {
  if (kek.length !== 32) throw new Error('key-encryption key must be 32 bytes');
  return {
    seal(plaintext, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', kek, iv).setAAD(Buffer.from(aad));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    open(sealed, aad) {
      const buf = Buffer.from(sealed);
      if (buf[0] !== VERSION || buf.length < 29) throw new Error('sealed key: unknown format');
      const decipher = createDecipheriv('aes-256-gcm', kek, buf.subarray(1, 13)).setAAD(Buffer.from(aad));
      decipher.setAuthTag(buf.subarray(13, 29));
      return Buffer.concat([decipher.update(buf.subarray(29)), decipher.final()]);
    },
    derive(label) {
      return Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), `gatehouse ${label}`, 32));
    },
  };
}

/**
 * Where a KEK is kept. `load` and `create` are apart so that the caller, which knows whether the
 * store already holds keys sealed under some KEK, decides: a new KEK beside sealed keys would
 * never open them.
 */
export interface KekSource {
  /** How the operator knows it: a file's path, or `GATEHOUSE_KEK`. */
  readonly name: string;
  /** What to do when it is missing or wrong (the end of a one-line message). */
  readonly remedy: string;
  /** The KEK, or null when there is none yet. Throws when one exists but cannot be used. */
  load(): Uint8Array | null;
  /** Makes and keeps a new KEK (only for a store without sealed keys). */
  create(): Uint8Array;
}

/** Headless mode's KEK: 32 random bytes in a file only the owner can read. */
export function kekFile(file: string, remedy = `restore ${file} from a backup`): KekSource {
  return {
    name: file,
    remedy,
    load() {
      let kek: Buffer;
      try {
        kek = fs.readFileSync(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
      if (kek.length !== 32) throw new Error(`${file}: expected 32 bytes, found ${kek.length}`);
      if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
      return kek;
    },
    create() {
      const kek = randomBytes(32);
      fs.writeFileSync(file, kek, { mode: 0o600, flag: 'wx' });
      return kek;
    },
  };
}
