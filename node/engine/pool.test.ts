import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from './browser.ts';
import { JobTimeoutError, PagePool } from './pool.ts';

let browser: Browser;
let opened = 0;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findBrowser().path });
});
afterAll(() => browser?.close());

const open = async () => {
  opened++;
  return browser.newPage();
};

describe('PagePool', () => {
  it('fails a job that hangs its page after the timeout, and replaces the page', async () => {
    const pool = new PagePool(open, 1, 1500);
    const hang = pool.run({
      cost: 1,
      run: (page) =>
        page.evaluate(() => {
          for (;;) {}
        }),
    });
    await expect(hang).rejects.toBeInstanceOf(JobTimeoutError);
    const before = opened;
    await expect(pool.run({ cost: 1, run: (page) => page.evaluate(() => 6 * 7) })).resolves.toBe(42);
    expect(opened).toBe(before + 1);
    await pool.close();
  });

  it('starts the costliest waiting job first', async () => {
    const pool = new PagePool(open, 1, 10_000);
    const order: string[] = [];
    const job = (name: string, cost: number) =>
      pool.run({
        cost,
        run: async () => {
          order.push(name);
        },
      });
    await Promise.all([job('small', 1), job('large', 100), job('medium', 10)]);
    expect(order).toEqual(['large', 'medium', 'small']);
    await pool.close();
  });

  it('opens a second page only when enough work is waiting', async () => {
    const start = opened;
    const pool = new PagePool(open, 2, 10_000);
    await Promise.all([1, 2, 3].map(() => pool.run({ cost: 1, run: async () => {} })));
    expect(opened - start).toBe(1);
    const slow = (cost: number) => pool.run({ cost, run: (page) => page.waitForTimeout(300) });
    await Promise.all([slow(200), slow(200), slow(200)]);
    expect(opened - start).toBe(2);
    await pool.close();
  });
});
