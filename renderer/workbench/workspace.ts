import type { ApiEvents, FileEntry, WorkspaceInfo } from '../../shared/api/contract.ts';
import type { AppClient } from '../api/app-client.ts';
import { Buffers, type Tab, type TextModel, type TextModels, unsavedElsewhere } from './buffers.ts';
import { type EditorPresence, pagePresence } from './editor-presence.ts';
import { HotExit, type KeyValueStorage } from './hot-exit.ts';
import { type editor, loadMonaco, replaceAllText } from './monaco.ts';
import { Store } from './store.ts';
import { planSession, TabSession } from './tab-session.ts';

export interface Notice {
  text: string;
  kind: 'info' | 'error';
  at: number;
  /** The file the message is about: it shows only while that file is active. */
  path?: string;
}

/** How long a message that informs stays; an error stays until the next message. */
export const INFO_NOTICE_MS = 8000;

export const languageOf = (path: string) => (/\.(mmd|mermaid)$/i.test(path) ? 'mermaid' : 'plaintext');
export const isDiagram = (path: string) => /\.(mmd|mermaid)$/i.test(path);
/** A Markdown file: the preview shows its ```mermaid blocks. */
export const isMarkdown = (path: string) =>
  /\.(md|markdown)$/i.test(path) && !/\.excalidraw\.md$/i.test(path);

/** Monaco's text models; creating the first one loads Monaco. */
const monacoModels: TextModels<editor.ITextModel> = {
  async create(path, text) {
    const monaco = await loadMonaco();
    return monaco.editor.createModel(text, languageOf(path), monaco.Uri.parse(`file:///${path}`));
  },
  replace: replaceAllText,
};

/** What to do with a file's unsaved edits before its tab closes. */
export type UnsavedAnswer = 'save' | 'discard' | 'cancel';

/** What the workspace runs on; the app's defaults are Monaco, localStorage and the browser's confirm. */
export interface WorkspaceParts<M extends TextModel> {
  models?: TextModels<M>;
  storage?: KeyValueStorage;
  confirm?: (question: string) => boolean;
  /**
   * Asks whether to save a file's unsaved edits before its tab closes (the app's dialog: Save,
   * Don't Save, Cancel). Without one, the browser's confirm offers to discard them or not.
   */
  askUnsaved?: (path: string) => Promise<UnsavedAnswer>;
  /** Which other editors are alive; by default the page's Web Locks. */
  presence?: EditorPresence;
}

/**
 * The opened folder as the UI sees it: its files, the open buffers and their tabs, hot exit and the
 * tab session. Each of those is its own part (buffers.ts, hot-exit.ts, tab-session.ts); this class
 * starts them together and is what the shell and the features call.
 */
export class Workspace<M extends TextModel = editor.ITextModel> {
  readonly info = new Store<WorkspaceInfo | null>(null);
  readonly files = new Store<FileEntry[]>([]);
  readonly notice = new Store<Notice | null>(null);
  readonly connected = new Store(true);
  /** `merrow serve` restarted with a new token: this page must be opened again from its new URL. */
  readonly signedOut = new Store(false);
  /** The host has no folder open (a desktop window before its first Open Folder). */
  readonly noFolder = new Store(false);
  /** A file was asked for (by the user or the OS) since the page started. */
  private openRequested = false;
  readonly autosave: Store<boolean>;
  /** The file about to become active at start, and its text, known before the editor has loaded. */
  readonly opening = new Store<{ path: string; text: string } | null>(null);
  readonly tabs: Store<Tab[]>;
  readonly active: Store<string | null>;
  /** The row selected in the file tree, a file or a folder: where a new file goes. */
  readonly selected = new Store<string | null>(null);
  readonly api: AppClient;
  readonly buffers: Buffers<M>;
  readonly hotExit: HotExit;
  readonly session: TabSession;
  /** Called after each successful save with the text written (export on save listens here). */
  onSaved: (path: string, text: string) => void = () => {};
  /** Called after a file is renamed or moved, and after one is deleted (export on save's images follow). */
  onMoved: (from: string, to: string) => Promise<void> = async () => {};
  onDeleted: (path: string) => Promise<void> = async () => {};
  private readonly storage: KeyValueStorage;
  private readonly confirm: (question: string) => boolean;
  private readonly askUnsaved: (path: string) => Promise<UnsavedAnswer>;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(api: AppClient, parts: WorkspaceParts<M> = {}) {
    this.api = api;
    this.storage = parts.storage ?? localStorage;
    this.confirm = parts.confirm ?? ((question) => confirm(question));
    this.askUnsaved =
      parts.askUnsaved ??
      (async (path) =>
        this.confirm(`${path} has unsaved changes. Close it and discard them?`) ? 'discard' : 'cancel');
    this.autosave = new Store(this.storage.getItem('merrow.autosave') === 'on');
    this.hotExit = new HotExit(api, this.storage, parts.presence ?? pagePresence());
    this.hotExit.watchOthers((path) => {
      if (this.buffers.model(path)) this.say(unsavedElsewhere(path), 'info', path);
    });
    this.buffers = new Buffers({
      api,
      models: parts.models ?? (monacoModels as unknown as TextModels<M>),
      hotExit: this.hotExit,
      autosave: this.autosave,
      report: (text, kind, about) => this.say(text, kind, about),
    });
    this.buffers.onSaved = (path, text) => this.onSaved(path, text);
    this.tabs = this.buffers.tabs;
    this.session = new TabSession(this.storage, this.tabs);
    this.active = this.session.active;
    // A message about a file goes when another file becomes active: it never describes the wrong one.
    this.active.subscribe(() => {
      const about = this.notice.get()?.path;
      if (about && about !== this.active.get()) this.notice.set(null);
    });
    api.on('file.changed', (event) => void this.onFileChanged(event));
    api.onConnection?.((connected) => this.connected.set(connected));
    api.onSignedOut?.((signedOut) => this.signedOut.set(signedOut));
  }

  /**
   * Loads the folder, restores unsaved buffers from the last session (hot exit) and reopens its tabs.
   * The active file's text is known (`opening`) before the editor loads; `previewStarted` resolves
   * when its first render is on its way, and only then are the editor's models created (which
   * loads Monaco). Files the user opens meanwhile get their backed-up text too, and stay active.
   */
  async start(previewStarted: () => Promise<void> = async () => {}): Promise<void> {
    this.session.restore(true);
    try {
      const info = this.api.call('workspace.info', {});
      const backups = this.hotExit.load(info.then((folder) => folder.root));
      const folder = await info;
      this.info.set(folder);
      this.files.set(folder.files);
      const saved = this.session.recall(folder.root);
      const restorable = await backups;
      const plan = planSession(
        saved,
        restorable.map((b) => b.path),
        folder.files,
        isDiagram,
      );
      if (plan.active) {
        const disk = this.buffers.readAhead(plan.active);
        const backup = restorable.find((b) => b.path === plan.active);
        const text = backup?.text ?? (await disk.catch(() => null))?.text;
        if (text !== undefined) {
          this.opening.set({ path: plan.active, text });
          await previewStarted();
        }
      }
      for (const path of plan.tabs) await this.buffers.load(path);
      // With nothing to restore the first diagram opens, unless a file was opened meanwhile (one the
      // OS handed over): the user sees that file alone.
      const firstDiagram = plan.active !== undefined && !plan.tabs.includes(plan.active);
      if (firstDiagram && this.openRequested) return;
      if (plan.active && (await this.buffers.load(plan.active))) this.session.show(plan.active, 'restore');
    } finally {
      this.session.restore(false);
    }
  }

  model(path: string): M | undefined {
    return this.buffers.model(path);
  }

  tab(path: string): Tab | undefined {
    return this.buffers.tab(path);
  }

  /** Shows a message in the status bar; one `about` a file shows only while that file is active. */
  say(text: string, kind: Notice['kind'] = 'info', about?: string): void {
    const notice: Notice = { text, kind, at: Date.now(), ...(about ? { path: about } : {}) };
    this.notice.set(notice);
    clearTimeout(this.noticeTimer);
    if (kind === 'info')
      this.noticeTimer = setTimeout(() => this.notice.set((n) => (n === notice ? null : n)), INFO_NOTICE_MS);
  }

  /**
   * Opens a file in a tab and shows it (or only opens it, `background`), with the last session's
   * unsaved text if it had any.
   */
  async open(path: string, how: { background?: boolean } = {}): Promise<void> {
    if (!how.background) this.openRequested = true;
    if ((await this.buffers.load(path)) && !how.background) this.session.show(path, 'user');
  }

  /** Writes the buffer atomically; refuses to overwrite a file that changed on disk unless `force`. Says what it did. */
  async save(path = this.active.get() ?? '', force = false): Promise<boolean> {
    if (!this.tab(path)) {
      this.say('Nothing to save: no file is open.');
      return false;
    }
    const saved = await this.buffers.save(path, force);
    if (saved) this.say(`Saved ${path}`, 'info', path);
    return saved;
  }

  saveAll(): Promise<void> {
    return this.buffers.saveAll();
  }

  /** Resolves a conflict: take the disk's text, or keep the buffer and overwrite the file. */
  resolveConflict(path: string, keep: 'disk' | 'mine'): Promise<void> {
    return this.buffers.resolveConflict(path, keep);
  }

  /**
   * Closes a tab. A dirty one first asks whether to save the edits (unless `force`): Save closes it
   * once the file is written (a save that fails leaves it open, saying why), Don't Save drops the
   * edits, Cancel keeps it open. Resolves whether it closed; a clean tab closes at once.
   */
  async close(path: string, force = false): Promise<boolean> {
    const tab = this.tab(path);
    if (!tab) return true;
    if (tab.dirty && !force) {
      const answer = await this.askUnsaved(path);
      if (answer === 'cancel') return false;
      if (answer === 'save' && !(await this.save(path))) return false;
      // Closed meanwhile (deleted, or closed from another prompt): nothing more to do.
      if (!this.tab(path)) return true;
    }
    const index = this.tabs.get().findIndex((t) => t.path === path);
    this.buffers.discard(path);
    this.session.closed(path, index);
    return true;
  }

  /** The folder a new file goes in: the selected folder, else the selected (or active) file's folder. */
  newFileFolder(): string {
    const at = this.selected.get() ?? this.active.get();
    if (!at) return '';
    if (this.files.get().some((f) => f.path === at && f.type === 'dir')) return at;
    return at.slice(0, Math.max(0, at.lastIndexOf('/')));
  }

  /** Creates a file (with missing parent folders created by the server) and opens it. */
  async create(path: string, text: string): Promise<void> {
    try {
      await this.api.call('file.create', { path, text });
      await this.refreshFiles();
      await this.open(path);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Renames a file or folder; its open buffers follow, unsaved edits and all. */
  async rename(from: string, to: string): Promise<void> {
    if (from === to) return;
    try {
      await this.api.call('file.rename', { from, to });
      for (const moved of await this.buffers.renamed(from, to)) this.session.moved(moved.from, moved.to);
      await this.onMoved(from, to);
    } catch (error) {
      this.fail(error);
    }
    await this.refreshFiles();
  }

  async duplicate(path: string): Promise<void> {
    try {
      const copy = await this.api.call('file.duplicate', { path });
      await this.refreshFiles();
      await this.open(copy.path);
    } catch (error) {
      this.fail(error);
    }
  }

  /**
   * Deletes a file or folder after a confirmation that names any unsaved edits in it. Clean tabs
   * close; a tab with unsaved edits stays open, marked deleted, its text backed up as before, so
   * the edits can still be saved (which recreates the file) or copied.
   */
  async remove(path: string): Promise<void> {
    const inside = (open: string) => open === path || open.startsWith(`${path}/`);
    const unsaved = this.buffers.paths().filter((open) => inside(open) && this.buffers.isDirty(open));
    const question = unsaved.length
      ? `Delete ${path}? ${unsaved.length === 1 ? `${unsaved[0]} has unsaved edits` : `${unsaved.length} open files in it have unsaved edits (${unsaved.join(', ')})`}: they stay open in a tab marked deleted, and saving recreates the file.`
      : `Delete ${path}?`;
    if (!this.confirm(question)) return;
    try {
      await this.api.call('file.delete', { path });
      await this.onDeleted(path);
      for (const open of this.buffers.paths().filter(inside)) {
        if (this.buffers.isDirty(open)) this.buffers.markDeleted(open);
        else await this.close(open, true);
      }
      await this.refreshFiles();
    } catch (error) {
      this.fail(error);
    }
  }

  async refreshFiles(): Promise<void> {
    try {
      this.files.set(await this.api.call('workspace.list', {}));
    } catch (error) {
      this.fail(error);
    }
  }

  private async onFileChanged(event: ApiEvents['file.changed']): Promise<void> {
    if (event.kind !== 'changed') {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => void this.refreshFiles(), 150);
    }
    await this.buffers.onFileChanged(event);
  }

  setAutosave(on: boolean): void {
    this.storage.setItem('merrow.autosave', on ? 'on' : 'off');
    this.autosave.set(on);
    if (on) void this.saveAll();
  }

  /** Copies every unsaved buffer into the page's storage now (the page is going away). */
  flushLocalBackups(): void {
    this.hotExit.flush(this.buffers.unsavedBuffers());
  }

  hasUnsaved(): boolean {
    return this.tabs.get().some((t) => t.dirty);
  }

  /**
   * Leaves the folder (the window is about to show another). Unsaved buffers are saved (`save`; if
   * one cannot be, nothing is left and this resolves false), kept as backups, restored when the
   * folder is opened again (`keep`), or dropped (`discard`). Then every buffer closes and the tab
   * session stays as it was, so the folder comes back as it was left and nothing more is written
   * for it from this page.
   */
  async leave(unsaved: 'save' | 'keep' | 'discard'): Promise<boolean> {
    if (unsaved === 'save') {
      await this.saveAll();
      if (this.hasUnsaved()) return false;
    }
    const buffers = this.buffers.unsavedBuffers();
    if (unsaved === 'keep') await Promise.all(buffers.map((buffer) => this.hotExit.keep(buffer)));
    if (unsaved === 'discard') await Promise.all(buffers.map((buffer) => this.hotExit.drop(buffer.path)));
    this.session.leave();
    for (const path of this.buffers.paths()) this.buffers.release(path);
    return true;
  }

  private fail(error: unknown): void {
    this.say((error as Error).message ?? String(error), 'error');
  }
}
