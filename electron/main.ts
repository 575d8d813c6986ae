/**
 * Electron main process: windows, menus, dialogs and the OS integration, and the IPC side of
 * the API contract. Everything about files lives in node/, as for `merrow serve`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, Menu, nativeTheme, session, shell } from 'electron';
import { createApi, systemGit } from '../node/api/create-api.ts';
import { readRecentFolders } from '../node/user-data/recent-folders.ts';
import type { CommandStates } from '../shared/commands/catalogue.ts';
import { runCli } from './cli-mode.ts';
import { DesktopWindow } from './desktop-window.ts';
import { registerIpc } from './ipc.ts';
import { cliArgv, pathsFromArgs, userArgs } from './launch-args.ts';
import { buildMenuTemplate } from './menu.ts';
import { registerAppProtocol, registerSchemePrivileges } from './protocol.ts';
import { hardenWebContents, restrictPermissions } from './security.ts';
import { loadState, StateStore } from './state.ts';

const defaultApp = process.defaultApp === true;
const args = userArgs(process.argv, defaultApp);
const cli = cliArgv(args);

if (cli) {
  void runCli(cli);
} else if (!app.requestSingleInstanceLock()) {
  // Another Merrow is running: it receives our argv through `second-instance` and opens the files.
  app.quit();
} else {
  registerSchemePrivileges();
  void startDesktop(pathsFromArgs(args, process.cwd()));
}

async function startDesktop(initialPaths: string[]): Promise<void> {
  let main: DesktopWindow | null = null;
  let ready = false;
  // Files and folders from the command line, a second launch, macOS `open-file` (a document
  // opened from the Finder or dropped on the Dock icon, which may arrive before `ready`, when it
  // launched the app) or Open Recent wait here until a window exists. On Windows and Linux a file
  // dropped on the taskbar or desktop icon starts the app with it: argv or a second launch.
  const pending = [...initialPaths];
  const deliver = async (paths: string[]): Promise<void> => {
    if (!ready) {
      pending.push(...paths);
      return;
    }
    const existing = main;
    const win = existing ?? openWindow();
    for (const path of paths) await win.openPath(path);
    win.load();
    if (existing) win.focus();
  };

  app.on('open-file', (event, path) => {
    event.preventDefault();
    void deliver([path]);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const paths = pathsFromArgs(userArgs(argv, defaultApp), workingDirectory);
    if (paths.length > 0) void deliver(paths);
    else if (ready) (main ?? restoreWindow()).focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  await app.whenReady();
  const appRoot = app.getAppPath();
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const store = new StateStore(stateFile, await loadState(stateFile));
  nativeTheme.themeSource = store.get().theme;
  restrictPermissions(session.defaultSession);
  registerAppProtocol(join(appRoot, 'dist', 'renderer'));
  registerIpc({ windowOf: (sender) => (main?.window.webContents === sender ? main : undefined) });
  let states: CommandStates = { disabled: [], checked: [] };

  function openWindow(): DesktopWindow {
    const win = new DesktopWindow({
      preload: join(appRoot, 'dist', 'electron', 'preload.cjs'),
      state: store,
      openWorkspace: (folder) =>
        createApi(folder, { trash: (path) => shell.trashItem(path), git: systemGit }),
      onFolderChanged: () => void updateMenu(),
      onCommandStates: (next) => {
        states = next;
        followTheme(next);
        void updateMenu();
      },
    });
    win.window.on('closed', () => {
      if (main === win) main = null;
    });
    main = win;
    return win;
  }

  /** A window on the folder of the last session (none when the folder is gone); the page reopens its tabs. */
  function restoreWindow(): DesktopWindow {
    const win = openWindow();
    const { folder } = store.get();
    if (folder && existsSync(folder)) win.openFolder(folder);
    win.load();
    return win;
  }

  /** The page owns the theme; native dialogs, menus and the next window's background follow it. */
  function followTheme(next: CommandStates): void {
    const theme = (['light', 'dark'] as const).find((t) => next.checked.includes(`theme.${t}`)) ?? 'system';
    if (theme === store.get().theme) return;
    nativeTheme.themeSource = theme;
    store.update({ theme });
  }

  async function updateMenu(): Promise<void> {
    const template = buildMenuTemplate(
      {
        platform: process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'windows' : 'linux',
        devTools: !app.isPackaged,
        recentFolders: await readRecentFolders(),
        states,
      },
      {
        run: (id) => main?.send({ type: 'run', id }),
        openRecent: (folder) => void deliver([folder]),
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  app.on('activate', () => {
    if (!main) restoreWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => store.flush());

  await updateMenu();
  ready = true;
  if (pending.length === 0) restoreWindow();
  else await deliver(pending.splice(0));
}
