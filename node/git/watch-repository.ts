import { type FSWatcher, watch } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { spawnGit } from './run-git.ts';

const DEBOUNCE_MS = 150;

/**
 * Calls `onChange` (debounced) when the repository holding `root` changes outside the working
 * tree: HEAD (commit, checkout), the index (stage, stash), refs (branches, tags, stash, fetch)
 * or a merge/rebase starting or ending — whether Merrow or a terminal did it. When `root` is not
 * yet a repository, waits for a `.git` to appear (a `git init`) and then watches it.
 * Resolves once the watchers are in place with the function that stops them.
 */
export async function watchRepository(root: string, onChange: () => void): Promise<() => void> {
  const watchers: FSWatcher[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const changed = (name: string | null) => {
    // Lock files come and go around every write; the rename that follows is the real change.
    if (stopped || name?.endsWith('.lock')) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, DEBOUNCE_MS);
  };

  const add = (path: string, recursive: boolean, listener: (name: string | null) => void) => {
    try {
      const watcher = watch(path, { recursive, persistent: false }, (_event, name) => listener(name));
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      // A folder that does not exist yet (refs/ in an odd layout) has nothing to report.
    }
  };

  const watchGitDirs = async (): Promise<boolean> => {
    const dirs = await gitDirs(root);
    if (!dirs || stopped) return false;
    add(dirs.gitDir, false, changed);
    if (dirs.commonDir !== dirs.gitDir) add(dirs.commonDir, false, changed);
    add(join(dirs.commonDir, 'refs'), true, changed);
    return true;
  };

  if (!(await watchGitDirs())) {
    const folderWatcher = { done: false };
    add(root, false, (name) => {
      if (name !== '.git' || folderWatcher.done) return;
      folderWatcher.done = true;
      void watchGitDirs().then((ok) => ok && changed('.git'));
    });
  }

  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}

/** The repository's own git dir (HEAD, index) and the common dir (refs, shared by worktrees). */
async function gitDirs(root: string): Promise<{ gitDir: string; commonDir: string } | null> {
  // Git missing (spawn fails) means no repository to watch, like a folder outside one.
  const noGit = () => ({ code: 1, stdout: '', stderr: '' });
  const result = await spawnGit(root, ['rev-parse', '--absolute-git-dir', '--git-common-dir']).catch(noGit);
  if (result.code !== 0) return null;
  const [gitDir = '', common = ''] = result.stdout.trim().split('\n');
  return { gitDir, commonDir: isAbsolute(common) ? common : resolve(root, common) };
}
