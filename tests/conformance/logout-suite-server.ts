/**
 * The conformance suite's own side, as the logout plans' modules run it: its HTTP server at the
 * test's alias (`…/test/a/gatehouse`), its browser landing there, and the way it writes a URL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestBrowser, type Page } from '../support/oidc-browser';

/** One request the suite's server received: which of its paths, and its parameters as it parses them. */
export interface SuiteRequest {
  path: string;
  method: string;
  contentType: string | undefined;
  /** `query_string_params` */
  query: Record<string, string>;
  /** `body_form_params` (a form post only, as the suite's dispatcher reads them) */
  form: Record<string, string>;
}

/** The suite's side: its redirect, post-logout and back-channel URIs under one alias. */
export interface SuiteServer {
  base: string;
  received: SuiteRequest[];
  /** The requests to one of its paths (`post_logout_redirect`, `backchannel_logout`, ...). */
  to(path: string): SuiteRequest[];
  /** Requests to a path the plan's modules do not handle: each fails the module running (`AbstractTestModule.handleHttp`). */
  unexpected(): SuiteRequest[];
  close(): Promise<void>;
}

/** `handled`: the paths the plan's modules answer; any other request fails the module, and gets a 500. */
export async function startSuiteServer(handled: readonly string[]): Promise<SuiteServer> {
  const received: SuiteRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://suite');
      const contentType = req.headers['content-type'];
      received.push({
        path: url.pathname.split('/').pop() ?? '',
        method: req.method ?? 'GET',
        contentType,
        query: Object.fromEntries(url.searchParams),
        form: contentType === 'application/x-www-form-urlencoded' ? Object.fromEntries(new URLSearchParams(body)) : {},
      });
      const path = received.at(-1)!.path;
      if (!handled.includes(path)) {
        res
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`Got an HTTP request to '${path}' that wasn't expected`);
        return;
      }
      // OIDCCBackChannelRpInitiatedLogout.handleBackchannelLogout: always 200, no-store
      res.writeHead(200, { 'cache-control': 'no-store', 'content-type': 'text/html' }).end('result captured');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/test/a/gatehouse`,
    received,
    to: (path) => received.filter((r) => r.path === path),
    unexpected: () => received.filter((r) => !handled.includes(r.path)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A browser that follows a redirect to the suite's server, as the suite's browser lands there. */
export class SuiteBrowser extends TestBrowser {
  constructor(
    origin: string,
    private readonly suite: SuiteServer,
  ) {
    super(origin);
  }

  /** Gatehouse's answer; a redirect to the suite is followed (so its server records it). */
  async visit(url: string, form?: Record<string, string>): Promise<Page> {
    const page = await this.navigate(url, form);
    const location = page.headers.get('location');
    if (location?.startsWith(this.suite.base)) await fetch(location, { redirect: 'manual' });
    return page;
  }
}

/**
 * How Spring's `UriComponentsBuilder.queryParam(..).toUriString()` encodes a query parameter: only
 * what a query may not hold raw, so `! $ ' ( ) * , : @ / ?` (and `+ ;`, which the suite avoids)
 * arrive unencoded; `&`, `=` and the rest as UTF-8 percent-escapes.
 */
export const springEncode = (value: string) =>
  [...new TextEncoder().encode(value)]
    .map((b) =>
      /[A-Za-z0-9\-._~!$'()*+,;:@/?]/.test(String.fromCharCode(b)) && b < 0x80
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
