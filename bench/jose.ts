/**
 * `npm run bench:jose`: how Gatehouse signs and verifies JWS, measured against jose in one run.
 * For ES256 and RS256 (issue 19 adds RS256 id_tokens): signing a JWT (`signJws` over node:crypto,
 * on the event loop, and `signJwsOffThread`, on the thread pool, each ÷ jose `SignJWT`) and checking
 * its signature (`verifyJwsSignature` ÷ jose `compactVerify`), one at a time and with 32 in flight (a busy server's shape: jose's WebCrypto and node:crypto's
 * callback `verify` both run on the libuv pool). The two sides alternate in short slices (the
 * order swapped every pair) and each ratio is the median of the per-pair ratios, so what is
 * compared ran side by side, under the same load from the rest of the machine.
 *
 *   npm run bench:jose [-- --ms 50 --pairs 30]   (~1 min)
 */
import { compactVerify, SignJWT } from 'jose';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { parseArgs } from 'node:util';
import { signJws, signJwsOffThread, verifyJwsSignature } from '@gatehouse/verifier/internal';

const { values: argv } = parseArgs({
  options: { ms: { type: 'string', default: '50' }, pairs: { type: 'string', default: '30' } },
  strict: true,
});
const MS = Number(argv.ms);
const PAIRS = Number(argv.pairs);
const IN_FLIGHT = 32;

const keys: Record<'ES256' | 'RS256', { privateKey: KeyObject; publicKey: KeyObject }> = {
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
};
const claims = {
  iss: 'https://gatehouse.example',
  aud: 'demo-resource',
  sub: 'user-1',
  sid: 'session-1',
  jti: 'bench-jti',
  iat: 1_800_000_000,
  exp: 1_800_000_060,
};
type Alg = keyof typeof keys;
type Op = () => Promise<unknown>;

function ops(alg: Alg): Record<string, Op> {
  const { privateKey, publicKey } = keys[alg];
  const header = { typ: 'at+jwt', kid: 'k1' };
  const token = signJws(alg, privateKey, header, claims);
  const signJose = () => new SignJWT(claims).setProtectedHeader({ ...header, alg }).sign(privateKey);
  return {
    'sign node': async () => signJws(alg, privateKey, header, claims),
    'sign jose': signJose,
    'sign off-thread node': () => signJwsOffThread(alg, privateKey, header, claims),
    'sign off-thread jose': signJose,
    'verify node': async () => {
      if (!(await verifyJwsSignature(token, alg, publicKey))) throw new Error('node:crypto refused');
    },
    'verify jose': () => compactVerify(token, publicKey, { algorithms: [alg] }),
  };
}

/** Operations per second for `MS` milliseconds, `width` operations in flight at a time. */
async function rate(op: Op, width: number): Promise<number> {
  const end = performance.now() + MS;
  let done = 0;
  const worker = async () => {
    while (performance.now() < end) {
      await op();
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: width }, worker));
  return (done / (performance.now() - t0)) * 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(8);

console.log(`node:crypto ÷ jose, ${PAIRS} pairs of ${MS} ms slices per row (node ${process.version})\n`);
console.log('operation              in flight   node:crypto ops/s   jose ops/s   node:crypto ÷ jose');
for (const alg of Object.keys(keys) as Alg[]) {
  const o = ops(alg);
  for (const verb of ['sign', 'sign off-thread', 'verify'] as const) {
    for (const width of [1, IN_FLIGHT]) {
      const node: number[] = [];
      const jose: number[] = [];
      await rate(o[`${verb} node`]!, width); // warm-up, discarded
      await rate(o[`${verb} jose`]!, width);
      for (let r = 0; r < PAIRS; r++) {
        const pair = [
          async () => node.push(await rate(o[`${verb} node`]!, width)),
          async () => jose.push(await rate(o[`${verb} jose`]!, width)),
        ];
        for (const run of r % 2 ? pair.reverse() : pair) await run();
      }
      const ratio = median(node.map((n, i) => n / jose[i]!));
      console.log(
        `${`${alg} ${verb}`.padEnd(23)}${String(width).padStart(9)}   ${fmt(median(node))}            ${fmt(median(jose))}     ${ratio.toFixed(2).padStart(6)}`,
      );
    }
  }
}
