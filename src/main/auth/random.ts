import { createHash, randomBytes } from 'node:crypto';

/** 128-bit random identifier, base64url (22 chars). */
export const randomId = (bytes = 16): string => randomBytes(bytes).toString('base64url');

export const sha256b64u = (value: string): string => createHash('sha256').update(value).digest('base64url');
