import { randomBytes } from 'node:crypto';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Moves a file or folder somewhere recoverable; Electron passes the OS trash (`shell.trashItem`). */
export type TrashFunction = (absPath: string) => Promise<void>;

/**
 * A trash for hosts without the OS one (`merrow serve`): deleted items move to `<cache>/trash/`,
 * named with the time of deletion, so a wrong click is recoverable by hand. A random part keeps
 * two items of one name deleted in the same millisecond apart (rename would replace the first).
 */
export function cacheTrash(cacheDir: string): TrashFunction {
  return async (absPath) => {
    const dir = join(cacheDir, 'trash');
    await mkdir(dir, { recursive: true });
    const stamp = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
    const target = join(dir, `${stamp}-${basename(absPath)}`);
    try {
      await rename(absPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      // The cache is on another disk: copy, then remove the original.
      await cp(absPath, target, {
        recursive: true,
        errorOnExist: true,
        force: false,
        verbatimSymlinks: true,
      });
      await rm(absPath, { recursive: true });
    }
  };
}
