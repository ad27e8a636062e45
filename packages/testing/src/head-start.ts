/**
 * The first instance of a process, started in parallel (issue 22's cold start): its signing keys
 * are started on libuv's thread pool before its data folder opens (an RSA key costs 0.1–1 s of
 * CPU), and while they are made the main thread loads what the first `fastify()` would load only
 * after them. Later instances copy the template's keys and find the modules loaded.
 */
import type { KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { generatePrivateKeyAsync, type KeySource } from '../../../src/main/auth/key-ring';
import { ID_TOKEN_KEY_ALG } from '../../../src/shared/key-uses';
import { DEFAULT_SETTINGS, type KeyAlgName } from '../../../src/shared/settings';

/** A fresh ring's first keys: its id_token lane's (RS256) and its access lane's (the default settings'). */
const FIRST_KEY_ALGS: readonly KeyAlgName[] = [...new Set<KeyAlgName>([ID_TOKEN_KEY_ALG, DEFAULT_SETTINGS.signingAlg])];

/**
 * Starts one key of each of `algs` now; the source hands each out once, to the first request for
 * its algorithm, and makes every later key afresh (no key is ever given twice).
 */
export function headStartKeys(algs: readonly KeyAlgName[] = FIRST_KEY_ALGS): KeySource {
  const started = new Map<KeyAlgName, Promise<KeyObject>>();
  for (const alg of algs) {
    const key = generatePrivateKeyAsync(alg);
    key.catch(() => {}); // a failure surfaces where the key is taken; one never taken is dropped
    started.set(alg, key);
  }
  return (alg) => {
    const key = started.get(alg);
    started.delete(alg);
    return key ?? generatePrivateKeyAsync(alg);
  };
}

/**
 * Loads Fastify's schema compilers (ajv, fast-json-stringify: 0.15–0.3 s of `require`), which the
 * first `fastify()` of a process loads, through Fastify's own resolution so that it finds them cached.
 */
export function loadFastifyCompilers(): void {
  const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
  fromFastify('@fastify/ajv-compiler');
  fromFastify('@fastify/fast-json-stringify-compiler');
}
