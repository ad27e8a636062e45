/**
 * `toErrorDescription`: what a client receives as `error_description` is printable ASCII without
 * `"` and `\` (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3), whatever the message says.
 */
import { describe, expect, it } from 'vitest';
import { toErrorDescription } from '../../src/main/http/errors';

const ALLOWED = /^[\x20-\x21\x23-\x5B\x5D-\x7E]*$/;

describe('toErrorDescription', () => {
  it('leaves a message already within the characters unchanged', () => {
    const text = "scope orders:admin is not registered for Web (registered: orders:read) - see the client's page";
    expect(toErrorDescription(text)).toBe(text);
  });

  it('writes typography in ASCII: dashes, curly and straight double quotes, backslash, ellipsis', () => {
    expect(
      toErrorDescription('43\u2013128 characters \u2014 \u201cfoo\u201d \u2018bar\u2019 "baz" a\\b wait\u2026'),
    ).toBe("43-128 characters - 'foo' 'bar' 'baz' a/b wait...");
  });

  it('drops accents, turns line breaks and tabs into spaces, and anything else into ?', () => {
    expect(toErrorDescription('Café Zoë\nline\ttab \u{1F600} \u4E2D')).toBe('Cafe Zoe line tab ? ?');
  });

  it('never returns a character outside the set, for any code point', () => {
    let all = '';
    for (let cp = 0; cp < 0x3000; cp++) all += String.fromCodePoint(cp);
    expect(toErrorDescription(all)).toMatch(ALLOWED);
  });
});
