import { describe, expect, it } from 'vitest';
import { parseTokenInput } from '../../src/renderer/transport/token';

describe('the sign-in field', () => {
  it('takes a bare token, a fragment or the whole printed link', () => {
    expect(parseTokenInput('  abc_DEF-123 ')).toBe('abc_DEF-123');
    expect(parseTokenInput('#token=abc')).toBe('abc');
    expect(parseTokenInput('token=abc')).toBe('abc');
    expect(parseTokenInput('http://127.0.0.1:8788/#token=abc')).toBe('abc');
    expect(parseTokenInput('sign in: http://127.0.0.1:8788/?screen=keys#token=a%2Bb')).toBe('a+b');
  });
  it('finds no token in an empty field or a link without one', () => {
    expect(parseTokenInput('   ')).toBeNull();
    expect(parseTokenInput('http://127.0.0.1:8788/')).toBeNull();
    expect(parseTokenInput('http://127.0.0.1:8788/#screen=keys')).toBeNull();
    expect(parseTokenInput('#token=')).toBeNull();
  });
});
