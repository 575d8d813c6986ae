import { basename } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { type CommandId, type CommandStates, commandInfo, menuLabel } from '../shared/commands/catalogue.ts';
import { bindingFor, type Platform, toAccelerator } from '../shared/commands/keys.ts';

export interface MenuActions {
  /** Runs a window command in the page (its registry has the handler). */
  run(id: CommandId): void;
  openRecent(folder: string): void;
}

export interface MenuOptions {
  platform: Platform;
  /** Developer tools only in development builds. */
  devTools: boolean;
  recentFolders: string[];
  /** What the page last reported; before it has, every command is enabled and no toggle ticked. */
  states: CommandStates;
}

/**
 * The native menu, made from the command catalogue: each item's label, accelerator and id are the
 * command's, and choosing it runs the command in the page's registry. The page takes the keys it
 * binds first (it handles them the same in a browser) and stops them, so a menu accelerator fires
 * only where the page left a key alone: while the preview frame has focus, say. One press never
 * acts twice.
 */
export function buildMenuTemplate(options: MenuOptions, actions: MenuActions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'mac';
  const disabled = new Set(options.states.disabled);
  const checked = new Set(options.states.checked);
  const command = (id: CommandId, type?: 'checkbox' | 'radio'): MenuItemConstructorOptions => {
    const keys = commandInfo(id).keys;
    return {
      id,
      label: menuLabel(id),
      ...(keys ? { accelerator: toAccelerator(bindingFor(keys, options.platform, 'desktop')) } : {}),
      enabled: !disabled.has(id),
      ...(type ? { type, checked: checked.has(id) } : {}),
      click: () => actions.run(id),
    };
  };
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const recent: MenuItemConstructorOptions[] = options.recentFolders.map((folder) => ({
    label: `${basename(folder)} — ${folder}`,
    click: () => actions.openRecent(folder),
  }));

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      command('file.newDiagram'),
      command('file.quickOpen'),
      separator,
      command('folder.open'),
      {
        label: 'Open Recent',
        submenu: [
          ...(recent.length > 0 ? recent : [{ label: 'No Recent Folders', enabled: false }]),
          separator,
          { ...command('folder.openRecent'), label: 'More…' },
        ],
      },
      separator,
      command('file.save'),
      command('file.saveAll'),
      command('file.autosave', 'checkbox'),
      separator,
      {
        label: 'Export',
        submenu: [command('file.exportSvg'), command('file.exportPng'), command('file.exportPdf')],
      },
      separator,
      command('tab.close'),
      isMac ? { role: 'close', label: 'Close Window', accelerator: 'CmdOrCtrl+Shift+W' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      separator,
      command('edit.toggleComment'),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      command('workbench.palette'),
      separator,
      command('view.files'),
      command('view.sourceControl'),
      separator,
      { label: 'Preview', submenu: [command('preview.fit'), command('preview.actualSize')] },
      {
        label: 'Theme',
        submenu: [
          command('theme.system', 'radio'),
          command('theme.light', 'radio'),
          command('theme.dark', 'radio'),
        ],
      },
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
      ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
    ],
  };
  const go: MenuItemConstructorOptions = {
    label: '&Go',
    submenu: [command('tab.next'), command('tab.previous')],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [
      command('help.keyboardShortcuts'),
      command('help.syntax'),
      ...(isMac ? [] : [separator, { role: 'about' } as const]),
    ],
  };
  const macApp: MenuItemConstructorOptions = { role: 'appMenu' };
  const macWindow: MenuItemConstructorOptions = { role: 'windowMenu' };
  return isMac ? [macApp, file, edit, view, go, macWindow, help] : [file, edit, view, go, help];
}
