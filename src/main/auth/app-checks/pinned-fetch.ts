/**
 * The outbound port's default for a resolved target: one request over node:http(s) that connects to
 * the run's pinned address whatever the name resolves to now. The URL keeps the name, so the Host
 * header and TLS (SNI and the certificate's name) are the target's. Redirects are never followed.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { PinnedAddress } from './target-address';

export function pinnedFetch(url: string, init: RequestInit, pinned: PinnedAddress): Promise<Response> {
  const target = new URL(url);
  const lookup: LookupFunction = (_host, opts, callback) => {
    if (opts.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: init.method ?? 'GET',
        headers,
        signal: init.signal ?? undefined,
        lookup,
      },
      (res) => {
        res.resume();
        const answered = new Headers();
        for (const [name, value] of Object.entries(res.headers))
          for (const v of [value ?? []].flat()) answered.append(name, v);
        resolve(new Response(null, { status: res.statusCode ?? 500, headers: answered }));
      },
    );
    // shaped like fetch's failure, so the run notes the same cause code (ECONNREFUSED, …)
    req.on('error', (err) => reject(err.name === 'AbortError' ? err : new TypeError('fetch failed', { cause: err })));
    req.end();
  });
}
