import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../node/serve/renderer-build.ts';
import { readSourceFromSvg } from '../../shared/mermaid/embed.ts';
import {
  type ServedFolder,
  type ServeProcess,
  SHOTS,
  serveFolder,
  startServe,
  until,
} from './serve-process.ts';

const DRAWING = join(PROJECT_ROOT, 'examples/diagrams/l4-load-balancer-sketch.excalidraw');

describe('files, export on save and the served page, in the app served by merrow serve', () => {
  let app: ServedFolder;
  let folder: string;
  let state: string;
  let server: ServeProcess;
  let page: Page;
  const at = (path: string) => join(folder, path);
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `files-${name}.png`) });

  beforeAll(async () => {
    app = await serveFolder(
      'files',
      {
        'drawings/l4.excalidraw': readFileSync(DRAWING),
        'empty/': '',
        'docs/flow.mmd': 'flowchart LR\n  a --> b\n',
        'merrow.config.json': `${JSON.stringify({ merrow: { exportOnSave: ['svg'] } }, null, 2)}\n`,
      },
      { viewport: { width: 1300, height: 800 } },
    );
    ({ folder, state, server, page } = app);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="tree-item-docs/flow.mmd"]');
  }, 180_000);

  afterAll(() => app?.close());

  it('shows an empty folder closed', async () => {
    expect(await page.getAttribute('[data-testid="tree-item-empty"]', 'aria-expanded')).toBe('false');
    expect(await page.getAttribute('[data-testid="tree-item-docs"]', 'aria-expanded')).toBe('true');
  });

  it('writes the SVG of a diagram saved from the Excalidraw import view', async () => {
    await page.click('[data-testid="tree-item-drawings/l4.excalidraw"]');
    await page.waitForSelector('[data-testid="import-mermaid"][data-status="ok"]', { timeout: 60_000 });
    await page.click('[data-testid="import-save"]');
    await until(() => existsSync(at('drawings/l4.svg')), 'drawings/l4.svg');
    expect(readSourceFromSvg(readFileSync(at('drawings/l4.svg'), 'utf8'))).toContain('flowchart');
  });

  it('moves the exported image with its diagram through a rename and a move, and deletes it with it', async () => {
    await page.click('[data-testid="tree-item-docs/flow.mmd"]');
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('b --> c\n');
    await page.keyboard.press('Control+s');
    await until(() => existsSync(at('docs/flow.svg')), 'docs/flow.svg');

    await page.focus('[data-testid="tree-item-docs/flow.mmd"]');
    await page.keyboard.press('F2');
    await page.fill('[data-testid="tree-rename-input"]', 'pipeline.mmd');
    await page.keyboard.press('Enter');
    await until(() => existsSync(at('docs/pipeline.svg')), 'docs/pipeline.svg');
    expect(existsSync(at('docs/flow.svg'))).toBe(false);

    await page.evaluate(() =>
      window.merrowApp.workspace.rename('docs/pipeline.mmd', 'drawings/pipeline.mmd'),
    );
    await until(() => existsSync(at('drawings/pipeline.svg')), 'drawings/pipeline.svg');
    expect(existsSync(at('docs/pipeline.svg'))).toBe(false);
    await shot('1-image-followed');

    await page.focus('[data-testid="tree-item-drawings/pipeline.mmd"]');
    await page.keyboard.press('Delete');
    await until(() => !existsSync(at('drawings/pipeline.svg')), 'the image deleted with its diagram');
    expect(existsSync(at('drawings/pipeline.mmd'))).toBe(false);
  });

  it('opens the Convert folder picker from the palette with an empty filter', async () => {
    await page.keyboard.press('Control+Shift+p');
    await page.fill('[data-testid="palette-input"]', 'convert a folder');
    await page.click('[data-testid="palette-item-convert-drawings"]');
    // The picker lists the folders: the whole one first.
    await page.waitForSelector('[data-testid="palette-item-convert-"]');
    expect(await page.inputValue('[data-testid="palette-input"]')).toBe('');
    await shot('2-convert-picker');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="palette-input"]', { state: 'detached' });
  });

  it('closes the Export menu on Escape and on a click elsewhere', async () => {
    await page.click('[data-testid="export-menu"]');
    await page.waitForSelector('[data-testid="export-svg"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="export-svg"]', { state: 'detached' });
    await page.click('[data-testid="export-menu"]');
    await page.waitForSelector('[data-testid="export-svg"]');
    await page.click('[data-testid="status-bar"]');
    await page.waitForSelector('[data-testid="export-svg"]', { state: 'detached' });
  });

  it('says to open the new URL after merrow serve restarts with a new token', async () => {
    server.child.kill('SIGKILL');
    await page.waitForSelector('[data-testid="status-disconnected"]', { timeout: 15_000 });
    server = app.server = await startServe(folder, { MERROW_STATE_DIR: state }, server.port);
    await page.waitForSelector('[data-testid="status-signed-out"]', { timeout: 20_000 });
    expect(await page.textContent('[data-testid="status-signed-out"]')).toContain('open the URL it printed');
    await shot('3-signed-out');
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="tree-item-docs"]');
    expect(await page.locator('[data-testid="status-signed-out"]').count()).toBe(0);
  });
});
