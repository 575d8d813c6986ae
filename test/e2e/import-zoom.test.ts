import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../node/serve/renderer-build.ts';
import { type ServedFolder, SHOTS, serveFolder } from './serve-process.ts';

const EXAMPLE = join(PROJECT_ROOT, 'examples/diagrams/l4-load-balancer-sketch.excalidraw');
const CORPUS = (() => {
  const fromEnv = process.env.MERROW_CORPUS;
  if (fromEnv) return existsSync(join(fromEnv, 'excalidraw')) ? join(fromEnv, 'excalidraw') : fromEnv;
  return resolve(PROJECT_ROOT, '../shared/corpus/excalidraw');
})();
// The drawing the import suite opens: a real one from the corpus when it is there.
const REAL = join(CORPUS, 'moona3k__excalidraw-to-mermaid__web-architecture.excalidraw');
const DRAWING = existsSync(REAL) ? REAL : EXAMPLE;

/** What the converted diagram looks like on screen, measured inside the import's preview frame. */
interface OnScreen {
  /** The diagram's box on the page of the frame. */
  left: number;
  top: number;
  width: number;
  /** The smallest label's font size as drawn, in CSS pixels. */
  labelPx: number;
}

describe('the import view’s Mermaid pane zooms and opens readable', () => {
  let app: ServedFolder;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `import-zoom-${name}.png`) });
  const waitFor = (selector: string, timeout = 30_000) => page.waitForSelector(selector, { timeout });
  const frame = async (): Promise<Frame> => {
    const f = await (await waitFor('[data-testid="import-preview-frame"]')).contentFrame();
    if (!f) throw new Error('no preview frame in the import view');
    return f;
  };
  const onScreen = async (): Promise<OnScreen> =>
    (await frame()).evaluate(() => {
      const canvas = document.getElementById('canvas') as HTMLElement;
      const svg = canvas.shadowRoot?.querySelector('svg');
      if (!svg) throw new Error('no diagram in the frame');
      const box = svg.getBoundingClientRect();
      const scale = box.width / svg.width.baseVal.value;
      const labels = [...svg.querySelectorAll('g.node .nodeLabel, g.node text')].filter(
        (el) => (el.textContent ?? '').trim() !== '',
      );
      const sizes = labels.map((el) => Number.parseFloat(getComputedStyle(el).fontSize) * scale);
      return { left: box.left, top: box.top, width: box.width, labelPx: Math.min(...sizes) };
    });
  /** Waits for the frame to apply a view (its canvas moves in the next frames). */
  const settle = () => page.waitForTimeout(250);
  const zoomText = () => page.textContent('[data-testid="import-zoom-level"]');

  beforeAll(async () => {
    app = await serveFolder(
      'import-zoom',
      { 'drawings/web.excalidraw': readFileSync(DRAWING) },
      { viewport: { width: 1400, height: 900 } },
    );
    page = app.page;
    page.on('pageerror', (error) => console.warn(`page error: ${error.message}`));
    await page.goto(app.server.url);
    await waitFor('[data-testid="tree-item-drawings/web.excalidraw"]');
    await page.click('[data-testid="tree-item-drawings/web.excalidraw"]');
    await waitFor('[data-testid="import-original"][data-status="ok"] svg');
    await waitFor('[data-testid="import-mermaid"][data-status="ok"]');
    await settle();
  }, 180_000);

  afterAll(() => app?.close());

  it('opens the converted diagram at a size whose labels can be read', async () => {
    await shot('01-opened');
    const seen = await onScreen();
    expect(seen.labelPx).toBeGreaterThanOrEqual(10);
  });

  it('has zoom out, the zoom level, zoom in, Fit and 1:1 above the diagram', async () => {
    for (const id of ['zoom-out', 'zoom-level', 'zoom-in', 'zoom-fit', 'zoom-100'])
      expect(await page.locator(`[data-testid="import-${id}"]`).isVisible()).toBe(true);
    expect(await zoomText()).toMatch(/^\d+%$/);
  });

  it('1:1 shows the diagram at 100 %, Fit scales it to the pane, − and + zoom', async () => {
    await page.click('[data-testid="import-zoom-100"]');
    await settle();
    const actual = await onScreen();
    expect(await zoomText()).toBe('100%');
    await page.click('[data-testid="import-zoom-fit"]');
    await settle();
    const fitted = await onScreen();
    expect(Math.abs(fitted.width - actual.width)).toBeGreaterThan(5);
    // Fitted: the whole diagram is inside the pane.
    const pane = await page.locator('[data-testid="import-preview-frame"]').boundingBox();
    expect(fitted.width).toBeLessThanOrEqual((pane?.width ?? 0) + 1);
    await shot('02-fit');
    await page.click('[data-testid="import-zoom-in"]');
    await settle();
    const zoomedIn = await onScreen();
    expect(zoomedIn.width).toBeGreaterThan(fitted.width * 1.1);
    await page.click('[data-testid="import-zoom-out"]');
    await settle();
    expect((await onScreen()).width).toBeLessThan(zoomedIn.width * 0.9);
  });

  it('Ctrl+wheel zooms and a drag pans the diagram', async () => {
    const pane = await page.locator('[data-testid="import-preview-frame"]').boundingBox();
    if (!pane) throw new Error('no pane');
    const cx = pane.x + pane.width / 2;
    const cy = pane.y + pane.height / 2;
    const before = await onScreen();
    await page.mouse.move(cx, cy);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await settle();
    const wheeled = await onScreen();
    expect(wheeled.width).toBeGreaterThan(before.width * 1.2);
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 60, cy + 40, { steps: 6 });
    await page.mouse.up();
    await settle();
    const panned = await onScreen();
    expect(panned.left - wheeled.left).toBeCloseTo(60, -1);
    expect(panned.top - wheeled.top).toBeCloseTo(40, -1);
    expect(panned.width).toBeCloseTo(wheeled.width, 0);
    await page.click('[data-testid="import-zoom-100"]');
    await settle();
    await shot('03-actual');
  });
});
