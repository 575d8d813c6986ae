import { basename } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { DesktopCommand } from '../shared/api/desktop.ts';
import type { ThemeSource } from './state.ts';

export interface MenuActions {
  command(command: DesktopCommand): void;
  openFolderDialog(): void;
  openRecent(folder: string): void;
  setTheme(theme: ThemeSource): void;
  openExternal(url: string): void;
}

export interface MenuOptions {
  isMac: boolean;
  /** Developer tools only in development builds. */
  devTools: boolean;
  recentFolders: string[];
  theme: ThemeSource;
}

/**
 * The native menu. Shortcuts that the UI also handles itself (it runs in a browser too) are
 * shown but not registered on Windows and Linux, so one key press never acts twice; on macOS
 * the menu takes the key first and the page never sees it.
 */
export function buildMenuTemplate(options: MenuOptions, actions: MenuActions): MenuItemConstructorOptions[] {
  const uiKey = (accelerator: string, command: DesktopCommand): MenuItemConstructorOptions => ({
    accelerator,
    registerAccelerator: false,
    click: () => actions.command(command),
  });
  const recent: MenuItemConstructorOptions[] = options.recentFolders.map((folder) => ({
    label: `${basename(folder)} — ${folder}`,
    click: () => actions.openRecent(folder),
  }));
  const themes: [ThemeSource, string][] = [
    ['system', 'Follow System'],
    ['light', 'Light'],
    ['dark', 'Dark'],
  ];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Diagram', ...uiKey('CmdOrCtrl+N', { type: 'file.new' }) },
      {
        label: 'Open Folder…',
        accelerator: 'CmdOrCtrl+O',
        registerAccelerator: false,
        click: actions.openFolderDialog,
      },
      {
        label: 'Open Recent',
        submenu: [...(recent.length > 0 ? recent : [{ label: 'No Recent Folders', enabled: false }])],
      },
      { label: 'Quick Open…', ...uiKey('CmdOrCtrl+P', { type: 'quick-open' }) },
      { type: 'separator' },
      { label: 'Save', ...uiKey('CmdOrCtrl+S', { type: 'file.save' }) },
      { type: 'separator' },
      { label: 'Close Tab', ...uiKey('CmdOrCtrl+W', { type: 'tab.close' }) },
      options.isMac
        ? { role: 'close', label: 'Close Window', accelerator: 'CmdOrCtrl+Shift+W' }
        : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { label: 'Command Palette…', ...uiKey('CmdOrCtrl+Shift+P', { type: 'palette' }) },
      { type: 'separator' },
      {
        label: 'Theme',
        submenu: themes.map(([theme, label]) => ({
          label,
          type: 'radio',
          checked: options.theme === theme,
          click: () => actions.setTheme(theme),
        })),
      },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [
      {
        label: 'Mermaid Syntax Reference',
        click: () => actions.openExternal('https://mermaid.js.org/intro/syntax-reference.html'),
      },
      ...(options.isMac ? [] : [{ type: 'separator' } as const, { role: 'about' } as const]),
    ],
  };
  const macApp: MenuItemConstructorOptions = { role: 'appMenu' };
  const macWindow: MenuItemConstructorOptions = { role: 'windowMenu' };
  return options.isMac ? [macApp, file, edit, view, macWindow, help] : [file, edit, view, help];
}
