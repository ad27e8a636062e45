// Types for scripts/ensure-electron.mjs, which the tests import.
export type ElectronFound = { exe: string } | { problem: string };
export function electronDir(env?: NodeJS.ProcessEnv): string;
export function installedElectron(dir?: string): string | null;
export function noDisplay(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string | null;
export function nodeTooOld(packageDir: string, nodeVersion?: string): string | null;
export function ensureElectron(opts?: {
  dir?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
  nodeVersion?: string;
}): ElectronFound;
