import { randomId, sha256b64u } from './random';

/** Opaque refresh token `<id>.<secret>`: the id finds the row, only a hash of the secret is stored. */
export interface RefreshTokenParts {
  id: string;
  secret: string;
}

const FORMAT = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export function createRefreshToken(): RefreshTokenParts & { token: string; secretHash: string } {
  const id = randomId(16);
  const secret = randomId(32);
  return { id, secret, token: `${id}.${secret}`, secretHash: sha256b64u(secret) };
}

/** Null for anything that is not exactly the shape Gatehouse issues. */
export function parseRefreshToken(token: unknown): RefreshTokenParts | null {
  if (typeof token !== 'string') return null;
  const m = FORMAT.exec(token);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

export const hashRefreshSecret = sha256b64u;
