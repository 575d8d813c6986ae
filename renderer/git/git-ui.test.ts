import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemGit } from '../../node/api/create-api.ts';
import { type InProcessApi, inProcessApi } from '../../test/support/in-process-api.ts';
import { createTestRepo, type TestRepo } from '../../test/support/test-repo.ts';
import type { Workspace } from '../workbench/workspace.ts';
import { GitUi } from './git-ui.ts';

/** Waits, a few milliseconds at a time, until `test` holds. */
async function until(test: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !test(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(test()).toBe(true);
}

describe('GitUi operations', () => {
  let repo: TestRepo;
  let api: InProcessApi;
  let cache: string;
  afterEach(() => {
    api.close();
    repo.remove();
    rmSync(cache, { recursive: true, force: true });
  });

  it('runs a push clicked while the commit before it still refreshes the status it already shows', async () => {
    repo = createTestRepo();
    repo.write('flow.mmd', 'flowchart LR\n  a --> b\n');
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'First');
    cache = mkdtempSync(join(tmpdir(), 'merrow-git-ui-'));
    api = inProcessApi({}, { root: repo.root, cacheDir: cache }, { git: systemGit });
    // The git panel reads only the workspace's API.
    const ui = new GitUi({ api: api.client } as unknown as Workspace);
    await ui.refresh();
    repo.write('flow.mmd', 'flowchart LR\n  a --> c\n');
    repo.git('add', '.');

    // The commit's result is on screen (its button enabled again) while the status is still read.
    const release = api.hold('git.status');
    const committed = ui.commit('Second', false);
    await until(() => ui.operation.get()?.output?.startsWith('Committed') === true);
    expect(ui.operation.get()?.running).toBe(false);
    const pushed = ui.push();
    release();
    expect(await committed).toBe(true);
    // There is no remote: git refuses, and the panel says so, rather than the click being lost.
    expect(await pushed).toBe(false);
    expect(api.calls.some((call) => call.method === 'git.push')).toBe(true);
    expect(ui.operation.get()).toMatchObject({ name: 'Push', running: false });
    expect(ui.operation.get()?.error).toBeTruthy();
  });
});
