import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRegistry } from '../../build/npm-registry.ts';
import { installCli, npmEnv, startPackageRegistry } from '../../build/packed-package.ts';
import { type ActionHandler, runWorkflowJob } from '../../test/support/github-actions.ts';
import { createTestRepo, type TestRepo } from '../../test/support/test-repo.ts';

// The workflow as written, in a repository with merrow as a dev dependency: its `npm ci` installs
// the packed package from a registry on 127.0.0.1, its steps run in bash as on GitHub's runner.

const WORKFLOW = resolve(import.meta.dirname, 'diagrams.yml');
let registry: LocalRegistry;
let repo: TestRepo;

const uses: Record<string, ActionHandler> = {
  'actions/checkout@v4': () => undefined,
  'actions/setup-node@v4': (inputs) => {
    expect(Number(inputs['node-version'])).toBeGreaterThanOrEqual(24);
    return { path: dirname(process.execPath) };
  },
};

function runJob() {
  return runWorkflowJob(WORKFLOW, 'diagrams', {
    workspace: repo.root,
    env: { ...process.env, ...npmEnv(registry, join(repo.root, '.npm-cache')) },
    uses,
  });
}

beforeAll(async () => {
  registry = await startPackageRegistry();
  repo = createTestRepo();
  repo.write('.gitignore', 'node_modules/\n.npm-cache/\n');
  installCli(repo.root, registry);
  repo.write('docs/flow.mmd', 'flowchart LR\n  a --> b\n');
  repo.write('docs/deep/order.mmd', 'sequenceDiagram\n  A->>B: order\n');
  const run = spawnSync(join(repo.root, 'node_modules/.bin/merrow'), ['export', 'docs', '--quiet'], {
    cwd: repo.root,
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'diagrams and their SVGs');
}, 600_000);

afterAll(async () => {
  await registry?.close();
  repo?.remove();
});

describe('examples/ci/diagrams.yml', () => {
  it('passes when every diagram parses and every SVG was exported from its current text', () => {
    rmSync(join(repo.root, 'node_modules'), { recursive: true, force: true });
    const job = runJob();
    expect(job.steps.map((s) => [s.name, s.outcome])).toEqual([
      ['actions/checkout@v4', 'success'],
      ['actions/setup-node@v4', 'success'],
      ['npm ci', 'success'],
      ['Check every diagram', 'success'],
      ['Exported SVGs are up to date', 'success'],
    ]);
    expect(job.annotations).toEqual([]);
    expect(job.ok).toBe(true);
  });

  it('fails with an annotation at file, line and column for a broken diagram, and one for a stale SVG', () => {
    repo.write('docs/broken.mmd', 'flowchart LR\n  a --> \n');
    repo.write('docs/deep/order.mmd', 'sequenceDiagram\n  A->>B: order\n  B-->>A: receipt\n');
    repo.git('add', '.');
    repo.git('commit', '-q', '-m', 'a broken diagram, and a changed one without its SVG');
    const job = runJob();
    expect(job.ok).toBe(false);
    const outcome = (name: string) => job.steps.find((s) => s.name === name)?.outcome;
    expect(outcome('Check every diagram')).toBe('failure');
    expect(outcome('Exported SVGs are up to date')).toBe('failure');
    expect(job.annotations).toEqual([
      {
        level: 'error',
        properties: expect.objectContaining({ file: 'docs/broken.mmd', line: '2' }),
        message: expect.any(String),
      },
      {
        level: 'error',
        properties: { file: 'docs/deep/order.svg' },
        message:
          'docs/deep/order.svg was not exported from the current docs/deep/order.mmd; run: npx merrow export docs/deep/order.mmd',
      },
    ]);
  });
});
