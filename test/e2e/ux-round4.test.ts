import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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
  showView,
  startServe,
  waitUntilShown,
} from './serve-process.ts';

const FLOW = 'flowchart TD\n    a[Start] --> b[Build]\n    b --> c{Done?}\n';
const NOTES_V1 = 'flowchart LR\n    plan --> write\n';
const NOTES_MAIN = 'flowchart LR\n    plan --> write --> ship\n';
const NOTES_OTHER = 'flowchart LR\n    plan --> draw\n';

/**
 * The fourth round of UX fixes: keyboard users could not leave the editor with Tab nor close the
 * Layout panel with Escape, the Layout panel called a `TD` flowchart "TB", a commit's notice
 * outlived what happened after it, and the History icon was an emoji Chromium could not draw.
 */
describe('the fourth round of UX fixes, served by merrow serve on a repository', () => {
  let repo: TestRepo;
  let state: string;
  let server: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `ux4-${name}.png`) });
  const shown = (path: string) => waitUntilShown(page, path);
  const editorText = () => editorValue(page);
  const focusInEditor = () =>
    page.evaluate(() => !!document.activeElement?.closest('[data-testid="editor"]'));

  beforeAll(async () => {
    await ensureRendererBuilt();
    mkdirSync(SHOTS, { recursive: true });
    repo = createTestRepo();
    repo.write('flow.mmd', FLOW);
    repo.write('notes.mmd', NOTES_V1);
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'First diagrams');
    // A branch whose change to notes.mmd conflicts with the one committed from the app below.
    repo.git('checkout', '-q', '-b', 'other');
    repo.write('notes.mmd', NOTES_OTHER);
    repo.git('commit', '-q', '-am', 'Draw instead');
    repo.git('checkout', '-q', 'main');
    state = mkdtempSync(join(tmpdir(), 'merrow-e2e-ux-round4-state-'));
    server = await startServe(repo.root, { MERROW_STATE_DIR: state });
    ({ browser, page } = await openBrowserPage());
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="tree-item-flow.mmd"]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="editor"][data-ready="true"]', { timeout: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await closeAll(browser, server, [state]);
    repo?.remove();
  });

  it('toggles Tab moving focus with Ctrl+M, says so in the status bar, and closes Layout with Escape', async () => {
    await openFromTree(page, 'flow.mmd');
    await shown('flow.mmd');
    await page.click('[data-testid="editor"] .view-lines');
    expect(await page.isVisible('[data-testid="status-tab-focus"]')).toBe(false);

    // Ctrl+M: Tab leaves the editor, and the text stays as it was.
    await page.keyboard.press('Control+m');
    await page.waitForSelector('[data-testid="status-tab-focus"]', { timeout: 5_000 });
    expect(await page.textContent('[data-testid="status-tab-focus"]')).toBe('Tab moves focus');
    await shot('tab-moves-focus');
    await page.keyboard.press('Tab');
    expect(await focusInEditor()).toBe(false);
    expect(await editorText()).toBe(FLOW);

    // Ctrl+M again: Tab indents in the editor as before.
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+m');
    await page.waitForSelector('[data-testid="status-tab-focus"]', { state: 'detached' });
    await page.keyboard.press('Tab');
    expect(await focusInEditor()).toBe(true);
    expect(await editorText()).not.toBe(FLOW);
    await page.keyboard.press('Control+z');
    expect(await editorText()).toBe(FLOW);

    // Escape closes the Layout panel from inside it, and focus goes back to its button.
    await page.focus('[data-testid="layout-panel-toggle"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="layout-panel"]');
    await page.focus('[data-testid="layout-direction"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="layout-panel"]', { state: 'detached', timeout: 5_000 });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'layout-panel-toggle',
    );
    // And from its button, which keeps focus after a click.
    await page.click('[data-testid="layout-panel-toggle"]');
    await page.waitForSelector('[data-testid="layout-panel"]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="layout-panel"]', { state: 'detached', timeout: 5_000 });
  });

  it('shows the direction as the file writes it: TD stays TD', async () => {
    await openFromTree(page, 'flow.mmd');
    await shown('flow.mmd');
    await page.click('[data-testid="layout-panel-toggle"]');
    await page.waitForSelector('[data-testid="layout-panel"]');
    expect(await page.inputValue('[data-testid="layout-direction"]')).toBe('TD');
    const options = () =>
      page.$$eval('[data-testid="layout-direction"] option', (all) => all.map((o) => o.textContent));
    expect(await options()).toEqual(['TD', 'BT', 'LR', 'RL']);
    await shot('layout-direction-td');

    // Another direction is written as chosen, and the list then names mermaid's TB.
    await page.selectOption('[data-testid="layout-direction"]', 'LR');
    await expect.poll(editorText).toBe(FLOW.replace('flowchart TD', 'flowchart LR'));
    expect(await options()).toEqual(['TB', 'BT', 'LR', 'RL']);
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+z');
    await expect.poll(editorText).toBe(FLOW);
    expect(await page.inputValue('[data-testid="layout-direction"]')).toBe('TD');
    await page.click('[data-testid="layout-panel-toggle"]');
    await page.waitForSelector('[data-testid="layout-panel"]', { state: 'detached' });
  });

  it('clears a commit’s notice once the repository changes after it (a merge on the command line)', async () => {
    await showView(page, 'changes');
    writeFileSync(join(repo.root, 'notes.mmd'), NOTES_MAIN);
    await page.click('[data-testid="stage-notes.mmd"]', { timeout: 20_000 });
    await page.waitForSelector('[data-testid="scm-staged-notes.mmd"]');
    await page.fill('[data-testid="commit-message"]', 'Ship it');
    await page.click('[data-testid="commit"]');
    await page.waitForSelector('[data-testid="scm-operation"][data-state="done"]');
    const head = repo.git('rev-parse', '--short=7', 'HEAD').trim();
    expect(await page.textContent('[data-testid="scm-operation-text"]')).toBe(`Committed ${head}`);
    // It stays while the repository is as the commit left it.
    await page.waitForTimeout(1_500);
    expect(await page.isVisible('[data-testid="scm-operation"]')).toBe(true);

    // A merge with a conflict, in a terminal: the notice is gone, the merge is shown.
    try {
      repo.git('merge', 'other');
    } catch {
      // git exits with 1 on a conflict.
    }
    await page.waitForSelector('[data-testid="scm-merge"]', { timeout: 20_000 });
    await page.waitForSelector('[data-testid="scm-operation"]', { state: 'detached', timeout: 5_000 });
    await shot('merge-without-old-notice');
    repo.git('merge', '--abort');
    await page.waitForSelector('[data-testid="scm-merge"]', { state: 'detached', timeout: 20_000 });
  });

  it('draws the History icon of a Source Control row as an SVG, not an emoji', async () => {
    await showView(page, 'changes');
    writeFileSync(join(repo.root, 'flow.mmd'), `${FLOW}    c --> a\n`);
    const history = '[data-testid="scm-unstaged-flow.mmd"] button[title="History"]';
    await page.waitForSelector('[data-testid="scm-unstaged-flow.mmd"]', { timeout: 20_000 });
    await page.hover('[data-testid="scm-unstaged-flow.mmd"]');
    await page.waitForSelector(history);
    expect(await page.$eval(history, (b) => b.textContent)).toBe('');
    expect(await page.getAttribute(history, 'aria-label')).toBe('History');
    const icon = await page.$eval(`${history} svg`, (svg) => svg.getBoundingClientRect().toJSON());
    expect(icon.width).toBeGreaterThan(10);
    expect(icon.height).toBeGreaterThan(10);
    await shot('history-icon');
    await page.click(history);
    await page.waitForSelector('text=History of');
    await page.keyboard.press('Escape');
    repo.git('checkout', '--', 'flow.mmd');
  });
});
