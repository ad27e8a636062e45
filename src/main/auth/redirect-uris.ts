/**
 * Whether a redirect URI in a request is one the client registered. Compared exactly, as
 * registered: no prefix, no wildcard, no normalisation (RFC 9700 §2.1, OAuth 2.1 §2.3.1), with the
 * one exception RFC 8252 §7.3 makes for native apps: a loopback IP literal's port is chosen by the
 * app when it starts listening, so for `http://127.0.0.1` and `http://[::1]` any port matches,
 * the rest (path, query) still exactly. `localhost` is not a loopback literal here (RFC 8252 §8.3:
 * a name can be resolved elsewhere), so it is compared exactly like any other URI.
 */
export function isRegisteredRedirectUri(registered: readonly string[], presented: string): boolean {
  if (registered.includes(presented)) return true;
  const asked = loopbackParts(presented);
  if (!asked) return false;
  return registered.some((uri) => {
    const known = loopbackParts(uri);
    return known !== null && known.host === asked.host && known.rest === asked.rest;
  });
}

/** `http://`, a loopback IP literal, an optional port, then the path and query (no fragment: RFC 6749 §3.1.2). */
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?([/?][^#]*)?$/;

function loopbackParts(uri: string): { host: string; rest: string } | null {
  const m = LOOPBACK.exec(uri);
  if (!m) return null;
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535)) return null;
  return { host: m[1]!, rest: m[3] ?? '' };
}
