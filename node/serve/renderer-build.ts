import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder (where package.json is). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The built renderer that serve and Electron load: index.html (the app), engine.html and assets/. */
export const RENDERER_DIR = join(PROJECT_ROOT, 'dist/renderer');

/** Sources the renderer bundle is built from. */
const SOURCES = ['renderer', 'shared'];

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.endsWith('.test.ts') || entry.name.endsWith('.test.tsx')) continue;
    const info = await stat(join(entry.parentPath, entry.name)).catch(() => null);
    if (info && info.mtimeMs > newest) newest = info.mtimeMs;
  }
  return newest;
}

/** 'missing' when there is no build, 'stale' when a renderer or core source is newer than it, else 'fresh'. */
export async function rendererBuildState(): Promise<'missing' | 'stale' | 'fresh'> {
  const built = await stat(join(RENDERER_DIR, 'index.html')).catch(() => null);
  if (!built) return 'missing';
  for (const dir of SOURCES) {
    if ((await newestMtime(join(PROJECT_ROOT, dir))) > built.mtimeMs) return 'stale';
  }
  return 'fresh';
}

/** Runs the renderer build (`vite build --config renderer/vite.config.ts`) with its output on stderr; true when it succeeded. */
export function buildRenderer(): Promise<boolean> {
  const vite = join(PROJECT_ROOT, 'node_modules/vite/bin/vite.js');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts'], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}
