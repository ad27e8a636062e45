/**
 * A registered origin's name is resolved once per run, and every request of the run connects to
 * that one address: a name that answered the run's start with one address cannot send its later
 * tokens to another (DNS rebinding). An address no API is served from (unspecified, link-local, where
 * cloud metadata lives, or multicast) is refused. Literal addresses and `localhost` are not resolved.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, isIPv4 } from 'node:net';
import { AuthError } from '../errors';

export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}
/** The resolver port: one address for a name (the system's by default; tests inject theirs). */
export type HostLookup = (hostname: string) => Promise<PinnedAddress>;

export const systemLookup: HostLookup = async (hostname) => {
  const { address, family } = await dnsLookup(hostname);
  return { address, family: family === 6 ? 6 : 4 };
};

const NO_API_HERE = new BlockList();
NO_API_HERE.addSubnet('0.0.0.0', 8, 'ipv4');
NO_API_HERE.addSubnet('169.254.0.0', 16, 'ipv4');
NO_API_HERE.addSubnet('224.0.0.0', 3, 'ipv4');
NO_API_HERE.addAddress('::', 'ipv6');
NO_API_HERE.addSubnet('fe80::', 10, 'ipv6');
NO_API_HERE.addSubnet('ff00::', 8, 'ipv6');

function servesNoApi(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return NO_API_HERE.check(mapped, 'ipv4');
  return NO_API_HERE.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
}

/** The address every request of the run connects to, or null when the target names none to resolve. */
export async function pinTarget(url: URL, lookup: HostLookup): Promise<PinnedAddress | null> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || isIP(host)) return null;
  let pinned: PinnedAddress;
  try {
    pinned = await lookup(host);
  } catch (err) {
    const code = (err as { code?: string }).code ?? (err as Error).message;
    throw new AuthError('invalid_request', `${host} does not resolve (${code}): there is no API to check`);
  }
  if (!isIP(pinned.address) || servesNoApi(pinned.address))
    throw new AuthError(
      'invalid_request',
      `${host} resolves to ${pinned.address}, where no API is served (unspecified, link-local or multicast): app checks send no tokens there`,
    );
  return pinned;
}
