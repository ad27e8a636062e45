/**
 * Part of `npm run bench:testing`: what the test hooks (`gh.next.*`, `gh.requests()`) cost each
 * request of an app under test. Two instances composed the same way (RAM-backed SQLite, the test
 * password profile, one config), one by `startGatehouse()` (hooks installed: every request to an
 * endpoint is recorded, its faults and defects looked up), one by `composeInstance` without the
 * test powers (as `npm run serve` composes). The same requests go to each in alternating blocks;
 * the figure is the ratio of their p50s, side by side in one run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startGatehouse } from '@gatehouse/testing';
import { testPasswords } from '../packages/testing/src/test-passwords';
import { tempRoot } from '../packages/testing/src/template';
import { composeInstance } from '../src/main/runtime/compose';
import { parseConfig } from '../src/main/runtime/config-file';
import { memoryKek } from '../src/main/runtime/sandbox-instance';

const CLIENT = { id: 'bench-service', secret: 'bench-service-secret-0123456789abcdef01234' };
const CONFIG = {
  clients: [
    {
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      redirectUris: [],
      grantTypes: ['client_credentials'],
      scopes: ['orders:read'],
    },
  ],
  demoUsers: false,
};

const BLOCK = 100;
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The two requests an app under test makes most: a token (client_credentials) and the JWKS. */
const REQUESTS = {
  token: (issuer: string) =>
    fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials&scope=orders%3Aread',
    }),
  jwks: (issuer: string) => fetch(`${issuer}/.well-known/jwks.json`),
};

async function timed(issuer: string, kind: keyof typeof REQUESTS): Promise<number> {
  const t0 = performance.now();
  const res = await REQUESTS[kind](issuer);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${kind} answered ${res.status}`);
  return performance.now() - t0;
}

export async function hooksOverhead(requests: number): Promise<void> {
  const gh = await startGatehouse({ config: CONFIG });
  const dataDir = fs.mkdtempSync(path.join(tempRoot(), 'gatehouse-bench-plain-'));
  const plain = await composeInstance({
    dataDir,
    kek: memoryKek(),
    passwords: testPasswords,
    server: { host: '127.0.0.1', port: 0 },
    config: parseConfig(CONFIG, 'bench'),
    admin: { mode: 'headless', version: 'bench' },
  });
  try {
    for (const kind of Object.keys(REQUESTS) as (keyof typeof REQUESTS)[]) {
      const withHooks: number[] = [];
      const without: number[] = [];
      // warm both (connections, caches), then alternate blocks, the side that goes first swapped each round
      for (const issuer of [gh.issuer, plain.auth.url]) for (let i = 0; i < BLOCK; i++) await timed(issuer, kind);
      for (let round = 0; round * BLOCK < requests; round++) {
        const sides: [string, number[]][] = [
          [gh.issuer, withHooks],
          [plain.auth.url, without],
        ];
        if (round % 2) sides.reverse();
        for (const [issuer, into] of sides) for (let i = 0; i < BLOCK; i++) into.push(await timed(issuer, kind));
      }
      console.log(
        `  ${kind}: p50 with hooks ${p50(withHooks).toFixed(2)} ms, without ${p50(without).toFixed(2)} ms, ratio ${(p50(withHooks) / p50(without)).toFixed(2)} (${withHooks.length} requests each)`,
      );
    }
    console.log(`  recorded by the hooked instance: ${gh.requests().length} (it keeps the last 1,000)`);
  } finally {
    await plain.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await gh.stop();
  }
}
