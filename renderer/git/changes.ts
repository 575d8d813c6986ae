import type { GitFileState, GitStatus } from '../../shared/api/contract.ts';
import type { DiagramDiff, DiffMark } from '../../shared/diff/diagram-diff.ts';

export type ChangedFile = GitStatus['files'][number];

/** The Source Control panel's groups: conflicts first, then what the next commit takes, then the rest. */
export interface ChangeGroups {
  conflicted: ChangedFile[];
  staged: ChangedFile[];
  unstaged: ChangedFile[];
}

/** Splits the status into groups; a file staged and edited again appears in both staged and unstaged. */
export function groupChanges(files: ChangedFile[]): ChangeGroups {
  const byPath = (a: ChangedFile, b: ChangedFile) => a.path.localeCompare(b.path);
  const conflicted = files.filter((f) => f.state === 'conflicted').sort(byPath);
  const rest = files.filter((f) => f.state !== 'conflicted');
  return {
    conflicted,
    staged: rest.filter((f) => f.staged).sort(byPath),
    unstaged: rest.filter((f) => f.unstaged).sort(byPath),
  };
}

/** The one-letter badge and its description, as git and most editors spell them. */
export const BADGES: Record<GitFileState, { letter: string; title: string }> = {
  modified: { letter: 'M', title: 'Modified' },
  added: { letter: 'A', title: 'Added' },
  untracked: { letter: 'U', title: 'Untracked' },
  deleted: { letter: 'D', title: 'Deleted' },
  renamed: { letter: 'R', title: 'Renamed' },
  conflicted: { letter: '!', title: 'Conflicted: both sides changed it' },
};

/** Folders that hold a changed file (every ancestor of every path), for the tree's folder dots. */
export function changedFolders(files: ChangedFile[]): Set<string> {
  const folders = new Set<string>();
  for (const { path } of files) {
    for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) folders.add(path.slice(0, i));
  }
  return folders;
}

/** The status bar's branch text: `main ↑2 ↓1`, or the detached state. */
export function branchLabel(status: Pick<GitStatus, 'branch' | 'ahead' | 'behind'>): string {
  const parts = [status.branch ?? 'detached HEAD'];
  if (status.ahead) parts.push(`↑${status.ahead}`);
  if (status.behind) parts.push(`↓${status.behind}`);
  return parts.join(' ');
}

export interface DiffCounts {
  added: number;
  removed: number;
  changed: number;
}

/** How many nodes and edges each mark covers: added and changed counted on the new side, removed on the old. */
export function diffCounts(diff: DiagramDiff): { nodes: DiffCounts; edges: DiffCounts } {
  const count = (part: 'nodes' | 'edges'): DiffCounts => {
    const of = (marks: Map<string, DiffMark>, mark: DiffMark) =>
      [...marks.values()].filter((m) => m === mark).length;
    return {
      added: of(diff.after[part], 'added'),
      removed: of(diff.before[part], 'removed'),
      changed: of(diff.after[part], 'changed'),
    };
  };
  return { nodes: count('nodes'), edges: count('edges') };
}

/** A commit date for a list: relative while recent, the calendar date after a week. */
export function commitDate(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const minutes = Math.round((now - at) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} day${days > 1 ? 's' : ''} ago`;
  return iso.slice(0, 10);
}

/** The first line of a commit message, for lists. */
export function subject(message: string): string {
  return message.split('\n', 1)[0] ?? '';
}
