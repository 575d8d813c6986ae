import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileEntry, FileKind } from '../../shared/api/contract.ts';
import { vcsFolderNamed } from '../../shared/api/validate.ts';
import { type FolderBoundary, isInside } from '../boundary/confine.ts';
import { TEMP_SUFFIX } from '../safe-write/atomic-write.ts';

/**
 * Folders never shown or watched: a VCS folder in any spelling (Merrow never reads there) and
 * node_modules (tool state, not diagrams, and it can hold 100 000 files).
 */
export function isSkippedDir(name: string): boolean {
  return name === 'node_modules' || vcsFolderNamed(name) !== null;
}

/** Stops a walk of a huge folder (a home directory opened by mistake) from freezing the app. */
const MAX_ENTRIES = 20_000;

// Compound Excalidraw names first: `x.excalidraw.md` is a drawing (Obsidian), not Markdown.
const KINDS: [suffix: string, kind: FileKind][] = [
  ['.excalidraw', 'excalidraw'],
  ['.excalidraw.json', 'excalidraw'],
  ['.excalidraw.svg', 'excalidraw'],
  ['.excalidraw.png', 'excalidraw'],
  ['.excalidraw.md', 'excalidraw'],
  ['.excalidrawlib', 'excalidraw'],
  ['.mmd', 'mermaid'],
  ['.mermaid', 'mermaid'],
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.svg', 'image'],
  ['.png', 'image'],
];

/** What kind of file a name is, by its extension; 'other' files are not listed. */
export function fileKind(name: string): FileKind {
  const lower = name.toLowerCase();
  if (lower.endsWith(TEMP_SUFFIX)) return 'other';
  for (const [suffix, kind] of KINDS) if (lower.endsWith(suffix)) return kind;
  return 'other';
}

/**
 * Every folder and every file Merrow can open in the folder, sorted by path. Symlinks are
 * listed when they resolve to a file the boundary allows; linked folders are not descended (no cycles).
 */
export async function listWorkspace(boundary: FolderBoundary): Promise<FileEntry[]> {
  const rootReal = boundary.root;
  const entries: FileEntry[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let children: Dirent[];
    try {
      children = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable or vanished meanwhile: show what can be shown
    }
    for (const child of children) {
      if (entries.length >= MAX_ENTRIES) return;
      const abs = join(dir, child.name);
      const path = prefix + child.name;
      let isDir = child.isDirectory();
      if (child.isSymbolicLink()) {
        const real = await realpath(abs).catch(() => null);
        if (!real || !isInside(rootReal, real) || !boundary.allows(real)) continue;
        const target = await stat(real).catch(() => null);
        if (!target || target.isDirectory()) continue;
        isDir = false;
      }
      if (isDir) {
        if (isSkippedDir(child.name) || !boundary.allows(abs)) continue;
        const info = await stat(abs).catch(() => null);
        if (!info) continue;
        entries.push({ path, type: 'dir', kind: 'other', size: 0, mtimeMs: info.mtimeMs });
        await walk(abs, `${path}/`);
      } else if (child.isFile() || child.isSymbolicLink()) {
        const kind = fileKind(child.name);
        if (kind === 'other') continue;
        const info = await stat(abs).catch(() => null);
        if (!info) continue;
        entries.push({ path, type: 'file', kind, size: info.size, mtimeMs: info.mtimeMs });
      }
    }
  };
  await walk(rootReal, '');
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
