import type { ApiEvents, Backup, FileEntry, WorkspaceInfo } from '../../shared/api/contract.ts';
import type { AppClient } from '../api/app-client.ts';
import { type editor, loadMonaco, monacoLoaded } from './monaco.ts';
import { Store } from './store.ts';

/** What the tab strip shows for an open file. */
export interface Tab {
  path: string;
  dirty: boolean;
  /** The file changed on disk while the buffer had unsaved edits: the disk's text, to choose from. */
  conflict: { text: string; mtimeMs: number } | null;
  deleted: boolean;
}

interface Buffer {
  model: editor.ITextModel;
  savedVersion: number;
  baseMtimeMs: number | null;
  backupTimer: ReturnType<typeof setTimeout> | undefined;
  hasBackup: boolean;
}

export interface Notice {
  text: string;
  kind: 'info' | 'error';
  at: number;
}

const BACKUP_DELAY_MS = 300;
const AUTOSAVE_DELAY_MS = 1000;

export const languageOf = (path: string) => (/\.(mmd|mermaid)$/i.test(path) ? 'mermaid' : 'plaintext');
export const isDiagram = (path: string) => /\.(mmd|mermaid)$/i.test(path);

/**
 * The opened folder as the UI sees it: the file list, the open buffers (Monaco models) and their
 * tabs. Every keystroke is backed up (hot exit) and every change on disk is reconciled here.
 */
export class Workspace {
  readonly info = new Store<WorkspaceInfo | null>(null);
  readonly files = new Store<FileEntry[]>([]);
  readonly tabs = new Store<Tab[]>([]);
  readonly active = new Store<string | null>(null);
  readonly notice = new Store<Notice | null>(null);
  readonly connected = new Store(true);
  readonly autosave = new Store(localStorage.getItem('merrow.autosave') === 'on');
  /** The file about to become active at start, and its text, known before the editor has loaded. */
  readonly opening = new Store<{ path: string; text: string } | null>(null);
  private readonly buffers = new Map<string, Buffer>();
  /** Called after each successful save with the text written (export on save listens here). */
  onSaved: (path: string, text: string) => void = () => {};
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** A file the user opened while `start` was still restoring the session: start then leaves it active. */
  private openedByUser = false;

  readonly api: AppClient;

  constructor(api: AppClient) {
    this.api = api;
    api.on('file.changed', (event) => void this.onFileChanged(event));
    api.onConnection?.((connected) => this.connected.set(connected));
  }

  /**
   * Loads the folder, restores unsaved buffers from the last session (hot exit) and reopens its tabs.
   * The active file's text is known (`opening`) before the editor loads; `previewStarted` resolves
   * when its first render is on its way, and only then does Monaco start loading.
   */
  async start(previewStarted: () => Promise<void> = async () => {}): Promise<void> {
    const serverBackups = this.api.call('backup.list', {});
    const info = await this.api.call('workspace.info', {});
    this.info.set(info);
    this.files.set(info.files);
    const session = this.loadSession();
    const backups = newestBackups(await serverBackups, this.localBackups());
    const sessionTabs = session.tabs.filter((path) => info.files.some((f) => f.path === path));
    const opened = [...backups.map((b) => b.path), ...sessionTabs];
    const first = info.files.find((f) => isDiagram(f.path))?.path;
    const active = session.active && opened.includes(session.active) ? session.active : (opened[0] ?? first);
    // The preview starts on the active file now; the editor's models need Monaco, which loads meanwhile.
    const disk = active ? this.readAhead(active) : undefined;
    if (active) {
      const backup = backups.find((b) => b.path === active);
      const text = backup?.text ?? (await disk?.catch(() => null))?.text;
      if (text !== undefined) {
        this.opening.set({ path: active, text });
        await previewStarted();
      }
    }
    void loadMonaco();
    for (const backup of backups) {
      await this.open(backup.path, {
        text: backup.text,
        baseMtimeMs: backup.baseMtimeMs,
        background: this.openedByUser,
        startup: true,
      });
    }
    for (const path of sessionTabs) await this.open(path, { background: true, startup: true });
    if (active) await this.open(active, { background: this.openedByUser, startup: true });
  }

  private readonly prefetched = new Map<string, Promise<{ text: string; mtimeMs: number }>>();

  /** Reads a file that `open` will read next; `open` takes the same answer. */
  private readAhead(path: string): Promise<{ text: string; mtimeMs: number }> {
    const read = this.api.call('file.read', { path });
    this.prefetched.set(path, read);
    return read;
  }

  model(path: string): editor.ITextModel | undefined {
    return this.buffers.get(path)?.model;
  }

  tab(path: string): Tab | undefined {
    return this.tabs.get().find((t) => t.path === path);
  }

  say(text: string, kind: Notice['kind'] = 'info'): void {
    this.notice.set({ text, kind, at: Date.now() });
  }

  /** Opens a file in a tab (or focuses it). `text` restores a backed-up buffer over the disk's text. */
  async open(
    path: string,
    restore: { text?: string; baseMtimeMs?: number | null; background?: boolean; startup?: boolean } = {},
  ): Promise<void> {
    if (!restore.startup && !restore.background) this.openedByUser = true;
    if (!this.buffers.has(path)) {
      let disk: { text: string; mtimeMs: number } | null = null;
      const read = this.prefetched.get(path) ?? this.api.call('file.read', { path });
      this.prefetched.delete(path);
      try {
        disk = await read;
      } catch (error) {
        if (restore.text === undefined) return this.fail(error);
      }
      const monaco = await monacoLoaded();
      if (this.buffers.has(path)) return this.focus(path, restore.background);
      const model = monaco.editor.createModel(
        disk?.text ?? '',
        languageOf(path),
        monaco.Uri.parse(`file:///${path}`),
      );
      const buffer: Buffer = {
        model,
        savedVersion: model.getAlternativeVersionId(),
        baseMtimeMs: disk?.mtimeMs ?? null,
        backupTimer: undefined,
        hasBackup: false,
      };
      this.buffers.set(path, buffer);
      const tab: Tab = { path, dirty: false, conflict: null, deleted: disk === null };
      if (restore.text !== undefined && restore.text !== disk?.text) {
        // Restored edits go on the undo stack, so the user can step back to the disk's version.
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text: restore.text }], () => null);
        buffer.hasBackup = true;
        tab.dirty = true;
        if (disk && restore.baseMtimeMs != null && disk.mtimeMs !== restore.baseMtimeMs) {
          tab.conflict = { text: disk.text, mtimeMs: disk.mtimeMs };
        }
      } else if (restore.text !== undefined) {
        void this.api.call('backup.discard', { path });
        this.writeLocalBackup(path, null);
      }
      model.onDidChangeContent(() => this.onEdit(path));
      this.tabs.set((tabs) => [...tabs, tab]);
    }
    this.focus(path, restore.background);
  }

  private focus(path: string, background = false): void {
    if (!background) this.active.set(path);
    this.saveSession();
  }

  private updateTab(path: string, change: Partial<Tab>): void {
    this.tabs.set((tabs) => tabs.map((t) => (t.path === path ? { ...t, ...change } : t)));
  }

  private onEdit(path: string): void {
    const buffer = this.buffers.get(path);
    if (!buffer) return;
    const dirty = buffer.model.getAlternativeVersionId() !== buffer.savedVersion;
    if (this.tab(path)?.dirty !== dirty) this.updateTab(path, { dirty });
    clearTimeout(buffer.backupTimer);
    buffer.backupTimer = setTimeout(
      () => void this.backup(path),
      this.autosave.get() ? AUTOSAVE_DELAY_MS : BACKUP_DELAY_MS,
    );
  }

  private async backup(path: string): Promise<void> {
    const buffer = this.buffers.get(path);
    if (!buffer) return;
    const dirty = buffer.model.getAlternativeVersionId() !== buffer.savedVersion;
    if (dirty && this.autosave.get() && !this.tab(path)?.conflict) return void this.save(path);
    this.writeLocalBackup(path, dirty ? buffer : null);
    try {
      if (dirty) {
        await this.api.call('backup.write', {
          path,
          text: buffer.model.getValue(),
          ...(buffer.baseMtimeMs !== null ? { baseMtimeMs: buffer.baseMtimeMs } : {}),
        });
        buffer.hasBackup = true;
      } else if (buffer.hasBackup) {
        await this.api.call('backup.discard', { path });
        buffer.hasBackup = false;
      }
    } catch {
      // Unreachable server: the next keystroke tries again; the status bar shows the disconnection.
    }
  }

  /** Writes the buffer atomically; refuses to overwrite a file that changed on disk unless `force`. */
  async save(path = this.active.get() ?? '', force = false): Promise<boolean> {
    const buffer = this.buffers.get(path);
    if (!buffer) return false;
    const version = buffer.model.getAlternativeVersionId();
    const text = buffer.model.getValue();
    try {
      const expected = !force && buffer.baseMtimeMs !== null ? { expectedMtimeMs: buffer.baseMtimeMs } : {};
      const { mtimeMs } = await this.api.call('file.write', { path, text, ...expected });
      buffer.baseMtimeMs = mtimeMs;
      buffer.savedVersion = version;
      clearTimeout(buffer.backupTimer);
      this.writeLocalBackup(path, null);
      if (buffer.hasBackup) {
        buffer.hasBackup = false;
        await this.api.call('backup.discard', { path });
      }
      this.updateTab(path, {
        dirty: buffer.model.getAlternativeVersionId() !== version,
        conflict: null,
        deleted: false,
      });
      this.onSaved(path, text);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'conflict') {
        const disk = await this.api.call('file.read', { path });
        this.updateTab(path, { conflict: { text: disk.text, mtimeMs: disk.mtimeMs } });
        this.say(`${path} changed on disk. Choose which version to keep.`, 'error');
        return false;
      }
      this.fail(error);
      return false;
    }
  }

  async saveAll(): Promise<void> {
    for (const tab of this.tabs.get()) if (tab.dirty) await this.save(tab.path);
  }

  /** Resolves a conflict: take the disk's text, or keep the buffer and overwrite the file. */
  async resolveConflict(path: string, keep: 'disk' | 'mine'): Promise<void> {
    const buffer = this.buffers.get(path);
    const conflict = this.tab(path)?.conflict;
    if (!buffer || !conflict) return;
    if (keep === 'mine') {
      await this.save(path, true);
      return;
    }
    this.replaceText(buffer, conflict.text);
    buffer.baseMtimeMs = conflict.mtimeMs;
    buffer.savedVersion = buffer.model.getAlternativeVersionId();
    this.updateTab(path, { dirty: false, conflict: null });
    void this.backup(path);
  }

  private replaceText(buffer: Buffer, text: string): void {
    if (buffer.model.getValue() === text) return;
    buffer.model.pushEditOperations([], [{ range: buffer.model.getFullModelRange(), text }], () => null);
  }

  /** Closes a tab; a dirty one asks first unless `force`. Returns whether it closed. */
  close(path: string, force = false): boolean {
    const buffer = this.buffers.get(path);
    const tab = this.tab(path);
    if (!buffer || !tab) return true;
    if (tab.dirty && !force && !confirm(`${path} has unsaved changes. Close it and discard them?`))
      return false;
    clearTimeout(buffer.backupTimer);
    if (buffer.hasBackup) void this.api.call('backup.discard', { path });
    this.writeLocalBackup(path, null);
    this.buffers.delete(path);
    const tabs = this.tabs.get();
    const index = tabs.findIndex((t) => t.path === path);
    const rest = tabs.filter((t) => t.path !== path);
    this.tabs.set(rest);
    if (this.active.get() === path) this.active.set(rest[Math.min(index, rest.length - 1)]?.path ?? null);
    buffer.model.dispose();
    this.saveSession();
    return true;
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

  async rename(from: string, to: string): Promise<void> {
    if (from === to) return;
    try {
      await this.api.call('file.rename', { from, to });
    } catch (error) {
      return this.fail(error);
    }
    const moved = [...this.buffers.keys()].filter((p) => p === from || p.startsWith(`${from}/`));
    for (const oldPath of moved) {
      const newPath = to + oldPath.slice(from.length);
      const buffer = this.buffers.get(oldPath)!;
      const text = buffer.model.getValue();
      const wasActive = this.active.get() === oldPath;
      const tab = this.tab(oldPath)!;
      const disk = await this.api.call('file.read', { path: newPath });
      await this.open(newPath, { text, baseMtimeMs: disk.mtimeMs, background: !wasActive });
      this.close(oldPath, true);
      if (tab.dirty) void this.backup(newPath);
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

  async remove(path: string): Promise<void> {
    if (!confirm(`Delete ${path}?`)) return;
    try {
      await this.api.call('file.delete', { path });
      for (const open of [...this.buffers.keys()])
        if (open === path || open.startsWith(`${path}/`)) this.close(open, true);
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

  /** Outside changes: a clean buffer reloads, a dirty one gets a conflict to resolve, a deleted file is marked. */
  private async onFileChanged(event: ApiEvents['file.changed']): Promise<void> {
    if (event.kind !== 'changed') {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => void this.refreshFiles(), 150);
    }
    const buffer = this.buffers.get(event.path);
    if (!buffer) return;
    if (event.kind === 'deleted') {
      this.updateTab(event.path, { deleted: true });
      return;
    }
    if (event.mtimeMs !== null && event.mtimeMs === buffer.baseMtimeMs) return;
    let disk: { text: string; mtimeMs: number };
    try {
      disk = await this.api.call('file.read', { path: event.path });
    } catch {
      return;
    }
    const tab = this.tab(event.path);
    if (disk.text === buffer.model.getValue()) {
      buffer.baseMtimeMs = disk.mtimeMs;
      buffer.savedVersion = buffer.model.getAlternativeVersionId();
      this.updateTab(event.path, { dirty: false, conflict: null, deleted: false });
      return;
    }
    if (tab?.dirty) {
      this.updateTab(event.path, { conflict: { text: disk.text, mtimeMs: disk.mtimeMs }, deleted: false });
      return;
    }
    this.replaceText(buffer, disk.text);
    buffer.baseMtimeMs = disk.mtimeMs;
    buffer.savedVersion = buffer.model.getAlternativeVersionId();
    this.updateTab(event.path, { dirty: false, deleted: false });
  }

  setAutosave(on: boolean): void {
    localStorage.setItem('merrow.autosave', on ? 'on' : 'off');
    this.autosave.set(on);
    if (on) void this.saveAll();
  }

  /** Copies every unsaved buffer into the page's storage now (the page is going away). */
  flushLocalBackups(): void {
    for (const [path, buffer] of this.buffers) {
      if (buffer.model.getAlternativeVersionId() !== buffer.savedVersion) this.writeLocalBackup(path, buffer);
    }
  }

  hasUnsaved(): boolean {
    return this.tabs.get().some((t) => t.dirty);
  }

  private fail(error: unknown): void {
    this.say((error as Error).message ?? String(error), 'error');
  }

  /**
   * A second copy of unsaved buffers in the page's own storage: when the machine side is gone
   * (killed server, crash) typing continues, and the next start restores whichever copy is newer.
   */
  private writeLocalBackup(path: string, buffer: Buffer | null): void {
    const key = `merrow.backup:${this.info.get()?.root ?? ''}:${path}`;
    try {
      if (!buffer) localStorage.removeItem(key);
      else {
        const backup: Backup = {
          path,
          text: buffer.model.getValue(),
          baseMtimeMs: buffer.baseMtimeMs,
          savedAt: Date.now(),
        };
        localStorage.setItem(key, JSON.stringify(backup));
      }
    } catch {
      // Storage full or unavailable: the server-side backup still runs.
    }
  }

  private localBackups(): Backup[] {
    const prefix = `merrow.backup:${this.info.get()?.root ?? ''}:`;
    const found: Backup[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key?.startsWith(prefix)) continue;
      try {
        found.push(JSON.parse(localStorage.getItem(key) ?? '') as Backup);
      } catch {
        localStorage.removeItem(key);
      }
    }
    return found;
  }

  private sessionKey(): string {
    return `merrow.session:${this.info.get()?.root ?? ''}`;
  }

  private loadSession(): { tabs: string[]; active: string | null } {
    try {
      return JSON.parse(localStorage.getItem(this.sessionKey()) ?? '') as {
        tabs: string[];
        active: string | null;
      };
    } catch {
      return { tabs: [], active: null };
    }
  }

  private saveSession(): void {
    const session = { tabs: this.tabs.get().map((t) => t.path), active: this.active.get() };
    localStorage.setItem(this.sessionKey(), JSON.stringify(session));
  }
}

/** One backup per path: the most recently saved of the server's and the page's copies. */
export function newestBackups(...sources: Backup[][]): Backup[] {
  const newest = new Map<string, Backup>();
  for (const backup of sources.flat()) {
    const seen = newest.get(backup.path);
    if (!seen || backup.savedAt > seen.savedAt) newest.set(backup.path, backup);
  }
  return [...newest.values()];
}
