/**
 * A browser, as far as the hosted login needs one: a cookie jar for one server, redirects not
 * followed (the test reads where it is sent), the login form read from the page's HTML and
 * posted back with its hidden fields and the page's Origin, as a browser posts a form.
 */

export interface Page {
  status: number;
  headers: Headers;
  html: string;
}

export interface FormFields {
  interaction: string;
}

export class TestBrowser {
  /** name → value; one server, one origin, so one jar. */
  readonly cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  /** A navigation: GET (or a form POST), cookies sent and kept, redirects not followed. */
  async navigate(url: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: this.origin } : {}),
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) TestBrowser',
        ...headers,
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      // an expiring Set-Cookie (clearCookie) deletes the cookie
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0\b/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, headers: res.headers, html: await res.text() };
  }

  /** The hidden `interaction` field of a login page (the form's CSRF token). */
  static formOf(page: Page): FormFields {
    const match = /name="interaction" value="([^"]+)"/.exec(page.html);
    if (!match) throw new Error(`no login form on the page (status ${page.status}): ${page.html.slice(0, 300)}`);
    return { interaction: match[1]!.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))) };
  }

  /** Submits the login form of `page` with a username and password. */
  login(page: Page, username: string, password: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.navigate(
      `${this.origin}/authorize/login`,
      { ...TestBrowser.formOf(page), username, password },
      headers,
    );
  }

  /**
   * From an authorization URL to the client's redirect URI: opens it and, when a login page
   * answers, signs in. The URL the browser is finally sent to (the callback, with `code` or `error`).
   */
  async authorize(url: string | URL, credentials?: { username: string; password: string }): Promise<URL> {
    let page = await this.navigate(String(url));
    if (page.status === 200 && credentials) page = await this.login(page, credentials.username, credentials.password);
    const location = page.headers.get('location');
    if (page.status !== 303 || !location)
      throw new Error(`expected a redirect to the client, got ${page.status}: ${page.html.slice(0, 300)}`);
    return new URL(location);
  }
}
