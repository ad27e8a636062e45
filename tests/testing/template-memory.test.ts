/** The process template lives in memory: a test runner's worker that ends without `exit` leaves no folder of it. */
import fs from 'node:fs';
import { expect, it, vi } from 'vitest';
import { startGatehouse } from '@gatehouse/testing';

it('makes no folder but each instance’s own, the first (which makes the template) and the next (which copies it) alike', async () => {
  const folders = vi.spyOn(fs, 'mkdtempSync');
  try {
    const first = await startGatehouse();
    await first.stop();
    const second = await startGatehouse();
    await second.stop();
    const made = folders.mock.calls.map(([prefix]) => String(prefix));
    expect(made).toHaveLength(2);
    expect(made.every((prefix) => prefix.includes('gatehouse-testing-'))).toBe(true);
  } finally {
    folders.mockRestore();
  }
});
