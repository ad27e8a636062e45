import type { FastifyReply, FastifyRequest } from 'fastify';

/** A cookie the auth server sets: its plain name, the path it is scoped to, and its SameSite. */
export interface CookieSpec {
  readonly name: string;
  readonly path: string;
  readonly sameSite: 'lax' | 'strict';
}

/** The provider's browser session: every path, sent on top-level navigations from apps (Lax). */
export const SESSION_COOKIE: CookieSpec = { name: 'gh_session', path: '/', sameSite: 'lax' };
/** The refresh token of a browser app of the login API. */
export const REFRESH_COOKIE: CookieSpec = { name: 'gh_refresh', path: '/auth', sameSite: 'strict' };
/** Binds a login form to the browser that opened it. */
export const LOGIN_BINDING_COOKIE: CookieSpec = { name: 'gh_login', path: '/authorize', sameSite: 'lax' };
/** Binds a logout confirmation form to the browser that opened it. */
export const LOGOUT_BINDING_COOKIE: CookieSpec = { name: 'gh_logout', path: '/logout', sameSite: 'lax' };

/**
 * The one home of the auth server's cookie attributes. Cookies are `Secure` when the issuer is
 * `https` (the public URL behind a TLS-terminating proxy) or when forced (`--secure-cookies`).
 * Secure cookies carry a prefix the browser enforces (RFC 6265bis §4.1.3): `__Host-` for a cookie
 * of path `/` (no subdomain or other path can set or shadow it), `__Secure-` for the others, whose
 * narrower path `__Host-` does not allow. On plain HTTP the names stay unprefixed: a browser
 * refuses a prefixed cookie without `Secure`. The issuer is read per request because the
 * composition root decides it after the server listens.
 */
export class AuthCookies {
  constructor(
    private readonly issuer: () => string,
    private readonly forceSecure = false,
  ) {}

  /** Whether cookies set now carry `Secure`. */
  secure(): boolean {
    return this.forceSecure || this.issuer().startsWith('https:');
  }

  /** The cookie's name on the wire. */
  nameOf(cookie: CookieSpec): string {
    if (!this.secure()) return cookie.name;
    return `${cookie.path === '/' ? '__Host-' : '__Secure-'}${cookie.name}`;
  }

  read(req: FastifyRequest, cookie: CookieSpec): string | undefined {
    return req.cookies[this.nameOf(cookie)];
  }

  /** Sets the cookie, HttpOnly always; `maxAge` in seconds, a browser-session cookie without it. */
  set(reply: FastifyReply, cookie: CookieSpec, value: string, maxAge?: number): void {
    reply.setCookie(this.nameOf(cookie), value, {
      httpOnly: true,
      sameSite: cookie.sameSite,
      path: cookie.path,
      secure: this.secure(),
      ...(maxAge === undefined ? {} : { maxAge: Math.max(maxAge, 0) }),
    });
  }

  /** Clears it with the same attributes: a browser ignores a prefixed cookie's removal without `Secure`. */
  clear(reply: FastifyReply, cookie: CookieSpec): void {
    reply.clearCookie(this.nameOf(cookie), {
      httpOnly: true,
      sameSite: cookie.sameSite,
      path: cookie.path,
      secure: this.secure(),
    });
  }
}
