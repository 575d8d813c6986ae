import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callServe,
  closeAll,
  ensureRendererBuilt,
  openBrowserPage,
  type ServeProcess,
  SHOTS,
  startServe,
} from './serve-process.ts';

const FLOW = 'flowchart LR\n    a --> b\n';
const NOTES = 'flowchart TD\n    x --> y\n';

/** Two tabs of one browser on one `merrow serve` folder: the same page storage, the same backups. */
describe('two tabs on one folder', () => {
  let folder: string;
  let state: string;
  let server: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;
  let first: Page;
  let second: Page;
  let token: string;

  const backups = async () =>
    ((await callServe(server.port, token, 'backup.list', {})) as { path: string; text: string }[]).map(
      (b) => `${b.path}: ${b.text}`,
    );
  const open = async (page: Page, path: string) => {
    await page.evaluate((p) => window.merrowApp.workspace.open(p), path);
    await page.waitForFunction((p) => window.merrowApp.live.editor?.getModel()?.uri.path === `/${p}`, path, {
      timeout: 30_000,
    });
  };
  const type = async (page: Page, text: string) => {
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(text);
  };
  const text = (page: Page, path: string) =>
    page.evaluate((p) => window.merrowApp.workspace.model(p)?.getValue(), path);
  const dirty = (page: Page, path: string) =>
    page.evaluate((p) => window.merrowApp.workspace.tab(p)?.dirty, path);
  const start = async () => {
    const page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="tree-item-flow.mmd"]', { timeout: 30_000 });
    return page;
  };

  beforeAll(async () => {
    await ensureRendererBuilt();
    folder = mkdtempSync(join(tmpdir(), 'merrow-two-tabs-'));
    state = mkdtempSync(join(tmpdir(), 'merrow-two-tabs-state-'));
    writeFileSync(join(folder, 'flow.mmd'), FLOW);
    writeFileSync(join(folder, 'notes.mmd'), NOTES);
    server = await startServe(folder, { MERROW_STATE_DIR: state });
    token = new URL(server.url).searchParams.get('token')!;
    ({ browser } = await openBrowserPage());
    context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
    first = await start();
  }, 120_000);

  afterAll(() => closeAll(browser, server, [folder, state]));

  it("opens the disk's text, not the other tab's unsaved edits, and says where they are", async () => {
    await open(first, 'flow.mmd');
    await type(first, '%% first tab\n');
    await expect.poll(backups, { timeout: 10_000 }).toEqual([`flow.mmd: ${FLOW}%% first tab\n`]);

    second = await start();
    await open(second, 'flow.mmd');
    expect(await text(second, 'flow.mmd')).toBe(FLOW);
    expect(await dirty(second, 'flow.mmd')).toBe(false);
    await second.waitForSelector(
      '[data-testid="status-notice"]:has-text("unsaved changes in another window")',
    );
    await second.screenshot({ path: join(SHOTS, 'two-tabs-second.png') });
  });

  it("saves only its own text, and leaves the other tab's backup in place", async () => {
    await type(second, '%% second tab\n');
    await second.keyboard.press('Control+s');
    await expect.poll(() => readFileSync(join(folder, 'flow.mmd'), 'utf8')).toBe(`${FLOW}%% second tab\n`);
    // The first tab's text is still its own: unsaved, backed up, and now in conflict with the disk.
    await first.waitForSelector('[data-testid="conflict-bar"]', { timeout: 15_000 });
    expect(await text(first, 'flow.mmd')).toBe(`${FLOW}%% first tab\n`);
    expect(await backups()).toEqual([`flow.mmd: ${FLOW}%% first tab\n`]);
  });

  it('tells a tab when another starts editing a file it has open', async () => {
    await open(second, 'notes.mmd');
    await open(first, 'notes.mmd');
    await second.evaluate(() => window.merrowApp.workspace.notice.set(null));
    await type(first, '%% typed in the first tab\n');
    await second.waitForSelector(
      '[data-testid="status-notice"]:has-text("notes.mmd has unsaved changes in another window")',
      {
        timeout: 10_000,
      },
    );
    expect(await text(second, 'notes.mmd')).toBe(NOTES);
  });

  it('adopts the unsaved edits of a tab that is gone', async () => {
    await first.close();
    const third = await start();
    await open(third, 'notes.mmd');
    expect(await text(third, 'notes.mmd')).toBe(`${NOTES}%% typed in the first tab\n`);
    expect(await dirty(third, 'notes.mmd')).toBe(true);
    await third.close();
  });
});
