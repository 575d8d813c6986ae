import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli } from './cli-bundle.ts';

// Small entries inside the project (cli-bundle.ts maps only the project's own modules), bundled for
// Node as the package's CLI is.
const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'dist', `bundle-test-${process.pid}`);

beforeAll(() => {
  mkdirSync(join(FIXTURES, 'lib'), { recursive: true });
  const write = (path: string, text: string) => writeFileSync(join(FIXTURES, path), text);
  write(
    'lib/worker.ts',
    "const greeting: string = 'from the worker';\nprocess.stdout.write(`${greeting}\\n`);\n",
  );
  write('lib/data.txt', 'from a data file\n');
  write(
    'lib/paths.ts',
    [
      "import { spawnSync } from 'node:child_process';",
      "import { readFileSync } from 'node:fs';",
      "import { fileURLToPath } from 'node:url';",
      "export const worker = fileURLToPath(new URL('./worker.ts', import.meta.url));",
      "export const data = fileURLToPath(new URL('./data.txt', import.meta.url));",
      'export function run(): string {',
      "  const out = spawnSync(process.execPath, [worker], { encoding: 'utf8' }).stdout;",
      "  return out + readFileSync(data, 'utf8');",
      '}',
      '',
    ].join('\n'),
  );
  write('entry.ts', "import { run } from './lib/paths.ts';\nprocess.stdout.write(run());\n");
  write(
    'folder-entry.ts',
    "export const assets = new URL('./lib', import.meta.url);\nconsole.log(assets);\n",
  );
  write(
    'dirname-entry.ts',
    "import { join } from 'node:path';\nconsole.log(join(import.meta.dirname, 'lib/worker.ts'));\n",
  );
});

afterAll(() => rmSync(FIXTURES, { recursive: true, force: true }));

describe('bundleCli', () => {
  it('refuses a module that finds a file from its own folder in a way it cannot map', async () => {
    await expect(
      bundleCli(join(FIXTURES, 'out-dirname'), join(FIXTURES, 'dirname-entry.ts')),
    ).rejects.toThrow(/dirname-entry\.ts uses import\.meta\.dirname, which points into the bundle/);
  });

  it('makes a TypeScript module reached by path a chunk of its own, and copies a data file beside the chunks', async () => {
    const out = join(FIXTURES, 'out');
    await bundleCli(out, join(FIXTURES, 'entry.ts'));
    expect(existsSync(join(out, 'worker.js'))).toBe(true);
    expect(existsSync(join(out, 'data.txt'))).toBe(true);
    // Run from elsewhere, so that nothing resolves against the sources.
    const run = spawnSync(process.execPath, [join(out, 'merrow.js')], { cwd: '/', encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('from the worker\nfrom a data file\n');
  });

  it('refuses a folder reached by path that the package does not map, naming the module', async () => {
    await expect(bundleCli(join(FIXTURES, 'out-folder'), join(FIXTURES, 'folder-entry.ts'))).rejects.toThrow(
      /folder-entry\.ts reaches dist\/bundle-test-\d+\/lib at run time .*build\/cli-bundle\.ts/,
    );
  });
});
