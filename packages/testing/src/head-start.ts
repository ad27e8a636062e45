/**
 * The first instance of a process, started in parallel (issue 22's cold start): its signing keys
 * are started on libuv's thread pool before its data folder opens (an RSA key costs 0.1–1 s of
 * CPU), while the main thread opens the store and starts the servers. Later instances copy the
 * template's keys.
 */
import type { KeyObject } from 'node:crypto';
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
