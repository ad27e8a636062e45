import { describe, expect, it, vi } from 'vitest';
import { PAGE_SIZE, pagesForRange, prunePages, rowAt } from '../../src/renderer/lib/session-pages';
import { createEventBatcher, createThrottle } from '../../src/renderer/store/event-batcher';
import { createSseParser } from '../../src/renderer/transport/sse';

describe('session paging', () => {
  it('covers a row range with whole pages, clamped to the total', () => {
    expect(pagesForRange(0, 60, 1000)).toEqual([0]);
    expect(pagesForRange(95, 230, 1000)).toEqual([0, 1, 2]);
    expect(pagesForRange(950, 1100, 1000)).toEqual([9]);
    expect(pagesForRange(0, 10, 0)).toEqual([]);
  });
  it('keeps the pages nearest the viewport', () => {
    const pages = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [i, [i]]));
    expect(
      Object.keys(prunePages(pages, 29, 5))
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([25, 26, 27, 28, 29]);
  });
  it('reads a row through its page', () => {
    expect(rowAt({ 1: ['a', 'b'] }, PAGE_SIZE + 1)).toBe('b');
    expect(rowAt({}, 5)).toBeUndefined();
  });
});

describe('event batching', () => {
  it('delivers a burst as one batch', () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    const b = createEventBatcher<number>(flush, 100);
    for (let i = 0; i < 500; i++) b.push(i);
    vi.advanceTimersByTime(100);
    expect(flush).toHaveBeenCalledTimes(1);
    expect(flush.mock.calls[0]![0]).toHaveLength(500);
    vi.useRealTimers();
  });
  it('throttles refreshes but never drops the last one', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const t = createThrottle(fn, 300, () => Date.now());
    t();
    t();
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(300);
    expect(fn).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });
});

describe('SSE parsing', () => {
  it('joins chunks, skips comments and splits messages', () => {
    const got: string[] = [];
    const feed = createSseParser((d) => got.push(d));
    feed(': connected\n\ndata: {"a"');
    feed(':1}\n\ndata: {"b":2}\r\n\r\n');
    expect(got).toEqual(['{"a":1}', '{"b":2}']);
  });
});
