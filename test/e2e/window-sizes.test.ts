import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServedFolder, type ServeProcess, SHOTS, serveFolder } from './serve-process.ts';

const SIZES = [
  { width: 800, height: 600 },
  { width: 1000, height: 700 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
];

const NAMES = ['a-rather-long-file-name-for-the-tree.mmd', 'second.mmd', 'third-diagram.mmd'];

/** A control the user cannot reach: where it is, and why. */
interface Unreachable {
  control: string;
  why: string;
}

/**
 * The visible controls under `root` (the whole page, or an open menu) that are not wholly inside
 * the viewport, or are covered or clipped where the user would click. Controls inside a container
 * the user can scroll (tree rows, tabs) need only their container to be inside; Monaco and the
 * preview frame are one control each.
 */
function unreachableControls(rootSelector: string): Unreachable[] {
  const root = document.querySelector(rootSelector);
  if (!root) return [{ control: rootSelector, why: 'not found' }];
  const found: Unreachable[] = [];
  const name = (el: Element) =>
    el.getAttribute('data-testid') ??
    el.getAttribute('aria-label') ??
    el.getAttribute('title') ??
    `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 20)}"`;
  const scrolls = (el: Element) => {
    const style = getComputedStyle(el);
    return (
      (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight) ||
      (/(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth)
    );
  };
  const controls = root.querySelectorAll<HTMLElement>(
    'button, select, input, a[href], [role="separator"], [role="tab"], [role="treeitem"], [tabindex="0"]',
  );
  for (const el of controls) {
    if (
      el.closest('.monaco-editor') ||
      !el.checkVisibility({ visibilityProperty: true, opacityProperty: true })
    )
      continue;
    let target: Element = el;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement)
      if (scrolls(up)) target = up;
    const box = target.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.left < -0.5 || box.top < -0.5 || box.right > innerWidth + 0.5 || box.bottom > innerHeight + 0.5) {
      found.push({
        control: name(el),
        why: `outside the window at ${Math.round(box.left)},${Math.round(box.top)}`,
      });
      continue;
    }
    if (target !== el) continue;
    const x = box.left + Math.min(box.width / 2, 8);
    const y = box.top + box.height / 2;
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(el === hit || el.contains(hit) || hit.contains(el)))
      found.push({ control: name(el), why: `covered by ${hit ? name(hit) : 'nothing'}` });
  }
  return found;
}

describe('every window size from 800×600 to 4K', () => {
  let app: ServedFolder;
  let server: ServeProcess;
  let page: Page;

  const widthOf = (selector: string) =>
    page.evaluate((s) => document.querySelector(s)?.getBoundingClientRect().width ?? 0, selector);

  beforeAll(async () => {
    app = await serveFolder(
      'sizes',
      Object.fromEntries(
        NAMES.map((name) => [`docs/architecture/${name}`, 'flowchart LR\n    a[Start] --> b[Finish]\n']),
      ),
      { viewport: SIZES[0]! },
    );
    ({ server, page } = app);
    await page.goto(server.url);
    for (const name of ['second.mmd', 'third-diagram.mmd', 'a-rather-long-file-name-for-the-tree.mmd'])
      await page.evaluate((p) => window.merrowApp.workspace.open(p), `docs/architecture/${name}`);
    await page.waitForSelector('[data-testid="preview-pane"][data-status="ok"]', { timeout: 60_000 });
  }, 180_000);

  afterAll(() => app?.close());

  for (const size of SIZES) {
    it(`keeps every control inside a ${size.width}×${size.height} window, the menus' too`, async () => {
      await page.setViewportSize(size);
      // The layout follows the window at once; the toolbar folds after one resize observation.
      await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => resolve(true))));
      await page.waitForTimeout(100);
      expect(await page.evaluate(unreachableControls, 'body')).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `size-${size.width}x${size.height}.png`) });

      const more = page.locator('[data-testid="toolbar-more"]');
      if (await more.isVisible()) {
        await more.click();
        expect(await page.evaluate(unreachableControls, '[data-testid="toolbar-overflow"]')).toEqual([]);
        await page.screenshot({ path: join(SHOTS, `size-${size.width}x${size.height}-more.png`) });
        await more.click();
      } else {
        expect(size.width).toBeGreaterThanOrEqual(1280);
      }
      await page.click('[data-testid="export-menu"]');
      expect(await page.evaluate(unreachableControls, '.menu')).toEqual([]);
      await page.click('[data-testid="export-menu"]');

      const editor = await widthOf('.editor-column');
      const preview = await widthOf('[data-testid="preview-pane"]');
      expect(editor).toBeGreaterThanOrEqual(220);
      expect(preview).toBeGreaterThanOrEqual(240);
      // Proportional: editor and preview share the room beside the tree alike at every size.
      expect(editor / (editor + preview)).toBeCloseTo(0.45, 1);
    });
  }
});
