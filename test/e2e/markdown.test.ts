import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { type ServedFolder, type ServeProcess, SHOTS, serveFolder } from './serve-process.ts';

const NOTES = [
  '# Design notes', // 1
  '', // 2
  '```mermaid', // 3
  'flowchart LR', // 4
  '    request[Request] --> cache[Cache]', // 5
  '```', // 6
  '', // 7
  'And the retry path:', // 8
  '', // 9
  '```mermaid', // 10
  'flowchart LR', // 11
  '    cache --> retry[Retry]', // 12
  '    retry -->', // 13: an arrow with no target
  '```', // 14
  '',
].join('\n');

/** A Markdown file's ```mermaid blocks in the app: previewed, checked, errors on its own lines. */
describe('Markdown diagrams in the app', () => {
  let app: ServedFolder;
  let folder: string;
  let server: ServeProcess;
  let page: Page;

  const settled = () =>
    page.waitForFunction(
      () => {
        const status = window.merrowApp.live.state.get().status;
        return status === 'ok' || status === 'error' || status === 'not-a-diagram';
      },
      null,
      { timeout: 30_000 },
    );
  const markerLines = () =>
    page.evaluate(() => {
      const { monaco, workspace } = window.merrowApp;
      const model = workspace.model('notes.md')!;
      return monaco.editor.getModelMarkers({ resource: model.uri }).map((m) => m.startLineNumber);
    });
  const verdict = () => page.locator('[data-testid="status-errors"]').textContent();

  beforeAll(async () => {
    app = await serveFolder('markdown', {
      'notes.md': NOTES,
      'prose.md': '# Only prose\n\nNo diagram here.\n',
    });
    ({ folder, server, page } = app);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="tree-item-notes.md"]', { timeout: 30_000 });
  }, 120_000);

  afterAll(() => app?.close());

  it('previews the block under the cursor, and says which block was checked', async () => {
    await page.click('[data-testid="tree-item-notes.md"]');
    await settled();
    await expect.poll(verdict).toBe('block 1 of 2: ✓ no errors');
    const frame = await (await page.waitForSelector('[data-testid="preview-frame"]')).contentFrame();
    await frame!.waitForSelector('svg g.node[id*="flowchart-request-"]');
    await page.screenshot({ path: join(SHOTS, 'markdown-1-first-block.png') });
  });

  it("puts a block's error on the Markdown file's own line, the line merrow check names", async () => {
    await page.evaluate(() => window.merrowApp.live.editor!.setPosition({ lineNumber: 12, column: 5 }));
    await expect.poll(verdict, { timeout: 30_000 }).toBe('block 2 of 2: ⊗ 1 error');
    await expect.poll(markerLines).toEqual([13]);
    // The first block's diagram is not passed off as this block's last good one.
    const frame = await (await page.waitForSelector('[data-testid="preview-frame"]')).contentFrame();
    expect(await frame!.locator('[data-testid="preview-stage"] svg').count()).toBe(0);
    expect(await page.textContent('[data-testid="preview-error"]')).not.toContain('last good');
    const check = await runCli(folder, ['check', 'notes.md']);
    expect(check.code).not.toBe(0);
    expect(`${check.stdout}${check.stderr}`).toMatch(/notes\.md:13:/);
    await page.screenshot({ path: join(SHOTS, 'markdown-2-error-block.png') });
  });

  it('never says "no errors" of a Markdown file with nothing to check', async () => {
    await page.click('[data-testid="tree-item-prose.md"]');
    await settled();
    await page.waitForSelector('[data-testid="preview-none"]:has-text("No ```mermaid block")');
    expect(await verdict()).toBe('not checked');
  });
});
