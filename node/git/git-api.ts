import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ApiArgs,
  ApiError,
  type ApiEvents,
  type ApiHandlers,
  type ApiMethod,
  type GitCommit,
  type GitStatus,
} from '../../shared/api/contract.ts';
import { validateArgs } from '../../shared/api/validate.ts';
import { GIT_MISSING_MESSAGE, gitMessage, runGit, spawnGit } from './run-git.ts';
import { parseStatus } from './status.ts';

export type GitMethod = Extract<ApiMethod, `git.${string}`>;
export type GitHandlers = Pick<ApiHandlers, GitMethod>;

export interface GitApiOptions {
  /** Receives git's progress lines during pull and push (forward them as `git.progress`). */
  onProgress?: (event: ApiEvents['git.progress']) => void;
}

const DEFAULT_LOG_LIMIT = 200;
const FIELD = '\x1f';
const RECORD = '\x1e';

/**
 * The `git.*` methods of the API contract for the folder `root`, run with the system git and
 * the user's own configuration. Every handler validates its (untrusted) arguments and keeps
 * paths inside `root`, also when `root` is a subfolder of a larger repository.
 */
export function createGitApi(root: string, options: GitApiOptions = {}): GitHandlers {
  // `git rev-parse --show-prefix`, known once the folder is a repository; it never changes after.
  let prefix: string | undefined;

  async function repoPrefix(): Promise<string> {
    prefix ??= (await runGit(root, ['rev-parse', '--show-prefix'])).trim();
    return prefix;
  }

  function args<M extends GitMethod>(method: M, raw: unknown): ApiArgs<M> {
    return validateArgs(method, raw) as ApiArgs<M>;
  }

  async function headExists(): Promise<boolean> {
    const result = await spawnGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
    return result.code === 0;
  }

  return {
    async 'git.status'(raw) {
      args('git.status', raw);
      return readStatus(root, repoPrefix);
    },

    async 'git.init'(raw) {
      args('git.init', raw);
      await runGit(root, ['init']);
      return null;
    },

    async 'git.show'(raw) {
      const { path, ref } = args('git.show', raw);
      const spec = `${revisionPart(ref)}:./${path}`;
      const result = await spawnGit(root, ['cat-file', '--filters', spec]);
      if (result.code === 0) return { text: result.stdout };
      // Absent at that ref (or no commit yet) is an answer, not an error: the file is new.
      if (/does not exist|but not in|not at stage|invalid object name 'HEAD'/.test(result.stderr)) {
        return { text: null };
      }
      throw new ApiError('git', gitMessage(result, ['show']));
    },

    async 'git.diff'(raw) {
      const { path, staged } = args('git.diff', raw);
      const flags = ['diff', '--no-color', '--no-ext-diff'];
      const patch = await runGit(root, [...flags, ...(staged ? ['--cached'] : []), '--', path]);
      if (patch || staged || !existsSync(join(root, path))) return { patch };
      // An untracked file has no diff against the index; show it as wholly added.
      const tracked = await runGit(root, ['ls-files', '--', path]);
      if (tracked) return { patch };
      return {
        patch: await runGit(root, [...flags, '--no-index', '--', '/dev/null', path], { okCodes: [1] }),
      };
    },

    async 'git.log'(raw) {
      const { path, limit } = args('git.log', raw);
      const count = String(Math.max(1, Math.floor(limit ?? DEFAULT_LOG_LIMIT)));
      const format = `--format=${RECORD}%H${FIELD}%an${FIELD}%ae${FIELD}%aI${FIELD}%B${FIELD}`;
      const base = ['log', '--no-color', '--no-show-signature', '-z', format, '-n', count];
      if (!(await headExists())) return [];
      if (!path) return parseLog(await runGit(root, base), null);
      const output = await runGit(root, [...base, '--follow', '--name-only', '--', path]);
      return parseLog(output, await repoPrefix());
    },

    async 'git.stage'(raw) {
      const { paths } = args('git.stage', raw);
      // -A stages deletions of listed files too.
      if (paths.length) await runGit(root, ['add', '-A', '--', ...paths]);
      return null;
    },

    async 'git.unstage'(raw) {
      const { paths } = args('git.unstage', raw);
      if (!paths.length) return null;
      if (await headExists()) await runGit(root, ['restore', '--staged', '--', ...paths]);
      else await runGit(root, ['rm', '--cached', '-r', '-q', '--', ...paths]);
      return null;
    },

    async 'git.discard'(raw) {
      const { paths } = args('git.discard', raw);
      if (!paths.length) return null;
      // Tracked files go back to their staged version; untracked ones are removed.
      const untracked = (
        await runGit(root, ['ls-files', '-z', '--others', '--exclude-standard', '--', ...paths])
      )
        .split('\0')
        .filter(Boolean);
      const tracked = paths.filter((p) => !untracked.includes(p));
      if (tracked.length) await runGit(root, ['restore', '--worktree', '--', ...tracked]);
      await Promise.all(untracked.map((p) => rm(join(root, p), { force: true })));
      return null;
    },

    async 'git.commit'(raw) {
      const { message, amend } = args('git.commit', raw);
      const keepMessage = amend && !message.trim();
      if (!message.trim() && !amend) throw new ApiError('invalid-args', 'Write a commit message first.');
      const flags = keepMessage ? ['--no-edit'] : ['--file=-'];
      // Detached like pull/push: a hook or signing prompt that wants a terminal fails instead of hanging.
      await runGit(root, ['commit', ...(amend ? ['--amend'] : []), ...flags], {
        input: message,
        detached: true,
      });
      return { hash: (await runGit(root, ['rev-parse', 'HEAD'])).trim() };
    },

    async 'git.pull'(raw) {
      args('git.pull', raw);
      return { output: await remote(root, ['pull', '--no-edit', '--progress'], 'pull', options) };
    },

    async 'git.push'(raw) {
      args('git.push', raw);
      return { output: await remote(root, ['push', '--progress'], 'push', options) };
    },
  };
}

async function readStatus(root: string, repoPrefix: () => Promise<string>): Promise<GitStatus> {
  // --no-optional-locks: a status must not rewrite the index, or the repository watcher
  // would see its own refresh as a change (and fight the user's git for index.lock).
  const result = await spawnGit(root, [
    '--no-optional-locks',
    'status',
    '--porcelain=v2',
    '--branch',
    '-z',
    '--untracked-files=all',
    '--',
    '.',
  ]).catch((error: unknown) => {
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
  if (result.code !== 0) throw new ApiError('git', gitMessage(result, gitArgs));
  return `${result.stdout}${result.stderr}`.trim();
}
