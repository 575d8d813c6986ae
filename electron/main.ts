/**
 * Electron main process: windows, menus, dialogs and the OS integration, and the IPC side of
 * the API contract. Everything about files lives in node/workspace, as for `merrow serve`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, Menu, nativeTheme, session, shell } from 'electron';
import { createApi, systemGit } from '../node/api/create-api.ts';
import { readRecentFolders } from '../node/user-data/recent-folders.ts';
import { runCli } from './cli-mode.ts';
import { DesktopWindow } from './desktop-window.ts';
import { registerIpc } from './ipc.ts';
import { cliArgv, pathsFromArgs, userArgs } from './launch-args.ts';
import { buildMenuTemplate } from './menu.ts';
import { registerAppProtocol, registerSchemePrivileges } from './protocol.ts';
import { hardenWebContents, openExternalSafely, restrictPermissions } from './security.ts';
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
  // Files and folders from the command line, a second launch or macOS `open-file` (which may
  // arrive before `ready`, when a document launched the app) wait here until a window exists.
  const pending = [...initialPaths];
  const deliver = (paths: string[]): void => {
    if (!ready) {
      pending.push(...paths);
      return;
    }
    const win = main ?? openWindow();
    win.focus();
    for (const path of paths) void win.openPath(path);
  };

  app.on('open-file', (event, path) => {
    event.preventDefault();
    deliver([path]);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const paths = pathsFromArgs(userArgs(argv, defaultApp), workingDirectory);
    if (paths.length > 0) deliver(paths);
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

  function openWindow(): DesktopWindow {
    const win = new DesktopWindow({
      preload: join(appRoot, 'dist', 'electron', 'preload.cjs'),
      state: store,
      openWorkspace: (folder) =>
        createApi(folder, { trash: (path) => shell.trashItem(path), git: systemGit }),
      onFolderChanged: () => void updateMenu(),
    });
    win.window.on('closed', () => {
      if (main === win) main = null;
    });
    main = win;
    return win;
  }

  /** A window on the folder and tabs of the last session (nothing open when the folder is gone). */
  function restoreWindow(): DesktopWindow {
    const win = openWindow();
    const { folder, tabs, activeTab } = store.get();
    if (folder && existsSync(folder)) win.openFolder(folder, { tabs, active: activeTab });
    return win;
  }

  async function updateMenu(): Promise<void> {
    const template = buildMenuTemplate(
      {
        isMac: process.platform === 'darwin',
        devTools: !app.isPackaged,
        recentFolders: await readRecentFolders(),
        theme: store.get().theme,
      },
      {
        command: (command) => main?.send(command),
        openFolderDialog: () => void (main ?? openWindow()).openFolderDialog(),
        openRecent: (folder) => deliver([folder]),
        setTheme: (theme) => {
          nativeTheme.themeSource = theme;
          store.update({ theme });
          void updateMenu();
        },
        openExternal: openExternalSafely,
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
  else deliver(pending.splice(0));
}
