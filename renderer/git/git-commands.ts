import type { Command } from '../workbench/commands.ts';
import type { Workspace } from '../workbench/workspace.ts';
import { gitUiFor } from './git-ui.ts';

/** The palette's git commands; the ones about a file act on the active one. */
export function gitPaletteItems(workspace: Workspace): Command[] {
  const ui = gitUiFor(workspace);
  if (!ui.status.get()?.isRepo) {
    return [{ id: 'git-init', label: 'Git: initialise a repository here', run: () => void ui.init() }];
  }
  const items: Command[] = [
    { id: 'git-changes', label: 'Git: show changes', keys: 'Ctrl+Shift+G', run: () => ui.showChanges() },
    { id: 'git-commit', label: 'Git: commit…', run: () => ui.showChanges() },
    {
      id: 'git-stage-all',
      label: 'Git: stage all changes',
      run: () => void ui.stage(ui.status.get()?.files.map((f) => f.path) ?? []),
    },
    // Source Control shows the progress lines and git's own error.
    {
      id: 'git-pull',
      label: 'Git: pull',
      run: () => {
        ui.showChanges();
        void ui.pull();
      },
    },
    {
      id: 'git-push',
      label: 'Git: push',
      run: () => {
        ui.showChanges();
        void ui.push();
      },
    },
  ];
  const path = workspace.active.get();
  if (path) {
    items.push(
      {
        id: 'git-history',
        label: 'Git: history of this file',
        detail: path,
        run: () => ui.openHistory(path),
      },
      { id: 'git-diff', label: 'Git: compare with HEAD', detail: path, run: () => ui.openDiff(path) },
    );
  }
  return items;
}
