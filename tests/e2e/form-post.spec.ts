/**
 * Form Post Response Mode in a real Chromium: the page Gatehouse answers with posts the response
 * to the app's origin by itself (its one script allowed by the CSP's hash, no violation), or by
 * its button when scripts are off; the app receives every value exactly as sent.
 */
import { expect, test, type Page } from '@playwright/test';
import Fastify from 'fastify';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendToClient } from '../../src/main/http/endpoints/response-modes';

const PARAMS = { code: 'c"><script>alert(1)</script>', state: "it's & <b>é", iss: 'http://127.0.0.1' };

/** The provider's side (the renderer under test) and an app at another origin that records what it is posted. */
async function startBoth() {
  const received: URLSearchParams[] = [];
  const app = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method === 'POST') received.push(new URLSearchParams(body));
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>received</h1>');
    });
  });
  await new Promise<void>((resolve) => app.listen(0, 'localhost', resolve));
  const redirectUri = `http://localhost:${(app.address() as AddressInfo).port}/cb?keep=1`;
  const provider = Fastify();
  provider.get('/answer', async (_req, reply) =>
    sendToClient(reply, { redirectUri, responseMode: 'form_post', params: PARAMS }),
  );
  const answerUrl = `${await provider.listen({ port: 0, host: '127.0.0.1' })}/answer`;
  return {
    received,
    redirectUri,
    answerUrl,
    close: async () => {
      await provider.close();
      await new Promise((resolve) => app.close(resolve));
    },
  };
}

const cspViolations = (page: Page) => {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
};

test('the form posts itself to the redirect URI, allowed by the CSP, with every value intact', async ({ page }) => {
  const both = await startBoth();
  try {
    const violations = cspViolations(page);
    await page.goto(both.answerUrl);
    await expect(page.getByRole('heading', { name: 'received' })).toBeVisible();
    expect(page.url()).toBe(both.redirectUri);
    expect(both.received).toHaveLength(1);
    expect(Object.fromEntries(both.received[0]!)).toEqual(PARAMS);
    expect(violations).toEqual([]);
  } finally {
    await both.close();
  }
});

test.describe('with scripts off', () => {
  test.use({ javaScriptEnabled: false });
  test('a Continue button posts the same form', async ({ page }) => {
    const both = await startBoth();
    try {
      await page.goto(both.answerUrl);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('heading', { name: 'received' })).toBeVisible();
      expect(Object.fromEntries(both.received[0]!)).toEqual(PARAMS);
    } finally {
      await both.close();
    }
  });
});
