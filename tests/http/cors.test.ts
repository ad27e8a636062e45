import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOrigin } from '../../src/main/http/origin-guard';
import { startAuthServer, type AuthServer } from '../../src/main/http/auth-server';
import { openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';

const APP = 'http://localhost:5173';
let fx: GatehouseFixture;
let server: AuthServer;

beforeAll(async () => {
  fx = await openTestGatehouse({ demoData: true });
  server = await startAuthServer(fx.gatehouse, { port: 0, corsOrigins: [APP] });
});
afterAll(async () => {
  await server.close();
  await fx.close();
});

const preflight = (origin: string) =>
  fetch(`${server.url}/auth/login`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });

describe('CORS for configured origins only', () => {
  it('answers a listed origin with its own origin, credentials and Vary', async () => {
    const res = await fetch(`${server.url}/api/health`, { headers: { origin: APP } });
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it('answers a preflight of a listed origin with 204 and the allowed methods and headers', async () => {
    const res = await preflight(APP);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  });

  it('sends nothing to any other origin, and does not answer its preflight', async () => {
    for (const origin of ['http://evil.example', 'http://localhost:5174', 'null']) {
      const res = await fetch(`${server.url}/api/health`, { headers: { origin } });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const pre = await preflight(origin);
      expect(pre.status).not.toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('parseOrigin (the --cors-origin flag)', () => {
  it('accepts exactly scheme://host[:port] and refuses paths, other schemes and garbage', () => {
    expect(parseOrigin('https://app.example.com')).toBe('https://app.example.com');
    expect(parseOrigin('http://localhost:5173/')).toBe('http://localhost:5173');
    for (const bad of [
      'https://app.example.com/path',
      'ftp://x.example',
      '*',
      'localhost:5173',
      'https://a.example?x=1',
    ])
      expect(parseOrigin(bad)).toBeNull();
  });
});
