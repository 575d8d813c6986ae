import { ApiError } from '../../shared/api/contract.ts';
import { runGit, spawnGit } from './run-git.ts';

/** Files `merrow export --changed` and `merrow check --changed` look at. */
const DIAGRAM_FILE = /\.(mmd|mermaid|md)$/i;

// git's well-known id of the empty tree: what HEAD "is" before the first commit.
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * The diagram files under `root` (relative to it, `/`-separated, sorted) that differ from HEAD:
 * by default every change in the working copy, staged or not, plus new untracked files;
 * with `staged`, only what is staged for the next commit (for a pre-commit hook). Deleted files
 * are left out, since there is nothing left to export or check.
 */
export async function changedDiagrams(root: string, options: { staged?: boolean } = {}): Promise<string[]> {
  const probe = await spawnGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  if (probe.code !== 0 && /not a git repository/i.test(probe.stderr)) {
    throw new ApiError('git', `${root} is not in a git repository; --changed compares with git's HEAD`);
  }
  const base = probe.code === 0 ? 'HEAD' : EMPTY_TREE;
  // --relative limits to `root` and makes paths relative to it; -z keeps odd names intact.
  const diff = [
    'diff',
    '--name-only',
    '-z',
    '--relative',
    '--no-renames',
    '--diff-filter=d',
    '--no-ext-diff',
  ];
  const lists = options.staged
    ? [runGit(root, [...diff, '--cached', base])]
    : [runGit(root, [...diff, base]), runGit(root, ['ls-files', '-z', '--others', '--exclude-standard'])];
  const names = (await Promise.all(lists)).flatMap((out) => out.split('\0'));
  return [...new Set(names.filter((name) => DIAGRAM_FILE.test(name)))].sort();
}
