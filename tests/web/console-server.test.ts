import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import type { Sandbox } from '../../src/main/demo/sandbox';
import { startAuthServer, type AuthServer } from '../../src/main/http/auth-server';
import { createSandbox } from '../../src/main/runtime/sandbox-instance';
import { startConsoleServer, type ConsoleServer } from '../../src/main/web/console-server';
import { CONSOLE_CSP } from '../../src/main/web/csp';
import type { GatehouseEvent } from '../../src/shared/events';
import { DEMO_PASSWORD, makeTempDir, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';
import { login, postJson, rawRequest } from '../support/http-client';

const ADMIN_TOKEN = 'console-test-admin-token-0123456789abcdef';
const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };

let fx: GatehouseFixture;
let auth: AuthServer;
let web: ConsoleServer;
let sandbox: Sandbox;
let rendererDir: string;
const api = (method: string) => new URL(`/admin/api/${method}`, web.url).href;
/** The live instance's routes, and the demo lab sandbox's: every guarantee holds for both. */
const BASES = ['/admin', '/admin/sandbox'] as const;

beforeAll(async () => {
  fx = await openTestGatehouse({ demoData: true });
  auth = await startAuthServer(fx.gatehouse, { port: 0 });
  sandbox = createSandbox({ live: fx.gatehouse, mode: 'headless', version: 'test' });
  const admin = new AdminService({
    gatehouse: fx.gatehouse,
    authUrl: () => auth.url,
    mode: 'headless',
    version: 'test',
    demo: sandbox,
  });
  rendererDir = makeTempDir();
  fs.writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><title>Gatehouse</title><div id="root"></div>',
  );
  web = await startConsoleServer(admin, fx.gatehouse.bus, {
    host: '127.0.0.1',
    port: 0,
    adminToken: ADMIN_TOKEN,
    rendererDir,
    sandbox,
  });
});
afterAll(async () => {
  await web.close();
  await sandbox.close();
  await auth.close();
  await fx.close();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

describe('admin token', () => {
  for (const [name, headers] of [
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token' }],
    ['a Basic header', { authorization: `Basic ${ADMIN_TOKEN}` }],
  ] as const) {
    it(`answers 401 with a challenge for ${name}, on the live and the sandbox routes`, async () => {
      for (const base of BASES) {
        const res = await postJson(new URL(`${base}/api/sessions.list`, web.url).href, {}, headers);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="gatehouse-admin"/);
        expect(await res.json()).toEqual({
          ok: false,
          error: { code: 'unauthorized', message: 'admin token required' },
        });
        const events = await fetch(new URL(`${base}/events`, web.url), { headers });
        expect(events.status).toBe(401);
      }
      // refused before anything ran: the sandbox was not started by them
      expect(sandbox.state().running).toBe(false);
    });
  }
});

describe('admin API', () => {
  it('answers 404 unknown_method for a method outside the contract', async () => {
    const res = await postJson(api('sessions.drop'), {}, bearer);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('answers a bad payload with 200 and invalid_request as data', async () => {
    const res = await postJson(api('sessions.revoke'), { sessionId: 42, extra: 'x' }, bearer);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining('sessions.revoke') },
    });
  });

  it('lists a session created by a login over HTTP', async () => {
    const pair = await login(auth.url, 'alice', DEMO_PASSWORD);
    const res = await postJson(api('sessions.list'), { text: `sid:${pair.session_id}` }, bearer);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({
      ok: true,
      value: { total: 1, items: [{ id: pair.session_id, username: 'alice', status: 'active' }] },
    });
  });

  it('parses the search text, and answers a syntax error as invalid_request with the parser message', async () => {
    const pair = await login(auth.url, 'alice', DEMO_PASSWORD);
    const list = async (text: string) =>
      (await (await postJson(api('sessions.list'), { text }, bearer)).json()) as never;
    expect(await list(`user:alice sid:${pair.session_id}`)).toMatchObject({ ok: true, value: { total: 1 } });
    // a plain word never matches a session id
    expect(await list(pair.session_id)).toMatchObject({ ok: true, value: { total: 0 } });
    expect(await list('foo:bar')).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message: expect.stringMatching(/^Unknown field "foo:"\. Search by user:, ip:, device:, sid:/),
      },
    });
  });
});

describe('events', () => {
  it('delivers session.created on /admin/events after a login', async () => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 10_000);
    try {
      const res = await fetch(new URL('/admin/events', web.url), { headers: bearer, signal: abort.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      // the stream is open once its first comment arrived: only then can the event not be missed
      let buffer = (await reader.read()).value ?? '';
      expect(buffer).toMatch(/^: connected/);
      const pair = await login(auth.url, 'bob', DEMO_PASSWORD);
      let created: GatehouseEvent | undefined;
      while (!created) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before session.created: ${buffer}`);
        buffer += value;
        created = buffer
          .split('\n\n')
          .flatMap((m) => (m.startsWith('data: ') ? [JSON.parse(m.slice(6)) as GatehouseEvent] : []))
          .find((e) => e.type === 'session.created');
      }
      expect(created).toMatchObject({ type: 'session.created', sessionId: pair.session_id });
      await reader.cancel();
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  });
});

describe('the sandbox routes', () => {
  const sandboxApi = (method: string) => new URL(`/admin/sandbox/api/${method}`, web.url).href;
  const call = async (method: string, body: unknown = {}) =>
    (await (await postJson(sandboxApi(method), body, bearer)).json()) as { ok: boolean; value?: never };

  it('answers about the sandbox without starting it, and refuses bad calls before starting it', async () => {
    expect(await call('demo.sandbox')).toEqual({ ok: true, value: { running: false, authUrl: null, clock: null } });
    const unknown = await postJson(sandboxApi('sessions.drop'), {}, bearer);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await call('sessions.revoke', { sessionId: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining('sessions.revoke') },
    });
    expect(sandbox.state().running).toBe(false);
  });

  it('is another Gatehouse: its own instance, auth server and sessions, none of the live ones', async () => {
    await login(auth.url, 'alice', DEMO_PASSWORD);
    const info = await call('system.info');
    expect(info).toMatchObject({ ok: true, value: { instance: 'sandbox', virtualClock: true } });
    const sandboxUrl = (info.value as unknown as { authUrl: string }).authUrl;
    expect(sandboxUrl).not.toBe(auth.url);
    expect(await call('sessions.list')).toMatchObject({ ok: true, value: { total: 0 } });
    expect((await (await postJson(api('sessions.list'), {}, bearer)).json()) as unknown).toMatchObject({
      ok: true,
      value: { total: expect.any(Number) },
    });
    expect(((await (await postJson(api('system.info'), {}, bearer)).json()) as { value: unknown }).value).toMatchObject(
      { instance: 'live', authUrl: auth.url },
    );
  });

  it('streams its own events on /admin/sandbox/events, and only its own', async () => {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 10_000);
    const sandboxUrl = sandbox.state().authUrl!;
    const read = async (path: string) => {
      const res = await fetch(new URL(path, web.url), { headers: bearer, signal: abort.signal });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      expect((await reader.read()).value).toMatch(/^: connected/);
      return reader;
    };
    const events = (buffer: string) =>
      buffer.split('\n\n').flatMap((m) => (m.startsWith('data: ') ? [JSON.parse(m.slice(6)) as GatehouseEvent] : []));
    try {
      const sandboxStream = await read('/admin/sandbox/events');
      const liveStream = await read('/admin/events');
      const res = await fetch(`${sandboxUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'alice', password: 'not the sandbox password' }),
      });
      expect(res.status).toBe(401);
      // a failed login is audited: that entry arrives on the sandbox's stream
      let buffer = '';
      while (!events(buffer).some((e) => e.type === 'audit.appended')) {
        const { value, done } = await sandboxStream.read();
        if (done) throw new Error(`stream ended: ${buffer}`);
        buffer += value;
      }
      // and not on the live one: the next thing there is what the live instance does itself
      await login(auth.url, 'bob', DEMO_PASSWORD);
      let live = '';
      while (!events(live).some((e) => e.type === 'session.created')) live += (await liveStream.read()).value ?? '';
      expect(events(buffer).filter((e) => e.type === 'audit.appended' && e.entry.type === 'login.failed')).toHaveLength(
        1,
      );
      expect(events(live).filter((e) => e.type === 'audit.appended' && e.entry.type === 'login.failed')).toEqual([]);
      await sandboxStream.cancel();
      await liveStream.cancel();
    } finally {
      clearTimeout(timer);
      abort.abort();
    }
  });

  it('is not served by a console server given no sandbox: 404 in the envelope', async () => {
    const bare = await startConsoleServer(
      { handle: async () => ({ ok: true, value: null }) as never },
      fx.gatehouse.bus,
      {
        host: '127.0.0.1',
        port: 0,
        adminToken: ADMIN_TOKEN,
        rendererDir,
      },
    );
    try {
      const res = await postJson(new URL('/admin/sandbox/api/system.info', bare.url).href, {}, bearer);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      await bare.close();
    }
  });
});

describe('page and transport hardening', () => {
  it('serves the console page with the CSP and without CORS', async () => {
    const res = await fetch(web.url, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Gatehouse</title>');
    expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('grants no cross-origin access to the API, neither on a call nor on a preflight', async () => {
    const call = await postJson(api('system.info'), {}, { ...bearer, origin: 'https://evil.example' });
    expect(call.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(api('system.info'), {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('answers 421 to a foreign Host header (DNS rebinding)', async () => {
    const res = await rawRequest(web.url, {
      path: '/admin/api/system.info',
      method: 'POST',
      headers: { host: 'evil.example', ...bearer, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(421);
    const page = await rawRequest(web.url, { path: '/', headers: { host: 'evil.example:80' } });
    expect(page.status).toBe(421);
  });

  it('keeps the public auth routes and the admin routes on their own servers', async () => {
    const loginOnConsole = await postJson(new URL('/auth/login', web.url).href, {
      username: 'alice',
      password: DEMO_PASSWORD,
    });
    expect(loginOnConsole.status).toBe(404);
    expect((await fetch(new URL('/.well-known/jwks.json', web.url))).status).toBe(404);
    const adminOnAuth = await postJson(`${auth.url}/admin/api/sessions.list`, {}, bearer);
    expect(adminOnAuth.status).toBe(404);
    expect((await fetch(`${auth.url}/admin/events`, { headers: bearer })).status).toBe(404);
    expect((await fetch(`${auth.url}/index.html`)).status).toBe(404);
  });
});

describe.each(BASES)('one error envelope on the admin transport (%s)', (base) => {
  const post = (method: string, body: string | undefined, headers: Record<string, string>) =>
    rawRequest(web.url, {
      path: `${base}/api/${method}`,
      method: 'POST',
      headers: { host: new URL(web.url).host, ...headers },
      body,
    });
  const envelope = (body: string) => JSON.parse(body) as { ok: boolean; error: { code: string; message: string } };
  const json = { ...bearer, 'content-type': 'application/json' };

  it('answers malformed JSON with 400 invalid_request in the envelope', async () => {
    const res = await post('sessions.list', '{"limit": 1', json);
    expect(res.status).toBe(400);
    expect(envelope(res.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining('not valid JSON') },
    });
  });

  it('answers an empty JSON body with 400 invalid_request in the envelope', async () => {
    const res = await post('sessions.list', '', json);
    expect(res.status).toBe(400);
    expect(envelope(res.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining('empty') },
    });
  });

  it('answers a wrong content type with 415 in the envelope', async () => {
    const res = await post('sessions.list', 'limit=1', {
      ...bearer,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(415);
    expect(envelope(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('answers a body over the limit with 413 in the envelope', async () => {
    const res = await post('sessions.list', JSON.stringify({ text: 'x'.repeat(600 * 1024) }), json);
    expect(res.status).toBe(413);
    expect(envelope(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('answers 401 before reading the body of an unauthenticated call', async () => {
    const res = await post('sessions.list', '{broken', { 'content-type': 'application/json' });
    expect(res.status).toBe(401);
    expect(envelope(res.body)).toEqual({ ok: false, error: { code: 'unauthorized', message: 'admin token required' } });
  });

  it('answers other verbs with 405 and an unknown admin path with 404, both in the envelope', async () => {
    const get = await rawRequest(web.url, {
      path: `${base}/api/sessions.list`,
      headers: { host: new URL(web.url).host, ...bearer },
    });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(envelope(get.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const unknown = await rawRequest(web.url, {
      path: `${base}/nothing-here`,
      headers: { host: new URL(web.url).host, ...bearer },
    });
    expect(unknown.status).toBe(404);
    expect(envelope(unknown.body)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('answers a foreign Host header with 421 in the envelope', async () => {
    const res = await post('sessions.list', '{}', { ...json, host: 'evil.example' });
    expect(res.status).toBe(421);
    expect(envelope(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});
