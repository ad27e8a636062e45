/**
 * The sample app (examples/sample-app) for tests: started as `npm run example` starts it (its own
 * process, main.ts through tsx), on a free port, and registered at that port.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as oidc from 'openid-client';
import type { AdminApi, AdminMethod } from '../../src/shared/admin-api';
import type { AdminCall } from './admin-http';
import { TSX } from './node-args';
import { TestBrowser } from './oidc-browser';

const root = path.resolve(import.meta.dirname, '..', '..');
const config = JSON.parse(fs.readFileSync(path.join(root, 'examples/sample-app/gatehouse.json'), 'utf8')) as {
  users: { username: string; password: string; claims: { name: string } }[];
  clients: { clientId: string; clientSecret: string; audience: string }[];
};

export const SAMPLE_CLIENT = config.clients[0]!;
/** The config's first user: username, password, claims. */
export const CAROL = config.users[0]!;

export interface SampleAppProcess {
  url: string;
  output(): string;
  stop(): Promise<number | null>;
}

/** Starts the app against `issuer` and resolves once it listens; without `redisUrl`, on its local revocation source. */
export async function startSampleAppProcess(issuer: string, redisUrl = ''): Promise<SampleAppProcess> {
  const child = spawn(process.execPath, [...TSX, 'examples/sample-app/main.ts'], {
    cwd: root,
    env: { ...process.env, GATEHOUSE_ISSUER: issuer, SAMPLE_APP_PORT: '0', GATEHOUSE_REDIS: redisUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const scan = (chunk: Buffer) => {
      out += chunk.toString();
      const found = /sample app: (http:\/\/\S+)/.exec(out)?.[1];
      if (found) resolve(found);
    };
    child.stdout.on('data', scan);
    child.stderr.on('data', scan);
    void exited.then((code) => reject(new Error(`the sample app exited with ${code} before it was ready:\n${out}`)));
  });
  return {
    url,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * `@gatehouse/testing`'s `gh.admin` (in process, AdminResult values) as the sample app's tests call
 * the admin: `admin('sessions.get', …)`, the value, or a throw naming the method and error code.
 */
export function adminCallOf(api: AdminApi): AdminCall {
  return async (method: AdminMethod, request?: unknown) => {
    const [domain, verb] = method.split('.') as [string, string];
    const call = (api as unknown as Record<string, Record<string, (r: unknown) => Promise<unknown>>>)[domain]![verb]!;
    const result = (await call(request ?? {})) as
      { ok: true; value: never } | { ok: false; error: { code: string; message: string } };
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
}

/** gatehouse.json registers the app at port 3000: moves its URIs to where the test started it. */
export async function registerAt(admin: AdminCall, appUrl: string): Promise<void> {
  await admin('clients.update', {
    clientId: SAMPLE_CLIENT.clientId,
    redirectUris: [`${appUrl}/callback`],
    postLogoutRedirectUris: [`${appUrl}/signed-out`],
    backchannelLogoutUri: `${appUrl}/backchannel-logout`,
  });
}

/** Carol's tokens for the sample app's client, obtained as the app obtains them (its secret, PKCE, its callback). */
export async function sampleAppTokens(
  issuer: string,
  appUrl: string,
): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers> {
  const config = await oidc.discovery(
    new URL(issuer),
    SAMPLE_CLIENT.clientId,
    undefined,
    oidc.ClientSecretBasic(SAMPLE_CLIENT.clientSecret),
    { execute: [oidc.allowInsecureRequests] },
  );
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `${appUrl}/callback`,
    scope: 'openid profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  const callback = await new TestBrowser(issuer).authorize(url, CAROL);
  return oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
}
