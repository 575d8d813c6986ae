import type { DesktopBridge, FolderOffer } from '../../shared/api/desktop.ts';
import type { CommandRegistry } from './commands.ts';
import type { Prompts } from './prompts.ts';
import type { Workspace } from './workspace.ts';

export interface DesktopParts {
  bridge: DesktopBridge;
  commands: CommandRegistry;
  workspace: Workspace;
  prompts: Prompts;
  /** Starts the page again (on the folder the window now has). */
  reload?: () => void;
}

const baseName = (folder: string) => folder.split(/[\\/]/).filter(Boolean).pop() ?? folder;

/**
 * Leaves the window's folder for `destination`. With unsaved buffers the user chooses: save them,
 * keep them as backups (restored when this folder is opened again) or discard them; or cancel and
 * stay (false). A save that fails keeps the folder open, its buffers as they were.
 */
export async function leaveFolder(
  workspace: Workspace,
  prompts: Prompts,
  destination: string,
): Promise<boolean> {
  const unsaved = workspace.tabs
    .get()
    .filter((tab) => tab.dirty)
    .map((tab) => tab.path);
  if (unsaved.length === 0) return workspace.leave('keep');
  const what = unsaved.length === 1 ? unsaved[0] : `${unsaved.length} files`;
  const answer = await prompts.ask({
    title: `Save the changes to ${what} before opening ${baseName(destination)}?`,
    detail: 'Changes kept as backups come back when you open this folder again.',
    items: unsaved,
    choices: [
      { value: 'save', label: unsaved.length === 1 ? 'Save' : 'Save All' },
      { value: 'keep', label: 'Keep as Backups' },
      { value: 'discard', label: 'Discard Changes' },
      { value: 'cancel', label: 'Cancel' },
    ],
  });
  if (answer !== 'save' && answer !== 'keep' && answer !== 'discard') return false;
  const left = await workspace.leave(answer);
  if (!left)
    workspace.say(`Not every file could be saved, so ${baseName(destination)} was not opened.`, 'error');
  return left;
}

/**
 * Moves the window to an offered folder as one step: this folder is left first (see `leaveFolder`),
 * then the shell opens the other and the page starts again on it, so the UI and the API switch
 * together. Should the shell fail to open it (it says why), the page starts again on this folder,
 * which comes back as it was left.
 */
export async function switchFolder(parts: DesktopParts, offer: FolderOffer): Promise<void> {
  const { bridge, workspace, prompts } = parts;
  if (!(await leaveFolder(workspace, prompts, offer.folder))) return;
  await bridge.switchFolder(offer.ticket);
  (parts.reload ?? (() => location.reload()))();
}

/**
 * Connects the page to the desktop shell: the menu's commands run through the registry, files the
 * OS hands over open in tabs, offered folders are switched to, and the menu is told which commands
 * apply and which toggles are on. Adds the commands only the desktop has (Open Folder, Open Recent).
 */
export function connectDesktop(parts: DesktopParts): () => void {
  const { bridge, commands, workspace, prompts } = parts;
  const removals = [
    commands.add('folder.open', {
      run: async () => {
        const offer = await bridge.chooseFolder();
        if (offer) await switchFolder(parts, offer);
      },
    }),
    commands.add('folder.openRecent', {
      run: async () => {
        const offers = await bridge.recentFolders();
        if (offers.length === 0) {
          workspace.say('No other folder has been opened yet: Open Folder… chooses one.');
          return;
        }
        prompts.pick(
          'Open a recent folder',
          offers.map((offer) => ({
            id: `recent-${offer.folder}`,
            label: baseName(offer.folder),
            detail: offer.folder,
            run: () => void switchFolder(parts, offer),
          })),
        );
      },
    }),
  ];

  let reported = '';
  let scheduled = false;
  const report = () => {
    if (scheduled) return;
    scheduled = true;
    // Once per task, however many stores changed in it.
    setTimeout(() => {
      scheduled = false;
      const states = commands.states();
      const key = JSON.stringify(states);
      if (key === reported) return;
      reported = key;
      bridge.reportCommands(states);
    });
  };
  removals.push(commands.subscribe(report));
  report();

  removals.push(
    bridge.onCommand((command) => {
      if (command.type === 'run') commands.run(command.id);
      else if (command.type === 'file.open') void workspace.open(command.path);
      else if (command.type === 'folder.offer') void switchFolder(parts, command.offer);
    }),
  );
  return () => {
    for (const remove of removals) remove();
  };
}
