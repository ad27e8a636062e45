/**
 * Counts in sentences, in one place: the count with its noun ("1 session", "2 sessions",
 * "1,024 sessions") and the words that must agree with it ("ends" / "end"), so no screen says
 * "1 sessions" or "1 session end".
 */

/** The count, grouped as the console shows numbers, with the noun that agrees: `countOf(2, 'session')`. */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${agree(n, one, many)}`;
}

/** The form of a word or phrase that agrees with a count: `agree(n, 'ends', 'end')`. */
export function agree(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
