/**
 * The admin transport's status for a store outage: 503 with Retry-After, the envelope unchanged;
 * every other answer keeps its status.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_RETRY_AFTER } from '../../src/main/http/errors';
import { startConsoleServer, type ConsoleServer } from '../../src/main/web/console-server';
import type { AdminErrorCode } from '../../src/shared/admin-api';
import { EventBus } from '../../src/main/auth/event-bus';
import { makeTempDir } from '../support/gatehouse-fixture';
import { postJson } from '../support/http-client';

const ADMIN_TOKEN = 'console-test-admin-token-0123456789abcdef';
const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };
const OUTAGE = { code: 'storage_unavailable', message: 'the store is unreachable; nothing was changed' };

let web: ConsoleServer;
let rendererDir: string;
/** What the stub AdminService answers next. */
let answer: { ok: true; value: unknown } | { ok: false; error: { code: AdminErrorCode; message: string } };

beforeAll(async () => {
  rendererDir = makeTempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Gatehouse</title>');
  const admin = { handle: async () => answer as never };
  web = await startConsoleServer(admin, new EventBus(), {
    host: '127.0.0.1',
    port: 0,
    adminToken: ADMIN_TOKEN,
    rendererDir,
    sandbox: { admin, bus: new EventBus() },
  });
});
afterAll(async () => {
  await web.close();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

describe('POST /admin/api/<method> when the store is unreachable', () => {
  it.each(['/admin', '/admin/sandbox'])('%s answers 503 with Retry-After and the unchanged envelope', async (base) => {
    answer = { ok: false, error: OUTAGE as { code: AdminErrorCode; message: string } };
    const res = await postJson(new URL(`${base}/api/sessions.revoke`, web.url).href, { sessionId: 's' }, bearer);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(STORE_RETRY_AFTER));
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ ok: false, error: OUTAGE });
  });

  it.each([
    ['a success', { ok: true as const, value: { done: true } }],
    ['a refusal', { ok: false as const, error: { code: 'not_found' as const, message: 'no session s' } }],
  ])('%s keeps 200 and no Retry-After', async (_name, result) => {
    answer = result;
    const res = await postJson(new URL('/admin/api/sessions.revoke', web.url).href, { sessionId: 's' }, bearer);
    expect(res.status).toBe(200);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(await res.json()).toEqual(result);
  });
});
