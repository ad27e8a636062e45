/** The test profile of password hashing: scrypt at N=2^10 whatever the settings ask, still verifying any scrypt hash. */
import { describe, expect, it } from 'vitest';
import { ScryptPasswords } from '../../src/main/auth/passwords';
import { testPasswords } from '../../packages/testing/src/test-passwords';

describe('testPasswords', () => {
  it('hashes at N=2^10, r=8, p=1 even when the settings ask for more, and verifies what it hashed', async () => {
    const hash = await testPasswords.hash('carol-password-123', { N: 2 ** 17, r: 8, p: 1 });
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await testPasswords.verify('carol-password-123', hash)).toBe(true);
    expect(await testPasswords.verify('carol-password-124', hash)).toBe(false);
  });

  it("verifies a hash Gatehouse's own scrypt made, at that hash's own cost", async () => {
    const real = new ScryptPasswords();
    try {
      const hash = await real.hash('dave-password-1234', { N: 2 ** 13, r: 8, p: 1 });
      expect(await testPasswords.verify('dave-password-1234', hash)).toBe(true);
      expect(await testPasswords.verify('nope', hash)).toBe(false);
    } finally {
      await real.hasher.close();
    }
  });

  it('never refuses as busy, and refuses a stored value that is not a scrypt hash', async () => {
    expect(testPasswords.refusal()).toBeNull();
    expect(await testPasswords.verify('x', '!minted-subject')).toBe(false);
  });
});
