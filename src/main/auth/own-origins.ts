/**
 * The origins Gatehouse itself serves: its auth server, its issuer (the public URL behind a proxy)
 * and its console. Only the composition root knows them (ports are picked at start), so it adds
 * them here; the client registry refuses a back-channel logout URI that points at one, since
 * Gatehouse would then POST logout tokens to its own endpoints.
 */

/** Every name of this machine's loopback interface (and the any-address a server may bind) is one host. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0', '[::]']);
const portOf = (u: URL): string => u.port || (u.protocol === 'https:' ? '443' : '80');

/** Whether a request to `url` reaches the server at `own`: the same host and port, whatever the path. */
function sameServer(url: URL, own: URL): boolean {
  if (portOf(url) !== portOf(own)) return false;
  const host = url.hostname.toLowerCase();
  const ownHost = own.hostname.toLowerCase();
  return host === ownHost || (LOOPBACK.has(host) && LOOPBACK.has(ownHost));
}

export class OwnOrigins {
  private readonly origins: URL[] = [];

  add(...urls: string[]): void {
    for (const url of urls) this.origins.push(new URL(url));
  }

  /** The own origin `uri` points at, or undefined (also for a URI that does not parse: the lint names it). */
  match(uri: string): string | undefined {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return undefined;
    }
    return this.origins.find((own) => sameServer(url, own))?.origin;
  }
}
