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
  /**
   * The scrypt cost of new password hashes: N = 2^scryptLogN, block size r, parallelism p (see
   * SCRYPT_OWASP_MINIMUMS for the floor). A stored hash keeps its own, so changing these never
   * locks anyone out; a user's hash takes the new cost when the password is next set.
   */
  scryptLogN: z.number().int().min(13).max(20),
  scryptR: z.number().int().min(8).max(32),
  scryptP: z.number().int().min(1).max(16),
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
  scryptLogN: 17,
  scryptR: 8,
  scryptP: 1,
};

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const scryptCostOf = (s: Pick<AuthSettings, 'scryptLogN' | 'scryptR' | 'scryptP'>): ScryptCost => ({
  N: 2 ** s.scryptLogN,
  r: s.scryptR,
  p: s.scryptP,
});

/** The memory one scrypt hash holds (128 · N · r bytes), in MiB. */
export const scryptMemoryMiB = (c: ScryptCost): number => (128 * c.N * c.r) / 2 ** 20;

/**
 * OWASP Password Storage Cheat Sheet's scrypt minimums, equivalent trades of memory (N) for
 * parallelism (p), all with r = 8: a cost is at or above the floor when it reaches one of them.
 */
export const SCRYPT_OWASP_MINIMUMS: readonly { logN: number; p: number }[] = [
  { logN: 17, p: 1 },
  { logN: 16, p: 2 },
  { logN: 15, p: 3 },
  { logN: 14, p: 5 },
  { logN: 13, p: 10 },
];
/** One hash above this much memory would let a few logins at once exhaust a server. */
const SCRYPT_MAX_MIB = 1024;

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
  out.push(...lintScryptCost(s));
  if (s.absoluteTimeout > 30 * 86_400)
    out.push({
      level: 'warning',
      field: 'absoluteTimeout',
      message: 'Sessions longer than 30 days: OWASP advises re-authentication far sooner.',
    });
  return out;
}

function lintScryptCost(s: AuthSettings): SettingsWarning[] {
  const cost = scryptCostOf(s);
  const mib = scryptMemoryMiB(cost);
  const defaults = scryptCostOf(DEFAULT_SETTINGS);
  const named = `scrypt N=2^${s.scryptLogN}, r=${s.scryptR}, p=${s.scryptP}`;
  if (!SCRYPT_OWASP_MINIMUMS.some((m) => s.scryptLogN >= m.logN && s.scryptP >= m.p))
    return [
      {
        level: 'error',
        field: 'scryptLogN',
        message: `${named} is below OWASP's minimum for scrypt: N=2^17 with p=1, or an equivalent (2^16 with p ≥ 2, 2^15 with p ≥ 3, 2^14 with p ≥ 5, 2^13 with p ≥ 10), r ≥ 8.`,
      },
    ];
  if (mib > SCRYPT_MAX_MIB)
    return [
      {
        level: 'error',
        field: 'scryptLogN',
        message: `${named} needs ${mib} MiB per hash: a few logins at once would exhaust the server's memory (at most ${SCRYPT_MAX_MIB} MiB).`,
      },
    ];
  if (mib < scryptMemoryMiB(defaults))
    return [
      {
        level: 'warning',
        field: 'scryptLogN',
        message: `${named} holds ${mib} MiB per hash, less than the default's ${scryptMemoryMiB(defaults)} MiB: guessing passwords on GPUs gets cheaper. It meets OWASP's minimum only through its parallelism.`,
      },
    ];
  return [];
}
