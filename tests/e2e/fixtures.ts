import { test as base, expect, type Page } from '@playwright/test';
import type { AdminMethod, AdminRequest, AdminResponses } from '../../src/shared/admin-api';
import { startServe, type ServeProcess } from '../support/serve-process';

export interface Gatehouse extends ServeProcess {
  /** Logs a demo user in over the public HTTP API, as a client app would. */
  login(
    username?: string,
  ): Promise<{ access_token: string; refresh_token: string; session_id: string; expires_in: number }>;
  /** Status of GET /api/me with the token. */
  me(accessToken: string): Promise<number>;
  /** Calls the admin web transport directly; throws on an error result. */
  admin<M extends AdminMethod>(method: M, request?: AdminRequest<M>): Promise<AdminResponses[M]>;
  /** The same on the demo lab sandbox's AdminApi (`/admin/sandbox/api`); any call but demo.sandbox/reset starts it. */
  sandbox<M extends AdminMethod>(method: M, request?: AdminRequest<M>): Promise<AdminResponses[M]>;
  /** Opens the console with the admin token in the URL fragment and waits until it is ready. */
  open(page: Page, screen?: string): Promise<void>;
}

/** Each test gets its own headless Gatehouse with a fresh data folder; `serveArgs` adds flags (`test.use`). */
export const test = base.extend<{ gh: Gatehouse; serveArgs: string[] }>({
  serveArgs: [[], { option: true }],
  gh: async ({ serveArgs }, use) => {
    const server = await startServe({ args: serveArgs });
    async function adminCall<M extends AdminMethod>(
      base: string,
      method: M,
      request?: AdminRequest<M>,
    ): Promise<AdminResponses[M]> {
      const res = await fetch(new URL(`${base}/${method}`, server.consoleUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
        body: JSON.stringify(request ?? {}),
      });
      const body = (await res.json()) as { ok: boolean; value?: never; error?: { code: string; message: string } };
      if (!body.ok) throw new Error(`${method}: ${body.error?.code} ${body.error?.message}`);
      return body.value as never;
    }
    const gh: Gatehouse = {
      ...server,
      async login(username = 'alice') {
        const res = await fetch(`${server.authUrl}/auth/login`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
          },
          body: JSON.stringify({ username, password: server.demoPassword }),
        });
        expect(res.status).toBe(200);
        return (await res.json()) as never;
      },
      async me(accessToken) {
        return (await fetch(`${server.authUrl}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } }))
          .status;
      },
      admin: (method, request) => adminCall('/admin/api', method, request),
      sandbox: (method, request) => adminCall('/admin/sandbox/api', method, request),
      async open(page, screen) {
        await page.goto(`${server.consoleUrl}${screen ? `?screen=${screen}` : ''}#token=${server.adminToken}`);
        await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
      },
    };
    await use(gh);
    await server.stop();
  },
});

export { expect };
