/**
 * The two logout plans' discovery modules, `oidcc-rp-initiated-logout-discovery-endpoint-verification`
 * and `oidcc-backchannel-logout-discovery-endpoint-verification`: the discovery document fetched
 * over HTTPS (Gatehouse behind a TLS-terminating proxy, the issuer `https://`), every member whose
 * name ends in `_endpoint` an https URL (`CheckDiscEndpointAllEndpointsAreHttps`), and what each
 * plan needs advertised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../../src/main/http/auth-server';
import { openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';
import { PROXY_ADDRESS, requestFrom, startTlsProxy, type TlsProxy } from '../support/tls-proxy';

let fx: GatehouseFixture;
let server: AuthServer;
let proxy: TlsProxy;
let metadata: Record<string, unknown>;

beforeAll(async () => {
  fx = await openTestGatehouse();
  server = await startAuthServer(fx.gatehouse, { port: 0, trustProxy: [PROXY_ADDRESS] });
  proxy = await startTlsProxy(server.url, fx.dir);
  fx.gatehouse.settings.setIssuer(proxy.url);
  // GetDynamicServerConfiguration: the discovery URL, over TLS
  const res = await requestFrom('127.0.0.1', proxy.url, { path: '/.well-known/openid-configuration', ca: proxy.ca });
  expect(res.status).toBe(200);
  metadata = JSON.parse(res.body) as Record<string, unknown>;
});
afterAll(async () => {
  await proxy.close();
  await server.close();
  await fx.close();
});

/** AbstractJsonUriIsValidAndHttps: a string that parses as a URL with the https scheme. */
function expectHttpsUrl(name: string) {
  const value = metadata[name];
  expect(typeof value, name).toBe('string');
  expect(new URL(value as string).protocol, name).toBe('https:');
}

/** CheckDiscEndpointAllEndpointsAreHttps: every top-level member named `*_endpoint`. */
function expectAllEndpointsHttps() {
  const endpoints = Object.keys(metadata).filter((k) => k.endsWith('_endpoint'));
  expect(endpoints).toContain('end_session_endpoint');
  for (const name of endpoints) expectHttpsUrl(name);
}

describe('oidcc-rp-initiated-logout-certification-test-plan', () => {
  it('oidcc-rp-initiated-logout-discovery-endpoint-verification: every *_endpoint is https and end_session_endpoint is an https URL', () => {
    expectAllEndpointsHttps();
    // CheckDiscEndSessionEndpoint
    expectHttpsUrl('end_session_endpoint');
    expect(metadata.end_session_endpoint).toBe(`${proxy.url}/logout`);
  });
});

describe('oidcc-backchannel-logout-certification-test-plan', () => {
  it('oidcc-backchannel-logout-discovery-endpoint-verification: every *_endpoint is https, backchannel_logout_supported and backchannel_logout_session_supported are true, end_session_endpoint is an https URL', () => {
    expectAllEndpointsHttps();
    // CheckDiscEndpointBackchannelLogoutSupported, CheckDiscEndpointBackchannelLogoutSessionSupported: JSON true
    expect(metadata.backchannel_logout_supported).toBe(true);
    expect(metadata.backchannel_logout_session_supported).toBe(true);
    expectHttpsUrl('end_session_endpoint');
  });
});
