import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/run-cli.ts';
import { engineAssets } from '../../test/support/test-assets.ts';
import { createTestRepo, type TestRepo } from '../../test/support/test-repo.ts';

let assets: string;
let repo: TestRepo;
const merrow = (cwd: string, ...args: string[]) => runCli(cwd, args, { MERROW_ENGINE_ASSETS: assets });
const exported = (json: string) =>
  (JSON.parse(json) as { files: { input: string }[] }).files.map((f) => f.input).sort();

beforeAll(async () => {
  assets = await engineAssets();
}, 180_000);

beforeEach(() => {
  repo = createTestRepo();
  for (const name of ['a.mmd', 'b.mmd', 'docs/c.mmd', 'docs/d.mmd', 'docs/guide.md'])
    repo.write(name, 'flowchart LR\n  x --> y\n');
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'diagrams');
  return () => repo.remove();
});

describe('merrow export --changed', () => {
  it('exports exactly the diagrams changed against HEAD: staged, unstaged and new', async () => {
    repo.write('a.mmd', 'flowchart LR\n  x --> z\n');
    repo.write('docs/c.mmd', 'flowchart LR\n  c --> d\n');
    repo.git('add', 'docs/c.mmd');
    repo.write('docs/new.mmd', 'flowchart TD\n  n --> m\n');
    const run = await merrow(repo.root, 'export', '--changed', '--json');
    expect(run.code).toBe(0);
    expect(exported(run.stdout)).toEqual(['a.mmd', 'docs/c.mmd', 'docs/new.mmd']);
    expect(['a', 'docs/c', 'docs/new'].every((n) => existsSync(join(repo.root, `${n}.svg`)))).toBe(true);
    expect(existsSync(join(repo.root, 'b.svg'))).toBe(false);
    expect(existsSync(join(repo.root, 'docs/d.svg'))).toBe(false);
  });

  it('exports only what is staged with --staged, as a pre-commit hook needs', async () => {
    repo.write('a.mmd', 'flowchart LR\n  x --> z\n');
    repo.write('docs/c.mmd', 'flowchart LR\n  c --> d\n');
    repo.write('docs/new.mmd', 'flowchart TD\n  n --> m\n');
    repo.git('add', 'docs/c.mmd', 'docs/new.mmd');
    const run = await merrow(repo.root, 'export', '--changed', '--staged', '--json');
    expect(run.code).toBe(0);
    expect(exported(run.stdout)).toEqual(['docs/c.mmd', 'docs/new.mmd']);
    expect(existsSync(join(repo.root, 'a.svg'))).toBe(false);
  });

  it('narrows the changes to the inputs given, and to the current folder', async () => {
    repo.write('a.mmd', 'flowchart LR\n  x --> z\n');
    repo.write('docs/c.mmd', 'flowchart LR\n  c --> d\n');
    repo.write('docs/guide.md', '# Guide\n\n```mermaid\nflowchart LR\n  g --> h\n```\n');
    const filtered = await merrow(repo.root, 'export', '--changed', 'docs', '--json');
    // A folder finds diagram files; Markdown only when named, as without --changed.
    expect(exported(filtered.stdout)).toEqual(['docs/c.mmd']);
    const inDocs = await merrow(join(repo.root, 'docs'), 'export', '--changed', '--json');
    expect(exported(inDocs.stdout)).toEqual(['c.mmd', 'guide.md']);
    expect(existsSync(join(repo.root, 'docs/guide-1.svg'))).toBe(true);
  });

  it('says so and exits 0 when nothing changed', async () => {
    const run = await merrow(repo.root, 'export', '--changed');
    expect(run).toMatchObject({ code: 0, stderr: 'no changed diagrams to export\n' });
  });

  it('refuses with exit 2 outside a git repository', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'merrow-no-repo-'));
    try {
      const run = await merrow(outside, 'export', '--changed');
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        "merrow export: --changed compares with git's HEAD, but the current folder is not in a git repository\n",
      );
      const check = await merrow(outside, 'check', '--staged');
      expect(check.code).toBe(2);
      expect(check.stderr).toMatch(/^merrow check: --changed .* not in a git repository\n$/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('merrow check --changed', () => {
  it('checks only the changed diagrams, and only the staged ones with --staged', async () => {
    repo.write('a.mmd', 'flowchart LR\n  x --> \n'); // broken, unstaged
    repo.write('docs/c.mmd', 'flowchart LR\n  c --> d\n');
    repo.git('add', 'docs/c.mmd');
    const all = await merrow(repo.root, 'check', '--changed');
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/^a\.mmd:2:\d+: /);
    expect(all.stderr).toBe('1 of 2 inputs with problems\n');
    const staged = await merrow(repo.root, 'check', '--changed', '--staged');
    expect(staged).toMatchObject({ code: 0, stdout: '', stderr: '1 diagram OK\n' });
  });

  it('says so and exits 0 when nothing changed', async () => {
    const run = await merrow(repo.root, 'check', '--changed', '--staged');
    expect(run).toMatchObject({ code: 0, stderr: 'no changed diagrams to check\n' });
  });
});
