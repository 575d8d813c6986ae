import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedFolder, type ServeProcess, SHOTS, serveFolder } from './serve-process.ts';

const FILES = [
  'docs/api/one-service-overview.mmd',
  'docs/api/two.mmd',
  'docs/three.mmd',
  'four.mmd',
  'five.mmd',
];

/** Knowing which file you are in, and getting around with the keyboard alone. */
describe('orientation and keyboard', () => {
  let app: ServedFolder;
  let server: ServeProcess;
  let page: Page;

  const open = async (path: string) => {
    await page.evaluate((p) => window.merrowApp.workspace.open(p), path);
    await page.waitForFunction((p) => window.merrowApp.live.editor?.getModel()?.uri.path === `/${p}`, path);
  };
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return {
        testId: el?.getAttribute('data-testid') ?? el?.getAttribute('aria-label') ?? el?.tagName ?? '',
        outline: el ? getComputedStyle(el).outlineStyle : 'none',
      };
    });
  const status = (id: string) => page.locator(`[data-testid="${id}"]`).textContent();

  beforeAll(async () => {
    app = await serveFolder(
      'orientation',
      Object.fromEntries(
        FILES.map((path) => [path, 'flowchart LR\n    first --> second\n    second --> third\n']),
      ),
      { viewport: { width: 1000, height: 700 } },
    );
    ({ server, page } = app);
    await page.goto(server.url);
    for (const path of FILES) await open(path);
  }, 120_000);

  afterAll(() => app?.close());

  it('scrolls the active tab into view and shows its path above the editor and on the tree row', async () => {
    await open(FILES[0]!);
    const inView = await page.evaluate(() => {
      const strip = document.querySelector('[data-testid="tab-bar"]')!.getBoundingClientRect();
      const tab = document.querySelector('[role="tab"][aria-selected="true"]')!.getBoundingClientRect();
      return tab.left >= strip.left - 0.5 && tab.right <= strip.right + 0.5;
    });
    expect(inView).toBe(true);
    expect(await status('breadcrumb')).toMatch(/docs\s*›?\s*api\s*›?\s*one-service-overview\.mmd/);
    expect(await page.getAttribute(`[data-testid="tree-item-${FILES[0]}"]`, 'title')).toBe(FILES[0]);
    await page.screenshot({ path: join(SHOTS, 'orientation-1000x700.png') });
  });

  it("shows the current editor's line and column, and what Ctrl+S did until another file is shown", async () => {
    await open(FILES[1]!);
    await page.evaluate(() => window.merrowApp.live.editor!.setPosition({ lineNumber: 3, column: 5 }));
    await expect.poll(() => status('status-cursor')).toBe('Ln 3, Col 5');
    await open(FILES[2]!);
    await expect.poll(() => status('status-cursor')).toBe('Ln 1, Col 1');

    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+s');
    await expect.poll(() => status('status-notice')).toBe(`Saved ${FILES[2]}`);
    await open(FILES[3]!);
    await expect.poll(() => page.locator('[data-testid="status-notice"]').count()).toBe(0);
  });

  it('makes the tree and the tab strip one tab stop each, walked with the arrow keys, focus always visible', async () => {
    const stops = await page.evaluate(() => ({
      tree: document.querySelectorAll(
        '[role="tree"] [tabindex="0"], [role="tree"] button:not([tabindex="-1"])',
      ).length,
      tabs: document.querySelectorAll(
        '[role="tablist"] [tabindex="0"], [role="tablist"] button:not([tabindex="-1"])',
      ).length,
    }));
    expect(stops).toEqual({ tree: 1, tabs: 1 });

    // From the top of the page, Tab reaches the editor in a handful of stops, not one per file.
    await page.focus('[data-testid="view-files"]');
    let presses = 0;
    const seen = [await focused()];
    while (presses < 15) {
      await page.keyboard.press('Tab');
      presses++;
      if (await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))) break;
      seen.push(await focused());
    }
    expect(seen.filter((s) => s.outline === 'none')).toEqual([]);
    expect(seen.map((s) => s.testId)).toEqual([
      'view-files',
      'view-changes',
      'new-diagram',
      'BUTTON',
      `tree-item-${FILES[3]}`,
      'split-tree',
      `tab-${FILES[3]}`,
      // The tabs overflow at this size: the button listing them all comes after them.
      'tab-overflow',
    ]);

    // The rows: docs, docs/api, its file, docs/three.mmd, five.mmd, four.mmd.
    await page.focus(`[data-testid="tree-item-${FILES[4]}"]`);
    await page.keyboard.press('ArrowDown');
    expect((await focused()).testId).toBe(`tree-item-${FILES[3]}`);
    await page.keyboard.press('Home');
    expect((await focused()).testId).toBe('tree-item-docs');
    await page.keyboard.press('ArrowRight');
    expect((await focused()).testId).toBe('tree-item-docs/api');
    // Left closes an open folder, then climbs to its parent.
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator(`[data-testid="tree-item-${FILES[0]}"]`).count()).toBe(0);
    await page.keyboard.press('ArrowLeft');
    expect((await focused()).testId).toBe('tree-item-docs');
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator(`[data-testid="tree-item-docs/three.mmd"]`).count()).toBe(0);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => window.merrowApp.workspace.active.get())).toBe(FILES[4]);
    await page.screenshot({ path: join(SHOTS, 'keyboard-tree-focus.png') });

    await page.focus('[role="tab"][aria-selected="true"]');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.evaluate(() => window.merrowApp.workspace.active.get())).toBe(FILES[3]);
    expect((await focused()).testId).toBe(`tab-${FILES[3]}`);
    await page.keyboard.press('Home');
    expect((await focused()).testId).toBe(`tab-${FILES[0]}`);

    await page.focus('[data-testid="split-editor"]');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    expect((await focused()).outline).not.toBe('none');
    await page.screenshot({ path: join(SHOTS, 'keyboard-divider-focus.png') });
  });

  it("offers a file name for Ctrl+N and creates the file in the selected file's folder", async () => {
    const row = page.locator(`[data-testid="tree-item-${FILES[2]}"]`);
    if ((await row.count()) === 0) await page.click('[data-testid="tree-item-docs"]');
    await row.click();
    await page.keyboard.press('Alt+n'); // Ctrl+N is the browser's own: the page gets Alt+N (Ctrl+N in the app)
    await page.keyboard.type('sequence');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.inputValue('[data-testid="palette-input"]'))
      .toBe('docs/sequencediagram.mmd');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => window.merrowApp.workspace.active.get()))
      .toBe('docs/sequencediagram.mmd');
  });
});
