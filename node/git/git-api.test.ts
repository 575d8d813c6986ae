import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/contract.ts';
import { createTestRepo, type TestRepo } from '../../test/support/test-repo.ts';
import { FolderBoundary } from '../boundary/confine.ts';
import { cacheTrash } from '../workspace/trash.ts';
import { createGitApi, type GitApiOptions, type GitHandlers } from './git-api.ts';

let repo: TestRepo;
let api: GitHandlers;

/** The git methods on `root`, discarded files going to a trash beside the repository. */
function gitApiOn(root: string, options: Partial<GitApiOptions> = {}): GitHandlers {
  return createGitApi(new FolderBoundary(root), {
    trash: cacheTrash(join(repo.root, '../cache')),
    ...options,
  });
}

beforeEach(() => {
  repo = createTestRepo();
  api = gitApiOn(repo.root);
});
afterEach(() => repo.remove());

function commitFile(path: string, text: string, message: string): string {
  repo.write(path, text);
  repo.git('add', '--', path);
  repo.git('commit', '-q', '-m', message);
  return repo.git('rev-parse', 'HEAD').trim();
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('git.status', () => {
  it('reports branch and one badge per changed file', async () => {
    commitFile('a.mmd', 'flowchart LR\n  a --> b\n', 'first');
    commitFile('gone.mmd', 'x', 'second');
    commitFile('old.mmd', 'y', 'third');
    repo.write('a.mmd', 'flowchart LR\n  a --> c\n');
    repo.write('new.mmd', 'n');
    repo.write('staged.mmd', 's');
    repo.git('add', 'staged.mmd');
    rmSync(join(repo.root, 'gone.mmd'));
    repo.git('mv', 'old.mmd', 'moved.mmd');

    const status = await api['git.status']({});
    expect(status).toMatchObject({ available: true, isRepo: true, branch: 'main', ahead: 0, behind: 0 });
    const byPath = Object.fromEntries(status.files.map((f) => [f.path, f]));
    expect(byPath['a.mmd']).toEqual({ path: 'a.mmd', state: 'modified', staged: false, unstaged: true });
    expect(byPath['new.mmd']).toEqual({ path: 'new.mmd', state: 'untracked', staged: false, unstaged: true });
    expect(byPath['staged.mmd']).toEqual({
      path: 'staged.mmd',
      state: 'added',
      staged: true,
      unstaged: false,
    });
    expect(byPath['gone.mmd']).toMatchObject({ state: 'deleted', staged: false, unstaged: true });
    expect(byPath['moved.mmd']).toEqual({
      path: 'moved.mmd',
      state: 'renamed',
      staged: true,
      unstaged: false,
      from: 'old.mmd',
    });
    expect(status.files).toHaveLength(5);
  });

  it('maps paths to the opened folder when it is a subfolder of the repository', async () => {
    commitFile('docs/diagrams/a.mmd', 'a', 'first');
    commitFile('outside.mmd', 'o', 'second');
    repo.write('docs/diagrams/a.mmd', 'changed');
    repo.write('outside.mmd', 'changed');
    const sub = gitApiOn(join(repo.root, 'docs'));
    const status = await sub['git.status']({});
    expect(status.files.map((f) => f.path)).toEqual(['diagrams/a.mmd']);
    expect((await sub['git.show']({ path: 'diagrams/a.mmd', ref: 'HEAD' })).text).toBe('a');
    expect((await sub['git.log']({ path: 'diagrams/a.mmd' }))[0]).toMatchObject({
      message: 'first',
      path: 'diagrams/a.mmd',
    });
  });

  it('says plainly when the folder is not a repository, and git.init makes it one', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'merrow-plain-'));
    try {
      const plainApi = gitApiOn(plain);
      const status = await plainApi['git.status']({});
      expect(status).toMatchObject({ available: true, isRepo: false, files: [] });
      expect(status.message).toMatch(/not in a git repository/);
      await plainApi['git.init']({});
      expect(await plainApi['git.status']({})).toMatchObject({ isRepo: true, branch: 'main' });
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it('reports git as unavailable when it is not installed', async () => {
    const path = process.env.PATH;
    process.env.PATH = '';
    try {
      const status = await api['git.status']({});
      expect(status).toMatchObject({ available: false, isRepo: false });
      expect(status.message).toMatch(/Git was not found/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('marks both sides of a merge conflict as conflicted and shows each side', async () => {
    commitFile('a.mmd', 'flowchart LR\n  a --> b\n', 'base');
    repo.git('checkout', '-q', '-b', 'other');
    commitFile('a.mmd', 'flowchart LR\n  a --> theirs\n', 'theirs');
    repo.git('checkout', '-q', 'main');
    commitFile('a.mmd', 'flowchart LR\n  a --> ours\n', 'ours');
    expect(() => repo.git('merge', 'other')).toThrow();

    const status = await api['git.status']({});
    expect(status.files).toEqual([{ path: 'a.mmd', state: 'conflicted', staged: false, unstaged: true }]);
    expect((await api['git.show']({ path: 'a.mmd', ref: ':1' })).text).toContain('a --> b');
    expect((await api['git.show']({ path: 'a.mmd', ref: ':2' })).text).toContain('a --> ours');
    expect((await api['git.show']({ path: 'a.mmd', ref: ':3' })).text).toContain('a --> theirs');
  });
});

describe('git.show', () => {
  it('returns a file at HEAD, in the index and at a commit, and null where it is absent', async () => {
    const first = commitFile('a.mmd', 'v1', 'first');
    commitFile('a.mmd', 'v2', 'second');
    repo.write('a.mmd', 'v3');
    repo.git('add', 'a.mmd');
    repo.write('a.mmd', 'v4');
    expect(await api['git.show']({ path: 'a.mmd', ref: 'HEAD' })).toEqual({ text: 'v2' });
    expect(await api['git.show']({ path: 'a.mmd', ref: ':' })).toEqual({ text: 'v3' });
    expect(await api['git.show']({ path: 'a.mmd', ref: first })).toEqual({ text: 'v1' });
    expect(await api['git.show']({ path: 'a.mmd', ref: 'HEAD~1' })).toEqual({ text: 'v1' });
    expect(await api['git.show']({ path: 'missing.mmd', ref: 'HEAD' })).toEqual({ text: null });
    repo.write('new.mmd', 'n');
    expect(await api['git.show']({ path: 'new.mmd', ref: 'HEAD' })).toEqual({ text: null });
    expect(await api['git.show']({ path: 'new.mmd', ref: ':' })).toEqual({ text: null });
  });

  it('answers null before the first commit', async () => {
    repo.write('a.mmd', 'a');
    expect(await api['git.show']({ path: 'a.mmd', ref: 'HEAD' })).toEqual({ text: null });
  });

  it('refuses paths outside the folder and refs that git would read as options', async () => {
    commitFile('a.mmd', 'a', 'first');
    expect((await rejection(api['git.show']({ path: '../x', ref: 'HEAD' }))).code).toBe('outside-workspace');
    expect((await rejection(api['git.show']({ path: 'a.mmd', ref: '--output=x' }))).code).toBe(
      'invalid-args',
    );
    expect((await rejection(api['git.show']({ path: 'a.mmd', ref: 'HEAD..main' }))).code).toBe(
      'invalid-args',
    );
    expect((await rejection(api['git.stage']({ paths: ['/etc/passwd'] }))).code).toBe('outside-workspace');
  });

  it('reports an unknown commit with git’s message', async () => {
    commitFile('a.mmd', 'a', 'first');
    const error = await rejection(api['git.show']({ path: 'a.mmd', ref: 'deadbeef' }));
    expect(error.code).toBe('git');
    expect(error.message).toMatch(/deadbeef/);
  });
});

describe('git.diff', () => {
  it('gives the working-copy patch, the staged patch, and an untracked file as added', async () => {
    commitFile('a.mmd', 'flowchart LR\n  a --> b\n', 'first');
    repo.write('a.mmd', 'flowchart LR\n  a --> c\n');
    const unstaged = (await api['git.diff']({ path: 'a.mmd' })).patch;
    expect(unstaged).toContain('-  a --> b');
    expect(unstaged).toContain('+  a --> c');
    expect((await api['git.diff']({ path: 'a.mmd', staged: true })).patch).toBe('');
    repo.git('add', 'a.mmd');
    expect((await api['git.diff']({ path: 'a.mmd', staged: true })).patch).toContain('+  a --> c');
    repo.write('new.mmd', 'flowchart TD\n  x\n');
    expect((await api['git.diff']({ path: 'new.mmd' })).patch).toContain('+flowchart TD');
  });
});

describe('git.log', () => {
  it('lists a file’s commits newest first with author, email, ISO date and message, across a rename', async () => {
    commitFile('old.mmd', 'v1', 'create it');
    commitFile('other.mmd', 'o', 'unrelated');
    repo.git('mv', 'old.mmd', 'new.mmd');
    repo.git('commit', '-q', '-m', 'rename it');
    commitFile('new.mmd', 'v2', 'change it\n\nwith a body');

    const log = await api['git.log']({ path: 'new.mmd' });
    expect(log.map((c) => c.message)).toEqual(['change it\n\nwith a body', 'rename it', 'create it']);
    expect(log.map((c) => c.path)).toEqual(['new.mmd', 'new.mmd', 'old.mmd']);
    expect(log[0]).toMatchObject({ author: 'Ada Tester', email: 'ada@example.com' });
    expect(log[0]!.hash).toMatch(/^[0-9a-f]{40}$/);
    expect(Number.isNaN(Date.parse(log[0]!.date))).toBe(false);
    expect(await api['git.show']({ path: log[2]!.path!, ref: log[2]!.hash })).toEqual({ text: 'v1' });

    expect((await api['git.log']({})).map((c) => c.message)).toHaveLength(4);
    expect(await api['git.log']({ limit: 1 })).toHaveLength(1);
  });

  it('is empty before the first commit', async () => {
    expect(await api['git.log']({})).toEqual([]);
  });
});

describe('stage, unstage and discard', () => {
  it('stages and unstages changes, deletions and new files', async () => {
    commitFile('a.mmd', 'a', 'first');
    commitFile('b.mmd', 'b', 'second');
    repo.write('a.mmd', 'a2');
    rmSync(join(repo.root, 'b.mmd'));
    repo.write('c.mmd', 'c');
    await api['git.stage']({ paths: ['a.mmd', 'b.mmd', 'c.mmd'] });
    expect(repo.git('diff', '--cached', '--name-status')).toBe('M\ta.mmd\nD\tb.mmd\nA\tc.mmd\n');
    await api['git.unstage']({ paths: ['a.mmd', 'b.mmd', 'c.mmd'] });
    expect(repo.git('diff', '--cached', '--name-status')).toBe('');
  });

  it('unstages a new file before the first commit', async () => {
    repo.write('a.mmd', 'a');
    await api['git.stage']({ paths: ['a.mmd'] });
    await api['git.unstage']({ paths: ['a.mmd'] });
    expect((await api['git.status']({})).files).toEqual([
      { path: 'a.mmd', state: 'untracked', staged: false, unstaged: true },
    ]);
  });

  it('discards working-copy changes back to the staged version and removes untracked files', async () => {
    commitFile('a.mmd', 'a1', 'first');
    commitFile('b.mmd', 'b1', 'second');
    repo.write('a.mmd', 'a2');
    repo.git('add', 'a.mmd');
    repo.write('a.mmd', 'a3');
    repo.write('b.mmd', 'b2');
    repo.write('scratch.mmd', 's');
    await api['git.discard']({ paths: ['a.mmd', 'b.mmd', 'scratch.mmd'] });
    expect(readFileSync(join(repo.root, 'a.mmd'), 'utf8')).toBe('a2');
    expect(readFileSync(join(repo.root, 'b.mmd'), 'utf8')).toBe('b1');
    expect(existsSync(join(repo.root, 'scratch.mmd'))).toBe(false);
  });
});

describe('git.commit', () => {
  it('commits the staged files with the configured identity, visible in git log', async () => {
    repo.write('a.mmd', 'flowchart LR\n  a --> b\n');
    repo.write('b.mmd', 'not staged');
    await api['git.stage']({ paths: ['a.mmd'] });
    const { hash } = await api['git.commit']({ message: 'Add the login flow' });
    expect(repo.git('log', '-1', '--format=%H|%an|%ae|%s')).toBe(
      `${hash}|Ada Tester|ada@example.com|Add the login flow\n`,
    );
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('a.mmd\n');
  });

  it('amends the last commit, with a new message or keeping the old one', async () => {
    const first = commitFile('a.mmd', 'a', 'first');
    repo.write('b.mmd', 'b');
    await api['git.stage']({ paths: ['b.mmd'] });
    const { hash } = await api['git.commit']({ message: 'first, better', amend: true });
    expect(hash).not.toBe(first);
    expect(repo.git('log', '--format=%s')).toBe('first, better\n');
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('a.mmd\nb.mmd\n');
    await api['git.commit']({ message: '', amend: true });
    expect(repo.git('log', '--format=%s')).toBe('first, better\n');
  });

  it('shows the message of a pre-commit hook that rejects the commit', async () => {
    const hook = join(repo.root, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho "merrow check: a.mmd:2:3: unknown arrow" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    repo.write('a.mmd', 'a');
    await api['git.stage']({ paths: ['a.mmd'] });
    const error = await rejection(api['git.commit']({ message: 'blocked' }));
    expect(error.code).toBe('git');
    expect(error.message).toBe('merrow check: a.mmd:2:3: unknown arrow');
    expect(() => repo.git('rev-parse', '--verify', 'HEAD')).toThrow();
  });

  it('asks for a message instead of committing without one, and passes on git’s refusal', async () => {
    expect((await rejection(api['git.commit']({ message: '  ' }))).code).toBe('invalid-args');
    commitFile('a.mmd', 'a', 'first');
    const error = await rejection(api['git.commit']({ message: 'nothing staged' }));
    expect(error.code).toBe('git');
    expect(error.message).toMatch(/nothing to commit|no changes added/);
  });
});

describe('pull and push', () => {
  it('pushes to and pulls from a remote with the user’s git, reporting progress and git’s errors', async () => {
    commitFile('a.mmd', 'a', 'first');
    const remote = mkdtempSync(join(tmpdir(), 'merrow-remote-'));
    try {
      execGit(remote, ['init', '-q', '--bare']);
      repo.git('remote', 'add', 'origin', remote);
      const noUpstream = await rejection(api['git.push']({}));
      expect(noUpstream.message).toMatch(/no upstream branch/);
      repo.git('push', '-q', '-u', 'origin', 'main');
      commitFile('b.mmd', 'b', 'second');
      expect((await api['git.status']({})).ahead).toBe(1);
      const lines: string[] = [];
      const withProgress = gitApiOn(repo.root, {
        onProgress: (e) => lines.push(`${e.operation}:${e.text}`),
      });
      await withProgress['git.push']({});
      expect(execGit(remote, ['log', '--format=%s', 'main'])).toBe('second\nfirst\n');
      expect(lines.some((l) => l.startsWith('push:'))).toBe(true);
      expect((await api['git.status']({})).ahead).toBe(0);
      await api['git.pull']({});
    } finally {
      rmSync(remote, { recursive: true, force: true });
    }
  });
});

function execGit(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}
