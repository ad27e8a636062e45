import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../../src/main/runtime/trust-proxy';

describe('--trust-proxy', () => {
  it('takes addresses and CIDR ranges, repeated or comma-separated', () => {
    expect(parseTrustProxy(['10.0.0.5', '192.168.0.0/16, fd00::/8', '::1'])).toEqual({
      proxies: ['10.0.0.5', '192.168.0.0/16', 'fd00::/8', '::1'],
    });
    expect(parseTrustProxy([])).toEqual({ proxies: [] });
  });

  it('refuses host names, wildcards, true and prefixes out of range, naming the entry', () => {
    for (const bad of ['proxy.internal', '*', 'true', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/', '10.0.0.0/8/1', ''])
      expect(parseTrustProxy([bad])).toEqual({
        problem: expect.stringContaining(`--trust-proxy ${JSON.stringify(bad)}`),
      });
  });
});
