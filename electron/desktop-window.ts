import { realpath, stat } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { app, BrowserWindow, dialog, nativeTheme, screen } from 'electron';
import { isInside } from '../node/boundary/confine.ts';
import { addRecentFolder } from '../node/user-data/recent-folders.ts';
import type { ApiEvent, ApiEvents, ApiHandlers } from '../shared/api/contract.ts';
import type { DesktopCommand } from '../shared/api/desktop.ts';
import { CHANNELS } from './channels.ts';
import type { IpcWindow } from './ipc.ts';
import { APP_URL } from './origins.ts';
import { secureWebPreferences } from './security.ts';
import { type StateStore, visibleBounds } from './state.ts';

/** A folder opened with the API contract on it (what `createApi` in node/workspace returns). */
export interface OpenedWorkspace {
  root: string;
  handlers: ApiHandlers;
  events: { subscribe(listener: (event: ApiEvent, payload: ApiEvents[ApiEvent]) => void): () => void };
  close(): void;
}

export interface DesktopWindowOptions {
  preload: string;
  state: StateStore;
  openWorkspace(folder: string): OpenedWorkspace;
  /** Called once the folder is recorded in the recent list shared with `merrow serve` (the menu shows it). */
  onFolderChanged(): void;
}

/**
 * One Merrow window and the folder open in it. Commands for the UI wait in a queue until the
 * page says it listens, so a file named on the command line is not lost while the page loads.
 */
export class DesktopWindow implements IpcWindow {
  readonly window: BrowserWindow;
  readonly #options: DesktopWindowOptions;
  #workspace: OpenedWorkspace | null = null;
  #unsubscribe: () => void = () => {};
  #queue: DesktopCommand[] = [];
  #ready = false;

  constructor(options: DesktopWindowOptions) {
    this.#options = options;
    const state = options.state.get();
    const bounds = visibleBounds(
      state.bounds,
      screen.getAllDisplays().map((d) => d.workArea),
    );
    this.window = new BrowserWindow({
      ...(bounds ?? { width: 1400, height: 900 }),
      minWidth: 640,
      minHeight: 400,
      show: false,
      title: 'Merrow',
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1e1e' : '#ffffff',
      webPreferences: secureWebPreferences(options.preload),
    });
    if (state.maximized) this.window.maximize();
    this.window.once('ready-to-show', () => this.window.show());
    this.window.on('close', () => {
      options.state.update({ bounds: this.window.getNormalBounds(), maximized: this.window.isMaximized() });
    });
    this.window.on('closed', () => this.#closeWorkspace());
    const contents = this.window.webContents;
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) this.#ready = false;
    });
    // The page refuses to unload while a tab is dirty (beforeunload, as in the browser); ask here.
    contents.on('will-prevent-unload', (event) => {
      const choice = dialog.showMessageBoxSync(this.window, {
        type: 'question',
        buttons: ['Close', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: 'Close with unsaved changes?',
        detail: 'Unsaved changes are kept and restored the next time you open this folder.',
      });
      if (choice === 0) event.preventDefault();
    });
    void this.window.loadURL(APP_URL);
  }

  get api(): ApiHandlers | null {
    return this.#workspace?.handlers ?? null;
  }

  get folder(): string | null {
    return this.#workspace?.root ?? null;
  }

  /** Opens `folder` in this window; `restore` reopens tabs from the last session. False when it cannot be opened. */
  openFolder(folder: string, restore?: { tabs: string[]; active: string | null }): boolean {
    let next: OpenedWorkspace;
    try {
      next = this.#options.openWorkspace(folder);
    } catch (error) {
      dialog.showErrorBox(
        'Cannot open folder',
        `${folder}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
    this.#closeWorkspace();
    this.#workspace = next;
    this.#unsubscribe = next.events.subscribe((event, payload) => {
      if (!this.window.isDestroyed()) this.window.webContents.send(CHANNELS.event, { event, payload });
    });
    app.addRecentDocument(next.root);
    this.window.setRepresentedFilename(next.root);
    const state = this.#options.state;
    state.update({
      folder: next.root,
      tabs: restore?.tabs ?? [],
      activeTab: restore?.active ?? null,
    });
    this.send({ type: 'workspace.opened' });
    for (const path of restore?.tabs ?? []) this.send({ type: 'file.open', path });
    if (restore?.active) this.send({ type: 'file.open', path: restore.active });
    addRecentFolder(next.root).then(this.#options.onFolderChanged, (error: unknown) =>
      console.error(`merrow: could not update the recent folders: ${String(error)}`),
    );
    return true;
  }

  /** Opens a file or folder handed over by the OS; a file outside the open folder opens its own folder. */
  async openPath(target: string): Promise<void> {
    let real: string;
    try {
      real = await realpath(target);
      if ((await stat(real)).isDirectory()) {
        this.openFolder(real);
        return;
      }
    } catch {
      dialog.showErrorBox('Cannot open', `${target}: no such file or folder`);
      return;
    }
    const root = this.folder;
    if (root === null || !isInside(root, real)) {
      if (!this.openFolder(dirname(real))) return;
    }
    const path = relative(this.folder ?? dirname(real), real)
      .split(sep)
      .join('/');
    app.addRecentDocument(real);
    this.send({ type: 'file.open', path });
  }

  async openFolderDialog(): Promise<boolean> {
    const result = await dialog.showOpenDialog(this.window, {
      title: 'Open Folder',
      properties: ['openDirectory', 'createDirectory'],
    });
    const folder = result.filePaths[0];
    return !result.canceled && folder !== undefined && this.openFolder(folder);
  }

  /** Sends a command to the UI, or queues it until the page listens. */
  send(command: DesktopCommand): void {
    if (this.#ready && !this.window.isDestroyed()) this.window.webContents.send(CHANNELS.command, command);
    else this.#queue.push(command);
  }

  rendererReady(): void {
    this.#ready = true;
    const queued = this.#queue;
    this.#queue = [];
    for (const command of queued) this.send(command);
  }

  tabsChanged(tabs: string[], active: string | null): void {
    this.#options.state.update({ tabs, activeTab: active });
  }

  /** Brings the window to the front (a second launch, a file opened from the OS). */
  focus(): void {
    if (this.window.isMinimized()) this.window.restore();
    this.window.show();
    this.window.focus();
  }

  #closeWorkspace(): void {
    this.#unsubscribe();
    this.#unsubscribe = () => {};
    this.#workspace?.close();
    this.#workspace = null;
  }
}
