import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  editorValue,
  openFromTree,
  paletteItems,
  type ServedFolder,
  SHOTS,
  serveFolder,
  typeAtEndOf,
  waitUntilShown,
} from './serve-process.ts';

const SEQUENCE = 'sequenceDiagram\n    Alice->>Bob: Hi\n';
const FROM_DISK =
  'sequenceDiagram\n    participant Carol\n    Alice->>Bob: Hi\n    Carol->>Alice: from disk\n';
const NOTES = 'flowchart LR\n    one --> two\n';
const FLOW = `flowchart TD
    a[Start] --> b[Left]
    a --> c[Middle]
    a --> d[Right]
    b --> e[End]
    c --> e
    d --> e
`;
const LONG = 'l4-load-balancer-sketch';
const DRAWING = '{"type":"excalidraw","version":2,"elements":[],"appState":{}}';

/** A colour as CSS computes it (`rgb(…)`, `rgba(…)` or `color(srgb …)`) as red, green and blue from 0 to 1. */
const channels = (css: string): [number, number, number] => {
  const srgb = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)/.exec(css);
  if (srgb) return [Number(srgb[1]), Number(srgb[2]), Number(srgb[3])];
  const rgb = /rgba?\((\d+), (\d+), (\d+)/.exec(css);
  if (rgb) return [Number(rgb[1]) / 255, Number(rgb[2]) / 255, Number(rgb[3]) / 255];
  throw new Error(`not a colour: ${css}`);
};

/**
 * The second round of what a new user found trying `merrow serve`: the comparison of a file changed
 * on disk read the wrong way round, the unsaved-changes question was the browser's OK/Cancel, file
 * names were cut short in a narrow sidebar, the shortcuts list missed keys that work, and the
 * banner of a move stayed after the move was undone.
 */
describe('the second round of UX fixes, served by merrow serve', () => {
  let app: ServedFolder;
  let page: Page;
  let frame: Frame;
  /** Messages of native dialogs (alert, confirm) the page opened. */
  const nativeDialogs: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `ux2-${name}.png`) });
  const editorText = () => editorValue(page);
  const shown = (path: string) => waitUntilShown(page, path);
  const typeAtEnd = (text: string) => typeAtEndOf(page, text);
  const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');

  beforeAll(async () => {
    app = await serveFolder(
      'e2e-ux-round2',
      {
        'flow.mmd': FLOW,
        'sequence.mmd': SEQUENCE,
        'notes.mmd': NOTES,
        [`${LONG}.mmd`]: NOTES,
        [`${LONG}.excalidraw`]: DRAWING,
      },
      { viewport: { width: 1400, height: 900 } },
    );
    page = app.page;
    page.on('dialog', (dialog) => nativeDialogs.push(dialog.message()));
    await page.goto(app.server.url);
    await page.waitForSelector('[data-testid="tree-item-flow.mmd"]', { timeout: 30_000 });
    frame = (await (await page.waitForSelector('[data-testid="preview-frame"]')).contentFrame())!;
  }, 180_000);

  afterAll(() => app?.close());

  it('hides the banner of a move once the text changes afterwards: by Ctrl+Z or by typing', async () => {
    await openFromTree(page, 'flow.mmd');
    await page.waitForFunction(
      () => {
        const { live, workspace } = window.merrowApp;
        const model = workspace.model('flow.mmd');
        return live.state.get().status === 'ok' && live.renderedVersion === model?.getAlternativeVersionId();
      },
      undefined,
      { timeout: 60_000 },
    );
    const nodeBox = async (id: string) => {
      const box = await frame.locator(`svg g.node[id^="merrow-flowchart-${id}-"]`).boundingBox();
      if (!box) throw new Error(`node ${id} is not on screen`);
      return box;
    };
    const moveDLeftOfB = async () => {
      const [from, to] = [await nodeBox('d'), await nodeBox('b')];
      const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
      const target = { x: to.x - 10, y: to.y + to.height / 2 };
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      for (let i = 1; i <= 12; i++)
        await page.mouse.move(
          start.x + ((target.x - start.x) * i) / 12,
          start.y + ((target.y - start.y) * i) / 12,
        );
      await page.mouse.up();
      await page.waitForSelector('[data-testid="layout-status"][data-phase="moved"]', { timeout: 60_000 });
      expect(await page.textContent('[data-testid="layout-status"]')).toContain('Moved d left of b');
    };

    await moveDLeftOfB();
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+z');
    expect(await editorText()).toBe(FLOW);
    await page.waitForSelector('[data-testid="layout-status"]', { state: 'detached', timeout: 5_000 });
    expect((await page.locator('[data-testid="status-notice"]').allTextContents()).join('')).not.toContain(
      'Moved',
    );

    // Wait for the preview to draw the undone text again before dragging in it.
    await page.waitForFunction(
      () => {
        const { live, workspace } = window.merrowApp;
        return live.renderedVersion === workspace.model('flow.mmd')?.getAlternativeVersionId();
      },
      undefined,
      { timeout: 60_000 },
    );
    await moveDLeftOfB();
    await typeAtEnd('%% more');
    await page.waitForSelector('[data-testid="layout-status"]', { state: 'detached', timeout: 5_000 });
    // Leave the file as it was for the other tests.
    await page.evaluate(() => window.merrowApp.workspace.close('flow.mmd', true));
  });

  it('compares a file changed on disk with the edits as two labelled sides, each in its own colour', async () => {
    await openFromTree(page, 'sequence.mmd');
    await shown('sequence.mmd');
    await typeAtEnd('Bob->>Alice: mine');
    writeFileSync(app.at('sequence.mmd'), FROM_DISK);
    await page.waitForSelector('[data-testid="conflict-bar"]', { timeout: 15_000 });
    await page.click('[data-testid="conflict-compare"]');
    await page.waitForSelector(
      '[data-testid="incoming-overlay"] [data-testid="visual-diff"][data-state="ready"]',
      {
        timeout: 60_000,
      },
    );
    expect(await page.locator('.drawing-pane figcaption').allTextContents()).toEqual(['On disk', 'Yours']);
    // Carol came from disk: on the disk's side, in the disk's colour, not struck through as removed.
    const marks = await page.evaluate(() => {
      const colourOf = (selector: string) =>
        getComputedStyle(document.querySelector(selector)!).borderTopColor;
      const side = (testId: string, mark: string) => {
        const root = document.querySelector(`[data-testid="${testId}"] .drawing-svg`)?.shadowRoot;
        const shape = root?.querySelector(
          `:is(rect, path, line).${mark}, .${mark} > :is(rect, path), .${mark} > g > rect`,
        );
        const text = root?.querySelector(`.${mark} :is(text, span, p)`);
        if (!shape) return null;
        return {
          stroke: getComputedStyle(shape).stroke,
          line: text ? getComputedStyle(text).textDecorationLine : 'none',
        };
      };
      return {
        disk: side('visual-diff-before', 'diff-removed'),
        yours: side('visual-diff-after', 'diff-added'),
        diskSwatch: colourOf('.drawing-pane .swatch.side-before'),
        yoursSwatch: colourOf('.drawing-pane .swatch.side-after'),
      };
    });
    expect(marks.disk).toMatchObject({ line: 'none', stroke: marks.diskSwatch });
    expect(marks.yours).toMatchObject({ stroke: marks.yoursSwatch });
    expect(marks.diskSwatch).not.toBe(marks.yoursSwatch);
    const [r, , b] = channels(marks.diskSwatch);
    expect(b).toBeGreaterThan(r);
    await shot('compare-visual');

    await page.click('[data-testid="compare-tab-text"]');
    await page.waitForSelector('[data-testid="text-diff"] .line-delete', { timeout: 15_000 });
    expect(await page.locator('.text-diff-labels .side-label').allTextContents()).toEqual([
      'On disk',
      'Yours',
    ]);
    const lines = await page.evaluate(() => {
      const background = (selector: string) =>
        getComputedStyle(document.querySelector(`[data-testid="text-diff"] ${selector}`)!).backgroundColor;
      return { disk: background('.line-delete'), yours: background('.line-insert') };
    });
    // The disk's own lines are blue like its label, the user's green like theirs: neither is red.
    const [diskR, , diskB] = channels(lines.disk);
    const [yoursR, yoursG] = channels(lines.yours);
    expect(diskB).toBeGreaterThan(diskR);
    expect(yoursG).toBeGreaterThan(yoursR);
    // No − and + beside the lines: neither side's lines were removed or added.
    expect(await page.locator('[data-testid="text-diff"] .codicon-diff-remove').count()).toBe(0);
    await shot('compare-text');
    await page.click('[data-testid="incoming-take-disk"]');
    await page.waitForSelector('[data-testid="conflict-bar"]', { state: 'detached' });
    await page.evaluate(() => window.merrowApp.workspace.close('sequence.mmd', true));
  });

  it('asks Save, Don’t Save or Cancel in the page before closing a tab with unsaved edits', async () => {
    const dialog = '[role="dialog"][data-testid="choice-dialog"]';
    const closeTab = () => page.click('[data-testid="tab-notes.mmd"] .tab-close');
    await openFromTree(page, 'notes.mmd');
    await shown('notes.mmd');
    await typeAtEnd('    two --> three');
    const typed = await editorText();

    await closeTab();
    await page.waitForSelector(dialog);
    expect(await page.locator(`${dialog} button`).allTextContents()).toEqual([
      'Save',
      "Don't Save",
      'Cancel',
    ]);
    expect(await page.getAttribute(dialog, 'aria-modal')).toBe('true');
    expect(await page.textContent(`${dialog} h2`)).toContain('notes.mmd');
    expect(await focusedText()).toBe('Save');
    await shot('unsaved-dialog');
    // Focus stays in the dialog: Tab goes round its buttons, Shift+Tab back.
    for (const expected of ["Don't Save", 'Cancel', 'Save']) {
      await page.keyboard.press('Tab');
      expect(await focusedText()).toBe(expected);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await focusedText()).toBe('Cancel');

    // Escape cancels: the tab stays, its edits too.
    await page.keyboard.press('Escape');
    await page.waitForSelector(dialog, { state: 'detached' });
    await page.waitForSelector('[data-testid="tab-notes.mmd"][data-dirty="true"]');

    // Enter saves, then closes.
    await closeTab();
    await page.waitForSelector(dialog);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="tab-notes.mmd"]', { state: 'detached' });
    expect(readFileSync(app.at('notes.mmd'), 'utf8')).toBe(typed);

    // Don't Save closes and leaves the file as it was.
    await openFromTree(page, 'notes.mmd');
    await shown('notes.mmd');
    await typeAtEnd('    three --> four');
    await closeTab();
    await page.click(`${dialog} [data-testid="choice-discard"]`);
    await page.waitForSelector('[data-testid="tab-notes.mmd"]', { state: 'detached' });
    expect(readFileSync(app.at('notes.mmd'), 'utf8')).toBe(typed);
    expect(nativeDialogs).toEqual([]);
  });

  it('widens the sidebar by its edge, remembers it, resets it on a double-click, and renames in the whole row', async () => {
    const divider = '[data-testid="split-tree"]';
    const treeWidth = () =>
      page.evaluate(() => document.querySelector('.split-left')!.getBoundingClientRect().width);
    const cut = (path: string) =>
      page.evaluate((p) => {
        const name = document.querySelector(`[data-testid="tree-item-${p}"] .tree-name`)!;
        return name.scrollWidth > name.clientWidth;
      }, path);
    await page.evaluate(() => localStorage.removeItem('merrow.treeWidth'));
    await page.reload();
    await page.waitForSelector(`[data-testid="tree-item-${LONG}.mmd"]`, { timeout: 30_000 });
    const initial = await treeWidth();
    // 220 px was the width at every window size; past 1280 px the default grows with the window.
    expect(initial).toBe(240);

    // Dragged wider, both long names show whole.
    const box = (await page.locator(divider).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + 80, box.y + 200, { steps: 5 });
    await page.mouse.move(box.x + 120, box.y + 200, { steps: 5 });
    await page.mouse.up();
    const wide = await treeWidth();
    expect(wide).toBeGreaterThan(initial + 100);
    expect(await cut(`${LONG}.mmd`)).toBe(false);
    expect(await cut(`${LONG}.excalidraw`)).toBe(false);
    expect(await page.evaluate(() => localStorage.getItem('merrow.treeWidth'))).toBe(
      String(Math.round(wide)),
    );

    // Every row and tab names its full path.
    const titles = await page.evaluate(() =>
      [...document.querySelectorAll('[role="treeitem"], [role="tab"]')].map((el) => [
        el.getAttribute('data-testid')?.replace(/^(tree-item|tab)-/, ''),
        el.getAttribute('title'),
      ]),
    );
    expect(titles.length).toBeGreaterThan(0);
    for (const [path, title] of titles) expect(title?.startsWith(path!)).toBe(true);

    // F2: the name box takes the row's width, the name without its extension selected.
    await page.click(`[data-testid="tree-item-${LONG}.excalidraw"]`);
    await page.keyboard.press('F2');
    const input = '[data-testid="tree-rename-input"]';
    await page.waitForSelector(`${input}:focus`);
    const rename = await page.evaluate((selector) => {
      const el = document.querySelector<HTMLInputElement>(selector)!;
      const row = el.closest('[role="treeitem"]')!.getBoundingClientRect();
      return {
        width: el.getBoundingClientRect().width,
        row: row.width,
        selected: el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0),
        scrollLeft: el.scrollLeft,
      };
    }, input);
    expect(rename.width).toBeGreaterThan(rename.row - 60);
    expect(rename.selected).toBe(LONG);
    expect(rename.scrollLeft).toBe(0);
    await shot('wide-sidebar-rename');
    await page.keyboard.press('Escape');

    // Remembered across a reload.
    await page.reload();
    await page.waitForSelector(`[data-testid="tree-item-${LONG}.mmd"]`, { timeout: 30_000 });
    expect(await treeWidth()).toBe(wide);

    // Kept within bounds, however far it is dragged.
    const again = (await page.locator(divider).boundingBox())!;
    await page.mouse.move(again.x + again.width / 2, again.y + 200);
    await page.mouse.down();
    await page.mouse.move(1300, again.y + 200, { steps: 5 });
    await page.mouse.up();
    expect(await treeWidth()).toBeLessThanOrEqual(640);

    // A double-click on the edge goes back to the default, and forgets the width.
    await page.dblclick(divider);
    expect(await treeWidth()).toBe(initial);
    expect(await page.evaluate(() => localStorage.getItem('merrow.treeWidth'))).toBeNull();
  });

  it('lists every key that works, from the bindings themselves, and the palette has Save All and F2 for Rename', async () => {
    await openFromTree(page, 'notes.mmd');
    await shown('notes.mmd');
    const items = () => paletteItems(page);
    await page.keyboard.press('F1');
    await page.waitForSelector('[data-testid="palette-input"]');
    const palette = await items();
    expect(palette['Save All']).toBe('Ctrl+Alt+S');
    expect(palette['Rename file…']).toBe('F2');
    await page.fill('[data-testid="palette-input"]', 'keyboard shortcuts');
    await page.click('[data-testid="palette-item-help.keyboardShortcuts"]');
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="palette-input"]')
        ?.getAttribute('placeholder')
        ?.startsWith('Keyboard'),
    );
    const shortcuts = await items();
    await shot('shortcuts');
    expect(shortcuts).toMatchObject({
      Save: 'Ctrl+S',
      'Save All': 'Ctrl+Alt+S',
      'Rename file…': 'F2',
      'Delete file': 'Delete',
      'Git: commit…': 'Ctrl+Enter',
      'Command Palette…': 'Ctrl+Shift+P or F1',
    });
    await page.keyboard.press('Escape');
  });
});
