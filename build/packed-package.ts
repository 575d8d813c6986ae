import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildRenderer } from '../node/serve/renderer-build.ts';
import { buildPackage, PACKAGE_DIR } from './npm-package.ts';
import { type LocalRegistry, type PackedPackage, startRegistry } from './npm-registry.ts';

const ROOT = resolve(import.meta.dirname, '..');
/** What the package is built from: a change here makes dist/package stale. */
const SOURCES = ['node', 'shared', 'build', 'examples/hooks', 'examples/ci', 'README.md', 'package.json'];
const ENGINE_PAGE = join(ROOT, 'dist/renderer/engine.html');
const CACHE = join(tmpdir(), 'merrow-packed-package');

/**
 * For the tests and the benchmark of the npm package: a registry on 127.0.0.1 serving the package
 * as `npm pack` makes it.
 * dist/package is built first when it is missing or older than its sources; the tarball is made
 * once per content of the package, whichever test file asks first (the others wait for it).
 */
export async function startPackageRegistry(): Promise<LocalRegistry> {
  const packages = await withLock(async () => {
    if (isStale()) {
      if (!existsSync(ENGINE_PAGE) && !(await buildRenderer())) throw new Error('the renderer build failed');
      await buildPackage();
    }
    return packAll();
  });
  return startRegistry(packages);
}

/**
 * npm's settings (as environment variables) for installing from `registry` alone, with an npm
 * cache of its own in `cache`: nothing is fetched from anywhere else, nothing is audited.
 */
export function npmEnv(registry: LocalRegistry, cache: string): Record<string, string> {
  return {
    npm_config_registry: registry.url,
    npm_config_cache: cache,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_loglevel: 'warn',
  };
}

/** A fresh temp folder for a user's project. */
export function emptyProject(): string {
  return mkdtempSync(join(tmpdir(), 'merrow-project-'));
}

/**
 * `npm install -D merrow` in `project` (given a package.json first if it has none) from
 * `registry`; throws with npm's output when it fails.
 */
export function installCli(project: string, registry: LocalRegistry, env: NodeJS.ProcessEnv = {}): void {
  const manifest = join(project, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, '{ "name": "diagrams", "private": true }\n');
  const run = spawnSync('npm', ['install', '-D', 'merrow'], {
    cwd: project,
    env: { ...process.env, ...npmEnv(registry, join(project, '.npm-cache')), ...env },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`npm install -D merrow failed:\n${run.stdout}${run.stderr}`);
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  const built = join(PACKAGE_DIR, 'package.json');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return [...SOURCES.map((s) => join(ROOT, s)), ENGINE_PAGE].some((s) => newestMtime(s) > builtAt);
}

/** The package, packed into a cache folder named by its content. */
function packAll(): PackedPackage[] {
  const dir = join(CACHE, contentHash(PACKAGE_DIR));
  const listing = join(dir, 'packages.json');
  if (existsSync(listing)) return JSON.parse(readFileSync(listing, 'utf8'));
  // Earlier builds' tarballs are of no further use.
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const out = execFileSync(
    'npm',
    ['pack', PACKAGE_DIR, '--pack-destination', dir, '--ignore-scripts', '--json'],
    {
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'error' },
    },
  );
  const [{ filename }] = JSON.parse(out) as [{ filename: string }];
  const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
  const packages: PackedPackage[] = [{ tarball: join(dir, filename), manifest }];
  writeFileSync(listing, JSON.stringify(packages));
  return packages;
}

function contentHash(dir: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(file.slice(dir.length)).update('\0').update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/** Runs `fn` while holding a lock shared by every test process; a dead holder's lock is taken over. */
async function withLock<T>(fn: () => Promise<T> | T): Promise<T> {
  mkdirSync(CACHE, { recursive: true });
  const lock = join(tmpdir(), 'merrow-packed-package.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder(lock);
      if (holder && !isAlive(holder)) rmSync(lock, { recursive: true, force: true });
      else await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The pid in a lock, or 0 while it is being written (or was just released). */
function lockHolder(lock: string): number {
  try {
    return Number(readFileSync(join(lock, 'pid'), 'utf8')) || 0;
  } catch {
    return 0;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
