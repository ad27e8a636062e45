/**
 * Where the arrow keys move in a one-row group of choices (radio group, tab list): Right/Down to
 * the next, Left/Up to the previous, wrapping round; Home and End to the ends. Null for other keys.
 */
export function rovingIndex(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (index + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
