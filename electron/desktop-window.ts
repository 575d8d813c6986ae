import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { app, BrowserWindow, dialog, nativeTheme, screen } from 'electron';
import type { OpenFolder } from '../node/api/call-api.ts';
import { isInside } from '../node/boundary/confine.ts';
import { addRecentFolder, readRecentFolders } from '../node/user-data/recent-folders.ts';
import type { ApiEvent, ApiEvents } from '../shared/api/contract.ts';
import type { DesktopCommand, FolderOffer, SwitchResult } from '../shared/api/desktop.ts';
import type { CommandStates } from '../shared/commands/catalogue.ts';
import { CHANNELS } from './channels.ts';
import type { IpcWindow } from './ipc.ts';
import { APP_URL } from './origins.ts';
import { secureWebPreferences } from './security.ts';
import { type StateStore, visibleBounds } from './state.ts';

/** A folder opened with the API contract on it (what `createApi` in node/api returns). */
export interface OpenedWorkspace extends OpenFolder {
  root: string;
  events: { subscribe(listener: (event: ApiEvent, payload: ApiEvents[ApiEvent]) => void): () => void };
  close(): void;
}

export interface DesktopWindowOptions {
  preload: string;
  state: StateStore;
  openWorkspace(folder: string): OpenedWorkspace;
  /** Called once the folder is recorded in the recent list shared with `merrow serve` (the menu shows it). */
  onFolderChanged(): void;
  /** The page reported which window commands apply and which toggles are on. */
  onCommandStates(states: CommandStates): void;
}

/** A folder offered to the page and not yet accepted, with the file to open there. */
interface PendingOffer {
  folder: string;
  open?: string;
}

/** Offers kept at most: a page that never answers cannot make the list grow. */
const MAX_OFFERS = 50;

/**
 * One Merrow window and the folder open in it. The page holds the folder's unsaved work, so the
 * window never switches folder behind its back: it offers the page the folder, and switches when
 * the page, having left its folder, accepts (`switchFolder`). Commands for the UI wait in a queue
 * until the page says it listens, so a file named on the command line is not lost while it loads.
 */
export class DesktopWindow implements IpcWindow {
  readonly window: BrowserWindow;
  readonly #options: DesktopWindowOptions;
  #workspace: OpenedWorkspace | null = null;
  #unsubscribe: () => void = () => {};
  #queue: DesktopCommand[] = [];
  /** Files sent to the page since it last said it listens: sent again should it load anew first. */
  #opensInFlight: DesktopCommand[] = [];
  #ready = false;
  #loaded = false;
  readonly #offers = new Map<string, PendingOffer>();

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
      if (!details.isMainFrame || details.isSameDocument) return;
      this.#ready = false;
      // A page replaced before it acted on a file (a reload it did not ask for, a second one) must
      // not lose it: the next page gets it again. Opening an open file only shows it.
      this.#queue = [...this.#opensInFlight, ...this.#queue];
      this.#opensInFlight = [];
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
  }

  /** Loads the page, once the window knows its first folder (or that it has none). */
  load(): void {
    if (this.#loaded) return;
    this.#loaded = true;
    void this.window.loadURL(APP_URL);
  }

  get api(): OpenFolder | null {
    return this.#workspace;
  }

  get folder(): string | null {
    return this.#workspace?.root ?? null;
  }

  /**
   * Opens `folder` in this window at once. Only for a window whose page holds no folder's work (none
   * is open yet); otherwise the page is offered the folder (`offerFolder`). False when it cannot be opened.
   */
  openFolder(folder: string): boolean {
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
    this.#offers.clear();
    // Files named for the folder left behind mean nothing in this one.
    this.#opensInFlight = [];
    this.#queue = this.#queue.filter((command) => command.type !== 'file.open');
    this.#unsubscribe = next.events.subscribe((event, payload) => {
      if (!this.window.isDestroyed()) this.window.webContents.send(CHANNELS.event, { event, payload });
    });
    app.addRecentDocument(next.root);
    this.window.setRepresentedFilename(next.root);
    this.#options.state.update({ folder: next.root });
    addRecentFolder(next.root).then(this.#options.onFolderChanged, (error: unknown) =>
      console.error(`merrow: could not update the recent folders: ${String(error)}`),
    );
    return true;
  }

  /**
   * Shows `folder` (then `open`, a path inside it): at once when the window has none open, else by
   * offering it to the page, which leaves its folder first.
   */
  offerFolder(folder: string, open?: string): void {
    if (this.folder === folder) {
      if (open) this.send({ type: 'file.open', path: open });
      return;
    }
    if (this.folder === null) {
      if (!this.openFolder(folder)) return;
      // The page holds no folder's work: it starts again on this one.
      if (this.#loaded) this.#reload();
      if (open) this.send({ type: 'file.open', path: open });
      return;
    }
    this.send({ type: 'folder.offer', offer: this.#offer({ folder, ...(open ? { open } : {}) }) });
  }

  #offer(pending: PendingOffer): FolderOffer {
    const ticket = randomUUID();
    this.#offers.set(ticket, pending);
    while (this.#offers.size > MAX_OFFERS) this.#offers.delete(this.#offers.keys().next().value!);
    return { ticket, folder: pending.folder };
  }

  /**
   * Accepts an offer: opens its folder and closes the old one. The page reloads on the new folder;
   * until it says it listens again, commands wait (the file to open there among them), and anything
   * it still sends for the old folder is refused by `answerCall`.
   */
  async switchFolder(ticket: string): Promise<SwitchResult> {
    const pending = this.#offers.get(ticket);
    if (!pending) return { ok: false, message: 'That folder is no longer on offer: choose it again.' };
    this.#offers.delete(ticket);
    if (!this.openFolder(pending.folder)) return { ok: false, message: `Cannot open ${pending.folder}` };
    this.#ready = false;
    if (pending.open) this.send({ type: 'file.open', path: pending.open });
    return { ok: true };
  }

  /** Opens a file or folder handed over by the OS; a file outside the open folder opens its own folder. */
  async openPath(target: string): Promise<void> {
    let real: string;
    try {
      real = await realpath(target);
      if ((await stat(real)).isDirectory()) {
        this.offerFolder(real);
        return;
      }
    } catch {
      dialog.showErrorBox('Cannot open', `${target}: no such file or folder`);
      return;
    }
    app.addRecentDocument(real);
    const root = this.folder;
    const folder = root !== null && isInside(root, real) ? root : dirname(real);
    this.offerFolder(folder, relative(folder, real).split(sep).join('/'));
  }

  /** The native folder picker; the chosen folder comes back as an offer. */
  async chooseFolder(): Promise<FolderOffer | null> {
    const result = await dialog.showOpenDialog(this.window, {
      title: 'Open Folder',
      properties: ['openDirectory', 'createDirectory'],
    });
    const folder = result.filePaths[0];
    if (result.canceled || folder === undefined) return null;
    return this.#offer({ folder: await realpath(folder).catch(() => folder) });
  }

  async recentFolders(): Promise<FolderOffer[]> {
    const folders = (await readRecentFolders()).filter((f) => f !== this.folder && existsSync(f));
    return folders.map((folder) => this.#offer({ folder }));
  }

  #reload(): void {
    this.#ready = false;
    this.window.webContents.reload();
  }

  /** Sends a command to the UI, or queues it until the page listens. */
  send(command: DesktopCommand): void {
    if (this.#ready && !this.window.isDestroyed()) {
      this.window.webContents.send(CHANNELS.command, command);
      if (command.type === 'file.open') this.#opensInFlight = [...this.#opensInFlight.slice(-19), command];
    } else this.#queue.push(command);
  }

  rendererReady(): void {
    this.#ready = true;
    this.#opensInFlight = [];
    const queued = this.#queue;
    this.#queue = [];
    for (const command of queued) this.send(command);
  }

  commandStates(states: CommandStates): void {
    this.#options.onCommandStates(states);
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
