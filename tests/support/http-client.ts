import http from 'node:http';

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  session_id: string;
}

export interface ErrorBody {
  error: string;
  error_description: string;
  reason?: string;
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export const basicAuth = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

export function getMe(base: string, token: string): Promise<Response> {
  return fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } });
}

/** Logs in and fails the test unless it answers 200. */
export async function login(base: string, username: string, password: string): Promise<TokenResponse> {
  const res = await postJson(`${base}/auth/login`, { username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return (await res.json()) as TokenResponse;
}

export function refresh(base: string, refreshToken: string): Promise<Response> {
  return postJson(`${base}/auth/refresh`, { refresh_token: refreshToken });
}

/** The `reason` of a 401 from /api/me, with its status and challenge, for one-line assertions. */
export async function rejection(
  res: Response,
): Promise<{ status: number; challenge: string | null; error: string; reason: string | undefined }> {
  const body = (await res.json()) as ErrorBody;
  return { status: res.status, challenge: res.headers.get('www-authenticate'), error: body.error, reason: body.reason };
}

/** A request through node:http, which (unlike fetch) may set any Host header. */
/** A whole answer read as text: status, headers and body. */
export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Sends a node:http(s) request built by `open` and reads its whole answer as text. */
export function sendRaw(
  open: (onAnswer: (res: http.IncomingMessage) => void) => http.ClientRequest,
  body?: string,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = open((res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function rawRequest(
  base: string,
  opts: { path: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<RawAnswer> {
  const url = new URL(base);
  const options = {
    host: url.hostname,
    port: url.port,
    path: opts.path,
    method: opts.method ?? 'GET',
    headers: opts.headers,
    agent: false,
  };
  return sendRaw((onAnswer) => http.request(options, onAnswer), opts.body);
}
