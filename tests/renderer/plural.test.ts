import { describe, expect, it } from 'vitest';
import { agree, countOf } from '../../src/renderer/lib/plural';

describe('counts in sentences', () => {
  it('a count and its noun agree: one, none, many, grouped', () => {
    expect(countOf(1, 'session')).toBe('1 session');
    expect(countOf(0, 'session')).toBe('0 sessions');
    expect(countOf(2, 'active session')).toBe('2 active sessions');
    expect(countOf(1024, 'session')).toBe('1,024 sessions');
    expect(countOf(1, 'entry', 'entries')).toBe('1 entry');
    expect(countOf(3, 'refresh', 'refreshes')).toBe('3 refreshes');
  });

  it('the words after a count agree with it', () => {
    const sentence = (n: number) => `${countOf(n, 'active session')} of erin ${agree(n, 'ends', 'end')} now`;
    expect(sentence(1)).toBe('1 active session of erin ends now');
    expect(sentence(2)).toBe('2 active sessions of erin end now');
  });
});
