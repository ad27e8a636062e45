import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lowerThreadPriority, runScryptJob, type ScryptRequest } from '../../src/main/auth/scrypt-job';

const request: ScryptRequest = {
  id: 7,
  password: 'correct horse',
  salt: Buffer.from('0123456789abcdef'),
  keyLength: 32,
  N: 1 << 10,
  r: 8,
  p: 1,
  maxmem: 32 * 1024 * 1024,
};

describe('runScryptJob (what the hasher’s thread does with a job)', () => {
  it('derives what node:crypto derives, and times it', () => {
    const reply = runScryptJob(request);
    expect(reply.id).toBe(7);
    if (!('key' in reply)) throw new Error(`expected a key, got ${reply.error}`);
    const { password, salt, keyLength, N, r, p, maxmem } = request;
    expect(Buffer.from(reply.key).equals(scryptSync(password, salt, keyLength, { N, r, p, maxmem }))).toBe(true);
    expect(reply.ms).toBeGreaterThanOrEqual(0);
  });

  it('answers a refusal by scrypt as an error reply with the job’s id, instead of throwing', () => {
    expect(runScryptJob({ ...request, N: 3 })).toMatchObject({ id: 7, error: expect.stringMatching(/N|cost/i) });
    expect(runScryptJob({ ...request, maxmem: 1024 })).toMatchObject({ id: 7, error: expect.any(String) });
  });
});

describe('lowerThreadPriority', () => {
  it('leaves the priority alone for a niceness of 0 and off Linux (where it would renice the whole process)', () => {
    expect(lowerThreadPriority(0, 'linux')).toBe(false);
    expect(lowerThreadPriority(5, 'darwin')).toBe(false);
    expect(lowerThreadPriority(5, 'win32')).toBe(false);
  });
});
