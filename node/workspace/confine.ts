import { lstat, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ApiError } from '../../shared/api/contract.ts';

/** Whether `real` (a resolved absolute path) is `root` itself or inside it. */
export function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Maps a workspace-relative path (already cleaned by `checkRelativePath`) to the real absolute
 * path it names, following symlinks, and refuses any that lands outside `rootReal`. For a path
 * that does not exist yet, the nearest existing ancestor must be inside; a dangling symlink is
 * refused because writing through it would create a file wherever it points.
 */
export async function resolveInside(
  rootReal: string,
  rel: string,
): Promise<{ real: string; exists: boolean }> {
  const outside = () => new ApiError('outside-workspace', `${rel}: leads outside the opened folder`);
  const segments = rel.split('/');
  for (let keep = segments.length; keep >= 0; keep--) {
    const candidate = join(rootReal, ...segments.slice(0, keep));
    let real: string;
    try {
      real = await realpath(candidate);
    } catch (error) {
      if (!isMissing(error)) throw error;
      const link = await lstat(candidate).catch(() => null);
      if (link?.isSymbolicLink()) throw outside();
      continue;
    }
    if (!isInside(rootReal, real)) throw outside();
    const rest = segments.slice(keep);
    return { real: rest.length ? join(real, ...rest) : real, exists: rest.length === 0 };
  }
  throw outside();
}

/**
 * Maps a workspace-relative path to the directory entry itself, without following a final
 * symlink: what rename and delete act on (renaming a link must not rename its target). The
 * folder holding it must resolve inside the root, and a link's target must be inside too.
 */
export async function resolveEntry(rootReal: string, rel: string): Promise<{ abs: string; exists: boolean }> {
  const slash = rel.lastIndexOf('/');
  const parent = slash < 0 ? { real: rootReal } : await resolveInside(rootReal, rel.slice(0, slash));
  const abs = join(parent.real, rel.slice(slash + 1));
  const link = await lstat(abs).catch(() => null);
  if (link?.isSymbolicLink()) await resolveInside(rootReal, rel);
  return { abs, exists: link !== null };
}

/** The workspace-relative `/` path of an absolute path inside the root. */
export function toRelative(rootReal: string, abs: string): string {
  return relative(rootReal, abs).split(sep).join('/');
}
