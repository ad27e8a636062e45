/**
 * Powers a test harness (issue 22's `@gatehouse/testing`) gives an instance it composes, and that
 * a served Gatehouse must never have. `composeInstance` takes them only from a test entry point:
 * the lint rule in eslint.config.js lets nothing under src/ import this module but the root
 * itself, and `testPowers` refuses an object that was not made by `grantTestPowers`.
 */
import type { TestHooks } from '../http/test-hooks';
import type { Store } from '../store/store';

const GRANTED: unique symbol = Symbol('gatehouse test powers');

export interface TestPowers {
  readonly [GRANTED]: true;
  /** Wraps the store before the domain opens on it (a harness's one-shot faults). */
  readonly wrapStore?: (store: Store) => Store;
  /** The auth server's one-shot faults, id_token defects and request recorder (`createTestHooks()`). */
  readonly hooks?: TestHooks;

  // issue 22's minting (@gatehouse/testing's login and issueToken): the instance's `minter`
  /** Sessions and tokens without a browser or a password, and tokens for arbitrary subjects (test-minting.ts). */
  readonly mint?: boolean;
}

/** The only way to make TestPowers: for test entry points (tests/, the test harness package). */
export function grantTestPowers(powers: Omit<TestPowers, typeof GRANTED>): TestPowers {
  return { ...powers, [GRANTED]: true };
}

/** The powers to apply: none unless they were granted (a plain object with the same fields is refused). */
export function checkTestPowers(powers: TestPowers | undefined): TestPowers | undefined {
  if (powers === undefined) return undefined;
  if (powers[GRANTED] !== true) throw new Error('test powers are given only by grantTestPowers (a test entry point)');
  return powers;
}
