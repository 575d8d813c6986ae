import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../../test/support/test-repo.ts';
import { FolderBoundary } from '../boundary/confine.ts';
import { cacheTrash } from '../workspace/trash.ts';
import { createGitApi } from './git-api.ts';
import { watchRepository } from './watch-repository.ts';

let repo: TestRepo;
let stop: (() => void) | undefined;
let changes = 0;

beforeEach(() => {
  repo = createTestRepo();
  repo.write('a.mmd', 'flowchart LR\n  a --> b\n');
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'first');
  changes = 0;
});
afterEach(() => {
  stop?.();
  stop = undefined;
  repo.remove();
});

/** Waits until the watcher has reported a change after `action`, or fails after 3 s. */
async function changeAfter(action: () => void): Promise<void> {
  const before = changes;
  action();
  const deadline = Date.now() + 3000;
  while (changes === before) {
    if (Date.now() > deadline) throw new Error('no git.changed within 3 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 400));

describe('watchRepository', () => {
  it('reports a commit made by another git process, and the status shows it without a restart', async () => {
    const api = createGitApi(new FolderBoundary(repo.root), {
      trash: cacheTrash(join(repo.root, '../cache')),
    });
    stop = await watchRepository(repo.root, () => changes++);
    repo.write('a.mmd', 'flowchart LR\n  a --> c\n');
    await changeAfter(() => repo.git('add', 'a.mmd'));
    expect((await api['git.status']({})).files[0]).toMatchObject({ staged: true });
    await changeAfter(() => repo.git('commit', '-q', '-m', 'from a terminal'));
    expect((await api['git.status']({})).files).toEqual([]);
    expect((await api['git.log']({ limit: 1 }))[0]!.message).toBe('from a terminal');
  });

  it('reports a checkout of another branch and a stash', async () => {
    const api = createGitApi(new FolderBoundary(repo.root), {
      trash: cacheTrash(join(repo.root, '../cache')),
    });
    stop = await watchRepository(repo.root, () => changes++);
    await changeAfter(() => repo.git('checkout', '-q', '-b', 'feature'));
    expect((await api['git.status']({})).branch).toBe('feature');
    repo.write('a.mmd', 'changed');
    await settle();
    await changeAfter(() => repo.git('stash', '-q'));
    expect((await api['git.status']({})).files).toEqual([]);
  });

  it('debounces a burst into one report and does not report its own status reads', async () => {
    const api = createGitApi(new FolderBoundary(repo.root), {
      trash: cacheTrash(join(repo.root, '../cache')),
    });
    stop = await watchRepository(repo.root, () => changes++);
    await changeAfter(() => {
      repo.git('checkout', '-q', '-b', 'one');
      repo.git('checkout', '-q', '-b', 'two');
      repo.git('checkout', '-q', 'main');
    });
    await settle();
    expect(changes).toBe(1);
    // Same content, new mtime: a plain `git status` would refresh the index and so report itself.
    repo.write('a.mmd', 'flowchart LR\n  a --> b\n');
    await settle();
    changes = 0;
    for (let i = 0; i < 3; i++) await api['git.status']({});
    await settle();
    expect(changes).toBe(0);
  });

  it('starts watching when git init turns the folder into a repository', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'merrow-plain-'));
    try {
      stop = await watchRepository(plain, () => changes++);
      await changeAfter(() => execFileSync('git', ['init', '-q'], { cwd: plain }));
      await settle();
      await changeAfter(() => execFileSync('git', ['checkout', '-q', '-b', 'next'], { cwd: plain }));
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('stops reporting once stopped', async () => {
    stop = await watchRepository(repo.root, () => changes++);
    stop();
    repo.git('checkout', '-q', '-b', 'after-stop');
    await settle();
    expect(changes).toBe(0);
  });
});
