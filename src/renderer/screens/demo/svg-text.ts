/**
 * SVG text does not wrap or cut itself: a label longer than the room it has runs into its
 * neighbours. Labels are cut to the room (in the chart's own units, which scale with it) with an
 * ellipsis; the caller puts the full text in a <title>. The width per character is generous
 * (DejaVu Sans, one of the widest sans-serifs, averages about 0.5 em on these labels).
 */
const EM_PER_CHAR = 0.56;

export function fitText(text: string, room: number, fontSize: number): string {
  const max = Math.floor(room / (fontSize * EM_PER_CHAR));
  if (text.length <= max) return text;
  return max <= 1 ? '…' : `${text.slice(0, max - 1).trimEnd()}…`;
}
