import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readSourceFromSvg } from '../../shared/mermaid/embed.ts';
import { engineAssets } from '../../test/support/test-assets.ts';
import { createTestRepo, type TestRepo } from '../../test/support/test-repo.ts';

const HOOK = resolve(import.meta.dirname, 'pre-commit');
const CLI = resolve(import.meta.dirname, '../../node/cli/merrow.ts');
let repo: TestRepo;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  env = {
    ...process.env,
    MERROW: `${process.execPath} ${CLI}`,
    MERROW_ENGINE_ASSETS: await engineAssets(),
  };
}, 180_000);

beforeEach(() => {
  repo = createTestRepo();
  copyFileSync(HOOK, join(repo.root, '.git/hooks/pre-commit'));
  return () => repo.remove();
});

function commit(message: string) {
  return spawnSync('git', ['commit', '-q', '-m', message], { cwd: repo.root, env, encoding: 'utf8' });
}
const committed = () =>
  execFileSync('git', ['show', '--name-only', '--format=', 'HEAD'], { cwd: repo.root, encoding: 'utf8' })
    .trim()
    .split('\n')
    .sort();

describe('examples/hooks/pre-commit', () => {
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
    repo.write('broken.mmd', 'flowchart LR\n  a --> \n');
    repo.git('add', 'broken.mmd');
    const run = commit('broken');
    expect(run.status).toBe(1);
    // git shows a hook's output on stderr.
    expect(run.stderr).toMatch(/^broken\.mmd:2:\d+: /m);
    expect(run.stderr).toContain('pre-commit: the diagrams above have errors');
    expect(spawnSync('git', ['rev-parse', 'HEAD'], { cwd: repo.root }).status).not.toBe(0);
  });

  it.skipIf(process.platform === 'win32')(
    'shares one warm engine between its check and export, and between commits',
    async () => {
      const runtime = join(repo.root, '..', 'runtime');
      mkdirSync(runtime, { mode: 0o700 });
      const warm = { ...env, XDG_RUNTIME_DIR: runtime, MERROW_ENGINE_IDLE: '30' };
      const infos = () => readdirSync(join(runtime, 'merrow')).filter((n) => n.endsWith('.json'));
      try {
        for (const [i, text] of ['flowchart LR\n  a --> b\n', 'flowchart LR\n  a --> c\n'].entries()) {
          repo.write('flow.mmd', text);
          repo.git('add', 'flow.mmd');
          const run = spawnSync('git', ['commit', '-q', '-m', `flow ${i}`], {
            cwd: repo.root,
            env: warm,
            encoding: 'utf8',
          });
          expect(run.stderr).toBe('');
          expect(run.status).toBe(0);
          expect(committed()).toEqual(['flow.mmd', 'flow.svg']);
          expect(readSourceFromSvg(repo.git('show', 'HEAD:flow.svg'))).toBe(text);
          expect(infos()).toHaveLength(1);
        }
      } finally {
        for (const name of infos()) {
          const { pid } = JSON.parse(readFileSync(join(runtime, 'merrow', name), 'utf8')) as { pid: number };
          process.kill(pid, 'SIGTERM');
        }
      }
    },
  );

  it('lets a commit without diagram files through', () => {
    repo.write('README.md', '# Notes\n\n```mermaid\nflowchart LR\n  a --> b\n```\n');
    repo.git('add', 'README.md');
    const run = commit('docs');
    expect(run.status).toBe(0);
    expect(committed()).toEqual(['README.md']);
  });
});
