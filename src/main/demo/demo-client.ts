import type { DemoStepOf } from '../../shared/demo';
import { decodeJsonSegment } from '../../shared/jwt-format';
import type { Lab } from './lab';
import { DEMO_HEADER, READS_HEADER, WRITES_HEADER } from './store-meter';
import { DEMO_USER_AGENT } from './strategy-routes';

export interface HeldToken {
  token: string;
  label: string;
  /** For JWTs: what the claims say (read by the client, as any client can). */
  exp: number;
  kid: string;
  ver: number | null;
}

export interface Answer {
  status: number;
  body: Record<string, unknown> | null;
  step: DemoStepOf<'request'>;
}

const numberHeader = (value: string | null) => (value === null ? null : Number(value));

/** Reads the header and claims of a JWT without verifying it: what a client can know of its token. */
export function peekJwt(token: string): { kid: string; exp: number; iat: number; ver: number | null; sub: string } {
  const [h, c] = token.split('.');
  const header = decodeJsonSegment(h ?? '') ?? {};
  const claims = decodeJsonSegment(c ?? '') ?? {};
  return {
    kid: String(header.kid ?? ''),
    exp: Number(claims.exp ?? 0),
    iat: Number(claims.iat ?? 0),
    ver: typeof claims.ver === 'number' ? claims.ver : null,
    sub: String(claims.sub ?? ''),
  };
}

/**
 * A client app of the auth server (or an attacker holding copies of its tokens): real HTTP with
 * fetch, each request recorded as a step with the credential it carried and why it was refused.
 */
export class DemoClient {
  access: HeldToken | null = null;
  refreshToken: { token: string; label: string; from: number } | null = null;
  sessionId: string | null = null;
  sessionFrom = 0;
  userId: string | null = null;

  constructor(
    private readonly lab: Lab,
    readonly actor: string,
  ) {}

  async send(
    method: 'GET' | 'POST',
    path: string,
    opts: {
      bearer?: string;
      json?: unknown;
      tokenLabel: string | null;
      detail?: (body: Record<string, unknown> | null) => string | undefined;
    },
  ): Promise<Answer> {
    const headers: Record<string, string> = { 'user-agent': `${DEMO_USER_AGENT} (${this.actor})`, [DEMO_HEADER]: '1' };
    if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
    if (opts.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.lab.authUrl}${path}`, {
      method,
      headers,
      body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
    });
    const text = await res.text();
    let body: Record<string, unknown> | null = null;
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
    const reason = res.ok ? null : String(body?.reason ?? body?.error ?? res.status);
    const detail =
      opts.detail?.(body) ??
      (res.ok ? undefined : typeof body?.error_description === 'string' ? body.error_description : undefined);
    const step = (await this.lab.record({
      kind: 'request',
      actor: this.actor,
      method,
      path,
      status: res.status,
      tokenLabel: opts.tokenLabel,
      reason,
      storeReads: numberHeader(res.headers.get(READS_HEADER)),
      storeWrites: numberHeader(res.headers.get(WRITES_HEADER)),
      ...(detail ? { detail: detail.slice(0, 200) } : {}),
      ...(res.ok && Number.isInteger(body?.ver) ? { bodyVer: body!.ver as number } : {}),
    })) as DemoStepOf<'request'>;
    return { status: res.status, body, step };
  }

  async login(): Promise<Answer> {
    const answer = await this.send('POST', '/auth/login', {
      json: { username: this.lab.credentials.username, password: this.lab.credentials.password },
      tokenLabel: null,
      detail: () => 'username + password',
    });
    if (answer.status === 200) {
      this.sessionId = String(answer.body?.session_id);
      this.sessionFrom = this.lab.clock.now();
      await this.lab.lifetime(
        'session',
        this.sessionLabel(),
        this.sessionFrom,
        this.sessionFrom + this.lab.gatehouse.settings.get().idleTimeout,
      );
      await this.takePair(answer.body);
    }
    return answer;
  }

  /** GET /api/me (or a strategy route) with the held access token, or with `with` when given. */
  async me(path = '/api/me', withToken?: { token: string; label: string }): Promise<Answer> {
    const held = withToken ?? this.access;
    return this.send('GET', path, {
      bearer: held?.token,
      tokenLabel: held?.label ?? null,
      detail: (body) =>
        body && typeof body.sub === 'string'
          ? `sub ${body.sub.slice(0, 8)}…${typeof body.ver === 'number' ? ` · ver ${body.ver}` : ''}`
          : undefined,
    });
  }

  /** POST /auth/refresh with the held refresh token: rotation, as an SDK does in the background. */
  async refresh(): Promise<Answer> {
    const presented = this.refreshToken;
    const answer = await this.send('POST', '/auth/refresh', {
      json: { refresh_token: presented?.token ?? '' },
      tokenLabel: presented?.label ?? null,
    });
    if (answer.status === 200 && presented) {
      await this.lab.lifetime('refresh', presented.label, presented.from, this.lab.clock.now(), 'rotated');
      await this.takePair(answer.body);
    }
    return answer;
  }

  async logout(): Promise<Answer> {
    return this.send('POST', '/auth/logout', { bearer: this.access?.token, tokenLabel: this.access?.label ?? null });
  }

  sessionLabel(): string {
    return `session of ${this.actor}`;
  }

  /** Draws the session's bar as ending now (revoked by an admin, a logout or reuse detection). */
  async sessionEnded(ended: 'revoked' | 'reused' | 'expired'): Promise<void> {
    await this.lab.lifetime('session', this.sessionLabel(), this.sessionFrom, this.lab.clock.now(), ended);
  }

  /** Seconds the held access token has left on the virtual clock. */
  accessLeft(): number {
    return (this.access?.exp ?? 0) - this.lab.clock.now();
  }

  private async takePair(body: Record<string, unknown> | null): Promise<void> {
    const token = String(body?.access_token ?? '');
    const claims = peekJwt(token);
    this.userId = claims.sub;
    this.access = {
      token,
      label: this.lab.labelFor('access', token),
      exp: claims.exp,
      kid: claims.kid,
      ver: claims.ver,
    };
    const now = this.lab.clock.now();
    const refreshToken = String(body?.refresh_token ?? '');
    this.refreshToken = { token: refreshToken, label: this.lab.labelFor('refresh', refreshToken), from: now };
    await this.lab.lifetime('access', this.access.label, claims.iat, claims.exp, null, {
      kid: claims.kid,
      ver: claims.ver,
    });
    await this.lab.lifetime(
      'refresh',
      this.refreshToken.label,
      now,
      now + this.lab.gatehouse.settings.get().idleTimeout,
    );
  }
}
