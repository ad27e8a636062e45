import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from './gatehouse-fixture';

/** What the fake Electron does once launched, after printing `fake electron: window open`. */
export type FakeBehaviour = 'exit-0' | 'exit-5-on-sigterm' | 'killed-by-sigkill';

export interface FakeElectron {
  /** Stands in for node_modules/electron: pass it as GATEHOUSE_ELECTRON_DIR. */
  dir: string;
  /** Each launch: the arguments, the working folder and ELECTRON_RUN_AS_NODE as the binary saw them. */
  launches(): { argv: string[]; cwd: string; runAsNode: string | null }[];
  /** How many times its installer ran. */
  installerRuns(): number;
  remove(): void;
}

/**
 * A fake `electron` package: its package.json (`engines`), its install.js (which "fetches" the
 * binary or fails as offline) and, once installed, path.txt and dist/electron, a Node script that
 * stands in for the binary.
 */
export function makeFakeElectron(opts: {
  installed: boolean;
  installer?: 'fetches' | 'fails';
  engines?: string;
  behaviour?: FakeBehaviour;
}): FakeElectron {
  const dir = makeTempDir();
  const launchLog = path.join(dir, 'launches.jsonl');
  const installLog = path.join(dir, 'installs.log');
  const pkg = { name: 'electron', version: '45.4.1', engines: { node: opts.engines ?? '>= 20.0.0' } };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
  fs.writeFileSync(path.join(dir, 'binary.js'), fakeBinary(launchLog, opts.behaviour ?? 'exit-0'));
  fs.writeFileSync(
    path.join(dir, 'install.js'),
    `const fs = require('node:fs');
fs.appendFileSync(${JSON.stringify(installLog)}, 'ran\\n');
${
  opts.installer === 'fails'
    ? `console.error('TypeError: fetch failed'); process.exit(1);`
    : `console.log('fake installer: downloading electron-v45.4.1 100%');
fs.mkdirSync(${JSON.stringify(path.join(dir, 'dist'))});
fs.copyFileSync(${JSON.stringify(path.join(dir, 'binary.js'))}, ${JSON.stringify(path.join(dir, 'dist', 'electron'))});
fs.chmodSync(${JSON.stringify(path.join(dir, 'dist', 'electron'))}, 0o755);
fs.writeFileSync(${JSON.stringify(path.join(dir, 'path.txt'))}, 'electron');`
}
`,
  );
  if (opts.installed) {
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.copyFileSync(path.join(dir, 'binary.js'), path.join(dir, 'dist', 'electron'));
    fs.chmodSync(path.join(dir, 'dist', 'electron'), 0o755);
    fs.writeFileSync(path.join(dir, 'path.txt'), 'electron');
  }
  const lines = (file: string) =>
    fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  return {
    dir,
    launches: () => lines(launchLog).map((line) => JSON.parse(line)),
    installerRuns: () => lines(installLog).length,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function fakeBinary(launchLog: string, behaviour: FakeBehaviour): string {
  return `#!${process.execPath}
const fs = require('node:fs');
const seen = { argv: process.argv.slice(2), cwd: process.cwd(), runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null };
fs.appendFileSync(${JSON.stringify(launchLog)}, JSON.stringify(seen) + '\\n');
process.on('SIGTERM', () => process.exit(5));
console.log('fake electron: window open');
const behaviour = ${JSON.stringify(behaviour)};
if (behaviour === 'exit-0') process.exit(0);
if (behaviour === 'killed-by-sigkill') process.kill(process.pid, 'SIGKILL');
setInterval(() => {}, 1000);
`;
}
