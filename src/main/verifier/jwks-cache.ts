import { importJWK, type JWK } from 'jose';

export interface JwksKey {
  alg: string;
  key: Awaited<ReturnType<typeof importJWK>>;
}

export interface JwksCacheOptions {
  url: string;
  /** Algorithms accepted at all (the allow-list; a JWK with another `alg` is ignored). */
  algorithms: ReadonlySet<string>;
  /** Least time between two fetches caused by unknown kids or failures (default 30 s). */
  cooldownMs?: number;
  /** Freshness when the response has no `Cache-Control: max-age` (default 300 s, Gatehouse's own cap). */
  defaultMaxAgeS?: number;
  fetch?: typeof fetch;
  nowMs?: () => number;
}

const maxAgeOf = (cacheControl: string | null): number | null => {
  const m = /(?:^|,)\s*max-age\s*=\s*(\d+)/i.exec(cacheControl ?? '');
  return m ? Number(m[1]) : null;
};

/**
 * The issuer's JWKS, cached. Refetched when its `max-age` ran out, or when a token names a kid it
 * does not have (a key published after the last fetch) — at most once per cooldown, so a flood
 * of made-up kids costs the issuer one request per cooldown. A failed fetch keeps the keys it
 * had. Every key is bound to the `alg` its JWK declares; JWKs without one are ignored.
 */
export class JwksCache {
  private keys = new Map<string, JwksKey>();
  /** When an unknown kid last caused a fetch: the cooldown is counted from here. */
  private unknownFetchAt = -Infinity;
  private freshUntil = -Infinity;
  private inflight: Promise<void> | null = null;
  /** Fetches started so far (tests and metrics). */
  fetches = 0;

  constructor(private readonly opts: JwksCacheOptions) {}

  private now(): number {
    return (this.opts.nowMs ?? Date.now)();
  }

  /** The key for `kid`, refetching once (cooldown permitting) when it is unknown or the set is stale. */
  async lookup(kid: string): Promise<JwksKey | null> {
    const stale = this.now() >= this.freshUntil;
    if (stale) await this.refresh().catch(() => {});
    const known = this.keys.get(kid);
    if (known || stale) return known ?? null;
    if (this.now() - this.unknownFetchAt < (this.opts.cooldownMs ?? 30_000)) return null;
    this.unknownFetchAt = this.now();
    await this.refresh().catch(() => {});
    return this.keys.get(kid) ?? null;
  }

  /** Whether `kid` is in the set as last fetched (checked on every request, also for cached tokens). */
  has(kid: string): boolean {
    return this.keys.has(kid);
  }

  /** Forgets freshness and the cooldown: the next lookup fetches (the issuer's keys changed). */
  invalidate(): void {
    this.freshUntil = -Infinity;
    this.unknownFetchAt = -Infinity;
  }

  refresh(): Promise<void> {
    this.inflight ??= this.fetchOnce().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async fetchOnce(): Promise<void> {
    this.fetches++;
    // until this fetch succeeds, a failure is retried no sooner than the cooldown
    this.freshUntil = this.now() + (this.opts.cooldownMs ?? 30_000);
    const res = await (this.opts.fetch ?? fetch)(this.opts.url, { headers: { accept: 'application/json' }, redirect: 'error' });
    if (!res.ok) throw new Error(`JWKS ${this.opts.url} answered ${res.status}`);
    const body = (await res.json()) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new Error(`JWKS ${this.opts.url} has no keys array`);
    const next = new Map<string, JwksKey>();
    for (const jwk of body.keys as JWK[]) {
      if (typeof jwk.kid !== 'string' || typeof jwk.alg !== 'string' || !this.opts.algorithms.has(jwk.alg)) continue;
      if (jwk.use !== undefined && jwk.use !== 'sig') continue;
      if ('d' in jwk) continue; // a private key has no business in a JWKS: refuse to use it
      try {
        next.set(jwk.kid, { alg: jwk.alg, key: await importJWK(jwk, jwk.alg) });
      } catch {
        // an unusable key is skipped; tokens naming it fail as kid_unknown
      }
    }
    this.keys = next;
    const maxAge = Math.min(maxAgeOf(res.headers.get('cache-control')) ?? this.opts.defaultMaxAgeS ?? 300, 3600);
    this.freshUntil = this.now() + maxAge * 1000;
  }
}
