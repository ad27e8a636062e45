/** Where an app-checks run may send tokens: literal loopback, or an origin registered on a client. */
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, vetTarget } from '../../src/main/auth/app-checks/check-target';
import type { ClientRecord } from '../../src/main/store/store';

const client = (uris: Partial<ClientRecord>) =>
  ({ id: 'app', redirectUris: [], postLogoutRedirectUris: [], backchannelLogoutUri: null, ...uris }) as ClientRecord;

describe('vetTarget', () => {
  it('admits literal loopback addresses and localhost, on any port and path', () => {
    for (const url of ['http://127.0.0.1:3000/api', 'http://127.1/api', 'http://[::1]:8080/x', 'http://localhost/api'])
      expect(vetTarget(url, []).url.href, url).toBe(new URL(url).href);
    expect(isLoopbackHost('127.255.255.254')).toBe(true);
  });

  it('refuses every other address or name, even one that may resolve to loopback', () => {
    for (const url of [
      'http://0.0.0.0/api',
      'http://10.0.0.1/api',
      'http://[::ffff:127.0.0.1]/api',
      'http://localhost.example/api',
      'http://127.0.0.1.nip.io/api',
      'https://api.example.com/orders',
    ])
      expect(() => vetTarget(url, []), url).toThrow(/neither a loopback address nor an origin registered on a client/);
  });

  it('admits an origin a client registered (redirect, post-logout or back-channel URI) and names that client', () => {
    const clients = [
      client({ id: 'web', redirectUris: ['https://app.example/callback'] }),
      client({ id: 'bcl', backchannelLogoutUri: 'https://rp.example:8443/logout' }),
      client({ id: 'native', redirectUris: ['com.example.app:/cb'] }),
    ];
    expect(vetTarget('https://app.example/api/me?x=1', clients).client?.id).toBe('web');
    expect(vetTarget('https://rp.example:8443/orders', clients).client?.id).toBe('bcl');
    // another scheme or port is another origin
    expect(() => vetTarget('http://app.example/api', clients)).toThrow(/neither a loopback/);
    expect(() => vetTarget('https://rp.example/orders', clients)).toThrow(/neither a loopback/);
  });

  it('refuses what is not an http(s) URL, or carries credentials', () => {
    expect(() => vetTarget('not a url', [])).toThrow(/not a URL/);
    expect(() => vetTarget('file:///etc/passwd', [])).toThrow(/only http and https/);
    expect(() => vetTarget('http://user:pw@127.0.0.1/api', [])).toThrow(/no credentials/);
  });
});
