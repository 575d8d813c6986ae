import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fontConfigFile, TWO_MACHINES } from '../font-config.ts';
import { type ServedFolder, type ServeProcess, SHOTS, serveFolder } from './serve-process.ts';

const LABEL = '認証済みのリクエストをキューに送ります';
const diagram = (label: string) => `flowchart LR\n  a["${label}"] --> b[Queue]\n`;

/** WCAG relative luminance of an sRGB pixel. */
function luminance(r: number, g: number, b: number): number {
  const lin = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * How well a label reads: the contrast ratio between what is behind it (the median pixel of its
 * box) and its text (the pixels that differ most from that, the 98th percentile).
 */
function labelContrast(image: PNG): number {
  const values: number[] = [];
  for (let i = 0; i < image.data.length; i += 4) {
    values.push(luminance(image.data[i]!, image.data[i + 1]!, image.data[i + 2]!));
  }
  const behind = [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const distances = values.map((v) => Math.abs(v - behind)).sort((a, b) => a - b);
  const far = distances[Math.floor(distances.length * 0.98)]!;
  const text = values.find((v) => Math.abs(v - behind) === far)!;
  return (Math.max(text, behind) + 0.05) / (Math.min(text, behind) + 0.05);
}

describe('the preview and its exports in the dark theme, on a machine without CJK fonts', () => {
  let app: ServedFolder;
  let folder: string;
  let server: ServeProcess;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const previewFrame = async (): Promise<Frame> => {
    const frame = await (await page.waitForSelector('[data-testid="preview-frame"]')).contentFrame();
    if (!frame) throw new Error('no preview frame');
    return frame;
  };
  /** Opens a file and waits until the preview shows its current text, drawn in the chosen look. */
  const show = async (path: string) => {
    const look = await page.inputValue('[data-testid="mermaid-look"]');
    await page.evaluate((p) => window.merrowApp.workspace.open(p), path);
    await page.waitForFunction(
      ([p, l]) => {
        const { live, workspace } = window.merrowApp;
        const s = live.state.get();
        return (
          s.path === p &&
          s.status === 'ok' &&
          live.renderedVersion === workspace.model(p)?.getAlternativeVersionId() &&
          !!s.svg?.includes(`data-look="${l}"`)
        );
      },
      [path, look] as const,
      { timeout: 60_000 },
    );
  };
  /** The lowest contrast of any node label as the preview shows it on screen. */
  const shownLabelContrast = async () => {
    const frameBox = (await (await page.$('[data-testid="preview-frame"]'))!.boundingBox())!;
    const labels = await (await previewFrame()).evaluate(() =>
      [...document.getElementById('canvas')!.shadowRoot!.querySelectorAll('.nodeLabel')].map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    );
    expect(labels.length).toBeGreaterThan(0);
    const contrasts = [];
    for (const r of labels) {
      const clip = { x: frameBox.x + r.x, y: frameBox.y + r.y, width: r.width, height: r.height };
      contrasts.push(labelContrast(PNG.sync.read(await page.screenshot({ clip }))));
    }
    return Math.min(...contrasts);
  };
  /** Exports a PNG from the menu and reads it once written (the notice may still show an earlier one). */
  const exportPng = async (path: string) => {
    const png = join(folder, path.replace(/\.mmd$/, '.png'));
    rmSync(png, { force: true });
    await page.click('[data-testid="export-menu"]');
    await page.click('[data-testid="export-png"]');
    const end = Date.now() + 30_000;
    while (!existsSync(png) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    return PNG.sync.read(readFileSync(png));
  };

  beforeAll(async () => {
    app = await serveFolder(
      'dark',
      {
        'merrow.config.json': '{\n  "theme": "dark",\n  "look": "classic"\n}\n',
        'docs/label.mmd': diagram(LABEL),
        'docs/reversed.mmd': diagram([...LABEL].reverse().join('')),
      },
      {
        viewport: { width: 1300, height: 750 },
        env: { FONTCONFIG_FILE: fontConfigFile(TWO_MACHINES[0]!) },
      },
    );
    ({ folder, server, page } = app);
    // The app's own light theme: only the diagram's theme is dark.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="tree-item-docs/label.mmd"]');
  }, 180_000);

  afterAll(() => app?.close());

  it('shows a dark theme on its own dark background, its labels readable in the classic and hand-drawn looks', async () => {
    await show('docs/label.mmd');
    const frame = await previewFrame();
    // Mermaid draws its dark theme for #333: light edges and labels vanished on the white preview.
    expect(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(51, 51, 51)',
    );
    await shot('dark-1-classic');
    expect(await shownLabelContrast()).toBeGreaterThan(4.5);

    await page.selectOption('[data-testid="mermaid-look"]', 'handDrawn');
    await show('docs/label.mmd');
    expect(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgb(51, 51, 51)',
    );
    await shot('dark-2-hand-drawn');
    // Light labels over the hatching of a node filled for a dark page.
    expect(await shownLabelContrast()).toBeGreaterThan(4.5);
  });

  it('exports a PNG on the theme’s background, its Japanese label in glyphs, not empty boxes', async () => {
    await show('docs/label.mmd');
    const label = await exportPng('docs/label.mmd');
    expect([...label.data.subarray(0, 4)]).toEqual([0x33, 0x33, 0x33, 255]);
    await show('docs/reversed.mmd');
    const reversed = await exportPng('docs/reversed.mmd');
    expect([reversed.width, reversed.height]).toEqual([label.width, label.height]);
    // The same characters in another order draw other pixels; boxes of a missing font would not.
    let differing = 0;
    for (let i = 0; i < label.data.length; i += 4) {
      if (label.data.readUInt32BE(i) !== reversed.data.readUInt32BE(i)) differing++;
    }
    expect(differing).toBeGreaterThan(1000);
  });

  it('exports a transparent PNG when asked', async () => {
    await page.click('[data-testid="export-menu"]');
    await page.check('.menu-options input[type="checkbox"]');
    await page.click('[data-testid="export-menu"]');
    const png = await exportPng('docs/reversed.mmd');
    expect(png.data[3]).toBe(0);
  });
});
