import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callServe,
  closeAll,
  ensureRendererBuilt,
  openBrowserPage,
  type ServeProcess,
  startServe,
} from './serve-process.ts';

/** The files of the folder: two carry unsaved work from the last session, one does not. */
const FILES: Record<string, string> = {
  'a-clean.mmd': 'flowchart LR\n    a --> b\n',
  'b-unsaved.mmd': 'flowchart LR\n    b1 --> b2\n',
  'c-unsaved.mmd': 'sequenceDiagram\n    Alice->>Bob: Hi\n',
};
const BACKED_UP = ['b-unsaved.mmd', 'c-unsaved.mmd'];
/** How often the user clicks a file in the tree while the app starts. */
const CLICK_EVERY_MS = 40;
/**
 * Start-ups, each with its first click a little later, together spanning the whole start-up. Each
 * takes about 3 s on a quiet machine (the page, the first render, Monaco); a race needs many.
 */
const RUNS = 8;

describe('hot exit while the user clicks through a starting app', () => {
  let folder: string;
  let state: string;
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let token: string;

  const call = (method: string, args: unknown) => callServe(server.port, token, method, args);
  const serverBackups = async () =>
    new Map(
      ((await call('backup.list', {})) as { path: string; text: string }[]).map((b) => [b.path, b.text]),
    );

  /** Characters of `expected` missing from `actual`: all after the first that differs, or all if none. */
  const lost = (expected: string, actual: string | undefined) => {
    if (actual === undefined) return expected.length;
    let common = 0;
    while (common < expected.length && expected[common] === actual[common]) common++;
    return expected.length - common;
  };

  beforeAll(async () => {
    await ensureRendererBuilt();
    folder = mkdtempSync(join(tmpdir(), 'merrow-race-'));
    state = mkdtempSync(join(tmpdir(), 'merrow-race-state-'));
    for (const [path, text] of Object.entries(FILES)) writeFileSync(join(folder, path), text);
    server = await startServe(folder, { MERROW_STATE_DIR: state });
    token = new URL(server.url).searchParams.get('token')!;
    // One page, reloaded for each start-up, as a user reopening the app: the browser's cache is warm
    // and the page's own copies of unsaved text and its tab session carry over.
    ({ browser, page } = await openBrowserPage());
  }, 180_000);

  afterAll(() => closeAll(browser, server, [folder, state]));

  /**
   * One start-up: the last session left unsaved text in two files; the page loads again, and from
   * `firstClickMs` after the tree appears the user clicks a file every CLICK_EVERY_MS (the backed-up
   * ones and the clean one in turn) until the session is restored. Returns the characters lost.
   */
  async function startUp(run: number, firstClickMs: number): Promise<{ lost: number; clicks: number }> {
    const unsaved = new Map<string, string>();
    for (const path of BACKED_UP) {
      const text = `${FILES[path]}    %% unsaved in session ${run}: ${path} ${'x'.repeat(run)}\n`;
      await call('backup.write', { path, text, baseMtimeMs: statSync(join(folder, path)).mtimeMs });
      unsaved.set(path, text);
    }
    try {
      await page.goto(server.url);
      await page.waitForSelector('[data-testid="tree-item-a-clean.mmd"]', { timeout: 30_000 });
      // The clicks run in the page, so that they come every CLICK_EVERY_MS whatever the test's
      // round trips cost, for as long as the start-up lasts and a second past it.
      const clicks = await page.evaluate(
        ({ firstClickMs, every, order, backedUp }) =>
          new Promise<number>((resolve) => {
            let count = 0;
            let doneAt = Number.POSITIVE_INFINITY;
            const click = () => {
              const path = order[count % order.length]!;
              document.querySelector<HTMLElement>(`[data-testid="tree-item-${path}"]`)?.click();
              count++;
              const { workspace, live } = window.merrowApp;
              const restored =
                live.editor !== null && backedUp.every((p) => workspace.model(p) !== undefined);
              if (restored && doneAt === Number.POSITIVE_INFINITY) doneAt = performance.now();
              if (performance.now() > doneAt + 1000) resolve(count);
              else setTimeout(click, every);
            };
            setTimeout(click, firstClickMs);
          }),
        { firstClickMs, every: CLICK_EVERY_MS, order: [...BACKED_UP, 'a-clean.mmd'], backedUp: BACKED_UP },
      );
      let missing = 0;
      const buffers = await page.evaluate(
        (paths) => paths.map((p) => window.merrowApp.workspace.model(p)?.getValue()),
        BACKED_UP,
      );
      BACKED_UP.forEach((path, i) => {
        missing += lost(unsaved.get(path)!, buffers[i]);
      });
      // The next keystroke must add to the restored text, never replace the backup with the disk's.
      await page.click('[data-testid="tree-item-b-unsaved.mmd"]');
      await page.click('[data-testid="editor"] .view-lines');
      await page.keyboard.press('Control+End');
      await page.keyboard.type('%% typed after the restore\n');
      const typed = `${unsaved.get('b-unsaved.mmd')}%% typed after the restore\n`;
      const end = Date.now() + 10_000;
      let backups = await serverBackups();
      while (backups.get('b-unsaved.mmd') !== typed && Date.now() < end) {
        await page.waitForTimeout(100);
        backups = await serverBackups();
      }
      missing += lost(typed, backups.get('b-unsaved.mmd'));
      missing += lost(unsaved.get('c-unsaved.mmd')!, backups.get('c-unsaved.mmd'));
      return { lost: missing, clicks };
    } finally {
      // Leaving the page flushes its copies of the unsaved text, as closing the window would.
      await page.goto('about:blank');
    }
  }

  it('restores every backed-up character whenever the user clicks during start-up', async () => {
    const results: { firstClickMs: number; lost: number; clicks: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      // 0 ms up to past the end of a typical start-up (the editor loads after the first render).
      const firstClickMs = Math.round((run * 2400) / (RUNS - 1)) + (run % 2) * 17;
      results.push({ firstClickMs, ...(await startUp(run, firstClickMs)) });
    }
    console.log(
      results
        .map((r) => `first click at ${r.firstClickMs} ms: ${r.clicks} clicks, ${r.lost} lost`)
        .join('\n'),
    );
    expect(results.reduce((sum, r) => sum + r.lost, 0)).toBe(0);
  }, 300_000);
});
