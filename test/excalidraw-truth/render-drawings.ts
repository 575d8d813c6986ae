/**
 * Draws Excalidraw files as Excalidraw itself draws them (the import view's `exportToSvg`, in
 * headless Chromium) and writes one PNG per scene, so that a truth file can be written by looking
 * at the picture, never at the JSON. Large drawings are also cut into overlapping tiles that can be
 * read at full size.
 *
 *     node test/excalidraw-truth/render-drawings.ts OUT_DIR FILE…
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { closeAll, ensureRendererBuilt, openBrowserPage, startServe } from '../e2e/serve-process.ts';

const TILE = 900;

const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error('usage: node test/excalidraw-truth/render-drawings.ts OUT_DIR FILE…');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

await ensureRendererBuilt();
const folder = mkdtempSync(join(tmpdir(), 'merrow-truth-'));
const state = mkdtempSync(join(tmpdir(), 'merrow-truth-state-'));
// Short names in the served folder: the tree shows them and the test ids carry them.
const names = files.map((file, i) => {
  const carrier = /(\.excalidraw(\.md|\.svg|\.png)?|\.excalidrawlib)$/.exec(file)?.[1] ?? '.excalidraw';
  const name = `d${String(i).padStart(2, '0')}${carrier}`;
  copyFileSync(file, join(folder, name));
  return name;
});
const server = await startServe(folder, { MERROW_STATE_DIR: state });
const { browser, page } = await openBrowserPage({ viewport: { width: 1600, height: 1000 } });
// Twice the size, so that small labels and arrowheads can be read.
const shotPage = await browser.newPage({ deviceScaleFactor: 2 });
try {
  await page.goto(server.url);
  for (const [i, name] of names.entries()) {
    await page.click(`[data-testid="tree-item-${name}"]`, { timeout: 30_000 });
    await page.waitForSelector('[data-testid="import-original"][data-status="ok"] svg', { timeout: 60_000 });
    const count = await page.locator('select[aria-label="Library item"] option').count();
    for (let scene = 0; scene < Math.max(1, count); scene++) {
      if (count > 1) await page.selectOption('select[aria-label="Library item"]', String(scene));
      // Wait for this scene's drawing (the previous one is removed while the next is drawn).
      await page.waitForTimeout(300);
      await page.waitForSelector('[data-testid="import-original"][data-status="ok"] svg', {
        timeout: 60_000,
      });
      const svg = await page.$eval('[data-testid="import-original"] svg', (el) => el.outerHTML);
      const stem = `${basename(files[i]!)}${count > 1 ? `.item${scene + 1}` : ''}`;
      await shoot(svg, join(outDir, stem));
      console.log(`${stem}.png`);
    }
  }
} finally {
  await closeAll(browser, server, [folder, state]);
}

async function shoot(svg: string, stem: string): Promise<void> {
  writeFileSync(`${stem}.svg`, svg);
  await shotPage.setContent(`<!doctype html><body style="margin:0;background:#fff">${svg}</body>`);
  const size = await shotPage.$eval('svg', (el) => {
    const box = el.getBoundingClientRect();
    return { width: Math.ceil(box.width), height: Math.ceil(box.height) };
  });
  await shotPage.setViewportSize({ width: Math.max(200, size.width), height: Math.max(200, size.height) });
  await shotPage.waitForTimeout(200);
  await shotPage.screenshot({ path: `${stem}.png`, fullPage: true });
  if (size.width <= TILE * 1.2 && size.height <= TILE * 1.2) return;
  const step = TILE - 200;
  for (let y = 0, row = 0; y < size.height; y += step, row++) {
    for (let x = 0, col = 0; x < size.width; x += step, col++) {
      await shotPage.screenshot({
        path: `${stem}.tile-r${row}c${col}.png`,
        clip: { x, y, width: Math.min(TILE, size.width - x), height: Math.min(TILE, size.height - y) },
        fullPage: true,
      });
      if (x + TILE >= size.width) break;
    }
    if (y + TILE >= size.height) break;
  }
}
