import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

/** A browser Merrow can drive: a Chromium-family executable, or the Electron binary. */
export interface FoundBrowser {
  path: string;
  kind: 'chromium' | 'electron';
  /** Where it came from, for `--verbose`-style messages and tests. */
  source: 'option' | 'env' | 'electron' | 'system';
}

/** The engine cannot run at all (no browser, a browser that fails to start, no built engine page). */
export class EngineUnavailableError extends Error {
  override name = 'EngineUnavailableError';
}

/** No usable browser: the message lists every way to provide one. */
export class BrowserNotFoundError extends EngineUnavailableError {
  override name = 'BrowserNotFoundError';
}

export interface FindBrowserOptions {
  /** `--browser PATH`. */
  browser?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Folders from which `require.resolve('electron')` is tried (the user's project, then Merrow's own). */
  electronFrom?: string[];
  platform?: NodeJS.Platform;
}

const SYSTEM_NAMES = [
  'google-chrome',
  'google-chrome-stable',
  'chromium',
  'chromium-browser',
  'microsoft-edge',
  'microsoft-edge-stable',
];

function systemCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(
      (r): r is string => !!r,
    );
    return roots.flatMap((r) => [
      join(r, 'Google/Chrome/Application/chrome.exe'),
      join(r, 'Microsoft/Edge/Application/msedge.exe'),
      join(r, 'Chromium/Application/chrome.exe'),
    ]);
  }
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => SYSTEM_NAMES.map((name) => join(dir, name)));
  return [...onPath, '/opt/google/chrome/chrome', '/opt/microsoft/msedge/msedge'];
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function kindOf(path: string): FoundBrowser['kind'] {
  return /electron(\.exe)?$/i.test(path) || /Electron\.app/.test(path) ? 'electron' : 'chromium';
}

/**
 * The Electron binary of an installed `electron` package, found the way its index.js finds it
 * (`path.txt` names the binary under `dist/`). Requiring index.js instead would start a
 * download when the binary is missing, and Merrow never downloads a browser.
 */
function electronBinary(from: string, env: NodeJS.ProcessEnv): string | undefined {
  try {
    const index = createRequire(join(from, 'noop.js')).resolve('electron');
    const relative = readFileSync(join(dirname(index), 'path.txt'), 'utf8').trim();
    const dist = env.ELECTRON_OVERRIDE_DIST_PATH || join(dirname(index), 'dist');
    const path = join(dist, relative);
    return isExecutable(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether playwright-core, which drives Electron (launch.ts), is installed beside Merrow's code: it
 * is a dependency of a checkout, and an optional one of the npm package, which leaves it out.
 */
function canDriveElectron(): boolean {
  try {
    createRequire(import.meta.url).resolve('playwright-core');
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a browser, in order: `--browser PATH`, `MERROW_BROWSER`, the Electron binary of an
 * installed `electron` package when playwright-core is there to drive it (a user who has the app
 * needs no other browser), then Chrome, Chromium or Edge installed on the system. Never downloads
 * one.
 */
export function findBrowser(options: FindBrowserOptions = {}): FoundBrowser {
  const env = options.env ?? process.env;
  const explicit: [string | undefined, 'option' | 'env', string][] = [
    [options.browser, 'option', '--browser'],
    [env.MERROW_BROWSER, 'env', 'MERROW_BROWSER'],
  ];
  for (const [path, source, label] of explicit) {
    if (!path) continue;
    if (!isExecutable(path)) throw new BrowserNotFoundError(`${label} ${path}: no executable file there`);
    return { path, kind: kindOf(path), source };
  }
  for (const from of canDriveElectron()
    ? (options.electronFrom ?? [process.cwd(), import.meta.dirname])
    : []) {
    const path = electronBinary(from, env);
    if (path) return { path, kind: 'electron', source: 'electron' };
  }
  for (const path of systemCandidates(options.platform ?? process.platform, env)) {
    if (isExecutable(path)) return { path, kind: 'chromium', source: 'system' };
  }
  throw new BrowserNotFoundError(
    [
      'no browser found to render with. Merrow needs a Chromium-family browser; it never downloads one. Either:',
      '  - pass --browser /path/to/chrome, or set MERROW_BROWSER',
      '  - install the Merrow app, or the `electron` and `playwright-core` npm packages (Electron renders)',
      '  - install Google Chrome, Chromium or Microsoft Edge (e.g. `apt-get install chromium`)',
    ].join('\n'),
  );
}
