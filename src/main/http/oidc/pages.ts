/**
 * The OpenID Provider's own pages: server-rendered HTML that works in any browser, no JavaScript,
 * one small inline stylesheet allowed by its SHA-256 in the page's CSP (nothing else is).
 */
import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2430}
main{max-width:24rem;margin:10vh auto;background:#fff;padding:2rem;border-radius:.75rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.25rem;margin:0 0 1rem}label{display:block;margin:.75rem 0 .25rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #8a93a3;border-radius:.4rem}
button{margin-top:1.25rem;width:100%;padding:.7rem;font-size:1rem;border:0;border-radius:.4rem;background:#2858d6;color:#fff;cursor:pointer}
[role=alert]{background:#fde8e8;border:1px solid #e0a0a0;padding:.6rem;border-radius:.4rem}.muted{color:#5b6472;font-size:.875rem}`;
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * No framing, no scripts, nothing from elsewhere. A form posts to this origin only, and its answer
 * may redirect to `redirectOrigin` (the client's): Chromium applies form-action to a form's redirects.
 */
export function pageCsp(redirectOrigin?: string): string {
  const formAction = redirectOrigin ? `'self' ${redirectOrigin}` : `'self'`;
  return `default-src 'none'; style-src ${STYLE_HASH}; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`;
}

/**
 * Answers with a page: never cached, never framed, no scripts, and no referrer sent to another
 * origin (same-origin keeps a form's Origin header real). `redirectTo`: where the page's form may
 * end up being redirected (the client's redirect URI).
 */
export function sendPage(reply: FastifyReply, status: number, html: string, redirectTo?: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .header('content-security-policy', pageCsp(redirectTo && new URL(redirectTo).origin))
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .header('x-content-type-options', 'nosniff')
    .send(html);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export interface LoginPage {
  clientName: string;
  /** The signed pending request (the form's CSRF token). */
  interaction: string;
  username?: string;
  error?: string;
}

/** Username and password for one client's sign-in, with a clear error after a failed try. */
export function loginPage({ clientName, interaction, username, error }: LoginPage): string {
  return page(
    `Sign in to ${clientName}`,
    `<h1>Sign in to ${escape(clientName)}</h1>
<p class="muted">with your Gatehouse account</p>
${error ? `<p role="alert" id="login-error">${escape(error)}</p>` : ''}
<form method="post" action="/authorize/login">
<input type="hidden" name="interaction" value="${escape(interaction)}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required maxlength="256" value="${escape(username ?? '')}"${error ? ' aria-describedby="login-error"' : ''} autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
<button type="submit">Sign in</button>
</form>`,
  );
}

/** A request Gatehouse will not send anywhere (unknown client, unregistered redirect URI): said here. */
export function errorPage(title: string, message: string): string {
  return page(
    title,
    `<h1>${escape(title)}</h1><p role="alert">${escape(message)}</p><p class="muted">Go back to the application and try again.</p>`,
  );
}

/** RP-Initiated Logout without a valid id_token_hint: the user confirms (the form is the CSRF token). */
export function logoutConfirmPage({
  clientName,
  interaction,
}: {
  clientName: string | null;
  interaction: string;
}): string {
  return page(
    'Sign out',
    `<h1>Sign out${clientName ? ` of ${escape(clientName)}` : ''}?</h1>
<p>This ends your Gatehouse session: every application you signed in to with it is signed out.</p>
<form method="post" action="/logout/confirm">
<input type="hidden" name="interaction" value="${escape(interaction)}">
<button type="submit">Sign out</button>
</form>
<p class="muted">If you did not ask to sign out, close this page.</p>`,
  );
}

/** After a logout with nowhere registered to go back to. */
export function signedOutPage(): string {
  return page('Signed out', '<h1>You are signed out</h1><p>You can close this page.</p>');
}
