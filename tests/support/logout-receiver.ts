/**
 * An app's back-channel logout endpoint, for tests: it verifies every logout token it receives
 * against the issuer's JWKS with jose (signature, `typ`, `iss`, `aud`, claims), keeps them in
 * order, and answers as the test says (200, 500, or never).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';

export const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

export interface ReceivedLogout {
  /** The logout token as received. */
  raw: string;
  claims: JWTPayload & { sid?: string; events?: Record<string, unknown> };
  /** When it arrived (performance.now()). */
  at: number;
}

export type ReceiverMode = 'ok' | 'fail' | 'hang';

export interface LogoutReceiver {
  uri: string;
  received: ReceivedLogout[];
  /** Tokens that did not verify, with why: a test expects none. */
  rejected: string[];
  mode: ReceiverMode;
  /** Resolves once `n` logout tokens were received (verified). */
  waitFor(n: number): Promise<ReceivedLogout[]>;
  /** Resolves with the first logout token received for the session `sid`. */
  waitForSid(sid: string): Promise<ReceivedLogout>;
  close(): Promise<void>;
}

/** `now`: the issuer's clock (unix seconds), against which `iat` and `exp` are checked. */
export async function startLogoutReceiver(
  issuer: string,
  audience: string,
  now: () => number,
  opts: { port?: number; jwks?: JSONWebKeySet } = {},
): Promise<LogoutReceiver> {
  // the issuer's published JWKS, unless given (a Gatehouse without an HTTP server)
  const keySet = opts.jwks ?? ((await (await fetch(`${issuer}/.well-known/jwks.json`)).json()) as JSONWebKeySet);
  const jwks = createLocalJWKSet(keySet);
  const waiters: { n: number; resolve: (r: ReceivedLogout[]) => void }[] = [];
  const hanging: http.ServerResponse[] = [];
  const receiver: LogoutReceiver = {
    uri: '',
    received: [],
    rejected: [],
    mode: 'ok',
    waitFor(n) {
      if (receiver.received.length >= n) return Promise.resolve(receiver.received);
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    async waitForSid(sid) {
      for (let n = 1; ; n++) {
        const received = await receiver.waitFor(n);
        const match = received.find((r) => r.claims.sid === sid);
        if (match) return match;
      }
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      void (async () => {
        if (receiver.mode === 'hang') {
          hanging.push(res);
          return;
        }
        const token = new URLSearchParams(body).get('logout_token') ?? '';
        try {
          if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') throw new Error('not a form post');
          const { payload } = await jwtVerify(token, jwks, {
            issuer,
            audience,
            typ: 'logout+jwt',
            maxTokenAge: 120,
            clockTolerance: 5,
            currentDate: new Date(now() * 1000),
            requiredClaims: ['iat', 'exp', 'jti', 'sub', 'sid', 'events'],
          });
          receiver.received.push({ raw: token, claims: payload as ReceivedLogout['claims'], at: performance.now() });
          for (const w of waiters.splice(0)) {
            if (receiver.received.length >= w.n) w.resolve(receiver.received);
            else waiters.push(w);
          }
        } catch (err) {
          receiver.rejected.push((err as Error).message);
        }
        if (receiver.mode === 'fail') {
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"server_error"}');
          return;
        }
        res.writeHead(200, { 'cache-control': 'no-store' }).end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  receiver.uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/backchannel-logout`;
  return receiver;
}
