import type { EditableSettings } from '../../store/settings-slice';

export interface FieldSpec {
  name: keyof EditableSettings;
  label: string;
  help: string;
  /** Seconds fields show a human reading ("15 min") next to the number. */
  seconds?: boolean;
  min: number;
  max: number;
}

/** The settings form, grouped as an admin thinks about them; bounds mirror authSettingsSchema. */
export const FIELD_GROUPS: { title: string; fields: FieldSpec[] }[] = [
  {
    title: 'Access tokens',
    fields: [
      {
        name: 'accessTokenTtl',
        label: 'Access token lifetime',
        help: 'exp − iat of every new token. Short keeps revocation cheap.',
        seconds: true,
        min: 5,
        max: 86_400,
      },
      {
        name: 'maxAccessTokenLifetime',
        label: 'Maximum accepted lifetime',
        help: 'Verification refuses tokens living longer, whoever signed them.',
        seconds: true,
        min: 5,
        max: 86_400,
      },
      {
        name: 'clockTolerance',
        label: 'Clock tolerance',
        help: 'Leeway for exp/nbf between servers whose clocks differ.',
        seconds: true,
        min: 0,
        max: 300,
      },
      {
        name: 'tokenCacheSize',
        label: 'Verified-token cache size',
        help: 'Tokens whose signature check is remembered (0 disables the cache).',
        min: 0,
        max: 1_000_000,
      },
    ],
  },
  {
    title: 'Sessions',
    fields: [
      {
        name: 'idleTimeout',
        label: 'Idle timeout',
        help: 'A session unused this long ends.',
        seconds: true,
        min: 10,
        max: 30 * 86_400,
      },
      {
        name: 'absoluteTimeout',
        label: 'Absolute timeout',
        help: 'A session ends this long after login, however active.',
        seconds: true,
        min: 10,
        max: 365 * 86_400,
      },
      {
        name: 'refreshReuseGrace',
        label: 'Refresh reuse grace',
        help: 'A just-rotated refresh token may be sent once more this long after, if the answer was lost. 0 = strict (RFC 9700).',
        seconds: true,
        min: 0,
        max: 60,
      },
    ],
  },
  {
    title: 'Signing',
    fields: [
      {
        name: 'rotationInterval',
        label: 'Automatic rotation interval',
        help: 'Rotate the signing key this often; 0 rotates only by hand.',
        seconds: true,
        min: 0,
        max: 365 * 86_400,
      },
    ],
  },
  {
    title: 'Login protection',
    fields: [
      {
        name: 'loginMaxFailures',
        label: 'Failures before throttling',
        help: 'Failed logins per user and IP before 429.',
        min: 1,
        max: 1000,
      },
      {
        name: 'loginWindow',
        label: 'Failure window',
        help: 'Failures older than this are forgotten.',
        seconds: true,
        min: 1,
        max: 86_400,
      },
      {
        name: 'scryptLogN',
        label: 'Password hash memory (log₂ N)',
        help: 'scrypt N = 2^this; memory per hash is 128·N·r bytes (17: 128 MiB). New hashes only.',
        min: 13,
        max: 20,
      },
      {
        name: 'scryptR',
        label: 'Password hash block size (r)',
        help: 'scrypt r; 8 is the standard.',
        min: 8,
        max: 32,
      },
      {
        name: 'scryptP',
        label: 'Password hash parallelism (p)',
        help: 'scrypt p; OWASP trades a smaller N for a larger p (2^16 with 2, … 2^13 with 10).',
        min: 1,
        max: 16,
      },
    ],
  },
  {
    title: 'Audit log',
    fields: [
      {
        name: 'auditRetentionDays',
        label: 'Retention (days)',
        help: 'Older entries are deleted by the maintenance sweep; 0 keeps them forever.',
        min: 0,
        max: 3650,
      },
    ],
  },
];
