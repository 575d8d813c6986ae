import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  ApiError,
  type ApiEvents,
  type ApiHandlers,
  type ApiMethod,
  type ApiResult,
  type GitCommit,
  type GitStatus,
} from '../../shared/api/contract.ts';
import { firstConflictMarker } from '../../shared/text/conflict-markers.ts';
import type { FolderBoundary } from '../boundary/confine.ts';
import { guarded } from '../boundary/guarded.ts';
import type { TrashFunction } from '../workspace/trash.ts';
import { GIT_MISSING_MESSAGE, gitMessage, readableOutput, runGit, spawnGit } from './run-git.ts';
import { parseStatus } from './status.ts';

export type GitMethod = Extract<ApiMethod, `git.${string}`>;
export type GitHandlers = Pick<ApiHandlers, GitMethod>;

/** Every git method of the contract. */
export const GIT_METHODS: readonly GitMethod[] = [
  'git.status',
  'git.init',
  'git.show',
  'git.diff',
  'git.log',
  'git.stage',
  'git.unstage',
  'git.discard',
  'git.commit',
  'git.pull',
  'git.push',
  'git.abortMerge',
];

export interface GitApiOptions {
  /** Where `git.discard` moves untracked files: the same trash as `file.delete`. */
  trash: TrashFunction;
  /** Receives git's progress lines during pull and push (forward them as `git.progress`). */
  onProgress?: (event: ApiEvents['git.progress']) => void;
}

const DEFAULT_LOG_LIMIT = 200;
const FIELD = '\x1f';
const RECORD = '\x1e';

/**
 * A pathspec git takes as the exact path it is: no `:(top)` or other magic, no glob (`*` is a
 * legal character in a file name). Per path rather than GIT_LITERAL_PATHSPECS, which git would
 * pass on to the user's hooks and change how their own git commands match.
 */
const literal = (path: string) => `:(literal)${path}`;

/**
 * The `git.*` methods of the API contract for the opened folder, run with the system git and the
 * user's own configuration. Every handler checks its (untrusted) arguments, and every path goes
 * through the folder's boundary before git sees it (inside the folder, symlinks resolved, never
 * into `.git`), also when the folder is a subfolder of a larger repository.
 */
export function createGitApi(boundary: FolderBoundary, options: GitApiOptions): GitHandlers {
  const root = boundary.root;
  // `git rev-parse --show-prefix`, known once the folder is a repository; it never changes after.
  let prefix: string | undefined;

  async function repoPrefix(): Promise<string> {
    prefix ??= (await runGit(root, ['rev-parse', '--show-prefix'])).trim();
    return prefix;
  }

  async function headExists(): Promise<boolean> {
    const result = await spawnGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
    return result.code === 0;
  }

  /**
   * The path as git must see it: its folder resolved through symlinks, its last part kept (git
   * tracks a symbolic link itself, never what it points to). Refused when it leaves the folder.
   */
  async function gitPath(path: string): Promise<{ rel: string; abs: string; exists: boolean }> {
    const { abs, exists } = await boundary.entry(path);
    return { rel: boundary.relative(abs), abs, exists };
  }

  boundary.guardWith(() => gitFolders(root));

  return {
    'git.status': guarded('git.status', async () => {
      const status = await readStatus(root, repoPrefix);
      if (!status.isRepo) return status;
      const merge = await mergeInProgress(root);
      return merge ? { ...status, merge } : status;
    }),

    'git.init': guarded('git.init', async () => {
      await runGit(root, ['init']);
      boundary.guardWith(() => gitFolders(root));
      return null;
    }),

    'git.show': guarded('git.show', ({ path, ref }) =>
      boundary.lock.shared(async () => {
        const { rel } = await gitPath(path);
        const spec = `${revisionPart(ref)}:./${rel}`;
        const result = await spawnGit(root, ['cat-file', '--filters', spec]);
        if (result.code === 0) return { text: result.stdout };
        // Absent at that ref (or no commit yet) is an answer, not an error: the file is new.
        if (/does not exist|but not in|not at stage|invalid object name 'HEAD'/.test(result.stderr)) {
          return { text: null };
        }
        throw new ApiError('git', gitMessage(result, ['show']));
      }),
    ),

    'git.diff': guarded('git.diff', ({ path, staged }) =>
      boundary.lock.shared(async () => {
        const { rel, exists } = await gitPath(path);
        const flags = ['diff', '--no-color', '--no-ext-diff'];
        const patch = await runGit(root, [...flags, ...(staged ? ['--cached'] : []), '--', literal(rel)]);
        if (patch || staged || !exists) return { patch };
        // An untracked file has no diff against the index; show it as wholly added. `rel` has no
        // symlink on the way, and git shows a final symlink as the link, not what it points to.
        const tracked = await runGit(root, ['ls-files', '--', literal(rel)]);
        if (tracked) return { patch };
        return {
          patch: await runGit(root, [...flags, '--no-index', '--', '/dev/null', rel], { okCodes: [1] }),
        };
      }),
    ),

    'git.log': guarded('git.log', async ({ path, limit }) => {
      const count = String(Math.max(1, Math.floor(limit ?? DEFAULT_LOG_LIMIT)));
      const format = `--format=${RECORD}%H${FIELD}%an${FIELD}%ae${FIELD}%aI${FIELD}%B${FIELD}`;
      const base = ['log', '--no-color', '--no-show-signature', '-z', format, '-n', count];
      if (!(await headExists())) return [];
      if (!path) return parseLog(await runGit(root, base), null);
      const { rel } = await boundary.lock.shared(() => gitPath(path));
      const output = await runGit(root, [...base, '--follow', '--name-only', '--', literal(rel)]);
      return parseLog(output, await repoPrefix());
    }),

    'git.stage': guarded('git.stage', ({ paths, force }) =>
      boundary.lock.shared(async () => {
        const named = await Promise.all(paths.map(gitPath));
        if (!force) await refuseConflictMarkers(paths, named);
        const rels = named.map((n) => literal(n.rel));
        // -A stages deletions of listed files too.
        if (rels.length) await runGit(root, ['add', '-A', '--', ...rels]);
        return null;
      }),
    ),

    'git.unstage': guarded('git.unstage', ({ paths }) =>
      boundary.lock.shared(async () => {
        const rels = await Promise.all(paths.map(async (p) => literal((await gitPath(p)).rel)));
        if (!rels.length) return null;
        if (await headExists()) await runGit(root, ['restore', '--staged', '--', ...rels]);
        else await runGit(root, ['rm', '--cached', '-r', '-q', '--', ...rels]);
        return null;
      }),
    ),

    // Exclusive: restoring a tracked file may put a symbolic link back at its path.
    'git.discard': guarded('git.discard', ({ paths }) =>
      boundary.lock.exclusive(async () => {
        const named = await Promise.all(paths.map(gitPath));
        if (!named.length) return null;
        // Git only answers which of the named paths are untracked; what is removed is decided
        // here, from the named and confined paths, and goes to the trash, never deleted.
        const listed = await runGit(root, [
          'ls-files',
          '-z',
          '--others',
          '--exclude-standard',
          '--',
          ...named.map((n) => literal(n.rel)),
        ]);
        const untracked = new Set(listed.split('\0').filter(Boolean));
        const tracked = named.filter((n) => !untracked.has(n.rel));
        if (tracked.length) {
          await runGit(root, ['restore', '--worktree', '--', ...tracked.map((n) => literal(n.rel))]);
        }
        for (const n of named) if (untracked.has(n.rel) && n.exists) await options.trash(n.abs);
        return null;
      }),
    ),

    'git.commit': guarded('git.commit', async ({ message, amend }) => {
      const keepMessage = amend && !message.trim();
      if (!message.trim() && !amend) throw new ApiError('invalid-args', 'Write a commit message first.');
      const flags = keepMessage ? ['--no-edit'] : ['--file=-'];
      // Detached like pull/push: a hook or signing prompt that wants a terminal fails instead of hanging.
      await runGit(root, ['commit', ...(amend ? ['--amend'] : []), ...flags], {
        input: message,
        detached: true,
      });
      return { hash: (await runGit(root, ['rev-parse', 'HEAD'])).trim() };
    }),

    'git.pull': guarded('git.pull', async ({ mode }) => {
      if (mode !== undefined && mode !== 'merge' && mode !== 'rebase') {
        throw new ApiError('invalid-args', `mode: '${mode}' is not merge or rebase`);
      }
      // Without a mode the user's config (pull.rebase, pull.ff) decides, as on the command line.
      const how = mode === 'merge' ? ['--no-rebase'] : mode === 'rebase' ? ['--rebase'] : [];
      const before = (await spawnGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD'])).stdout.trim();
      const output = await remote(root, ['pull', '--no-edit', '--progress', ...how], 'pull', options);
      return { output, outcome: await pullOutcome(root, before) };
    }),

    'git.abortMerge': guarded('git.abortMerge', async () => {
      await runGit(root, ['merge', '--abort']);
      return null;
    }),

    'git.push': guarded('git.push', async () => ({
      output: await remote(root, ['push', '--progress'], 'push', options),
    })),
  };
}

/** The largest file searched for conflict markers before it is staged. */
const MARKER_SCAN_BYTES = 8 * 1024 * 1024;

/**
 * Refuses to stage a file that still has git's conflict markers: committed, they break the
 * diagram for everyone who pulls it. The message names the marker's line, and how to go on.
 */
async function refuseConflictMarkers(paths: string[], named: { abs: string; exists: boolean }[]) {
  for (const [i, { abs, exists }] of named.entries()) {
    if (!exists) continue;
    const info = await stat(abs).catch(() => null);
    if (!info?.isFile() || info.size > MARKER_SCAN_BYTES) continue;
    const found = firstConflictMarker(await readFile(abs, 'utf8'));
    if (found) {
      throw new ApiError(
        'conflict',
        `${paths[i]}:${found.line}:1: still has a git conflict marker (${found.marker}). Keep the side you want and delete the markers, or stage it anyway.`,
      );
    }
  }
}

/** The merge in progress, with the message git prepared for its commit; null when none. */
async function mergeInProgress(root: string): Promise<{ message: string } | null> {
  const head = await spawnGit(root, ['rev-parse', '--verify', '--quiet', 'MERGE_HEAD']);
  if (head.code !== 0) return null;
  const file = (await runGit(root, ['rev-parse', '--git-path', 'MERGE_MSG'])).trim();
  const text = await readFile(resolve(root, file), 'utf8').catch(() => '');
  // git's own comment lines (the list of conflicts) are not part of the message.
  const message = text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .trim();
  return { message };
}

/** What a pull did, read from the history: nothing, a fast-forward, a merge commit, or a rebase. */
async function pullOutcome(root: string, before: string): Promise<ApiResult<'git.pull'>['outcome']> {
  const after = (await spawnGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD'])).stdout.trim();
  if (after === before) return 'up-to-date';
  if (!before) return 'fast-forward';
  const parents = (await runGit(root, ['rev-list', '--parents', '-n', '1', 'HEAD'])).trim().split(' ');
  if (parents.length > 2 && parents.includes(before)) return 'merge';
  const kept = await spawnGit(root, ['merge-base', '--is-ancestor', before, 'HEAD']);
  // The old HEAD is no longer in the history: its commits were replayed on top of the remote's.
  return kept.code === 0 ? 'fast-forward' : 'rebase';
}

/**
 * Folders inside the opened one that hold code git runs but are not named `.git`: the git folder
 * of `git init --separate-git-dir` or a `gitdir:` file, the common folder of a linked worktree,
 * and the hooks folder (`core.hooksPath`). None when the folder is not a repository.
 */
export async function gitFolders(root: string): Promise<{ dir: string; why: string }[]> {
  const result = await spawnGit(root, [
    'rev-parse',
    '--absolute-git-dir',
    '--git-common-dir',
    '--git-path',
    'hooks',
  ]).catch(() => null);
  if (result?.code !== 0) return [];
  const [gitDir, commonDir, hooks] = result.stdout.split('\n').map((line) => line.trim());
  const folders = [
    { dir: gitDir, why: "the repository's own data" },
    { dir: commonDir, why: "the repository's own data" },
    { dir: hooks, why: "git's hooks folder (core.hooksPath)" },
  ].filter((f): f is { dir: string; why: string } => !!f.dir);
  return folders.map(({ dir, why }) => ({ dir: resolve(root, dir), why }));
}

/**
 * What git.status runs. --no-optional-locks: a status must not rewrite the index, or the repository
 * watcher would see its own refresh as a change (and fight the user's git for index.lock).
 */
export const STATUS_ARGS: readonly string[] = [
  '--no-optional-locks',
  'status',
  '--porcelain=v2',
  '--branch',
  '-z',
  '--untracked-files=all',
  '--',
  '.',
];

async function readStatus(root: string, repoPrefix: () => Promise<string>): Promise<GitStatus> {
  const result = await spawnGit(root, [...STATUS_ARGS]).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'unavailable') return null;
    throw error;
  });
  const empty = { branch: null, ahead: 0, behind: 0, files: [] };
  if (!result) return { available: false, isRepo: false, message: GIT_MISSING_MESSAGE, ...empty };
  if (result.code !== 0) {
    const message = /not a git repository/i.test(result.stderr)
      ? 'This folder is not in a git repository. Initialise one to track changes.'
      : gitMessage(result, ['status']);
    return { available: true, isRepo: false, message, ...empty };
  }
  return { available: true, isRepo: true, ...parseStatus(result.stdout, await repoPrefix()) };
}

/** `HEAD`, a commit, `:` (the index) or `:1`/`:2`/`:3` (base, ours, theirs in a conflict). */
function revisionPart(ref: string): string {
  if (ref === ':' || ref === '') return '';
  if (/^:[0-3]$/.test(ref)) return ref;
  // Refuse anything git could read as an option or a revision range.
  if (!/^[A-Za-z0-9_][A-Za-z0-9_./~^@{}-]*$/.test(ref) || ref.includes('..')) {
    throw new ApiError('invalid-args', `ref: '${ref}' is not a commit or branch name`);
  }
  return ref;
}

function parseLog(output: string, prefix: string | null): GitCommit[] {
  return output
    .split(RECORD)
    .filter(Boolean)
    .map((record) => {
      const [hash = '', author = '', email = '', date = '', message = '', names = ''] = record.split(FIELD);
      const commit: GitCommit = { hash, author, email, date, message: message.trim() };
      // With --name-only -z the file's path at that commit follows the format, NUL-separated.
      const path = names
        .split('\0')
        .map((name) => name.replace(/^\n/, ''))
        .find(Boolean);
      if (prefix !== null && path?.startsWith(prefix)) commit.path = path.slice(prefix.length);
      return commit;
    });
}

async function remote(
  root: string,
  gitArgs: string[],
  operation: 'pull' | 'push',
  options: GitApiOptions,
): Promise<string> {
  const onProgress = options.onProgress && ((text: string) => options.onProgress?.({ operation, text }));
  const result = await spawnGit(root, gitArgs, { detached: true, ...(onProgress ? { onProgress } : {}) });
  const text = readableOutput(result);
  if (result.code !== 0) throw new ApiError('git', text || gitMessage(result, gitArgs));
  return text;
}
