import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder (where package.json is). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The built renderer that serve and Electron load: index.html (the app), engine.html and assets/. */
export const RENDERER_DIR = join(PROJECT_ROOT, 'dist/renderer');

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue;
    const info = await stat(join(entry.parentPath, entry.name)).catch(() => null);
    if (info && info.mtimeMs > newest) newest = info.mtimeMs;
  }
  return newest;
}

/**
 * 'missing' when `output` (relative to the project) does not exist, 'stale' when a file in one
 * of the `sources` folders is newer than it, else 'fresh'.
 */
export async function buildState(output: string, sources: string[]): Promise<'missing' | 'stale' | 'fresh'> {
  const built = await stat(join(PROJECT_ROOT, output)).catch(() => null);
  if (!built) return 'missing';
  for (const dir of sources) {
    if ((await newestMtime(join(PROJECT_ROOT, dir))) > built.mtimeMs) return 'stale';
  }
  return 'fresh';
}

/** The renderer build's state: it is built from renderer/ and the core. */
export function rendererBuildState(): Promise<'missing' | 'stale' | 'fresh'> {
  return buildState('dist/renderer/index.html', ['renderer', 'shared']);
}

/** Runs `vite <args>` in the project with its output on stderr; true when it succeeded. */
export function runVite(args: string[]): Promise<boolean> {
  const vite = join(PROJECT_ROOT, 'node_modules/vite/bin/vite.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vite, ...args], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

/** Builds the renderer (`npm run build`); true when it succeeded. */
export function buildRenderer(): Promise<boolean> {
  return runVite(['build', '--config', 'renderer/vite.config.ts']);
}
