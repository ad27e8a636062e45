/**
 * A TLS-terminating reverse proxy in the test, as a deployment puts one in front of Gatehouse:
 * HTTPS on a loopback port with a self-signed certificate for `localhost` made at test time
 * (openssl), forwarding to the plain-HTTP upstream from 127.0.0.1 with the public `Host` passed
 * on and the client's address appended to `X-Forwarded-For`, as nginx's
 * `$proxy_add_x_forwarded_for` does. Clients may connect from any 127.0.0.0/8 address, so a test
 * tells several clients (and the proxy) apart by their addresses.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sendRaw, type RawAnswer } from './http-client';

export interface TlsProxy {
  /** `https://localhost:PORT`: the public URL, the issuer. */
  readonly url: string;
  /** The self-signed certificate, for the clients' trust. */
  readonly ca: string;
  close(): Promise<void>;
}

export type Answer = RawAnswer;

/** The address the proxy connects to its upstream from (the one to list with trustProxy). */
export const PROXY_ADDRESS = '127.0.0.1';

export async function startTlsProxy(upstream: string, dir: string): Promise<TlsProxy> {
  const key = path.join(dir, 'proxy-key.pem');
  const cert = path.join(dir, 'proxy-cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'].concat([
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
      '-keyout',
      key,
      '-out',
      cert,
    ]),
    { stdio: 'ignore' },
  );
  const ca = fs.readFileSync(cert, 'utf8');
  const target = new URL(upstream);
  const server = https.createServer({ key: fs.readFileSync(key), cert: ca }, (req, res) => {
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstreamReq = http.request(
      {
        host: target.hostname,
        port: target.port,
        localAddress: PROXY_ADDRESS,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'x-forwarded-for': forwarded, 'x-forwarded-proto': 'https' },
        agent: false,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.on('error', () => res.writeHead(502).end());
    req.pipe(upstreamReq);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    ca,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** One request from the client at `from` (a 127.0.0.0/8 address), over HTTPS to `base` or plain HTTP. */
export function requestFrom(
  from: string,
  base: string,
  opts: { path: string; method?: string; headers?: Record<string, string>; body?: string; ca?: string },
): Promise<Answer> {
  const url = new URL(base);
  const secure = url.protocol === 'https:';
  const options = {
    host: '127.0.0.1',
    port: url.port,
    servername: secure ? url.hostname : undefined,
    ca: opts.ca,
    localAddress: from,
    path: opts.path,
    method: opts.method ?? 'GET',
    headers: { host: url.host, ...opts.headers },
    agent: false,
  };
  return sendRaw((onAnswer) => (secure ? https : http).request(options, onAnswer), opts.body);
}

/** The Set-Cookie line whose name is `name`. */
export function setCookie(answer: Answer, name: string): string | undefined {
  return (answer.headers['set-cookie'] ?? []).find((line) => line.startsWith(`${name}=`));
}
