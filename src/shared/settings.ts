import { z } from 'zod';

/** Signing algorithms the key ring can hold; each key is bound to exactly one. */
export const KEY_ALGS = ['ES256', 'EdDSA', 'RS256'] as const;
export type KeyAlgName = (typeof KEY_ALGS)[number];

const seconds = (min: number, max: number) => z.number().int().min(min).max(max);

/** Every tunable of the auth server. Times are in seconds. */
export const authSettingsSchema = z.object({
  /** `iss` of every access token and the server's public URL. */
  issuer: z.string().min(1).max(512),
  /** `aud` of every access token (the demo resource server). */
  audience: z.string().min(1).max(512),
  accessTokenTtl: seconds(5, 86_400),
  /** Verification refuses tokens whose `exp - iat` exceeds this, whatever key signed them. */
  maxAccessTokenLifetime: seconds(5, 86_400),
  idleTimeout: seconds(10, 30 * 86_400),
  absoluteTimeout: seconds(10, 365 * 86_400),
  clockTolerance: seconds(0, 300),
  signingAlg: z.enum(KEY_ALGS),
  /** Rotate the signing key automatically this often (0 = only by hand). */
  rotationInterval: seconds(0, 365 * 86_400),
  loginMaxFailures: z.number().int().min(1).max(1000),
  loginWindow: seconds(1, 86_400),
  tokenCacheSize: z.number().int().min(0).max(1_000_000),
  /** Audit entries older than this many days are deleted (0 keeps them forever). */
  auditRetentionDays: z.number().int().min(0).max(3650),
  /**
   * Seconds after a rotation during which the same refresh token may be presented again, once,
   * when its replacement was never used (a lost answer). 0 = strict reuse detection (RFC 9700).
   */
  refreshReuseGrace: seconds(0, 60),
});
export type AuthSettings = z.infer<typeof authSettingsSchema>;

export const DEFAULT_SETTINGS: Omit<AuthSettings, 'issuer'> = {
  audience: 'demo-resource',
  accessTokenTtl: 60,
  maxAccessTokenLifetime: 900,
  idleTimeout: 30 * 60,
  absoluteTimeout: 12 * 3600,
  clockTolerance: 5,
  signingAlg: 'ES256',
  rotationInterval: 0,
  loginMaxFailures: 5,
  loginWindow: 15 * 60,
  tokenCacheSize: 10_000,
  auditRetentionDays: 90,
  refreshReuseGrace: 0,
};

export interface SettingsWarning {
  level: 'error' | 'warning';
  field: keyof AuthSettings;
  message: string;
}

/**
 * Unsafe or contradictory combinations. `error`s are refused by the server; `warning`s are shown.
 * Pure, so the console lints while the user types.
 */
export function lintSettings(s: AuthSettings): SettingsWarning[] {
  const out: SettingsWarning[] = [];
  if (s.accessTokenTtl > s.maxAccessTokenLifetime)
    out.push({
      level: 'error',
      field: 'accessTokenTtl',
      message:
        'Access tokens would outlive the verification cap (maxAccessTokenLifetime), so every one would be rejected.',
    });
  if (s.idleTimeout > s.absoluteTimeout)
    out.push({
      level: 'warning',
      field: 'idleTimeout',
      message: 'The idle timeout is longer than the absolute timeout, so it never applies.',
    });
  if (s.accessTokenTtl >= s.idleTimeout)
    out.push({
      level: 'warning',
      field: 'accessTokenTtl',
      message:
        'Access tokens live as long as an idle session: an idle-expired session keeps working until its token expires.',
    });
  if (s.accessTokenTtl > 15 * 60)
    out.push({
      level: 'warning',
      field: 'accessTokenTtl',
      message: 'Access tokens over 15 minutes widen the window in which a stolen token works without a refresh.',
    });
  if (s.clockTolerance > 60)
    out.push({
      level: 'warning',
      field: 'clockTolerance',
      message: 'A clock tolerance over 60 s lets expired tokens live noticeably longer.',
    });
  if (s.clockTolerance * 2 >= s.accessTokenTtl)
    out.push({
      level: 'warning',
      field: 'clockTolerance',
      message: 'The clock tolerance is a large share of the access-token lifetime.',
    });
  if (s.rotationInterval > 0 && s.rotationInterval < s.maxAccessTokenLifetime + s.clockTolerance)
    out.push({
      level: 'error',
      field: 'rotationInterval',
      message: 'Keys would be rotated (and retired) before the tokens they signed can expire.',
    });
  if (s.refreshReuseGrace > 0)
    out.push({
      level: 'warning',
      field: 'refreshReuseGrace',
      message: `A stolen refresh token can be used once within ${s.refreshReuseGrace} s of its rotation without revoking the session (RFC 9700 §4.14 advises strict reuse detection). The legitimate client's next refresh then still revokes it.`,
    });
  if (s.absoluteTimeout > 30 * 86_400)
    out.push({
      level: 'warning',
      field: 'absoluteTimeout',
      message: 'Sessions longer than 30 days: OWASP advises re-authentication far sooner.',
    });
  return out;
}
