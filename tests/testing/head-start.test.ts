import { createPublicKey, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { headStartKeys } from '../../packages/testing/src/head-start';

const jwk = (key: KeyObject) => JSON.stringify(createPublicKey(key).export({ format: 'jwk' }));

describe('headStartKeys: the first instance’s keys, started before its store opens', () => {
  it('hands each started key out once, to the first request for its algorithm; later keys are new', async () => {
    const source = headStartKeys(['RS256', 'ES256']);
    const [firstRsa, firstEc] = [source('RS256'), source('ES256')];
    const [secondRsa, secondEc] = await Promise.all([source('RS256'), source('ES256')]);
    expect((await firstRsa).asymmetricKeyType).toBe('rsa');
    expect((await firstEc).asymmetricKeyType).toBe('ec');
    expect(jwk(secondRsa)).not.toBe(jwk(await firstRsa));
    expect(jwk(secondEc)).not.toBe(jwk(await firstEc));
  });

  it('starts a fresh ring’s first keys by default: RS256 (id_tokens) and ES256 (the default access tokens)', async () => {
    const source = headStartKeys();
    const keys = await Promise.all([source('RS256'), source('ES256'), source('EdDSA')]);
    expect(keys.map((k) => k.asymmetricKeyType)).toEqual(['rsa', 'ec', 'ed25519']);
  });
});
