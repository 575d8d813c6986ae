import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../node/serve/server.ts';
import { createTestRepo, type TestRepo } from '../support/test-repo.ts';
import {
  ensureRendererBuilt,
  openBrowserPage,
  openFromTree,
  SHOTS,
  saveWithKeys,
  showView,
} from './serve-process.ts';

const FLOW = 'flowchart LR\n    a[Start] --> b[Check]\n    b --> c[Done]\n';
const FLOW_MINE = 'flowchart LR\n    a[Start] --> b[Check mine]\n    b --> c[Done]\n';
const FLOW_THEIRS = 'flowchart LR\n    a[Start] --> b[Check theirs]\n    b --> c[Done]\n';

/**
 * Pull, push, conflicts and deletes as a user meets them: the app served on a clone of a bare
 * remote, and a second clone that pushes to the same remote (someone else's work).
 */
describe('git sync and file operations in the app, with a remote and a second clone', () => {
  let repo: TestRepo;
  let other: string;
  let cache: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  /** The dialogs the page showed, and how the next ones are answered. */
  const dialogs: string[] = [];
  let answer: 'accept' | 'dismiss' = 'accept';
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `git-sync-${name}.png`) });
  const otherGit = (...args: string[]) =>
    execFileSync('git', args, { cwd: other, encoding: 'utf8', stdio: 'pipe' });
  /** The second clone commits `text` to `path` and pushes it. */
  const theyPush = (path: string, text: string, message: string) => {
    otherGit('pull', '-q', '--rebase');
    writeFileSync(join(other, path), text);
    otherGit('commit', '-q', '-am', message);
    otherGit('push', '-q');
  };
  const editBuffer = (path: string, text: string) =>
    page.evaluate(
      ({ path, text }) => {
        const model = window.merrowApp.workspace.model(path)!;
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
      },
      { path, text },
    );
  const bufferText = (path: string) =>
    page.evaluate((path) => window.merrowApp.workspace.model(path)?.getValue() ?? null, path);
  const openFile = (path: string) => openFromTree(page, path);
  const save = (path: string) => saveWithKeys(page, path);
  const operation = (state: 'done' | 'failed') =>
    page.waitForSelector(`[data-testid="scm-operation"][data-state="${state}"]`, { timeout: 30_000 });
  const operationText = () => page.textContent('[data-testid="scm-operation"]');
  const changes = async () => {
    await showView(page, 'changes');
    await page.waitForSelector('[data-testid="scm"]');
  };

  beforeAll(async () => {
    await ensureRendererBuilt();
    mkdirSync(SHOTS, { recursive: true });
    repo = createTestRepo();
    repo.write('docs/flow.mmd', FLOW);
    repo.write('docs/notes.mmd', 'flowchart TD\n    n1 --> n2\n');
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'First flow');
    const remote = join(repo.root, '../remote.git');
    repo.git('init', '-q', '--bare', remote);
    repo.git('remote', 'add', 'origin', remote);
    repo.git('push', '-q', '-u', 'origin', 'main');
    other = join(repo.root, '../other');
    execFileSync('git', ['clone', '-q', remote, other], { stdio: 'pipe' });
    cache = join(repo.root, '../cache');
    mkdirSync(cache);
    server = await startServer({ root: repo.root, cacheDir: cache, open: false });
    ({ browser, page } = await openBrowserPage());
    page.removeAllListeners('dialog');
    page.on('dialog', (dialog: Dialog) => {
      dialogs.push(dialog.message());
      void (answer === 'accept' ? dialog.accept() : dialog.dismiss());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="tree-item-docs/flow.mmd"]');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    repo?.remove();
  });

  it('warns about unsaved edits before deleting an open file, and keeps them in a tab marked deleted', async () => {
    await openFile('docs/notes.mmd');
    await editBuffer('docs/notes.mmd', 'flowchart TD\n    n1 --> n2\n    n2 --> typed[Typed, never saved]\n');
    await page.focus('[data-testid="tree-item-docs/notes.mmd"]');
    await page.keyboard.press('Delete');
    await page.waitForSelector('[data-testid="tree-item-docs/notes.mmd"]', { state: 'detached' });
    expect(dialogs.at(-1)).toMatch(/^Delete docs\/notes\.mmd\? docs\/notes\.mmd has unsaved edits/);
    expect(existsSync(join(repo.root, 'docs/notes.mmd'))).toBe(false);
    // The disk's version is in the trash; the typed text is still in its tab.
    expect(readdirSync(join(cache, 'trash')).some((name) => name.endsWith('notes.mmd'))).toBe(true);
    await page.waitForSelector('[data-testid="tab-docs/notes.mmd"][data-deleted="true"][data-dirty="true"]');
    expect(await bufferText('docs/notes.mmd')).toContain('Typed, never saved');
    await shot('01-deleted-with-edits');
    await save('docs/notes.mmd');
    expect(readFileSync(join(repo.root, 'docs/notes.mmd'), 'utf8')).toContain('Typed, never saved');
  });

  it('saves a file deleted outside the app with Ctrl+S, recreating it without a page error', async () => {
    rmSync(join(repo.root, 'docs/notes.mmd'));
    await page.waitForSelector('[data-testid="deleted-bar"]', { timeout: 15_000 });
    await page.click('[data-testid="editor"] .view-lines');
    await page.keyboard.press('Control+s');
    await page.waitForSelector('[data-testid="deleted-bar"]', { state: 'detached', timeout: 15_000 });
    expect(readFileSync(join(repo.root, 'docs/notes.mmd'), 'utf8')).toContain('Typed, never saved');
    expect(pageErrors).toEqual([]);
    repo.git('add', 'docs/notes.mmd');
    repo.git('commit', '-q', '-m', 'Notes');
  });

  it('says when Ctrl+Enter has nothing staged, and never drops a Ctrl+Enter pressed during Stage all', async () => {
    await changes();
    await page.fill('[data-testid="commit-message"]', 'Nothing yet');
    await page.press('[data-testid="commit-message"]', 'Control+Enter');
    await operation('failed');
    expect(await operationText()).toContain('Nothing is staged');
    await shot('02-nothing-staged');
    await openFile('docs/flow.mmd');
    await editBuffer('docs/flow.mmd', FLOW_MINE);
    await save('docs/flow.mmd');
    await changes();
    await page.waitForSelector('[data-testid="scm-unstaged-docs/flow.mmd"]', { timeout: 15_000 });
    await page.fill('[data-testid="commit-message"]', 'Mine');
    await page.click('[data-testid="stage-all"]');
    await page.press('[data-testid="commit-message"]', 'Control+Enter');
    await page.waitForSelector('[data-testid="scm-operation-text"]:has-text("Committed")', {
      timeout: 15_000,
    });
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe('Mine');
  });

  it("shows a refused push's key line in view, and offers merge or rebase on diverged branches", async () => {
    theyPush('docs/flow.mmd', FLOW_THEIRS, 'Theirs');
    await page.click('[data-testid="git-push"]');
    await operation('failed');
    const key = page.locator('.scm-key-line', { hasText: '[rejected]' });
    const box = await page.locator('[data-testid="scm-operation-text"]').boundingBox();
    const line = await key.boundingBox();
    expect(line!.y).toBeGreaterThanOrEqual(box!.y);
    expect(line!.y + line!.height).toBeLessThanOrEqual(box!.y + box!.height);
    await shot('03-push-rejected');
    await page.click('[data-testid="scm-operation-expand"]');
    expect(await page.textContent('[data-testid="output-text"]')).toMatch(
      /! \[rejected\] +main -> main \(fetch first\)/,
    );
    await shot('03b-push-rejected-in-full');
    await page.click('[data-testid="overlay-close"]');

    await page.click('[data-testid="git-pull"]');
    await operation('failed');
    await page.waitForSelector('[data-testid="pull-diverged"]');
    expect(await operationText()).toContain('Need to specify how to reconcile divergent branches');
    await shot('04-diverged');
  });

  it("shows git's conflict words after a pull, the merge in progress, and the marker error on its line", async () => {
    await page.click('[data-testid="pull-merge"]');
    await operation('failed');
    const text = await operationText();
    expect(text).toContain('CONFLICT (content): Merge conflict in docs/flow.mmd');
    expect(text).toContain('Automatic merge failed');
    expect(text).not.toMatch(/\r/);
    expect(await page.isVisible('.scm-key-line:has-text("CONFLICT (content)")')).toBe(true);
    await page.waitForSelector('[data-testid="scm-merge"]');
    await page.waitForFunction(() =>
      /^Merge branch 'main' of /.test(
        (document.querySelector('[data-testid="commit-message"]') as HTMLTextAreaElement).value,
      ),
    );
    await shot('05-pull-conflict');
    // The editor shows the file with markers; the error sits on the `<<<<<<<` line.
    await page.waitForFunction(
      () => window.merrowApp.workspace.model('docs/flow.mmd')?.getValue().includes('<<<<<<<'),
      null,
      { timeout: 15_000 },
    );
    const markerLine =
      (await bufferText('docs/flow.mmd'))!.split('\n').findIndex((l) => l.startsWith('<<<<<<<')) + 1;
    await page.waitForFunction(
      (line) => window.merrowApp.live.state.get().diagnostics[0]?.line === line,
      markerLine,
      { timeout: 15_000 },
    );
    await shot('06-marker-error');

    answer = 'dismiss';
    await page.click('[data-testid="stage-docs/flow.mmd"]');
    await operation('failed');
    answer = 'accept';
    expect(dialogs.at(-1)).toContain('docs/flow.mmd:2:1: still has a git conflict marker (<<<<<<<)');
    expect(await operationText()).toContain('still has a git conflict marker');
    expect(repo.git('diff', '--name-only', '--diff-filter=U').trim()).toBe('docs/flow.mmd');
    await shot('07-stage-refused');

    await page.click('[data-testid="merge-abort"]');
    await page.waitForSelector('[data-testid="scm-merge"]', { state: 'detached', timeout: 15_000 });
    expect(readFileSync(join(repo.root, 'docs/flow.mmd'), 'utf8')).toBe(FLOW_MINE);
  });

  it('continues a merge with git’s message once the conflict is resolved and staged', async () => {
    await page.click('[data-testid="git-pull"]');
    await page.waitForSelector('[data-testid="pull-merge"]', { timeout: 30_000 });
    await page.click('[data-testid="pull-merge"]');
    await page.waitForSelector('[data-testid="scm-merge"]', { timeout: 30_000 });
    const resolved = 'flowchart LR\n    a[Start] --> b[Check both]\n    b --> c[Done]\n';
    await page.waitForFunction(
      () => window.merrowApp.workspace.model('docs/flow.mmd')?.getValue().includes('<<<<<<<'),
      null,
      { timeout: 15_000 },
    );
    await editBuffer('docs/flow.mmd', resolved);
    await save('docs/flow.mmd');
    await changes();
    await page.click('[data-testid="stage-docs/flow.mmd"]');
    await page.waitForSelector('[data-testid="scm-staged-docs/flow.mmd"]', { timeout: 15_000 });
    await shot('08-merge-resolved');
    await page.click('[data-testid="merge-continue"]');
    await page.waitForSelector('[data-testid="scm-merge"]', { state: 'detached', timeout: 15_000 });
    expect(repo.git('rev-list', '--parents', '-n', '1', 'HEAD').trim().split(' ')).toHaveLength(3);
    expect(repo.git('log', '-1', '--format=%s').trim()).toMatch(/^Merge branch 'main' of /);
    await page.click('[data-testid="git-push"]');
    await operation('done');
  });

  it('offers keep mine, take theirs or keep both, with the difference shown, when a pull changes a file being edited', async () => {
    await openFile('docs/flow.mmd');
    const mine = 'flowchart LR\n    a[Start] --> b[Check both]\n    b --> c[Done mine]\n';
    const theirs = 'flowchart LR\n    a[Start] --> b[Check both]\n    b --> c[Done theirs]\n';
    await editBuffer('docs/flow.mmd', mine);
    theyPush('docs/flow.mmd', theirs, 'Theirs again');
    await changes();
    await page.click('[data-testid="git-pull"]');
    await operation('done');
    expect(await operationText()).toContain('Fast-forwarded');
    await page.waitForSelector('[data-testid="conflict-bar"]', { timeout: 15_000 });
    await page.click('[data-testid="conflict-compare"]');
    await page.waitForSelector(
      '[data-testid="incoming-overlay"] [data-testid="visual-diff"][data-state="ready"]',
      {
        timeout: 30_000,
      },
    );
    const changed = await page
      .locator('[data-testid="visual-diff-after"] .diff-changed')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-diff-key')));
    expect(changed).toEqual(['nodes:c']);
    await shot('09-incoming');
    await page.click('[data-testid="incoming-keep-both"]');
    await page.waitForSelector('[data-testid="tab-docs/flow (mine).mmd"]', { timeout: 15_000 });
    expect(readFileSync(join(repo.root, 'docs/flow (mine).mmd'), 'utf8')).toBe(mine);
    expect(readFileSync(join(repo.root, 'docs/flow.mmd'), 'utf8')).toBe(theirs);
    expect(await bufferText('docs/flow.mmd')).toBe(theirs);
    await shot('10-kept-both');
    expect(pageErrors).toEqual([]);
  });
});
