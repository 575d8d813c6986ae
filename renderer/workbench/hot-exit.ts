import type { Backup } from '../../shared/api/contract.ts';
import type { AppClient } from '../api/app-client.ts';

/** The page's key-value storage: localStorage in the app, a plain one in tests. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** What a backup records of an unsaved buffer. */
export interface UnsavedText {
  path: string;
  text: string;
  /** The file's mtime when the buffer was last in sync with it; null for a file not on disk. */
  baseMtimeMs: number | null;
}

/**
 * Hot exit: the text of unsaved buffers, kept twice as the user types — on the machine side, which
 * survives the page (a crash, a reload, a quit), and in the page's storage, which survives the
 * machine side (a killed server) — and handed back at the next start.
 *
 * A backup is never lost to a race. Until the last session's backups are known, `restoreFor` waits
 * for them, so a buffer opened early (a click during start-up) still gets its backup. A backup
 * stays pending until a buffer holding its text exists (`restored`). The writes and discards of
 * one path reach the machine side in the order they were made, so a discard after a save is never
 * overtaken by an older write.
 */
export class HotExit {
  private readonly api: AppClient;
  private readonly storage: KeyValueStorage;
  private root = '';
  private readonly pending = new Map<string, Backup>();
  private readonly known: Promise<void>;
  private markKnown!: () => void;
  /** Paths whose backup the machine side may hold (written, or pending restore). */
  private readonly onServer = new Set<string>();
  /** The last write or discard of each path: the next one waits for it. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(api: AppClient, storage: KeyValueStorage) {
    this.api = api;
    this.storage = storage;
    this.known = new Promise((resolve) => {
      this.markKnown = resolve;
    });
  }

  /**
   * Reads the last session's backups of the folder (`root` resolves to its path): the machine
   * side's and the page's, the newer of the two for each file. Listing starts at once, while the
   * folder is still being read; an unreachable machine side leaves the page's copies. A folder that
   * cannot be read has none to restore (its start-up fails and says why).
   */
  async load(root: Promise<string>): Promise<Backup[]> {
    const server = this.api.call('backup.list', {}).catch(() => [] as Backup[]);
    try {
      this.root = await root;
      const found = await server;
      for (const backup of found) this.onServer.add(backup.path);
      for (const backup of newestBackups(found, this.localBackups())) this.pending.set(backup.path, backup);
    } catch {
      // The folder's root is unknown: nothing can be matched to it.
    } finally {
      this.markKnown();
    }
    return [...this.pending.values()];
  }

  /** The backup a new buffer of `path` must start from, once the last session's backups are known. */
  async restoreFor(path: string): Promise<Backup | undefined> {
    await this.known;
    return this.pending.get(path);
  }

  /** A buffer of `path` now holds the backup's text (or the same text is on disk): it is no longer pending. */
  restored(path: string): void {
    this.pending.delete(path);
  }

  /** Backs up an unsaved buffer: in the page's storage now, on the machine side in order. */
  keep(unsaved: UnsavedText): Promise<void> {
    this.writeLocal(unsaved);
    this.onServer.add(unsaved.path);
    const { path, text, baseMtimeMs } = unsaved;
    return this.inOrder(path, () =>
      this.api.call('backup.write', { path, text, ...(baseMtimeMs !== null ? { baseMtimeMs } : {}) }),
    );
  }

  /** Forgets the backup of `path`: the file has the text, or the user chose to drop it. */
  drop(path: string): Promise<void> {
    this.pending.delete(path);
    this.removeLocal(path);
    if (!this.onServer.delete(path)) return Promise.resolve();
    return this.inOrder(path, () => this.api.call('backup.discard', { path }));
  }

  /** Copies unsaved buffers into the page's storage now (the page is going away). */
  flush(unsaved: UnsavedText[]): void {
    for (const buffer of unsaved) this.writeLocal(buffer);
  }

  private inOrder(path: string, call: () => Promise<unknown>): Promise<void> {
    const previous = this.queues.get(path) ?? Promise.resolve();
    const next = previous.then(call).then(
      () => {},
      () => {
        // Unreachable machine side: the next keystroke tries again; the status bar shows the disconnection.
      },
    );
    this.queues.set(path, next);
    void next.then(() => {
      if (this.queues.get(path) === next) this.queues.delete(path);
    });
    return next;
  }

  private localKey(path: string): string {
    return `merrow.backup:${this.root}:${path}`;
  }

  private writeLocal(unsaved: UnsavedText): void {
    const backup: Backup = { ...unsaved, savedAt: Date.now() };
    try {
      this.storage.setItem(this.localKey(unsaved.path), JSON.stringify(backup));
    } catch {
      // Storage full or unavailable: the machine side's backup still runs.
    }
  }

  private removeLocal(path: string): void {
    this.storage.removeItem(this.localKey(path));
  }

  private localBackups(): Backup[] {
    const prefix = this.localKey('');
    const found: Backup[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (!key?.startsWith(prefix)) continue;
      try {
        found.push(JSON.parse(this.storage.getItem(key) ?? '') as Backup);
      } catch {
        this.storage.removeItem(key);
      }
    }
    return found;
  }
}

/** One backup per path: the most recently saved of the machine side's and the page's copies. */
function newestBackups(...sources: Backup[][]): Backup[] {
  const newest = new Map<string, Backup>();
  for (const backup of sources.flat()) {
    const seen = newest.get(backup.path);
    if (!seen || backup.savedAt > seen.savedAt) newest.set(backup.path, backup);
  }
  return [...newest.values()];
}
