import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a login page may stay open before its form is refused. */
export const INTERACTION_TTL = 600;

/**
 * The pending request carried by a hosted form (the login page, the logout confirmation), signed (HMAC-SHA256 with a
 * key derived from the deployment's key-encryption key, so any instance can check it) and bound
 * to a random value the browser got as a cookie with the page. The form's hidden field is the CSRF
 * token: it cannot be forged, it expires, and it is worthless in another browser (with the Origin
 * check on the POST, OWASP's defence in depth).
 */
export class InteractionSigner {
  constructor(private readonly key: Buffer) {}

  /** The hidden field's value for `params`, bound to the browser's `binding` cookie. */
  seal(params: Record<string, string>, binding: string, now: number): string {
    const body = Buffer.from(JSON.stringify({ p: params, exp: now + INTERACTION_TTL })).toString('base64url');
    return `${body}.${this.mac(body, binding)}`;
  }

  /** The request the form was opened for, or why it cannot be used any more. */
  open(
    value: unknown,
    binding: string | undefined,
    now: number,
  ): { params: Record<string, string> } | { problem: string } {
    if (typeof value !== 'string' || value.length > 16_384 || !binding)
      return { problem: 'this form was not opened in this browser' };
    const dot = value.lastIndexOf('.');
    const body = value.slice(0, dot);
    const expected = Buffer.from(this.mac(body, binding));
    const given = Buffer.from(value.slice(dot + 1));
    if (dot < 0 || expected.length !== given.length || !timingSafeEqual(expected, given))
      return { problem: 'this form was not opened in this browser' };
    const { p, exp } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      p: Record<string, string>;
      exp: number;
    };
    if (exp <= now) return { problem: 'this form has expired' };
    return { params: p };
  }

  private mac(body: string, binding: string): string {
    return createHmac('sha256', this.key).update(`${binding}.${body}`).digest('base64url');
  }
}
