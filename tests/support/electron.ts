import fs from 'node:fs';
import path from 'node:path';

const ELECTRON_DIR = path.resolve(import.meta.dirname, '..', '..', 'node_modules', 'electron');

/**
 * The Electron executable npm installed, or null. Read from path.txt rather than through
 * `require('electron')`, which would try to download a missing binary.
 */
export function electronExecutable(): string | null {
  try {
    const file = path.join(ELECTRON_DIR, 'dist', fs.readFileSync(path.join(ELECTRON_DIR, 'path.txt'), 'utf8').trim());
    return fs.existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

export const electronBinaryAvailable = (): boolean => electronExecutable() !== null;
