import type { GitFileState, GitStatus } from '../../shared/api/contract.ts';

type StatusFile = GitStatus['files'][number];

/**
 * Parses `git status --porcelain=v2 --branch -z` into the contract's shape. Paths in that
 * format are relative to the repository's top level; `prefix` (from `rev-parse --show-prefix`)
 * maps them back to the opened folder when it is a subfolder of the repository.
 */
export function parseStatus(output: string, prefix: string): Omit<GitStatus, 'available' | 'isRepo'> {
  const status: Omit<GitStatus, 'available' | 'isRepo'> = { branch: null, ahead: 0, behind: 0, files: [] };
  const records = output.split('\0');
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    if (record.startsWith('# branch.head ')) {
      const head = record.slice('# branch.head '.length);
      status.branch = head === '(detached)' ? null : head;
    } else if (record.startsWith('# branch.ab ')) {
      const match = /\+(\d+) -(\d+)/.exec(record);
      status.ahead = Number(match?.[1] ?? 0);
      status.behind = Number(match?.[2] ?? 0);
    } else if (record.startsWith('1 ') || record.startsWith('2 ')) {
      const renamed = record.startsWith('2 ');
      // `1 XY sub mH mI mW hH hI path`; `2` adds a score field and a NUL-separated original path.
      const fields = record.split(' ');
      const path = fields.slice(renamed ? 9 : 8).join(' ');
      const xy = fields[1] ?? '..';
      const from = renamed ? records[++i] : undefined;
      pushFile(status.files, prefix, path, stateOf(xy), xy, from);
    } else if (record.startsWith('u ')) {
      const path = record.split(' ').slice(10).join(' ');
      pushFile(status.files, prefix, path, 'conflicted', 'UU');
    } else if (record.startsWith('? ')) {
      pushFile(status.files, prefix, record.slice(2), 'untracked', '.?');
    }
  }
  return status;
}

/** One badge per file: index (X) and worktree (Y) letters folded into the most telling state. */
function stateOf(xy: string): GitFileState {
  const [x, y] = [xy[0], xy[1]];
  if (x === 'R' || y === 'R' || x === 'C') return 'renamed';
  if (x === 'A' && y !== 'D') return 'added';
  if (x === 'D' || y === 'D') return 'deleted';
  return 'modified';
}

function pushFile(
  files: StatusFile[],
  prefix: string,
  repoPath: string,
  state: GitFileState,
  xy: string,
  repoFrom?: string,
): void {
  if (!repoPath.startsWith(prefix)) return;
  const file: StatusFile = {
    path: repoPath.slice(prefix.length),
    state,
    staged: state !== 'untracked' && state !== 'conflicted' && xy[0] !== '.',
    unstaged: state === 'untracked' || state === 'conflicted' || xy[1] !== '.',
  };
  if (repoFrom?.startsWith(prefix)) file.from = repoFrom.slice(prefix.length);
  files.push(file);
}
