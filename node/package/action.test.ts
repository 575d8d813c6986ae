import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRegistry } from '../../build/npm-registry.ts';
import { npmEnv, startPackageRegistry } from '../../build/packed-package.ts';
import { readSourceFromSvg } from '../../shared/mermaid/embed.ts';
import { type ActionHandler, runCompositeAction } from '../../test/support/github-actions.ts';
import { oldNode, pathWithNode } from '../../test/support/node-releases.ts';
import { createTestRepo, type TestRepo } from '../../test/support/test-repo.ts';

// The repository's action.yml as a workflow step runs it: its steps in bash as on GitHub's runner,
// installing the packed package from a registry on 127.0.0.1 (each run: an npm install and a
// browser start or two).

const ROOT = resolve(import.meta.dirname, '../..');
const ACTION = join(ROOT, 'action.yml');
const CLI = join(ROOT, 'node/cli/merrow.ts');
let registry: LocalRegistry;
let repo: TestRepo;
let setupNode: Record<string, string>[];

const uses: Record<string, ActionHandler> = {
  'actions/setup-node@v4': (inputs) => {
    setupNode.push(inputs);
    return { path: dirname(process.execPath) };
  },
};

function runAction(inputs: Record<string, string>, path = process.env.PATH) {
  setupNode = [];
  return runCompositeAction(ACTION, inputs, {
    workspace: repo.root,
    env: { ...process.env, PATH: path, ...npmEnv(registry, join(repo.root, '.npm-cache')) },
    uses,
  });
}

const text = (path: string) => readFileSync(join(repo.root, path), 'utf8');

beforeAll(async () => {
  registry = await startPackageRegistry();
  repo = createTestRepo();
  repo.write('.gitignore', '.npm-cache/\n');
  repo.write('docs/flow.mmd', 'flowchart LR\n  a --> b\n');
  repo.write('docs/order.mmd', 'sequenceDiagram\n  A->>B: order\n');
  repo.write('notes/old.mmd', 'flowchart LR\n  x --> y\n');
  const run = spawnSync(process.execPath, [CLI, 'export', 'docs', 'notes', '--quiet'], {
    cwd: repo.root,
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  // Two diagrams change after their export: one inside the checked files, one outside them.
  repo.write('docs/order.mmd', 'sequenceDiagram\n  A->>B: order\n  B-->>A: receipt\n');
  repo.write('notes/old.mmd', 'flowchart LR\n  x --> z\n');
  repo.write('docs/broken.mmd', 'flowchart LR\n  a --> \n');
  repo.git('add', '.');
  repo.git('commit', '-q', '-m', 'diagrams');
}, 600_000);

afterAll(async () => {
  await registry?.close();
  repo?.remove();
});

describe('action.yml', () => {
  it('annotates a broken diagram and a stale SVG, and exports that SVG again', () => {
    const run = runAction({ files: 'docs', export: 'true' });
    expect(run.ok).toBe(false);
    expect(run.steps.map((s) => [s.name, s.outcome])).toEqual([
      [expect.stringContaining('if command -v node'), 'success'],
      ['actions/setup-node@v4', 'skipped'],
      ['Install merrow', 'success'],
      ['Check diagrams', 'failure'],
      ['Stale SVGs', 'failure'],
    ]);
    expect(run.annotations).toEqual([
      {
        level: 'error',
        properties: expect.objectContaining({ file: 'docs/broken.mmd', line: '2' }),
        message: expect.any(String),
      },
      {
        level: 'error',
        properties: { file: 'docs/order.svg' },
        message:
          'docs/order.svg was not exported from the current docs/order.mmd; run: npx merrow export docs/order.mmd',
      },
    ]);
    expect(run.outputs.stale).toEqual({ svgs: 'docs/order.svg' });
    expect(readSourceFromSvg(text('docs/order.svg'))).toBe(text('docs/order.mmd'));
    // Outside `files`: not checked, not exported.
    expect(readSourceFromSvg(text('notes/old.svg'))).not.toBe(text('notes/old.mmd'));
  });

  it('passes with its defaults once the diagrams are fixed, setting up Node when the runner’s is too old', () => {
    rmSync(join(repo.root, 'docs/broken.mmd'));
    repo.write('notes/old.mmd', 'flowchart LR\n  x --> y\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'fixed');
    const old = oldNode();
    const run = runAction({}, old ? pathWithNode(old) : process.env.PATH);
    expect(run.annotations).toEqual([]);
    expect(run.ok).toBe(true);
    expect(run.steps.find((s) => s.name === 'Stale SVGs')?.outcome).toBe('skipped');
    if (old) expect(setupNode).toEqual([{ 'node-version': '24' }]);
    else expect(setupNode).toEqual([]);
  });
});
