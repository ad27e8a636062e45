import { describe, expect, it } from 'vitest';
import {
  MAX_SEARCH_TERMS,
  mergeRanges,
  parseSessionSearch,
  sessionMatches,
  splitByRanges,
  whyMatched,
  type SearchTerm,
} from '../../src/shared/session-search';

const terms = (text: string): SearchTerm[] => {
  const parsed = parseSessionSearch(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.terms;
};
const error = (text: string): string => {
  const parsed = parseSessionSearch(text);
  if (parsed.ok) throw new Error(`${text} parsed: ${JSON.stringify(parsed.terms)}`);
  return parsed.message;
};

describe('parseSessionSearch', () => {
  it('reads nothing from blank text', () => {
    expect(terms('')).toEqual([]);
    expect(terms('   \t ')).toEqual([]);
  });

  it('reads fields, plain words and quoted values, in order', () => {
    expect(terms('user:bob ip:10.0. device:safari sid:Qx4b_-')).toEqual([
      { field: 'user', value: 'bob' },
      { field: 'ip', value: '10.0.' },
      { field: 'device', value: 'safari' },
      { field: 'sid', value: 'Qx4b_-' },
    ]);
    expect(terms('  alice   firefox ')).toEqual([
      { field: 'any', value: 'alice' },
      { field: 'any', value: 'firefox' },
    ]);
    expect(terms('device:"Firefox on Linux" "on mac" bob')).toEqual([
      { field: 'device', value: 'Firefox on Linux' },
      { field: 'any', value: 'on mac' },
      { field: 'any', value: 'bob' },
    ]);
  });

  it('takes field names in any case, and values as typed', () => {
    expect(terms('USER:Bob Device:SAFARI')).toEqual([
      { field: 'user', value: 'Bob' },
      { field: 'device', value: 'SAFARI' },
    ]);
  });

  it('keeps colons inside values: IPv6 addresses, ids, quoted text', () => {
    expect(terms('ip:2001:db8:: 2001:db8::1 "abcd::1" sid:a:b')).toEqual([
      { field: 'ip', value: '2001:db8::' },
      { field: 'any', value: '2001:db8::1' },
      { field: 'any', value: 'abcd::1' },
      { field: 'sid', value: 'a:b' },
    ]);
  });

  it('runs a quote left open to the end, so the table follows while it is typed', () => {
    expect(terms('device:"Firefox on')).toEqual([{ field: 'device', value: 'Firefox on' }]);
    expect(terms('bob "on Lin')).toEqual([
      { field: 'any', value: 'bob' },
      { field: 'any', value: 'on Lin' },
    ]);
  });

  it('names the known fields for an unknown one', () => {
    const message = error('user:bob foo:bar');
    expect(message).toMatch(/Unknown field "foo:"/);
    for (const f of ['user:', 'ip:', 'device:', 'sid:']) expect(message).toContain(f);
    expect(error('abcd::1')).toMatch(/Unknown field "abcd:".*quote a value that holds a colon/);
  });

  it('refuses a field without a value, empty quotes and text glued to a closing quote', () => {
    expect(error('user:')).toBe('user: needs a value right after the colon, as in user:bob.');
    expect(error('ip: 10.0.')).toMatch(/^ip: needs a value.*ip:10\.0\./);
    expect(error('device:""')).toMatch(/device: has an empty value/);
    expect(error('bob ""')).toMatch(/Empty quotes/);
    expect(error('"  "')).toMatch(/Empty quotes/);
    expect(error('device:"Firefox"x')).toMatch(/space after the closing quote of "Firefox"/);
  });

  it('refuses more than the maximum number of terms', () => {
    expect(terms(Array.from({ length: MAX_SEARCH_TERMS }, (_, i) => `w${i}`).join(' '))).toHaveLength(MAX_SEARCH_TERMS);
    expect(error(Array.from({ length: MAX_SEARCH_TERMS + 1 }, (_, i) => `w${i}`).join(' '))).toMatch(/Too many terms/);
  });
});

describe('sessionMatches and whyMatched', () => {
  const alice = { id: 'xBoBx-1', username: 'alice', ip: '10.0.2.15', device: 'Firefox on Linux' };
  const bob = { id: 'Qx4b-2', username: 'bob', ip: '110.0.2.1', device: 'Safari on macOS' };
  const v6 = { id: 'ABC', username: 'carol', ip: '2001:DB8::1', device: 'curl' };
  const match = (text: string) => [alice, bob, v6].filter((s) => sessionMatches(terms(text), s)).map((s) => s.username);

  it('matches user and device as case-insensitive substrings', () => {
    expect(match('user:LIC')).toEqual(['alice']);
    expect(match('device:"ON MAC"')).toEqual(['bob']);
    expect(match('device:linux user:alice')).toEqual(['alice']);
  });

  it('matches ip and sid as prefixes; sid is case-sensitive', () => {
    expect(match('ip:10.0.')).toEqual(['alice']); // not 110.0.2.1
    expect(match('ip:2001:db8')).toEqual(['carol']); // IPv6 hex in any case
    expect(match('ip:0.2')).toEqual([]);
    expect(match('sid:Qx4')).toEqual(['bob']);
    expect(match('sid:qx4')).toEqual([]);
    expect(match('sid:BoB')).toEqual([]); // the middle of an id
  });

  it('matches plain words in user, device and ip, never in the session id', () => {
    expect(match('bob')).toEqual(['bob']); // alice's id contains "BoB"
    expect(match('0.2.1')).toEqual(['alice', 'bob']); // a substring of the address
    expect(match('on')).toEqual(['alice', 'bob']);
    expect(match('abc')).toEqual([]);
  });

  it('needs every term (AND); no term matches every session', () => {
    expect(match('on alice')).toEqual(['alice']);
    expect(match('user:alice user:bob')).toEqual([]);
    expect(match('')).toEqual(['alice', 'bob', 'carol']);
  });

  it('tells which fields matched, with the ranges to highlight', () => {
    expect(whyMatched(terms('li'), alice)).toEqual([
      { field: 'user', ranges: [[1, 3]] },
      { field: 'device', ranges: [[11, 13]] }, // the first "Li" of "Firefox on Linux"
    ]);
    expect(whyMatched(terms('user:al user:ice ip:10.0.'), alice)).toEqual([
      { field: 'user', ranges: [[0, 5]] }, // al + ice, touching
      { field: 'ip', ranges: [[0, 5]] },
    ]);
    expect(whyMatched(terms('sid:xBo firefox'), alice)).toEqual([
      { field: 'device', ranges: [[0, 7]] },
      { field: 'sid', ranges: [[0, 3]] },
    ]);
    expect(whyMatched(terms('bob'), alice)).toEqual([]); // no match, no reason
    expect(whyMatched([], alice)).toEqual([]);
  });
});

describe('ranges', () => {
  it('merges overlapping and touching ranges and drops empty ones', () => {
    expect(
      mergeRanges([
        [5, 7],
        [0, 2],
        [1, 3],
        [3, 4],
        [6, 6],
      ]),
    ).toEqual([
      [0, 4],
      [5, 7],
    ]);
  });

  it('cuts text into plain and matched pieces', () => {
    expect(
      splitByRanges('Firefox on Linux', [
        [11, 16],
        [0, 4],
      ]),
    ).toEqual([
      { text: 'Fire', hit: true },
      { text: 'fox on ', hit: false },
      { text: 'Linux', hit: true },
    ]);
    expect(splitByRanges('abc', [])).toEqual([{ text: 'abc', hit: false }]);
    expect(splitByRanges('abc', [[2, 9]])).toEqual([
      { text: 'ab', hit: false },
      { text: 'c', hit: true },
    ]);
  });
});
