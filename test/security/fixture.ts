import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Api, createApi, systemGit } from '../../node/api/create-api.ts';

/**
 * The ground an attack is tried on: a real git repository opened by Merrow, with secrets beside
 * it and canaries that would show code git ran. Every test of the security suite builds one.
 *
 *     base/
 *       outside/secret.txt          a file outside the opened folder ("SECRET-OUTSIDE")
 *       canary                      created by any hook or fsmonitor that runs (must never exist)
 *       cache/                      Merrow's cache: backups and trash
 *       repo/                       the repository (opened itself, or its docs/ subfolder)
 *         .git/                     hooks/*.sample ready to be renamed into place
 *         sibling/secret.txt        committed and changed since, outside docs/ ("SECRET-SIBLING")
 *         sibling/new-secret.txt    untracked, outside docs/
 *         docs/…                    diagrams, committed and untracked
 */
export interface AttackGround {
  base: string;
  repo: string;
  /** The folder Merrow opened. */
  opened: string;
  outside: string;
  canary: string;
  trash: string;
  api: Api;
  git(...args: string[]): string;
  /** A digest of everything Merrow must never change: outside the folder, git's config, hooks and info, and the canary. */
  untouchable(): string;
  /** Every file's content under the folder and in the trash (where deleted things must be). */
  contents(): Set<string>;
  close(): void;
}

/** What a hook or fsmonitor would run: touch the canary. */
export const canaryScript = (canary: string) => `#!/bin/sh\ntouch '${canary}'\n`;

/**
 * Builds the ground. `open: 'repo'` opens the repository's top folder (so `.git` is inside the
 * folder); `open: 'docs'` opens a subfolder (so git could reach the rest of the repository).
 */
export function attackGround(open: 'repo' | 'docs'): AttackGround {
  const base = mkdtempSync(join(tmpdir(), 'merrow-attack-'));
  const repo = join(base, 'repo');
  const outside = join(base, 'outside');
  const canary = join(base, 'canary');
  const cache = join(base, 'cache');
  const globalConfig = join(base, 'gitconfig');
  writeFileSync(
    globalConfig,
    '[user]\n\tname = Ada Tester\n\temail = ada@example.com\n[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n',
  );
  process.env.GIT_CONFIG_GLOBAL = globalConfig;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  const write = (path: string, text: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  write(join(outside, 'secret.txt'), 'SECRET-OUTSIDE\n');
  write(join(outside, 'secret.mmd'), 'flowchart LR\n  SECRET-OUTSIDE\n');
  mkdirSync(repo);
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: 'pipe' });
  git('init', '-q');
  write(join(repo, 'sibling/secret.txt'), 'SECRET-SIBLING\n');
  write(join(repo, 'docs/flow.mmd'), 'flowchart LR\n  committed-flow\n');
  write(join(repo, 'docs/sub/seq.mmd'), 'sequenceDiagram\n  committed-seq\n');
  write(join(repo, 'flow.mmd'), 'flowchart LR\n  committed-top\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'first');
  // Uncommitted work outside docs/: what a leaking diff would show and a stray discard would destroy.
  write(join(repo, 'sibling/secret.txt'), 'SECRET-SIBLING\nSECRET-SIBLING uncommitted work\n');
  write(join(repo, 'sibling/new-secret.txt'), 'SECRET-SIBLING untracked\n');
  write(join(repo, 'docs/untracked.mmd'), 'flowchart LR\n  untracked-docs\n');
  write(join(repo, 'docs/*.mmd'), 'flowchart LR\n  star-named\n');
  write(join(repo, 'untracked.mmd'), 'flowchart LR\n  untracked-top\n');
  for (const hook of ['pre-commit', 'post-checkout', 'fsmonitor-watchman']) {
    write(join(repo, `.git/hooks/${hook}.sample`), canaryScript(canary));
    execFileSync('chmod', ['+x', join(repo, `.git/hooks/${hook}.sample`)]);
  }
  const opened = open === 'repo' ? repo : join(repo, 'docs');
  const trash = join(cache, 'trash');
  const api = createApi(opened, { cacheDir: cache, watch: false, git: systemGit });

  const untouchable = () => {
    const hash = createHash('sha256');
    const kept = [outside, join(repo, '.git/hooks'), join(repo, '.git/info')];
    // With docs/ opened, the rest of the repository is outside the folder too.
    if (open === 'docs')
      kept.push(join(repo, 'sibling'), join(repo, 'flow.mmd'), join(repo, 'untracked.mmd'));
    for (const dir of kept) {
      for (const [path, digest] of walk(dir)) hash.update(`${path}\0${digest}\n`);
    }
    hash.update(readFileSync(join(repo, '.git/config')));
    hash.update(readFileSync(join(repo, '.git/HEAD')));
    hash.update(String(existsSync(canary)));
    return hash.digest('hex');
  };
  const contents = () => {
    const found = new Set<string>();
    for (const dir of [opened, trash]) {
      for (const [path] of walk(dir, ['.git'])) {
        if (lstatSync(path).isFile()) found.add(readFileSync(path, 'utf8'));
      }
    }
    return found;
  };
  return {
    base,
    repo,
    opened,
    outside,
    canary,
    trash,
    api,
    git,
    untouchable,
    contents,
    close() {
      api.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/**
 * Every entry under `dir` (links not followed) with a digest of its content or link target;
 * `skip` leaves out folders of those names (and what they hold).
 */
export function walk(dir: string, skip: readonly string[] = []): [string, string][] {
  if (!existsSync(dir)) return [];
  if (!lstatSync(dir).isDirectory())
    return [[dir, createHash('sha256').update(readFileSync(dir)).digest('hex')]];
  const out: [string, string][] = [];
  for (const name of readdirSync(dir).sort()) {
    if (skip.includes(name)) continue;
    const path = join(dir, name);
    const info = lstatSync(path);
    if (info.isSymbolicLink()) out.push([path, `link:${readlinkSync(path)}`]);
    else if (info.isDirectory()) out.push([path, 'dir'], ...walk(path, skip));
    else out.push([path, `${info.mode}:${createHash('sha256').update(readFileSync(path)).digest('hex')}`]);
  }
  return out;
}
