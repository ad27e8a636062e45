/**
 * Where an app-checks run may send its tokens: a literal loopback address (the developer's own
 * machine) or an origin registered on a client (its redirect, post-logout or back-channel URIs).
 * Anything else is refused before a token is minted: the engine never hands tokens to a third party.
 * Hostnames other than `localhost` are not resolved here: a name that points at loopback is not loopback.
 * A registered origin's name is resolved once per run, and pinned (`target-address.ts`).
 */
import type { ClientRecord } from '../../store/store';
import { AuthError } from '../errors';

const LOOPBACK_V4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const m = LOOPBACK_V4.exec(hostname);
  return !!m && m.slice(1).every((octet) => Number(octet) <= 255);
}

/** Every origin a client registered, from the URIs Gatehouse already trusts it with. */
export function registeredOrigins(clients: readonly ClientRecord[]): Map<string, ClientRecord> {
  const origins = new Map<string, ClientRecord>();
  for (const c of clients)
    for (const uri of [...c.redirectUris, ...c.postLogoutRedirectUris, c.backchannelLogoutUri ?? '']) {
      try {
        const origin = new URL(uri).origin;
        if (origin !== 'null' && !origins.has(origin)) origins.set(origin, c);
      } catch {
        // not a URL (a native app's custom scheme): names no origin
      }
    }
  return origins;
}

export interface CheckTarget {
  url: URL;
  /** The client whose registered origin admitted the target (none for loopback). */
  client: ClientRecord | null;
}

/** The run's target, or `invalid_request` saying why not. */
export function vetTarget(raw: string, clients: readonly ClientRecord[]): CheckTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AuthError('invalid_request', `not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AuthError('invalid_request', `only http and https targets are checked, not ${url.protocol}`);
  if (url.username || url.password) throw new AuthError('invalid_request', 'a target URL carries no credentials');
  url.hash = '';
  const client = registeredOrigins(clients).get(url.origin) ?? null;
  if (!client && !isLoopbackHost(url.hostname))
    throw new AuthError(
      'invalid_request',
      `${url.origin} is neither a loopback address nor an origin registered on a client: app checks send tokens only there`,
    );
  return { url, client };
}
