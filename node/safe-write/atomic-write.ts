import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Suffix of in-flight temp files; the watcher and the listing ignore them. */
export const TEMP_SUFFIX = '.merrow-tmp';

/**
 * Writes `data` to `file` so that readers see the old content or the new, never half of it:
 * a temp file in the same folder (same file system, so rename is atomic), flushed to disk,
 * given the old file's mode, then renamed over the target. The temp file is removed on failure.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: { sync?: boolean } = {},
) {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  const existingMode = await stat(file).then(
    (s) => s.mode & 0o7777,
    () => null,
  );
  const handle = await open(temp, 'wx', existingMode ?? 0o666);
  try {
    try {
      await handle.writeFile(data);
      // `open` applies the umask; an existing file's mode is kept exactly.
      if (existingMode !== null) await handle.chmod(existingMode);
      if (options.sync !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}
