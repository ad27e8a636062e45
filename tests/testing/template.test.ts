/** Instances of one process start from the first one's signing keys (no RSA generation), each its own issuer. */
import { describe, expect, it } from 'vitest';
import { startGatehouse } from '@gatehouse/testing';
import { apiMe } from './config';

const kids = async (jwksUrl: string) =>
  ((await (await fetch(jwksUrl)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid).sort();

describe('the process template', () => {
  it("gives a second instance the first one's keys, yet neither accepts the other's tokens (their issuers differ)", async () => {
    const [a, b] = await Promise.all([startGatehouse(), startGatehouse()]);
    try {
      expect(await kids(b.jwksUrl)).toEqual(await kids(a.jwksUrl));
      expect(b.issuer).not.toBe(a.issuer);
      const fromA = await a.issueToken({ sub: 'carol' });
      expect(await apiMe(a.issuer, fromA.access_token)).toBe(200);
      expect(await apiMe(b.issuer, fromA.access_token)).toBe(401);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
