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
 * Start-ups, each clicking every CLICK_EVERY_MS from the moment the page starts, shifted by a
 * further CLICK_EVERY_MS / RUNS each time, so that together they click every few milliseconds of
 * the start-up. Each takes about 3 s on a quiet machine (the page, the first render, Monaco).
 */
const RUNS = 8;
const PHASE_KEY = 'merrow-test.click-phase';

/** What the clicker in the page saw: clicks made, those made before the session was restored, when it was. */
interface Race {
  clicks: number;
  duringStartUp: number;
  restoredAtMs: number;
  done: boolean;
}

declare global {
  interface Window {
    merrowRace?: Race;
  }
}

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
    // The clicker starts with the page, before any of the app's code, and clicks as the user would:
    // the backed-up files and the clean one in turn, whenever the tree shows them, until a second
    // after the session is restored.
    await page.addInitScript(
      ({ every, order, backedUp, phaseKey }) => {
        const phase = localStorage.getItem(phaseKey);
        if (phase === null) return;
        const race: Race = { clicks: 0, duringStartUp: 0, restoredAtMs: 0, done: false };
        window.merrowRace = race;
        const tick = () => {
          const app = window.merrowApp;
          const restored =
            !!app && app.live.editor !== null && backedUp.every((p) => app.workspace.model(p) !== undefined);
          const item = document.querySelector<HTMLElement>(
            `[data-testid="tree-item-${order[race.clicks % order.length]}"]`,
          );
          if (item) {
            if (!restored) race.duringStartUp++;
            item.click();
            race.clicks++;
          }
          if (restored && !race.restoredAtMs) race.restoredAtMs = performance.now();
          if (race.restoredAtMs && performance.now() > race.restoredAtMs + 1000) race.done = true;
          else setTimeout(tick, every);
        };
        setTimeout(tick, Number(phase));
      },
      {
        every: CLICK_EVERY_MS,
        order: [...BACKED_UP, 'a-clean.mmd'],
        backedUp: BACKED_UP,
        phaseKey: PHASE_KEY,
      },
    );
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="tree-item-a-clean.mmd"]', { timeout: 30_000 });
  }, 180_000);

  afterAll(() => closeAll(browser, server, [folder, state]));

  /**
   * One start-up: the last session left unsaved text in two files; the page loads again with the
   * clicker `phaseMs` late. Returns the characters lost and what the clicker saw.
   */
  async function startUp(run: number, phaseMs: number): Promise<Race & { lost: number }> {
    await page.evaluate(({ key, phase }) => localStorage.setItem(key, phase), {
      key: PHASE_KEY,
      phase: String(phaseMs),
    });
    // Leaving the page flushes its copies of the unsaved text, as closing the window would.
    await page.goto('about:blank');
    const unsaved = new Map<string, string>();
    for (const path of BACKED_UP) {
      const text = `${FILES[path]}    %% unsaved in session ${run}: ${path} ${'x'.repeat(run)}\n`;
      await call('backup.write', { path, text, baseMtimeMs: statSync(join(folder, path)).mtimeMs });
      unsaved.set(path, text);
    }
    await page.goto(server.url);
    await page.waitForFunction(() => window.merrowRace?.done, null, { timeout: 60_000, polling: 100 });
    const race = (await page.evaluate(() => window.merrowRace))!;
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
    return { ...race, lost: missing };
  }

  it('restores every backed-up character whenever the user clicks during start-up', async () => {
    const results: (Race & { lost: number; phaseMs: number })[] = [];
    for (let run = 0; run < RUNS; run++) {
      const phaseMs = Math.round((run * CLICK_EVERY_MS) / RUNS);
      results.push({ phaseMs, ...(await startUp(run, phaseMs)) });
    }
    console.log(
      results
        .map(
          (r) =>
            `clicks from ${r.phaseMs} ms: ${r.duringStartUp} of ${r.clicks} before the session was restored ` +
            `at ${Math.round(r.restoredAtMs)} ms, ${r.lost} characters lost`,
        )
        .join('\n'),
    );
    // Every start-up was clicked through, or the test would prove nothing.
    for (const r of results) expect(r.duringStartUp).toBeGreaterThan(0);
    expect(results.reduce((sum, r) => sum + r.lost, 0)).toBe(0);
  }, 300_000);
});
