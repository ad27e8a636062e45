/**
 * A seeded generator of hostile requests to the public auth server: every endpoint, as a query
 * string, a form or a JSON body, with values of every type, parameters given twice, huge and
 * unicode strings, unknown and prototype-named parameters. The same seed gives the same requests.
 */
import { REDIRECT } from './oidc-fixture';

/** mulberry32: small, fast, and enough to make a failure reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FuzzRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const AUTHORIZE = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge'];
const AUTHORIZE_MORE = [
  'code_challenge_method',
  'prompt',
  'max_age',
  'response_mode',
  'request',
  'request_uri',
  'claims',
];
const TOKEN_FORM = ['token', 'token_type_hint', 'client_id', 'client_secret'];
const LOGOUT = ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state', 'logout_hint', 'ui_locales'];
const TOKEN = ['grant_type', 'code', 'redirect_uri', 'code_verifier', 'refresh_token', 'scope', 'client_id'];

/** Every public endpoint with the parameters it reads (none: it must ignore whatever it gets). */
export const ENDPOINTS: { method: 'GET' | 'POST'; path: string; params: string[] }[] = [
  { method: 'GET', path: '/.well-known/openid-configuration', params: [] },
  { method: 'GET', path: '/.well-known/oauth-authorization-server', params: [] },
  { method: 'GET', path: '/.well-known/jwks.json', params: [] },
  { method: 'GET', path: '/api/me', params: [] },
  { method: 'GET', path: '/api/health', params: [] },
  { method: 'GET', path: '/oauth/userinfo', params: [] },
  { method: 'POST', path: '/oauth/userinfo', params: ['access_token'] },
  { method: 'POST', path: '/auth/login', params: ['username', 'password'] },
  { method: 'POST', path: '/auth/refresh', params: ['refresh_token'] },
  { method: 'POST', path: '/auth/logout', params: ['refresh_token'] },
  { method: 'GET', path: '/authorize', params: [...AUTHORIZE, ...AUTHORIZE_MORE] },
  { method: 'POST', path: '/authorize', params: [...AUTHORIZE, ...AUTHORIZE_MORE] },
  { method: 'POST', path: '/authorize/login', params: ['interaction', 'username', 'password'] },
  { method: 'POST', path: '/oauth/token', params: [...TOKEN, 'client_secret'] },
  { method: 'POST', path: '/oauth/revoke', params: TOKEN_FORM },
  { method: 'POST', path: '/oauth/introspect', params: TOKEN_FORM },
  { method: 'GET', path: '/logout', params: LOGOUT },
  { method: 'POST', path: '/logout', params: LOGOUT },
  { method: 'POST', path: '/logout/confirm', params: ['interaction'] },
];

/** Plausible values, so that requests also get past the first checks. */
const PLAUSIBLE: Record<string, string[]> = {
  response_type: ['code', 'token'],
  client_id: ['web-app', 'spa', 'machine', 'nobody'],
  redirect_uri: [REDIRECT, 'https://evil.example/cb', 'http://127.0.0.1:9/cb', 'http://[::1]:65536/cb'],
  post_logout_redirect_uri: [REDIRECT],
  scope: ['openid', 'openid profile email offline_access'],
  code_challenge: ['E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'],
  code_challenge_method: ['S256', 'plain'],
  prompt: ['none', 'login', 'none login'],
  max_age: ['0', '60', '-1', '1e9'],
  grant_type: ['authorization_code', 'refresh_token', 'client_credentials', 'password'],
  username: ['alice', 'bob'],
  token_type_hint: ['access_token', 'refresh_token'],
  claims: [
    '{"userinfo":{"name":{"essential":true}}}',
    '{"id_token":{"email":null}}',
    '{',
    '[]',
    '{"userinfo":{"name":1}}',
  ],
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function fuzzRequests(seed: number, count: number, validToken: string): FuzzRequest[] {
  const rnd = seededRandom(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const text = (): string =>
    pick([
      () => 'x',
      () => '',
      () => 'a'.repeat(1 + int(4096)),
      () => 'é'.repeat(1 + int(20_000)),
      () => '😀\u0000\u202e<script>"\'&%00',
      () => String.fromCharCode(...Array.from({ length: 1 + int(32) }, () => int(0xffff))),
      () => '%ZZ%%+&=;',
      () => validToken,
    ])();
  const value = (name: string, depth = 0): unknown =>
    pick([
      () => (Object.hasOwn(PLAUSIBLE, name) ? pick(PLAUSIBLE[name]!) : text()),
      text,
      () => null,
      () => pick([0, -1, 1.5, 2 ** 53, 1e308]),
      () => rnd() < 0.5,
      () => (depth > 1 ? {} : { [pick(['a', '$ne', 'length'])]: value(name, depth + 1) }),
      () => (depth > 1 ? [] : Array.from({ length: int(3) }, () => value(name, depth + 1))),
    ])();
  const names = (params: string[]) => {
    const chosen = params.filter(() => rnd() < 0.6);
    if (rnd() < 0.3) chosen.push(pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'unknown', 'é']));
    if (chosen.length && rnd() < 0.2) chosen.push(pick(chosen)); // the same parameter twice
    return chosen;
  };
  // a lone surrogate cannot be percent-encoded; a browser sends U+FFFD instead
  const escape = (s: string) => encodeURIComponent(s.replace(LONE_SURROGATE, '\uFFFD'));
  const encode = (pairs: [string, unknown][]) => {
    const encoded = pairs.map(([k, v]) => `${escape(k)}=${escape(typeof v === 'string' ? v : JSON.stringify(v))}`);
    if (rnd() < 0.05) encoded.push(pick(['%FF%FE=%C3%28', 'a=%E0%80', '=x', '&&', 'a[b]=c', 'a=1;b=2']));
    return encoded.join('&');
  };
  const headers = (): Record<string, string> => {
    const h: Record<string, string> = {};
    const auth = pick(['', `Bearer ${validToken}`, 'Bearer x.y.z', 'Bearer', 'Basic d2ViLWFwcDp4', 'Basic %%%']);
    if (auth) h.authorization = auth;
    if (rnd() < 0.2) h.cookie = pick(['gh_session=x', 'gh_refresh=rt_x.y', 'gh_login=x; gh_logout=y']);
    return h;
  };

  return Array.from({ length: count }, (): FuzzRequest => {
    const endpoint = pick(ENDPOINTS);
    const pairs = names(endpoint.params).map((n): [string, unknown] => [n, value(n)]);
    const h = headers();
    if (endpoint.method === 'GET' || rnd() < 0.15) {
      const query = encode(pairs);
      return { method: endpoint.method, path: `${endpoint.path}${query ? `?${query}` : ''}`, headers: h };
    }
    if (rnd() < 0.5) {
      h['content-type'] = 'application/x-www-form-urlencoded';
      return { method: 'POST', path: endpoint.path, headers: h, body: encode(pairs) };
    }
    h['content-type'] = 'application/json';
    const top = rnd();
    const body = top < 0.85 ? Object.fromEntries(pairs) : pick([pairs.map(([, v]) => v), 'text', 42, null]);
    // JSON.stringify drops a `__proto__` own key no differently than a client would send it
    return { method: 'POST', path: endpoint.path, headers: h, body: JSON.stringify(body) };
  });
}
