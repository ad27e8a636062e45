import type { FastifyRequest } from 'fastify';

/**
 * CSRF defence for requests authenticated by a cookie (OWASP: verify the origin with standard
 * headers). `SameSite=Strict` is not enough on loopback: every `localhost:PORT` is the same *site*
 * as every other, so a page on another port can send the cookie. A cookie-authenticated request is
 * accepted only when its `Origin` is the server's own or an allow-listed one, or, without
 * `Origin`, when `Sec-Fetch-Site` says it came from the same origin or from the user (typing,
 * bookmarks); an opaque `Origin: null` only with `Sec-Fetch-Site: same-origin`. With neither header it did not come from a browser that could be tricked (browsers
 * send one of them on every cross-origin POST), so it is accepted.
 */
export function isSameOriginRequest(req: FastifyRequest, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  // `Origin: null` is a page that hides its origin (a no-referrer policy, a sandboxed frame): only
  // Sec-Fetch-Site can then say it was this origin's own
  if (origin === 'null') return site === 'same-origin';
  if (typeof origin === 'string') return allowed.has(origin.toLowerCase());
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  return true;
}

/** The origins a browser shows for a server reachable under these `host:port` names. */
export const originsFor = (hostNames: Iterable<string>, scheme = 'http'): string[] =>
  [...hostNames].map((h) => `${scheme}://${h}`.toLowerCase());

/** `scheme://host[:port]` exactly, the form browsers send in `Origin`; null for anything else. */
export function parseOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    const origin = `${url.protocol}//${url.host}`;
    return (url.protocol === 'http:' || url.protocol === 'https:') && value.replace(/\/$/, '') === origin
      ? origin
      : null;
  } catch {
    return null;
  }
}
