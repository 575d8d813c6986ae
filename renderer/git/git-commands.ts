import { type CommandRegistry, VIEW_KEYS } from '../workbench/commands.ts';
import type { Workspace } from '../workbench/workspace.ts';
import { gitUiFor } from './git-ui.ts';

/** The git commands and the sidebar's two views; the ones about a file act on the active one. Returns their removal. */
export function registerGitCommands(commands: CommandRegistry, workspace: Workspace): () => void {
  const ui = gitUiFor(workspace);
  const isRepo = () => ui.status.get()?.isRepo === true;
  const fileInRepo = () => isRepo() && workspace.active.get() !== null;
  const active = () => workspace.active.get() ?? undefined;
  // Source Control shows the progress lines and git's own error.
  const showing = (action: () => Promise<unknown>) => () => {
    ui.showChanges();
    void action();
  };
  const removals = [
    commands.add('view.files', { run: () => ui.showView('files') }),
    commands.add('view.sourceControl', { run: () => ui.showChanges() }),
    commands.contribute({
      id: 'git-init',
      title: 'Git: initialise a repository here',
      when: () => ui.status.get()?.isRepo === false,
      run: () => ui.init(),
    }),
    commands.contribute({
      id: 'git-commit',
      title: 'Git: commit…',
      viewKeys: VIEW_KEYS.commit,
      when: isRepo,
      run: () => ui.showChanges(),
    }),
    commands.contribute({
      id: 'git-stage-all',
      title: 'Git: stage all changes',
      when: isRepo,
      run: () => ui.stage(ui.status.get()?.files.map((f) => f.path) ?? []),
    }),
    commands.contribute({ id: 'git-pull', title: 'Git: pull', when: isRepo, run: showing(() => ui.pull()) }),
    commands.contribute({ id: 'git-push', title: 'Git: push', when: isRepo, run: showing(() => ui.push()) }),
    commands.contribute({
      id: 'git-history',
      title: 'Git: history of this file',
      detail: active,
      when: fileInRepo,
      run: () => ui.openHistory(workspace.active.get()!),
    }),
    commands.contribute({
      id: 'git-diff',
      title: 'Git: compare with HEAD',
      detail: active,
      when: fileInRepo,
      run: () => ui.openDiff(workspace.active.get()!),
    }),
    commands.watch(ui.status),
  ];
  return () => {
    for (const remove of removals) remove();
  };
}
