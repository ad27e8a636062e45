import { isIP } from 'node:net';

/**
 * `--trust-proxy ADDR|CIDR…` (repeatable, or comma-separated): the peers whose `X-Forwarded-For`
 * names the client. Each entry is an IPv4 or IPv6 address or a CIDR range; anything else (a host
 * name, `true`, `*`, a prefix out of range) is refused, since a list that trusted every peer would
 * let any client choose the address its logins are counted under. The entries, or why not.
 */
export function parseTrustProxy(values: readonly string[]): { proxies: string[] } | { problem: string } {
  const proxies: string[] = [];
  for (const entry of values.flatMap((v) => v.split(',')).map((v) => v.trim())) {
    if (!isAddressOrRange(entry))
      return {
        problem: `--trust-proxy ${JSON.stringify(entry)}: must be an IP address or a CIDR range like 10.0.0.0/8 or fd00::/8`,
      };
    proxies.push(entry);
  }
  return { proxies };
}

function isAddressOrRange(entry: string): boolean {
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return false;
  if (slash < 0) return true;
  const bits = entry.slice(slash + 1);
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}
