import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { takePidLock } from './pid-lock.ts';

/** A browser profile folder this process may use alone, and the asset server port that goes with it. */
export interface BrowserProfile {
  dir: string;
  /** A port to serve the engine page on, so that its URLs (and the browser's caches) stay the same across runs. */
  port: number | undefined;
  /** Gives the folder back (a temporary one is deleted); call only once the browser has exited. */
  release(): void;
}

/** Reused profiles: enough for a few merrow processes at once; more fall back to temporary ones. */
const SLOTS = 4;
/** Ports 47130–47133 on 127.0.0.1, one per profile slot; a port in use falls back to a random one. */
const FIRST_PORT = 47130;

function cacheRoot(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library/Caches/merrow');
  if (process.platform === 'win32')
    return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData/Local'), 'merrow/Cache');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'merrow');
}

/** The browser's caches of the engine page: its HTTP cache and V8's compiled code. */
const PAGE_CACHES = ['Default/Cache', 'Default/Code Cache'];
/** Which build of the engine page the profile's caches hold. */
const BUILD_STAMP = 'merrow-engine-build';

/**
 * The caches hold the engine page's files under their content-hashed names: after an upgrade (or
 * a rebuild) no entry is ever read again, yet the browser keeps them up to its own limits of
 * hundreds of megabytes. So a profile that last served another build starts with empty caches.
 */
function forgetOtherBuilds(dir: string, build: string): void {
  const stamp = join(dir, BUILD_STAMP);
  let last: string | undefined;
  try {
    last = readFileSync(stamp, 'utf8');
  } catch {
    // a new profile, or one from before stamps
  }
  if (last === build) return;
  for (const cache of PAGE_CACHES) rmSync(join(dir, cache), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(stamp, build);
}

/**
 * A profile kept in the user's cache folder between runs: the browser starts faster in a profile
 * it has used before, and nothing is left to delete when it ends. Each slot is locked by one
 * process; when every slot is taken (many merrow processes at once) or the cache folder cannot
 * be written, a temporary profile is used and deleted afterwards. `build` names the engine page's
 * build (see forgetOtherBuilds).
 */
export function acquireProfile(env: NodeJS.ProcessEnv = process.env, build?: string): BrowserProfile {
  const root = cacheRoot(env);
  try {
    mkdirSync(root, { recursive: true });
    for (let slot = 0; slot < SLOTS; slot++) {
      const dir = join(root, `browser-profile-${slot}`);
      const lockFile = join(root, `browser-profile-${slot}.lock`);
      if (!takePidLock(lockFile)) continue;
      if (build !== undefined) {
        try {
          forgetOtherBuilds(dir, build);
        } catch (error) {
          rmSync(lockFile, { force: true });
          throw error;
        }
      }
      return {
        dir,
        port: FIRST_PORT + slot,
        release: () => rmSync(lockFile, { force: true }),
      };
    }
  } catch {
    // An unwritable cache folder: a temporary profile works as well, only a little slower.
  }
  return temporaryProfile();
}

/** A fresh profile in the temp folder, deleted on release. */
export function temporaryProfile(): BrowserProfile {
  const dir = mkdtempSync(join(tmpdir(), 'merrow-browser-'));
  return {
    dir,
    port: undefined,
    release: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }),
  };
}
