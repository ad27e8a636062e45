/**
 * OAuth 2.0 Form Post Response Mode: a page whose form posts the authorization response to the
 * client's redirect URI as soon as it loads. The one inline script is allowed by its SHA-256 in
 * the page's CSP (nothing else runs); without scripts, the `<noscript>` button does the same.
 */
import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const SUBMIT = 'document.forms[0].submit()';
const SUBMIT_HASH = `'sha256-${createHash('sha256').update(SUBMIT).digest('base64')}'`;

/** Where the form may post: the redirect URI's origin, or its scheme for a native app's private-use URI. */
function formTarget(redirectUri: string): string {
  const url = new URL(redirectUri);
  return url.origin === 'null' ? url.protocol : url.origin;
}

/** The auto-submitting form: every value escaped, posted with the form's own encoding. */
export function formPostPage(redirectUri: string, params: Record<string, string>): string {
  const fields = Object.entries(params)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in…</title></head>
<body><form method="post" action="${escape(redirectUri)}">
${fields}
<noscript><p>Scripts are off: continue to the application.</p><button type="submit">Continue</button></noscript>
</form><script>${SUBMIT}</script></body></html>`;
}

/**
 * Sends the form: never cached (it carries a code or an id_token), never framed, its script by
 * hash only, its form to the redirect URI only, and no referrer (the page's URL is Gatehouse's).
 */
export function sendFormPost(reply: FastifyReply, redirectUri: string, params: Record<string, string>): FastifyReply {
  const csp = `default-src 'none'; script-src ${SUBMIT_HASH}; form-action ${formTarget(redirectUri)}; frame-ancestors 'none'; base-uri 'none'`;
  return reply
    .code(200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .header('content-security-policy', csp)
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .send(formPostPage(redirectUri, params));
}
