import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Backup } from '../../shared/api/contract.ts';
import { checkRelativePath } from '../../shared/api/validate.ts';
import { TEMP_SUFFIX, writeFileAtomic } from '../safe-write/atomic-write.ts';
import { KeyedQueue } from './keyed-queue.ts';

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Hot-exit store: the text of unsaved buffers, one JSON file per workspace path, kept under
 * `<cache>/backups/<hash of the workspace root>/` so nothing lands in the user's folder (or their
 * repository). Writes are atomic, so a `kill -9` mid-write leaves the previous backup whole, and
 * run in order per path.
 */
export class BackupStore {
  readonly dir: string;
  readonly #rootReal: string;
  readonly #queue = new KeyedQueue();

  constructor(cacheDir: string, rootReal: string) {
    this.#rootReal = rootReal;
    this.dir = join(cacheDir, 'backups', hash(rootReal).slice(0, 24));
  }

  #file(path: string): string {
    return join(this.dir, `${hash(path).slice(0, 32)}.json`);
  }

  /** Saves the buffer of `path`; `baseMtimeMs` is the file's mtime when the buffer was last in sync. */
  write(path: string, text: string, baseMtimeMs: number | null): Promise<void> {
    const backup: Backup = { path, text, baseMtimeMs, savedAt: Date.now() };
    return this.#queue.run(path, async () => {
      await mkdir(this.dir, { recursive: true });
      // Names the folder a backup belongs to, for a person looking in the cache.
      await writeFile(join(this.dir, 'workspace.txt'), `${this.#rootReal}\n`, { flag: 'wx' }).catch(() => {});
      await writeFileAtomic(this.#file(path), JSON.stringify(backup));
    });
  }

  /** Every backup of this workspace, oldest first; unreadable leftovers are skipped. */
  async list(): Promise<Backup[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const backups: Backup[] = [];
    for (const name of names) {
      if (!name.endsWith('.json') || name.endsWith(TEMP_SUFFIX)) continue;
      try {
        const data = JSON.parse(await readFile(join(this.dir, name), 'utf8')) as Backup;
        if (typeof data.text !== 'string' || typeof data.savedAt !== 'number') continue;
        const baseMtimeMs = typeof data.baseMtimeMs === 'number' ? data.baseMtimeMs : null;
        backups.push({
          path: checkRelativePath(data.path),
          text: data.text,
          baseMtimeMs,
          savedAt: data.savedAt,
        });
      } catch {
        // A backup from an incompatible version or a damaged disk: never block the others.
      }
    }
    return backups.sort((a, b) => a.savedAt - b.savedAt);
  }

  /** Forgets the backup of `path` (saved, or the user chose to drop it); no error when there is none. */
  discard(path: string): Promise<void> {
    return this.#queue.run(path, () => unlink(this.#file(path)).catch(() => {}));
  }
}
