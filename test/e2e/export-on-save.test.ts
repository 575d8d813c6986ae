import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSourceFromPng, readSourceFromSvg } from '../../shared/mermaid/embed.ts';
import { runCli } from '../support/run-cli.ts';
import {
  closeAll,
  ensureRendererBuilt,
  openBrowserPage,
  type ServeProcess,
  startServe,
} from './serve-process.ts';

const SHOTS = process.env.MERROW_SCREENSHOTS ?? join(tmpdir(), 'merrow-e2e-screenshots');

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('export on save, in the app served by merrow serve', () => {
  let folder: string;
  let state: string;
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  const svgPath = () => join(folder, 'docs/flow.svg');

  beforeAll(async () => {
    await ensureRendererBuilt();
    mkdirSync(SHOTS, { recursive: true });
    folder = mkdtempSync(join(tmpdir(), 'merrow-on-save-'));
    state = mkdtempSync(join(tmpdir(), 'merrow-on-save-state-'));
    mkdirSync(join(folder, 'docs'));
    writeFileSync(
      join(folder, 'merrow.config.json'),
      `${JSON.stringify({ theme: 'forest', merrow: { exportOnSave: ['svg', 'png'] } }, null, 2)}\n`,
    );
    writeFileSync(join(folder, 'docs/flow.mmd'), 'flowchart LR\n  a[Größe] --> b\n');
    server = await startServe(folder, { MERROW_STATE_DIR: state });
    ({ browser, page } = await openBrowserPage({ viewport: { width: 1300, height: 800 } }));
    await page.goto(server.url);
    await page.click('[data-testid="tree-item-docs/flow.mmd"]');
    await page.waitForSelector('[data-testid="preview-pane"][data-status="ok"]', { timeout: 20_000 });
  }, 180_000);

  afterAll(() => closeAll(browser, server, [folder, state]));

  it('writes the SVG and PNG beside the saved diagram, byte for byte what merrow export writes', async () => {
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('b --> c{{"<&> ]]> 😀"}}\n');
    await page.keyboard.press('Control+s');
    await until(
      () => existsSync(svgPath()) && existsSync(join(folder, 'docs/flow.png')),
      'the exported images',
    );
    const saved = readFileSync(join(folder, 'docs/flow.mmd'), 'utf8');
    expect(saved).toContain('😀');
    const svg = readFileSync(svgPath(), 'utf8');
    expect(readSourceFromSvg(svg)).toBe(saved);
    const png = readFileSync(join(folder, 'docs/flow.png'));
    expect(PNG.sync.read(png).width).toBeGreaterThan(50);
    expect(readSourceFromPng(new Uint8Array(png))).toBe(saved);

    const cli = await runCli(folder, ['export', 'docs/flow.mmd', '-o', join(state, 'cli.svg')]);
    expect(cli.code).toBe(0);
    expect(svg).toBe(readFileSync(join(state, 'cli.svg'), 'utf8'));
    await page.screenshot({ path: join(SHOTS, 'export-on-save-1-saved.png') });
  });

  it('turns export on save off from the palette, and a save then writes no image', async () => {
    await page.keyboard.press('F1');
    await page.fill('[data-testid="palette-input"]', 'export on save');
    await page.screenshot({ path: join(SHOTS, 'export-on-save-2-palette.png') });
    await page.click('[data-testid="palette-item-export-on-save"]');
    await until(
      () => !readFileSync(join(folder, 'merrow.config.json'), 'utf8').includes('exportOnSave'),
      'the config without exportOnSave',
    );
    expect(JSON.parse(readFileSync(join(folder, 'merrow.config.json'), 'utf8'))).toEqual({ theme: 'forest' });
    const before = statSync(svgPath()).mtimeMs;
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('%% no export now\n');
    await page.keyboard.press('Control+s');
    await until(
      () => readFileSync(join(folder, 'docs/flow.mmd'), 'utf8').includes('no export now'),
      'the save',
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(statSync(svgPath()).mtimeMs).toBe(before);
  });
});
