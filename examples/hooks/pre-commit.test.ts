import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRegistry } from '../../build/npm-registry.ts';
import { installCli, startPackageRegistry } from '../../build/packed-package.ts';
import { readSourceFromSvg } from '../../shared/mermaid/embed.ts';
import { createTestRepo, type TestRepo } from '../../test/support/test-repo.ts';

// The hook as a user installs it: merrow installed with npm into the repository, the hook copied
// from the package, git running it (it runs `npx --no-install merrow`, starting a browser twice).

let registry: LocalRegistry;
let repo: TestRepo;

beforeAll(async () => {
  registry = await startPackageRegistry();
  repo = createTestRepo();
  repo.write('.gitignore', 'node_modules/\n.npm-cache/\n');
  installCli(repo.root, registry);
  const hook = join(repo.root, '.git/hooks/pre-commit');
  copyFileSync(join(repo.root, 'node_modules/merrow/examples/hooks/pre-commit'), hook);
  chmodSync(hook, 0o755);
  repo.git('add', '.gitignore', 'package.json', 'package-lock.json');
  repo.git('commit', '-q', '--no-verify', '-m', 'merrow as a dev dependency');
}, 600_000);

afterEach(() => {
  repo.git('reset', '-q');
});

afterAll(async () => {
  await registry?.close();
  repo?.remove();
});

function commit(message: string) {
  return spawnSync('git', ['commit', '-q', '-m', message], { cwd: repo.root, encoding: 'utf8' });
}
const committed = () => repo.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort();

describe('examples/hooks/pre-commit, installed from the npm package', () => {
  it('commits the SVG of each staged diagram with it, carrying the staged text', () => {
    repo.write('flow.mmd', 'flowchart LR\n  a --> b\n');
    repo.write('docs/my seq.mmd', 'sequenceDiagram\n  A->>B: hi\n');
    repo.write('unstaged.mmd', 'flowchart LR\n  u --> v\n');
    repo.git('add', 'flow.mmd', 'docs/my seq.mmd');
    const run = commit('diagrams');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(committed()).toEqual(['docs/my seq.mmd', 'docs/my seq.svg', 'flow.mmd', 'flow.svg']);
    expect(readSourceFromSvg(readFileSync(join(repo.root, 'flow.svg'), 'utf8'))).toBe(
      'flowchart LR\n  a --> b\n',
    );
    expect(existsSync(join(repo.root, 'unstaged.svg'))).toBe(false);
  });

  it('refuses a commit whose staged diagram has an error, saying where', () => {
    const head = repo.git('rev-parse', 'HEAD');
    repo.write('broken.mmd', 'flowchart LR\n  a --> \n');
    repo.git('add', 'broken.mmd');
    const run = commit('broken');
    expect(run.status).toBe(1);
    // git shows a hook's output on stderr.
    expect(run.stderr).toMatch(/^broken\.mmd:2:\d+: /m);
    expect(run.stderr).toContain('pre-commit: the diagrams above have errors');
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(existsSync(join(repo.root, 'broken.svg'))).toBe(false);
  });

  it('lets a commit without diagram files through', () => {
    repo.write('README.md', '# Notes\n\n```mermaid\nflowchart LR\n  a --> b\n```\n');
    repo.git('add', 'README.md');
    const run = commit('docs');
    expect(run.status).toBe(0);
    expect(committed()).toEqual(['README.md']);
  });
});
