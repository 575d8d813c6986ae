import type { ApiEvents } from '../../shared/api/contract.ts';
import type { AppClient } from '../api/app-client.ts';
import type { HotExit, UnsavedText } from './hot-exit.ts';
import { Store } from './store.ts';

/** The part of a Monaco text model that buffers use; tests give a plain one, so no DOM is needed. */
export interface TextModel {
  getValue(): string;
  /** Changes with every edit, and comes back to an earlier value when undo restores that text. */
  getAlternativeVersionId(): number;
  onDidChangeContent(listener: () => void): unknown;
  dispose(): void;
}

/** Where buffers get their text models. */
export interface TextModels<M extends TextModel> {
  /** A new model of `path` holding `text` (Monaco's wait for Monaco to load). */
  create(path: string, text: string): Promise<M>;
  /** Replaces the whole text as an undo step of its own (the user's typing before it stays a step apart). */
  replace(model: M, text: string): void;
}

/** What the tab strip shows for an open file. */
export interface Tab {
  path: string;
  dirty: boolean;
  /** The file changed on disk while the buffer had unsaved edits: the disk's text, to choose from. */
  conflict: { text: string; mtimeMs: number } | null;
  deleted: boolean;
}

interface Buffer<M> {
  model: M;
  savedVersion: number;
  baseMtimeMs: number | null;
  backupTimer: ReturnType<typeof setTimeout> | undefined;
}

/** Text to open a buffer with instead of the disk's (a renamed buffer's). */
export interface GivenText {
  text: string;
  baseMtimeMs: number | null;
}

type DiskText = { text: string; mtimeMs: number };

const BACKUP_DELAY_MS = 300;
const AUTOSAVE_DELAY_MS = 1000;

/**
 * The open files' buffers: each file's text model, whether it differs from the disk, saving it
 * (atomically, refusing to overwrite a file changed meanwhile), and reconciling changes made on
 * disk. Every edit is handed to hot exit after a short pause, or saved when autosave is on.
 */
export class Buffers<M extends TextModel> {
  readonly tabs = new Store<Tab[]>([]);
  private readonly buffers = new Map<string, Buffer<M>>();
  /** Buffers being created: a second open of the same file waits for the first. */
  private readonly loading = new Map<string, Promise<boolean>>();
  private readonly prefetched = new Map<string, Promise<DiskText>>();
  private readonly api: AppClient;
  private readonly models: TextModels<M>;
  private readonly hotExit: HotExit;
  private readonly autosave: Store<boolean>;
  private readonly report: (message: string, kind?: 'info' | 'error', about?: string) => void;
  /** Called after each successful save with the text written. */
  onSaved: (path: string, text: string) => void = () => {};

  constructor(deps: {
    api: AppClient;
    models: TextModels<M>;
    hotExit: HotExit;
    autosave: Store<boolean>;
    report: (message: string, kind?: 'info' | 'error', about?: string) => void;
  }) {
    this.api = deps.api;
    this.models = deps.models;
    this.hotExit = deps.hotExit;
    this.autosave = deps.autosave;
    this.report = deps.report;
  }

  model(path: string): M | undefined {
    return this.buffers.get(path)?.model;
  }

  tab(path: string): Tab | undefined {
    return this.tabs.get().find((t) => t.path === path);
  }

  /** The paths of open buffers. */
  paths(): string[] {
    return [...this.buffers.keys()];
  }

  /** Reads a file that `load` will read next; `load` takes the same answer. */
  readAhead(path: string): Promise<DiskText> {
    const read = this.api.call('file.read', { path });
    this.prefetched.set(path, read);
    return read;
  }

  /**
   * Makes sure `path` has a buffer: the disk's text, with the last session's unsaved text over it
   * (or `given`). Returns false when the file cannot be read and there is no text to show.
   */
  load(path: string, given?: GivenText): Promise<boolean> {
    if (this.buffers.has(path)) return Promise.resolve(true);
    let loading = this.loading.get(path);
    if (!loading) {
      loading = this.create(path, given).finally(() => this.loading.delete(path));
      this.loading.set(path, loading);
    }
    return loading;
  }

  private async create(path: string, given: GivenText | undefined): Promise<boolean> {
    const read = this.prefetched.get(path) ?? this.api.call('file.read', { path });
    this.prefetched.delete(path);
    let failure: unknown;
    const [disk, backup] = await Promise.all([
      read.catch((error: unknown) => {
        failure = error;
        return null;
      }),
      given ?? this.hotExit.restoreFor(path),
    ]);
    if (!disk && !backup) {
      this.report(messageOf(failure), 'error');
      return false;
    }
    const model = await this.models.create(path, disk?.text ?? '');
    const buffer: Buffer<M> = {
      model,
      savedVersion: model.getAlternativeVersionId(),
      baseMtimeMs: disk?.mtimeMs ?? null,
      backupTimer: undefined,
    };
    this.buffers.set(path, buffer);
    const tab: Tab = { path, dirty: false, conflict: null, deleted: disk === null };
    const restored = backup && backup.text !== disk?.text;
    if (restored) {
      // Restored edits go on the undo stack, so the user can step back to the disk's version.
      this.models.replace(model, backup.text);
      tab.dirty = true;
      if (disk && backup.baseMtimeMs !== null && disk.mtimeMs !== backup.baseMtimeMs) {
        tab.conflict = { text: disk.text, mtimeMs: disk.mtimeMs };
      }
      if (!given) this.hotExit.restored(path);
    } else if (backup && !given) {
      void this.hotExit.drop(path);
    } else if (!given && this.hotExit.heldElsewhere(path)) {
      this.report(unsavedElsewhere(path), 'info', path);
    }
    model.onDidChangeContent(() => this.onEdit(path));
    this.tabs.set((tabs) => [...tabs, tab]);
    // Both copies (the machine side's and the page's) get the restored text, whichever was newer;
    // never saved by itself, even with autosave on: the user has not seen it yet.
    if (restored) void this.hotExit.keep(this.unsaved(path)!);
    return true;
  }

  isDirty(path: string): boolean {
    const buffer = this.buffers.get(path);
    return !!buffer && buffer.model.getAlternativeVersionId() !== buffer.savedVersion;
  }

  private update(path: string, change: Partial<Tab>): void {
    this.tabs.set((tabs) => tabs.map((t) => (t.path === path ? { ...t, ...change } : t)));
  }

  private onEdit(path: string): void {
    const buffer = this.buffers.get(path);
    if (!buffer) return;
    const dirty = this.isDirty(path);
    if (this.tab(path)?.dirty !== dirty) this.update(path, { dirty });
    this.scheduleBackup(buffer, path, this.autosave.get() ? AUTOSAVE_DELAY_MS : BACKUP_DELAY_MS);
  }

  private scheduleBackup(buffer: Buffer<M>, path: string, ms: number): void {
    clearTimeout(buffer.backupTimer);
    buffer.backupTimer = setTimeout(() => void this.backup(path), ms);
  }

  /** Hands the buffer to hot exit (or saves it, with autosave on); a clean buffer's backup is dropped. */
  private async backup(path: string): Promise<void> {
    if (!this.buffers.has(path)) return;
    if (!this.isDirty(path)) return this.hotExit.drop(path);
    if (this.autosave.get() && !this.tab(path)?.conflict) return void (await this.save(path));
    await this.hotExit.keep(this.unsaved(path)!);
  }

  private unsaved(path: string): UnsavedText | undefined {
    const buffer = this.buffers.get(path);
    return buffer && { path, text: buffer.model.getValue(), baseMtimeMs: buffer.baseMtimeMs };
  }

  /** Writes the buffer atomically; refuses to overwrite a file that changed on disk unless `force`. */
  async save(path: string, force = false): Promise<boolean> {
    const buffer = this.buffers.get(path);
    if (!buffer) return false;
    const version = buffer.model.getAlternativeVersionId();
    const text = buffer.model.getValue();
    try {
      // A file deleted on disk has nothing to protect: saving recreates it.
      const recreate = force || buffer.baseMtimeMs === null || this.tab(path)?.deleted === true;
      const expected = recreate ? {} : { expectedMtimeMs: buffer.baseMtimeMs! };
      const { mtimeMs } = await this.api.call('file.write', { path, text, ...expected });
      buffer.baseMtimeMs = mtimeMs;
      buffer.savedVersion = version;
      // Typed during the write: that text is still unsaved, and its backup stays.
      if (!this.isDirty(path)) {
        clearTimeout(buffer.backupTimer);
        await this.hotExit.drop(path);
      }
      // Asked again after the backup is dropped: what was typed meanwhile is unsaved too.
      this.update(path, { dirty: this.isDirty(path), conflict: null, deleted: false });
      this.onSaved(path, text);
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'conflict') {
        const disk = await this.api.call('file.read', { path }).catch(() => null);
        // Gone since the last look: nothing on disk to keep, so the save recreates the file.
        if (!disk) return this.save(path, true);
        this.update(path, { conflict: { text: disk.text, mtimeMs: disk.mtimeMs } });
        this.report(`${path} changed on disk. Choose which version to keep.`, 'error', path);
        return false;
      }
      this.report(messageOf(error), 'error');
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
    this.replace(buffer, conflict.text);
    this.inSync(path, buffer, conflict.mtimeMs);
    await this.backup(path);
  }

  private replace(buffer: Buffer<M>, text: string): void {
    if (buffer.model.getValue() !== text) this.models.replace(buffer.model, text);
  }

  /** The buffer now has the disk's text of `mtimeMs`. */
  private inSync(path: string, buffer: Buffer<M>, mtimeMs: number): void {
    buffer.baseMtimeMs = mtimeMs;
    buffer.savedVersion = buffer.model.getAlternativeVersionId();
    this.update(path, { dirty: false, conflict: null, deleted: false });
  }

  /** Drops the buffer and its backup (the caller has asked the user about unsaved edits). */
  discard(path: string): void {
    if (!this.buffers.has(path)) return;
    this.release(path);
    void this.hotExit.drop(path);
  }

  /** Closes the buffer and leaves its backup as it is (the folder is being left). */
  release(path: string): void {
    const buffer = this.buffers.get(path);
    if (!buffer) return;
    clearTimeout(buffer.backupTimer);
    this.buffers.delete(path);
    this.tabs.set((tabs) => tabs.filter((t) => t.path !== path));
    buffer.model.dispose();
  }

  /** Moves the buffers under `from` to `to` (the files were renamed), unsaved edits and all. */
  async renamed(from: string, to: string): Promise<{ from: string; to: string }[]> {
    const moved: { from: string; to: string }[] = [];
    for (const oldPath of this.paths().filter((p) => p === from || p.startsWith(`${from}/`))) {
      const newPath = to + oldPath.slice(from.length);
      const { mtimeMs } = await this.api.call('file.read', { path: newPath });
      await this.load(newPath, { text: this.model(oldPath)!.getValue(), baseMtimeMs: mtimeMs });
      this.discard(oldPath);
      moved.push({ from: oldPath, to: newPath });
    }
    return moved;
  }

  /** The file is gone from disk; the buffer stays, unsaved, and saving writes it again. */
  markDeleted(path: string): void {
    const buffer = this.buffers.get(path);
    if (!buffer) return;
    buffer.baseMtimeMs = null;
    this.update(path, { deleted: true, conflict: null });
    void this.hotExit.keep(this.unsaved(path)!);
  }

  /** Outside changes: a clean buffer reloads, a dirty one gets a conflict to resolve, a deleted file is marked. */
  async onFileChanged(event: ApiEvents['file.changed']): Promise<void> {
    const buffer = this.buffers.get(event.path);
    if (!buffer) return;
    if (event.kind === 'deleted') {
      this.update(event.path, { deleted: true });
      return;
    }
    if (event.mtimeMs !== null && event.mtimeMs === buffer.baseMtimeMs) return;
    let disk: DiskText;
    try {
      disk = await this.api.call('file.read', { path: event.path });
    } catch {
      return;
    }
    if (this.buffers.get(event.path) !== buffer) return;
    if (disk.text === buffer.model.getValue()) {
      this.inSync(event.path, buffer, disk.mtimeMs);
      return this.backup(event.path);
    }
    if (this.tab(event.path)?.dirty) {
      this.update(event.path, { conflict: { text: disk.text, mtimeMs: disk.mtimeMs }, deleted: false });
      return;
    }
    this.replace(buffer, disk.text);
    this.inSync(event.path, buffer, disk.mtimeMs);
  }

  /** The unsaved buffers' text, for hot exit's last copy when the page goes away. */
  unsavedBuffers(): UnsavedText[] {
    return this.paths().flatMap((path) => (this.isDirty(path) ? [this.unsaved(path)!] : []));
  }
}

/** What an editor says of a file whose unsaved text another live editor holds. */
export const unsavedElsewhere = (path: string) =>
  `${path} has unsaved changes in another window. This one shows the file as saved on disk.`;

const messageOf = (error: unknown) => (error as Error | undefined)?.message ?? String(error);
