import { stat } from 'node:fs/promises';

const identity = (info: { dev: number; ino: number }) => `${info.dev}:${info.ino}`;

/**
 * The files a run reads, by identity (device and inode), so that no output is written over one
 * of them, whatever the name that leads there: the same path, another letter case on a
 * case-insensitive disk, a symbolic or a hard link.
 */
export class RunInputs {
  readonly #files: Set<string>;

  private constructor(files: Set<string>) {
    this.#files = files;
  }

  static async of(paths: readonly string[]): Promise<RunInputs> {
    const infos = await Promise.all(paths.filter((p) => p !== '-').map((p) => stat(p).catch(() => null)));
    return new RunInputs(new Set(infos.filter((i) => i !== null).map(identity)));
  }

  /** Whether writing `path` would replace one of the inputs. */
  async includes(path: string): Promise<boolean> {
    const info = await stat(path).catch(() => null);
    return info !== null && this.#files.has(identity(info));
  }
}
