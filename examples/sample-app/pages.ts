/** The sample app's pages: plain server-rendered HTML, every value escaped. */

const escape = (v: unknown) => String(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const layout = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1d2430; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #dde2ea; vertical-align: top; }
  th { width: 10rem; font-weight: 600; } td { font-family: ui-monospace, monospace; word-break: break-all; }
  button { font: inherit; padding: .4rem 1rem; cursor: pointer; } form { display: inline; margin-right: .5rem; }
  [role=status] { background: #fff4d6; border: 1px solid #e8c66a; padding: .5rem .75rem; border-radius: 4px; }
  pre { background: #f3f5f8; padding: .75rem; overflow: auto; }
</style></head>
<body><h1>Sample App</h1>${body}</body></html>`;

const post = (action: string, label: string) =>
  `<form method="post" action="${action}"><button type="submit">${escape(label)}</button></form>`;

/** Why a signed-out user is signed out, shown until they sign in again. */
export type Notice = { kind: 'ended-at-gatehouse' | 'signed-out'; at: number };

export function signedOutPage(notice?: Notice): string {
  const when = notice ? ` (${new Date(notice.at).toLocaleTimeString('en-GB')})` : '';
  const status =
    notice?.kind === 'ended-at-gatehouse'
      ? `<p role="status">Your session ended at Gatehouse${when}. Sign in again to continue.</p>`
      : notice?.kind === 'signed-out'
        ? `<p role="status">You signed out${when}.</p>`
        : '';
  return layout('Sample App', `${status}<p>You are signed out.</p>${post('/login', 'Sign in with Gatehouse')}`);
}

export function signedInPage(user: { name: string; email?: string }, idTokenClaims: Record<string, unknown>): string {
  const rows = Object.entries(idTokenClaims)
    .map(([name, value]) => {
      const shown = typeof value === 'object' ? JSON.stringify(value) : value;
      const time = ['iat', 'exp', 'auth_time'].includes(name) && typeof value === 'number';
      const human = time ? ` (${new Date(value * 1000).toISOString()})` : '';
      return `<tr data-claim="${escape(name)}"><th>${escape(name)}</th><td>${escape(shown)}${human}</td></tr>`;
    })
    .join('');
  return layout(
    'Sample App',
    `<p>Signed in as <strong id="who">${escape(user.name)}</strong>${user.email ? ` (${escape(user.email)})` : ''}</p>
<p><form method="get" action="/orders"><button type="submit">Call /api/orders</button></form>${post('/logout', 'Sign out')}</p>
<h2>ID token claims</h2><table aria-label="ID token claims">${rows}</table>`,
  );
}

export function ordersPage(status: number, body: unknown): string {
  return layout(
    'Orders · Sample App',
    `<h2>GET /api/orders → <span id="api-status">${status}</span></h2><pre>${escape(JSON.stringify(body, null, 2))}</pre><p><a href="/">Back</a></p>`,
  );
}

export function errorPage(message: string): string {
  return layout('Sign-in failed · Sample App', `<p role="alert">${escape(message)}</p><p><a href="/">Back</a></p>`);
}
