import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../../test/support/test-repo.ts';
import { changedDiagrams } from './changed-diagrams.ts';

let repo: TestRepo;

beforeEach(() => {
  repo = createTestRepo();
  for (const path of ['a.mmd', 'b.mermaid', 'docs/c.md', 'docs/d.mmd', 'gone.mmd', 'code.ts']) {
    repo.write(path, `${path} v1\n`);
  }
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'first');
});
afterEach(() => repo.remove());

describe('changedDiagrams', () => {
  it('lists diagrams changed in the working copy, staged or not, and new ones, but not deleted files', async () => {
    repo.write('a.mmd', 'a v2\n');
    repo.write('docs/c.md', 'c v2\n');
    repo.git('add', 'docs/c.md');
    repo.write('new.mmd', 'new\n');
    repo.write('code.ts', 'changed, but not a diagram\n');
    repo.write('notes.txt', 'not a diagram\n');
    rmSync(join(repo.root, 'gone.mmd'));
    expect(await changedDiagrams(repo.root)).toEqual(['a.mmd', 'docs/c.md', 'new.mmd']);
  });

  it('lists only staged diagrams with staged, as a pre-commit hook sees them', async () => {
    repo.write('a.mmd', 'a v2\n');
    repo.write('b.mermaid', 'b v2\n');
    repo.write('docs/new.mmd', 'new\n');
    repo.git('add', 'b.mermaid', 'docs/new.mmd');
    repo.git('rm', '-q', 'gone.mmd');
    expect(await changedDiagrams(repo.root, { staged: true })).toEqual(['b.mermaid', 'docs/new.mmd']);
  });

  it('is empty when nothing changed', async () => {
    expect(await changedDiagrams(repo.root)).toEqual([]);
    expect(await changedDiagrams(repo.root, { staged: true })).toEqual([]);
  });

  it('gives paths relative to a subfolder and ignores changes outside it', async () => {
    repo.write('a.mmd', 'a v2\n');
    repo.write('docs/d.mmd', 'd v2\n');
    expect(await changedDiagrams(join(repo.root, 'docs'))).toEqual(['d.mmd']);
  });

  it('treats every diagram as changed before the first commit', async () => {
    const fresh = createTestRepo();
    try {
      fresh.write('x.mmd', 'x');
      fresh.write('y.mmd', 'y');
      fresh.git('add', 'x.mmd');
      expect(await changedDiagrams(fresh.root)).toEqual(['x.mmd', 'y.mmd']);
      expect(await changedDiagrams(fresh.root, { staged: true })).toEqual(['x.mmd']);
    } finally {
      fresh.remove();
    }
  });

  it('explains that --changed needs a git repository', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'merrow-plain-'));
    try {
      await expect(changedDiagrams(plain)).rejects.toThrow(/not in a git repository/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
