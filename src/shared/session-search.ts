/**
 * The Sessions screen's search: `user:bob ip:10.0. device:safari sid:Qx4b` and plain words.
 * Pure, shared by the admin handler (which parses what the console or a script sent), both store
 * adapters (Redis filters with `sessionMatches`; SQLite must agree with it) and the renderer
 * (which shows with `whyMatched` why each row matched).
 *
 * Syntax: terms separated by spaces, every term must match (AND).
 * - `field:value` with a field of SEARCH_FIELDS (the name in any case: `User:bob` too);
 * - a plain word, matching the user name, the device or the IP (never the session id or the raw
 *   user agent, so "bob" finds bob's sessions and not ids that happen to contain "bob");
 * - a value in double quotes may hold spaces or colons: `device:"Firefox on Linux"`, `"abcd::1"`. A
 *   quote left open runs to the end of the text (so the table follows while the value is typed);
 *   a value cannot contain a double quote.
 * A word is a field only if the letters before its first colon are a field name or look like one
 * (letters only): `2001:db8::1` is a plain word, `foo:bar` is an error naming the known fields.
 *
 * Matching, per field (what people type or paste):
 * - user: case-insensitive substring of the user name;
 * - device: case-insensitive substring of the device label ("Firefox on Linux"), not the user agent;
 * - ip: prefix of the address, case-insensitive (IPv6 hex): `10.0.` is 10.0.x.x, not 110.0.x.x;
 * - sid: prefix of the session id, case-sensitive (ids are base64url: `aB` and `Ab` differ);
 * - plain word: case-insensitive substring of the user name, the device or the address.
 */

export const SEARCH_FIELDS = ['user', 'ip', 'device', 'sid'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** One term of a search; `any` is a plain word (user name, device or IP). */
export interface SearchTerm {
  field: SearchField | 'any';
  value: string;
}

/** A search longer than this many terms is refused (each term is one more condition to evaluate). */
export const MAX_SEARCH_TERMS = 8;

/** The fields a plain word looks in. */
export const PLAIN_WORD_FIELDS: readonly SearchField[] = ['user', 'device', 'ip'];

const EXAMPLES: Record<SearchField, string> = {
  user: 'user:bob',
  ip: 'ip:10.0.',
  device: 'device:safari',
  sid: 'sid:Qx4b',
};

export type SearchParse = { ok: true; terms: SearchTerm[] } | { ok: false; message: string };

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const FIELD_NAME = /([A-Za-z]+):/y;

/** Parses the search box's text. An empty or blank text is no term at all (every session). */
export function parseSessionSearch(text: string): SearchParse {
  const terms: SearchTerm[] = [];
  const n = text.length;
  let i = 0;
  const fail = (message: string): SearchParse => ({ ok: false, message });
  while (i < n) {
    while (isSpace(text[i])) i++;
    if (i >= n) break;
    let field: SearchTerm['field'] = 'any';
    FIELD_NAME.lastIndex = i;
    const named = FIELD_NAME.exec(text);
    if (named) {
      const name = named[1]!.toLowerCase();
      if (!(SEARCH_FIELDS as readonly string[]).includes(name))
        return fail(
          `Unknown field "${named[1]}:". Search by ${SEARCH_FIELDS.map((f) => `${f}:`).join(', ')} or plain words (they match user, device and IP); quote a value that holds a colon.`,
        );
      field = name as SearchField;
      i = FIELD_NAME.lastIndex;
      if (i >= n || isSpace(text[i]))
        return fail(`${field}: needs a value right after the colon, as in ${EXAMPLES[field]}.`);
    }
    let value: string;
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      value = text.slice(i + 1, close === -1 ? n : close);
      i = close === -1 ? n : close + 1;
      if (i < n && !isSpace(text[i]))
        return fail(`Put a space after the closing quote of "${value}" before the next term.`);
      if (!value.trim())
        return fail(
          field === 'any' ? 'Empty quotes: put the text to look for between them.' : `${field}: has an empty value.`,
        );
    } else {
      const start = i;
      while (i < n && !isSpace(text[i])) i++;
      value = text.slice(start, i);
    }
    terms.push({ field, value });
  }
  if (terms.length > MAX_SEARCH_TERMS)
    return fail(`Too many terms (${terms.length}): a search combines at most ${MAX_SEARCH_TERMS}.`);
  return { ok: true, terms };
}

/** What a session offers to the search. */
export interface SearchableSession {
  id: string;
  username: string;
  ip: string;
  device: string;
}

/** A term's hit: the field and the matched range [start, end) of that field's text. */
export interface FieldHit {
  field: SearchField;
  start: number;
  end: number;
}

const textOf = (s: SearchableSession, field: SearchField): string =>
  field === 'user' ? s.username : field === 'sid' ? s.id : field === 'ip' ? s.ip : s.device;

/** Where `value` matches `field` of the session under that field's rule; null if it does not. */
function hitIn(s: SearchableSession, field: SearchField, value: string, plain: boolean): FieldHit | null {
  const text = textOf(s, field);
  if (field === 'sid') return text.startsWith(value) ? { field, start: 0, end: value.length } : null;
  const hay = text.toLowerCase();
  const needle = value.toLowerCase();
  if (field === 'ip' && !plain) return hay.startsWith(needle) ? { field, start: 0, end: needle.length } : null;
  const at = hay.indexOf(needle);
  return at === -1 ? null : { field, start: at, end: at + needle.length };
}

/** Every field the term matches in the session (a plain word may match several). */
export function termHits(term: SearchTerm, s: SearchableSession): FieldHit[] {
  const fields = term.field === 'any' ? PLAIN_WORD_FIELDS : [term.field];
  return fields.flatMap((f) => hitIn(s, f, term.value, term.field === 'any') ?? []);
}

/** The reference predicate: does the session match every term? (No terms: every session does.) */
export function sessionMatches(terms: readonly SearchTerm[], s: SearchableSession): boolean {
  return terms.every((t) => termHits(t, s).length > 0);
}

/**
 * Why a row matched: each field that some term matched, with the ranges to highlight in it, in
 * the order user, device, ip, sid. Empty when there are no terms (or the row does not match).
 */
export function whyMatched(
  terms: readonly SearchTerm[],
  s: SearchableSession,
): { field: SearchField; ranges: [number, number][] }[] {
  if (!terms.length) return [];
  const all = terms.map((t) => termHits(t, s));
  if (all.some((h) => !h.length)) return [];
  const out: { field: SearchField; ranges: [number, number][] }[] = [];
  for (const field of ['user', 'device', 'ip', 'sid'] as const) {
    const ranges = all
      .flat()
      .filter((h) => h.field === field)
      .map((h): [number, number] => [h.start, h.end]);
    if (ranges.length) out.push({ field, ranges: mergeRanges(ranges) });
  }
  return out;
}

/** Sorted, overlapping or touching ranges joined. */
export function mergeRanges(ranges: readonly [number, number][]): [number, number][] {
  const sorted = [...ranges].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The text cut into plain and matched pieces, for `<mark>`. Ranges past the end are clipped. */
export function splitByRanges(text: string, ranges: readonly [number, number][]): { text: string; hit: boolean }[] {
  const out: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [a, b] of mergeRanges(ranges)) {
    const start = Math.min(Math.max(a, at), text.length);
    const end = Math.min(b, text.length);
    if (start > at) out.push({ text: text.slice(at, start), hit: false });
    if (end > start) out.push({ text: text.slice(start, end), hit: true });
    at = Math.max(at, end);
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false });
  return out;
}

/** How a field is named to people (hints and screen readers). */
export const FIELD_LABELS: Record<SearchField, string> = {
  user: 'user',
  device: 'device',
  ip: 'IP',
  sid: 'session id',
};
