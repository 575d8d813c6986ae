import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../node/serve/server.ts';
import { createTestRepo, type TestRepo } from '../support/test-repo.ts';
import { ensureRendererBuilt, openBrowserPage, SHOTS, showView } from './serve-process.ts';

const BASE = 'flowchart LR\n    a[Start] --> b[Check]\n    b --> c[Done]\n';
const MINE = 'flowchart LR\n    a[Start] --> b[Check mine]\n    b --> c[Done]\n';
const THEIRS = 'flowchart LR\n    a[Start] --> b[Check theirs]\n    b --> c[Done]\n';

/** A merge conflict made with `git merge` on the command line, resolved in the app by a new user. */
describe('resolving a command-line merge conflict in the app', () => {
  let repo: TestRepo;
  let cache: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `merge-ux-${name}.png`) });

  beforeAll(async () => {
    await ensureRendererBuilt();
    mkdirSync(SHOTS, { recursive: true });
    repo = createTestRepo();
    repo.write('docs/flow.mmd', BASE);
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'First flow');
    repo.git('checkout', '-q', '-b', 'feature/check');
    repo.write('docs/flow.mmd', THEIRS);
    repo.git('commit', '-q', '-am', 'Theirs');
    repo.git('checkout', '-q', 'main');
    repo.write('docs/flow.mmd', MINE);
    repo.git('commit', '-q', '-am', 'Mine');
    try {
      repo.git('merge', '-q', 'feature/check');
    } catch {
      // The conflict is the point.
    }
    cache = mkdtempSync(join(tmpdir(), 'merrow-e2e-merge-ux-cache-'));
    server = await startServer({ root: repo.root, cacheDir: cache, open: false });
    ({ browser, page } = await openBrowserPage());
    // The user says no to the browser's confirm: the app's own message must still let them insist.
    page.removeAllListeners('dialog');
    page.on('dialog', (dialog: Dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="tree-item-docs/flow.mmd"]');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    repo?.remove();
    if (cache) rmSync(cache, { recursive: true, force: true });
  });

  it('names the sides "This branch" and "Being merged" with the merged branch, not stage numbers', async () => {
    await showView(page, 'changes');
    await page.click('[data-testid="scm-conflicted-docs/flow.mmd"] .scm-file-name', { timeout: 15_000 });
    await page.waitForSelector(
      '[data-testid="conflict-overlay"] [data-testid="visual-diff"][data-state="ready"]',
      { timeout: 30_000 },
    );
    const text = (await page.textContent('[data-testid="conflict-overlay"]')) ?? '';
    expect(text).toContain('This branch (ours)');
    expect(text).toContain('Being merged (theirs: feature/check)');
    expect(text).not.toMatch(/:2|:3/);
    await shot('01-sides');
    await page.click('[data-testid="overlay-close"]');
  });

  it('shows one button that commits the merge, and says what it does', async () => {
    await page.waitForSelector('[data-testid="scm-merge"]');
    expect(await page.locator('[data-testid="merge-continue"]').count()).toBe(1);
    expect(await page.locator('[data-testid="commit"]').count()).toBe(0);
    expect(await page.locator('button:has-text("Commit merge")').count()).toBe(0);
    expect(await page.getAttribute('[data-testid="merge-continue"]', 'title')).toMatch(/merge commit/);
  });

  it('offers "Stage anyway" when staging a file with conflict markers is refused, and stages it', async () => {
    await page.click('[data-testid="stage-docs/flow.mmd"]');
    await page.waitForSelector('[data-testid="scm-operation"][data-state="failed"]', { timeout: 15_000 });
    expect(dialogs.at(-1)).toContain('still has a git conflict marker');
    expect(await page.textContent('[data-testid="scm-operation-text"]')).toContain('or stage it anyway');
    expect(repo.git('diff', '--name-only', '--diff-filter=U').trim()).toBe('docs/flow.mmd');
    await shot('02-stage-refused');
    await page.click('[data-testid="scm-operation"] [data-testid="stage-anyway"]');
    await page.waitForSelector('[data-testid="scm-staged-docs/flow.mmd"]', { timeout: 15_000 });
    expect(repo.git('diff', '--name-only', '--diff-filter=U').trim()).toBe('');
    expect(repo.git('diff', '--cached', 'docs/flow.mmd')).toContain('<<<<<<<');
    await page.waitForSelector('[data-testid="stage-anyway"]', { state: 'detached' });

    // Continue merge commits it: a merge commit with git's message.
    await page.click('[data-testid="merge-continue"]');
    await page.waitForSelector('[data-testid="scm-merge"]', { state: 'detached', timeout: 15_000 });
    expect(repo.git('rev-list', '--parents', '-n', '1', 'HEAD').trim().split(' ')).toHaveLength(3);
    expect(repo.git('log', '-1', '--format=%s').trim()).toBe("Merge branch 'feature/check'");
  });
});
