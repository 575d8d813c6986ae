import type { GitStatus } from '../../shared/api/contract.ts';
import { withShortcut } from '../workbench/commands.ts';
import { useStore } from '../workbench/store.ts';
import type { Workspace } from '../workbench/workspace.ts';
import { BADGES, branchLabel, changedFolders } from './changes.ts';
import { gitUiFor } from './git-ui.ts';

const folderCache = new WeakMap<GitStatus, Set<string>>();

function foldersOf(status: GitStatus): Set<string> {
  let folders = folderCache.get(status);
  if (!folders) {
    folders = changedFolders(status.files);
    folderCache.set(status, folders);
  }
  return folders;
}

/** A file tree row's git state: a letter for a changed file, a dot for a folder holding changes. */
export function GitBadge({ workspace, path, dir }: { workspace: Workspace; path: string; dir: boolean }) {
  const status = useStore(gitUiFor(workspace).status);
  if (!status?.isRepo) return null;
  if (dir) {
    return foldersOf(status).has(path) ? <span className="git-folder-dot" title="Holds changes" /> : null;
  }
  const file = status.files.find((f) => f.path === path);
  if (!file) return null;
  const badge = BADGES[file.state];
  return (
    <span
      className={`git-badge ${file.state}`}
      data-testid={`git-badge-${path}`}
      data-state={file.state}
      title={`${badge.title}${file.staged && !file.unstaged ? ' (staged)' : ''}${file.from ? `, from ${file.from}` : ''}`}
    >
      {badge.letter}
    </span>
  );
}

/** The status bar's branch with ahead/behind counts (or "no repository"); clicking opens Source Control. */
export function GitStatusItem({ workspace }: { workspace: Workspace }) {
  const ui = gitUiFor(workspace);
  const status = useStore(ui.status);
  if (!status) return null;
  const label = status.isRepo
    ? `⎇ ${branchLabel(status)}`
    : status.available
      ? 'no git repository'
      : 'git not found';
  return (
    <button
      type="button"
      className={`status-item${status.isRepo ? '' : ' muted'}`}
      data-testid="status-git"
      title={
        status.isRepo
          ? withShortcut(
              'Branch, commits ahead ↑ and behind ↓ its upstream — Source Control',
              'view.sourceControl',
            )
          : status.message
      }
      onClick={() => ui.showChanges()}
    >
      {label}
    </button>
  );
}
