import { realpathSync } from 'node:fs';
import { lstat, readdir, realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { ApiError } from '../../shared/api/contract.ts';
import { checkRelativePath, vcsFolderNamed, vcsRefusal } from '../../shared/api/validate.ts';
import { PathLock } from './path-lock.ts';

/** Whether `real` (a resolved absolute path) is `root` itself or inside it. */
export function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The real path of `path`, or of its nearest existing ancestor with the rest appended (for a folder not made yet). */
export async function realpathOrSelf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(await realpathOrSelf(parent), basename(path));
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Stops the search for a repository inside a folder about to be moved from walking forever. */
const MAX_WALK = 100_000;

/**
 * The opened folder's boundary: the one place that turns a workspace-relative path from the API
 * into a real path on disk, for every method (files and git alike). A path is refused when it,
 * or the real path it resolves to through symbolic links, leaves the folder, names a VCS folder
 * (`.git` in any spelling, see `vcsFolderNamed`), or lies in a folder `guard` protects (a git
 * folder or hooks folder kept elsewhere inside the opened one).
 */
export class FolderBoundary {
  /** The opened folder, symlinks resolved. */
  readonly root: string;
  /** Orders path lookups against renames (see PathLock). */
  readonly lock = new PathLock();
  readonly #guarded = new Map<string, string>();
  #guardsLoaded: Promise<void> = Promise.resolve();

  readonly #fixed: { dir: string; why: string }[];

  /** `fixed` folders are guarded for good (Merrow's own cache, when it lies inside the folder). */
  constructor(root: string, fixed: { dir: string; why: string }[] = []) {
    this.root = realpathSync(root);
    this.#fixed = fixed;
    this.guardWith(async () => []);
  }

  /**
   * Protects folders inside the root that hold code git runs though they are not named `.git`
   * (`git init --separate-git-dir`, `core.hooksPath`): `load` lists them with the words that end
   * a refusal. Called again when the repository changes; paths are checked against the newest list.
   */
  guardWith(load: () => Promise<{ dir: string; why: string }[]>): void {
    this.#guardsLoaded = load()
      .then((list) =>
        Promise.all(
          [...this.#fixed, ...list].map(async ({ dir, why }) => ({ dir: await realpathOrSelf(dir), why })),
        ),
      )
      .then(
        (list) => {
          this.#guarded.clear();
          for (const { dir, why } of list) {
            if (isInside(this.root, dir) && dir !== this.root) this.#guarded.set(dir, why);
          }
        },
        () => {},
      );
  }

  /**
   * The real absolute path `rel` names, following symlinks. For a path that does not exist yet,
   * the nearest existing ancestor must resolve inside; a dangling symlink is refused because
   * writing through it would create a file wherever it points.
   */
  async resolve(rel: string, field = rel): Promise<{ real: string; exists: boolean }> {
    const clean = checkRelativePath(rel, field);
    await this.#guardsLoaded;
    const outside = () => new ApiError('outside-workspace', `${field}: leads outside the opened folder`);
    const segments = clean.split('/');
    for (let keep = segments.length; keep >= 0; keep--) {
      const candidate = join(this.root, ...segments.slice(0, keep));
      let real: string;
      try {
        real = await realpath(candidate);
      } catch (error) {
        if (!isMissing(error)) throw error;
        const link = await lstat(candidate).catch(() => null);
        if (link?.isSymbolicLink()) throw outside();
        continue;
      }
      if (!isInside(this.root, real)) throw outside();
      this.#checkReal(real, field);
      const rest = segments.slice(keep);
      return { real: rest.length ? join(real, ...rest) : real, exists: rest.length === 0 };
    }
    throw outside();
  }

  /**
   * The directory entry `rel` names, without following a final symlink: what rename and delete
   * act on (renaming a link renames the link, wherever it points, even outside the folder). The
   * folder holding it must resolve inside the root.
   */
  async entry(rel: string, field = rel): Promise<{ abs: string; exists: boolean; isLink: boolean }> {
    const clean = checkRelativePath(rel, field);
    await this.#guardsLoaded;
    const slash = clean.lastIndexOf('/');
    const parent = slash < 0 ? this.root : (await this.resolve(clean.slice(0, slash), field)).real;
    const abs = join(parent, clean.slice(slash + 1));
    this.#checkReal(abs, field);
    const info = await lstat(abs).catch(() => null);
    return { abs, exists: info !== null, isLink: info?.isSymbolicLink() ?? false };
  }

  /**
   * Refuses to move, copy or delete a folder that holds a repository (`.git` below it) or a
   * guarded folder: that would change git's data other than through git.
   */
  async checkMovable(absDir: string, field: string): Promise<void> {
    await this.#guardsLoaded;
    for (const guarded of this.#guarded.keys()) {
      if (isInside(absDir, guarded)) throw this.#guardRefusal(field, guarded);
    }
    let seen = 0;
    const walk = async (dir: string): Promise<void> => {
      const children = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const child of children) {
        if (++seen > MAX_WALK) {
          throw new ApiError('too-large', `${field}: holds over ${MAX_WALK} entries; move it outside Merrow`);
        }
        const vcs = vcsFolderNamed(child.name);
        if (vcs) {
          const where = this.relative(join(dir, child.name));
          throw new ApiError(
            'invalid-args',
            `${field}: holds a repository (${where}); move, copy or delete it outside Merrow`,
          );
        }
        if (child.isDirectory()) await walk(join(dir, child.name));
      }
    };
    await walk(absDir);
  }

  /** The workspace-relative `/` path of an absolute path inside the root. */
  relative(abs: string): string {
    return relative(this.root, abs).split(sep).join('/');
  }

  /** Whether a real path inside the root is one Merrow may show: no VCS folder on the way, not guarded. */
  allows(real: string): boolean {
    try {
      this.#checkReal(real, '');
      return true;
    } catch {
      return false;
    }
  }

  #checkReal(real: string, field: string): void {
    for (const segment of this.relative(real).split('/')) {
      const vcs = vcsFolderNamed(segment);
      if (vcs) throw vcsRefusal(field, vcs);
    }
    for (const guarded of this.#guarded.keys()) {
      if (isInside(guarded, real)) throw this.#guardRefusal(field, guarded);
    }
  }

  #guardRefusal(field: string, guarded: string): ApiError {
    const why = this.#guarded.get(guarded);
    return new ApiError('outside-workspace', `${field}: inside ${why}; Merrow never reads or writes there`);
  }
}
