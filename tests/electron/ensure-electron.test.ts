import { afterEach, describe, expect, it } from 'vitest';
import { ensureElectron, nodeTooOld } from '../../scripts/ensure-electron.mjs';
import { makeFakeElectron, type FakeElectron } from '../support/fake-electron';

const DESKTOP = { DISPLAY: ':0' };
const fakes: FakeElectron[] = [];
const fake = (opts: Parameters<typeof makeFakeElectron>[0]) => {
  const made = makeFakeElectron(opts);
  fakes.push(made);
  return made;
};
afterEach(() => fakes.splice(0).forEach((f) => f.remove()));

const on = (f: FakeElectron, env: NodeJS.ProcessEnv, more: { arch?: string; nodeVersion?: string } = {}) =>
  ensureElectron({ dir: f.dir, env, platform: 'linux', arch: more.arch ?? 'x64', nodeVersion: more.nodeVersion });

describe('ensureElectron: the binary for npm start, npm run dev and npm run package', () => {
  it('returns the installed binary without running the installer', () => {
    const f = fake({ installed: true });
    expect(on(f, DESKTOP)).toEqual({ exe: expect.stringMatching(/dist\/electron$/) });
    expect(f.installerRuns()).toBe(0);
  });

  it('fetches a missing binary with the installer, then returns it', () => {
    const f = fake({ installed: false, installer: 'fetches' });
    expect(on(f, DESKTOP)).toEqual({ exe: expect.stringMatching(/dist\/electron$/) });
    expect(f.installerRuns()).toBe(1);
  });

  it('names a failed fetch in one line when the installer fails', () => {
    const f = fake({ installed: false, installer: 'fails' });
    const found = on(f, DESKTOP);
    expect(found).toEqual({
      problem: 'its binary could not be fetched: offline? its installer exited with 1, see its message above',
    });
    expect(f.installerRuns()).toBe(1);
  });

  it('with no display neither launches nor fetches: says "no display"', () => {
    const installed = fake({ installed: true });
    const missing = fake({ installed: false, installer: 'fetches' });
    const problem = { problem: 'no display: DISPLAY and WAYLAND_DISPLAY are unset' };
    expect(on(installed, {})).toEqual(problem);
    expect(on(missing, {})).toEqual(problem);
    expect(missing.installerRuns()).toBe(0);
  });

  it('honours ELECTRON_SKIP_BINARY_DOWNLOAD: never fetches, but launches a binary already there', () => {
    const missing = fake({ installed: false, installer: 'fetches' });
    expect(on(missing, { ...DESKTOP, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toEqual({
      problem: 'its binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not fetched',
    });
    expect(missing.installerRuns()).toBe(0);
    const installed = fake({ installed: true });
    expect(on(installed, { ...DESKTOP, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })).toHaveProperty('exe');
  });

  it('does not fetch for a platform Electron has no build for', () => {
    const f = fake({ installed: false, installer: 'fetches' });
    expect(on(f, DESKTOP, { arch: 'riscv64' })).toEqual({ problem: 'Electron has no build for linux-riscv64' });
    expect(f.installerRuns()).toBe(0);
  });

  it("does not fetch with a Node older than the installer's engines, and says which Node is needed", () => {
    const f = fake({ installed: false, installer: 'fetches', engines: '>= 22.12.0' });
    expect(on(f, DESKTOP, { nodeVersion: '20.20.2' })).toEqual({
      problem: 'Node 20.20.2 is too old for electron 45.4.1, which needs Node 22.12.0 or later to install its binary',
    });
    expect(f.installerRuns()).toBe(0);
    expect(on(f, DESKTOP, { nodeVersion: '22.12.0' })).toHaveProperty('exe');
  });

  it('nodeTooOld compares every part of the version and ignores ranges it cannot read', () => {
    const f = fake({ installed: true, engines: '>=22.12.0' });
    expect(nodeTooOld(f.dir, '22.11.9')).toMatch(/^Node 22\.11\.9 is too old/);
    expect(nodeTooOld(f.dir, '22.12.1')).toBeNull();
    expect(nodeTooOld(f.dir, '23.0.0')).toBeNull();
    const ranged = fake({ installed: true, engines: '^20.19.0 || >=22.12.0' });
    expect(nodeTooOld(ranged.dir, '18.0.0')).toBeNull();
  });
});
