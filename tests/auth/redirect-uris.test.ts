import { describe, expect, it } from 'vitest';
import { isRegisteredRedirectUri } from '../../src/main/auth/redirect-uris';

const match = (registered: string, presented: string) => isRegisteredRedirectUri([registered], presented);

describe('redirect URIs: exact, but a loopback literal’s port (RFC 8252 §7.3)', () => {
  it('matches any port of http://127.0.0.1 and http://[::1], registered with a port or without', () => {
    expect(match('http://127.0.0.1/cb', 'http://127.0.0.1:51004/cb')).toBe(true);
    expect(match('http://127.0.0.1:5174/cb', 'http://127.0.0.1:61000/cb')).toBe(true);
    expect(match('http://127.0.0.1:5174/cb', 'http://127.0.0.1/cb')).toBe(true);
    expect(match('http://[::1]/cb?app=1', 'http://[::1]:8080/cb?app=1')).toBe(true);
    expect(match('http://127.0.0.1', 'http://127.0.0.1:9')).toBe(true);
  });

  it('keeps the path and query exact, and the host and scheme', () => {
    expect(match('http://127.0.0.1/cb', 'http://127.0.0.1:8080/cb/')).toBe(false);
    expect(match('http://127.0.0.1/cb', 'http://127.0.0.1:8080/CB')).toBe(false);
    expect(match('http://127.0.0.1/cb?a=1', 'http://127.0.0.1:8080/cb?a=2')).toBe(false);
    expect(match('http://127.0.0.1/cb', 'http://127.0.0.1:8080/cb?x=1')).toBe(false);
    expect(match('http://127.0.0.1/cb', 'http://[::1]:8080/cb')).toBe(false);
    expect(match('http://127.0.0.1/cb', 'https://127.0.0.1:8080/cb')).toBe(false);
    expect(match('http://127.0.0.1/cb', 'http://127.0.0.1:8080/cb#x')).toBe(false);
    expect(match('http://127.0.0.1/cb', 'http://127.0.0.1:0/cb')).toBe(false);
    expect(match('http://127.0.0.1/cb', 'http://127.0.0.1:70000/cb')).toBe(false);
    expect(match('http://127.0.0.1/cb', 'http://127.0.0.1.evil.example:80/cb')).toBe(false);
    expect(match('http://127.0.0.1/cb', 'http://user@127.0.0.1:80/cb')).toBe(false);
  });

  it('compares localhost and every other URI exactly (RFC 8252 §8.3)', () => {
    expect(match('http://localhost:5173/cb', 'http://localhost:5174/cb')).toBe(false);
    expect(match('http://localhost/cb', 'http://localhost:80/cb')).toBe(false);
    expect(match('https://app.example/cb', 'https://app.example:443/cb')).toBe(false);
    expect(match('https://app.example/cb', 'https://app.example/cb')).toBe(true);
  });
});
