import { electronDir, installedElectron, noDisplay } from '../../scripts/ensure-electron.mjs';

/**
 * The Electron executable, or null. Electron 45 downloads it on first use, not at `npm install`:
 * `npm start` or `npx install-electron` fetches it (scripts/ensure-electron.mjs).
 */
export function electronExecutable(): string | null {
  return installedElectron(electronDir());
}

export const electronBinaryAvailable = (): boolean => electronExecutable() !== null;

/** Why the desktop app cannot be launched here, in one line; null when it can. */
export function whyElectronCannotRun(): string | null {
  if (!electronBinaryAvailable())
    return process.env.ELECTRON_SKIP_BINARY_DOWNLOAD
      ? 'the Electron binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set (Electron 45 fetches it on first use, not at npm install)'
      : 'the Electron binary is not installed (Electron 45 fetches it on first use, not at npm install: npm start or npx install-electron fetches it, on Node 22.12 or later)';
  const display = noDisplay();
  return display ? `${display} (run under xvfb-run)` : null;
}
