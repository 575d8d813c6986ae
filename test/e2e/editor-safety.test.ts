import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../support/test-repo.ts';
import {
  closeAll,
  editorValue,
  ensureRendererBuilt,
  openBrowserPage,
  openFromTree,
  type ServeProcess,
  SHOTS,
  startServe,
  typeAtEndOf,
  waitUntilShown,
} from './serve-process.ts';

const SEQUENCE = 'sequenceDiagram\n    Alice->>Bob: Hi\n';
const FLOW_V1 = 'flowchart LR\n    a[Start] --> b[Done]\n';
const FLOW_V2 = 'flowchart LR\n    a[Start] --> b[Check]\n    b --> c[Done]\n';
const ONE = 'flowchart LR\n    one --> uno\n';
const TWO = 'flowchart LR\n    two --> dos\n';

/**
 * What a user found trying the app in `merrow serve`: text typed before a programmatic replacement
 * lost to undo, F2 after a click in the tree reaching the editor, and a lazily loaded view that
 * failed to load blanking the whole window.
 */
describe('edits, focus and failures the user must not lose work to, served by merrow serve', () => {
  let repo: TestRepo;
  let state: string;
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;

  const editorText = () => editorValue(page);
  const shown = (path: string) => waitUntilShown(page, path);
  const typeAtEnd = (text: string) => typeAtEndOf(page, text);
  const undo = async () => {
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+z');
  };
  const focusedTestId = () =>
    page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid'));

  beforeAll(async () => {
    await ensureRendererBuilt();
    repo = createTestRepo();
    repo.write('flow.mmd', FLOW_V1);
    repo.write('sequence.mmd', SEQUENCE);
    repo.write('notes/one.mmd', ONE);
    repo.write('notes/two.mmd', TWO);
    repo.write('drawing.excalidraw', '{"type":"excalidraw","version":2,"elements":[],"appState":{}}');
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'First flow');
    repo.write('flow.mmd', FLOW_V2);
    repo.git('commit', '-q', '-am', 'Check before done');
    state = mkdtempSync(join(tmpdir(), 'merrow-editor-safety-state-'));
    server = await startServe(repo.root, { MERROW_STATE_DIR: state });
    ({ browser, page } = await openBrowserPage());
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="tree-item-sequence.mmd"]', { timeout: 30_000 });
  }, 180_000);

  afterAll(async () => {
    await closeAll(browser, server, [state]);
    repo?.remove();
  });

  describe('a replacement of the whole text is an undo step of its own', () => {
    it('gives back exactly the typed text on Ctrl+Z after "Take theirs", and theirs on redo', async () => {
      await openFromTree(page, 'sequence.mmd');
      await shown('sequence.mmd');
      await typeAtEnd('Bob->>Alice: one two three');
      const typed = await editorText();
      expect(typed).toContain('Bob->>Alice: one two three');
      const theirs = 'sequenceDiagram\n    Carol->>Dave: theirs\n';
      writeFileSync(join(repo.root, 'sequence.mmd'), theirs);
      await page.waitForSelector('[data-testid="conflict-bar"]', { timeout: 15_000 });
      await page.click('[data-testid="conflict-compare"]');
      await page.click('[data-testid="incoming-take-disk"]');
      await page.waitForSelector('[data-testid="conflict-bar"]', { state: 'detached' });
      expect(await editorText()).toBe(theirs);
      await undo();
      expect(await editorText()).toBe(typed);
      await page.keyboard.press('Control+Shift+z');
      expect(await editorText()).toBe(theirs);
    });

    it('gives back exactly the typed text on Ctrl+Z after History → "Restore this version"', async () => {
      await openFromTree(page, 'flow.mmd');
      await shown('flow.mmd');
      await typeAtEnd('%% alpha beta gamma');
      const typed = await editorText();
      expect(typed).toContain('%% alpha beta gamma');
      await page.keyboard.press('Control+Shift+p');
      await page.fill('[data-testid="palette-input"]', 'history');
      await page.click('[data-testid="palette-item-git-history"]');
      await page.locator('[data-testid="history-list"] button').last().click();
      await page.click('[data-testid="history-restore"]');
      await page.waitForSelector('[data-testid="history-overlay"]', { state: 'detached' });
      expect(await editorText()).toBe(FLOW_V1);
      await undo();
      expect(await editorText()).toBe(typed);
    });
  });

  describe('the file tree keeps the focus a click gives it', () => {
    it('renames the clicked file with F2, and leaves the diagram’s text alone', async () => {
      await openFromTree(page, 'notes/one.mmd');
      await shown('notes/one.mmd');
      await page.click('[data-testid="tree-item-notes/two.mmd"]');
      await shown('notes/two.mmd');
      // The editor pane's reaction to the new file has run by the next frames.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      expect(await focusedTestId()).toBe('tree-item-notes/two.mmd');
      await page.keyboard.press('F2');
      await page.waitForSelector('[data-testid="tree-rename-input"]:focus', { timeout: 5_000 });
      await page.keyboard.press('Control+a');
      await page.keyboard.type('renamed.mmd');
      await page.keyboard.press('Enter');
      await page.waitForSelector('[data-testid="tree-item-notes/renamed.mmd"]', { timeout: 15_000 });
      expect(readFileSync(join(repo.root, 'notes/renamed.mmd'), 'utf8')).toBe(TWO);
      expect(existsSync(join(repo.root, 'notes/two.mmd'))).toBe(false);
      expect(readFileSync(join(repo.root, 'notes/one.mmd'), 'utf8')).toBe(ONE);
      await page.waitForSelector('[data-testid="tab-notes/renamed.mmd"][data-dirty="false"]');
    });

    it('moves focus on to the editor on Enter and on a double-click', async () => {
      await page.focus('[data-testid="tree-item-notes/one.mmd"]');
      await page.keyboard.press('Enter');
      await shown('notes/one.mmd');
      await expect.poll(focusedTestId).toBe('editor');
      await page.dblclick('[data-testid="tree-item-sequence.mmd"]');
      await shown('sequence.mmd');
      await expect.poll(focusedTestId).toBe('editor');
    });
  });

  describe('a lazily loaded view that fails to load', () => {
    it('says so in its place, with Reload, while the editor and the unsaved buffers go on', async () => {
      await openFromTree(page, 'notes/one.mmd');
      await shown('notes/one.mmd');
      await typeAtEnd('%% unsaved before the failure');
      const unsaved = await editorText();
      // The chunk is gone, as after a rebuild while the page was open.
      await page.route('**/assets/import-view-*.js', (route) =>
        route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }),
      );
      await page.click('[data-testid="tree-item-drawing.excalidraw"]');
      const failure = page.locator('[data-testid="import-tab"] [data-testid="load-failure"]');
      await failure.waitFor({ timeout: 15_000 });
      expect(await failure.textContent()).toMatch(
        /^This part of Merrow failed to load: .*import-view-.*\.js.*Reload$/,
      );
      expect(await failure.locator('[data-testid="load-failure-reload"]').isVisible()).toBe(true);
      await page.screenshot({ path: join(SHOTS, 'load-failure.png') });
      // The rest of the window is there and works: the tree, the tabs, the editor and its buffers.
      await page.click('[data-testid="tree-item-notes/one.mmd"]');
      await shown('notes/one.mmd');
      await failure.waitFor({ state: 'detached' });
      expect(await editorText()).toBe(unsaved);
      await page.waitForSelector('[data-testid="tab-notes/one.mmd"][data-dirty="true"]');
      await typeAtEnd('\n%% typed after it');
      expect(await editorText()).toContain('%% typed after it');
    });

    it('leaves a message and Reload, not a blank page, when no view catches it; Reload keeps the unsaved text', async () => {
      const unsaved = await editorText();
      // A state no component expects: the file tree (and the window's title) throw while rendering.
      await page.evaluate(() =>
        window.merrowApp.workspace.files.set(
          null as unknown as ReturnType<typeof window.merrowApp.workspace.files.get>,
        ),
      );
      const failure = page.locator('#root > [data-testid="load-failure"]');
      await failure.waitFor({ timeout: 15_000 });
      expect(await failure.textContent()).toMatch(/^This part of Merrow failed to load: .+Reload$/);
      await failure.locator('[data-testid="load-failure-reload"]').click();
      await page.waitForSelector('[data-testid="tab-notes/one.mmd"][data-dirty="true"]', { timeout: 30_000 });
      await page.click('[data-testid="tab-notes/one.mmd"]');
      await shown('notes/one.mmd');
      expect(await editorText()).toBe(unsaved);
    });
  });
});
