/**
 * `npm start`: builds what is missing or stale, then opens the desktop app on a folder (the one
 * given, else the last one opened, else examples/). Where Electron's binary is not installed
 * (npm install with ELECTRON_SKIP_BINARY_DOWNLOAD), it says so and serves the same app to the
 * browser with `merrow serve` instead, so the run command always shows the app.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { run as serve } from './cli/serve.ts';
import {
  buildRenderer,
  buildState,
  PROJECT_ROOT,
  rendererBuildState,
  runVite,
} from './serve/renderer-build.ts';
import { readRecentFolders } from './user-data/recent-folders.ts';

/**
 * The Electron executable, or null when it was never downloaded. Reads what `require('electron')`
 * reads, without requiring it: the package's require tries to download a missing binary.
 */
export function electronBinary(projectRoot = PROJECT_ROOT): string | null {
  const pkg = join(projectRoot, 'node_modules/electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : join(pkg, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

/** The folder to open: the argument, else the most recent folder that still exists, else examples/. */
export async function startFolder(arg: string | undefined): Promise<string> {
  if (arg) return resolve(arg);
  const recent = (await readRecentFolders()).find((folder) => existsSync(folder));
  return recent ?? join(PROJECT_ROOT, 'examples');
}

async function ensureBuilt(
  what: string,
  state: Promise<string>,
  build: () => Promise<boolean>,
): Promise<boolean> {
  const current = await state;
  if (current === 'fresh') return true;
  process.stderr.write(
    `npm start: building the ${what} (${current === 'missing' ? 'not built yet' : 'sources changed'})…\n`,
  );
  if (await build()) return true;
  process.stderr.write(`npm start: the ${what} build failed; see the errors above\n`);
  return false;
}

async function main(argv: string[]): Promise<number> {
  const folderArg = argv.find((arg) => !arg.startsWith('-'));
  const flags = argv.filter((arg) => arg.startsWith('-'));
  const folder = await startFolder(folderArg);
  if (!(await ensureBuilt('app', rendererBuildState(), buildRenderer))) return 1;

  const electron = electronBinary();
  if (!electron) {
    process.stderr.write(
      "Electron's binary is not installed; opening the app in your browser with `merrow serve` instead.\n",
    );
    return serve([folder, ...flags]);
  }
  const electronBuild = () =>
    runVite(['build', '--config', 'electron/vite.config.ts', '--mode', 'main']).then(
      (ok) => ok && runVite(['build', '--config', 'electron/vite.config.ts', '--mode', 'preload']),
    );
  if (
    !(await ensureBuilt(
      'desktop shell',
      buildState('dist/electron/main.js', ['electron', 'node', 'shared']),
      electronBuild,
    ))
  ) {
    return 1;
  }
  const child = spawn(electron, [PROJECT_ROOT, folder], { stdio: 'inherit' });
  return new Promise((done) => {
    child.on('error', (error) => {
      process.stderr.write(`npm start: could not start Electron: ${error.message}\n`);
      done(1);
    });
    child.on('exit', (code) => done(code ?? 1));
  });
}

if (import.meta.main) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
