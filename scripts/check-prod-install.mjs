// `npm test` stage "prod-install" (in CI, or with GATEHOUSE_TEST_PROD_INSTALL=1): the built server
// runs from a production install, and a resource server uses the verifier package by name.
//  1. package.json, the lockfile, out/ and the verifier package go into an empty folder, which gets
//     `npm ci --omit=dev`; `node out/server/serve.mjs` must start, answer a login and serve the
//     console, and stop with exit 0 on SIGTERM: no tsx, no build tools at run time.
//  2. `npm pack` of packages/verifier is installed into another empty project, which imports
//     `@gatehouse/verifier` (createVerifier alone on its public face) and verifies the running
//     server's token with createVerifier.
//  3. `npm pack` of packages/testing (built by `npm run build`) is installed with `--omit=dev` into
//     a third project, whose script starts a Gatehouse with `startGatehouse`, issues a token that
//     instance's `/api/me` accepts, and stops it.
// Needs `npm run build` first and the npm registry. Exits non-zero on the first failure.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-prod-'));
const app = path.join(work, 'app');
const consumer = path.join(work, 'consumer');
const env = {
  ...process.env,
  npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  // the pack's file list and the dev tools' engine warnings: errors only
  npm_config_loglevel: 'error',
};
const step = (what) => console.log(`▸ ${what}`);
const npm = (cwd, ...args) => execFileSync('npm', args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });

function copy(from, to) {
  fs.cpSync(path.join(root, from), path.join(app, to ?? from), { recursive: true });
}

let server;
try {
  step('a production install of the built server (npm ci --omit=dev)');
  fs.mkdirSync(app);
  for (const f of [
    'package.json',
    'package-lock.json',
    'out/server',
    'out/renderer',
    'packages/verifier/package.json',
    'packages/verifier/dist',
  ])
    copy(f);
  npm(app, 'ci', '--omit=dev');
  for (const tool of ['tsx', 'esbuild', 'electron-vite', 'typescript', 'vite']) {
    if (fs.existsSync(path.join(app, 'node_modules', tool)))
      throw new Error(`${tool} was installed by npm ci --omit=dev: it must be a devDependency`);
  }

  step('node out/server/serve.mjs: start, login, console, SIGTERM');
  const data = path.join(work, 'data');
  server = spawn(
    process.execPath,
    [path.join(app, 'out', 'server', 'serve.mjs'), '--data-dir', data, '--port', '0', '--console-port', '0'],
    {
      cwd: work,
      env: {
        ...env,
        GATEHOUSE_DEMO_PASSWORD: 'prod-install-password',
        GATEHOUSE_CLIENT_SECRET: 'prod-install-client-secret-0123',
        GATEHOUSE_ADMIN_TOKEN: 'prod-install-admin-token-0123456789',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
  const { auth, web } = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within 30 s:\n${out}`)), 30_000);
    const scan = (chunk) => {
      out += chunk;
      const a = /auth server: (\S+)/.exec(out)?.[1];
      const w = /admin console: (\S+)/.exec(out)?.[1];
      if (a && w) {
        clearTimeout(timer);
        resolve({ auth: a, web: w });
      }
    };
    server.stdout.on('data', scan);
    server.stderr.on('data', scan);
    void exited.then(() => reject(new Error(`exited before it was ready:\n${out}`)));
  });
  const login = await fetch(`${auth}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: 'prod-install-password' }),
  });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  const { access_token: token } = await login.json();
  const page = await fetch(web);
  if (page.status !== 200 || !(await page.text()).includes('<div id="root">'))
    throw new Error(`the console page answered ${page.status}`);

  step('a resource server installs the packed verifier by name and verifies the token');
  const tarball = execFileSync('npm', ['pack', '--pack-destination', work], {
    cwd: path.join(root, 'packages', 'verifier'),
    env,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  fs.mkdirSync(consumer);
  fs.writeFileSync(
    path.join(consumer, 'package.json'),
    JSON.stringify({ name: 'resource-server', private: true, type: 'module' }),
  );
  npm(consumer, 'install', path.join(work, tarball));
  if (!fs.existsSync(path.join(consumer, 'node_modules', '@gatehouse', 'verifier', 'dist', 'index.d.ts')))
    throw new Error('the packed verifier has no type declarations');
  // npm ran synchronously: let the event loop see the sockets the server closed meanwhile
  // (keep-alive timeout), or fetch reuses a dead one ("other side closed")
  await new Promise((resolve) => setTimeout(resolve, 100));
  const issuer = (await (await fetch(`${auth}/.well-known/openid-configuration`)).json()).issuer;
  fs.writeFileSync(
    path.join(consumer, 'check.mjs'),
    `
import * as publicEntry from '@gatehouse/verifier';
import { createVerifier } from '@gatehouse/verifier';
// the public face is createVerifier and its results' constants; the internals are behind /internal
if (Object.keys(publicEntry).sort().join() !== 'TOKEN_ERROR_CODES,VERIFY_STEPS,createVerifier') { console.error('public entry:', Object.keys(publicEntry)); process.exit(1); }
const none = { current: () => true, isJtiRevoked: () => false, isSessionRevoked: () => false, minVersion: () => 0, isKidRevoked: () => false, onKeysChanged: () => () => {}, close: async () => {} };
const verifier = createVerifier({ issuer: ${JSON.stringify(issuer)}, audience: 'demo-resource', jwksUrl: ${JSON.stringify(`${auth}/.well-known/jwks.json`)}, revocations: none });
const good = await verifier.verify(${JSON.stringify(token)});
const forged = await verifier.verify(${JSON.stringify(token)}.slice(0, -4) + 'AAAA');
verifier.close();
if (!good.ok || forged.ok || forged.code !== 'signature_invalid') { console.error(JSON.stringify({ good, forged })); process.exit(1); }
console.log('verified by name:', good.claims.sub);
`,
  );
  execFileSync(process.execPath, ['check.mjs'], { cwd: consumer, stdio: 'inherit' });

  step('a test suite installs the packed @gatehouse/testing (--omit=dev), starts a Gatehouse, issues a token');
  const harnessTarball = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], {
    cwd: path.join(root, 'packages', 'testing'),
    env,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  const suite = path.join(work, 'suite');
  fs.mkdirSync(suite);
  fs.writeFileSync(
    path.join(suite, 'package.json'),
    JSON.stringify({ name: 'app-tests', private: true, type: 'module' }),
  );
  npm(suite, 'install', '--omit=dev', path.join(work, harnessTarball));
  if (!fs.existsSync(path.join(suite, 'node_modules', '@gatehouse', 'testing', 'dist', 'index.d.ts')))
    throw new Error('the packed @gatehouse/testing has no type declarations');
  for (const tool of ['tsx', 'esbuild', 'typescript'])
    if (fs.existsSync(path.join(suite, 'node_modules', tool)))
      throw new Error(`${tool} was installed with @gatehouse/testing: it must not be a dependency`);
  fs.writeFileSync(
    path.join(suite, 'check.mjs'),
    `
import { startGatehouse } from '@gatehouse/testing';
const gh = await startGatehouse({ config: { users: [{ username: 'carol', password: 'carol-password-123' }], demoUsers: false } });
try {
  const { access_token } = await gh.issueToken({ sub: 'carol' });
  const me = await fetch(gh.issuer + '/api/me', { headers: { authorization: 'Bearer ' + access_token } });
  if (me.status !== 200) { console.error('/api/me answered', me.status); process.exit(1); }
  console.log('@gatehouse/testing by name: token accepted at', gh.issuer);
} finally {
  await gh.stop();
}
`,
  );
  execFileSync(process.execPath, ['check.mjs'], { cwd: suite, stdio: 'inherit' });

  server.kill('SIGTERM');
  const stopped = await exited;
  if (stopped.code !== 0) throw new Error(`SIGTERM: exited ${JSON.stringify(stopped)}`);
  console.log('prod install: ok');
} catch (err) {
  console.error(`prod install: ${err.message}`);
  server?.kill('SIGKILL');
  process.exitCode = 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
