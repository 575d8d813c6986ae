import { type FSWatcher, watch } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { ApiEvents } from '../../shared/api/contract.ts';
import type { FolderBoundary } from '../boundary/confine.ts';
import { TEMP_SUFFIX } from '../safe-write/atomic-write.ts';
import { fileKind, isSkippedDir, listWorkspace } from './listing.ts';

/** Receives each settled change. */
export type ChangeListener = (change: ApiEvents['file.changed']) => void;

/** Bursts of raw events (an editor's save is often 3–5 of them) become one event per path. */
const DEBOUNCE_MS = 60;

/**
 * Reports changes under `rootReal` as `file.changed` events: 'created' for a path not seen
 * before, 'changed' for a known file (an outside edit, a git checkout, or Merrow's own save
 * echoing back), 'deleted' for a removal (a removed folder reports its known contents too).
 *
 * On Linux, `fs.watch({ recursive })` would also watch .git and node_modules one directory at
 * a time and can exhaust inotify watches; there, one watcher per listed folder is used instead.
 */
export function watchWorkspace(
  boundary: FolderBoundary,
  onChange: ChangeListener,
): { ready: Promise<void>; close(): void } {
  const rootReal = boundary.root;
  const known = new Map<string, 'file' | 'dir'>();
  const pending = new Map<string, NodeJS.Timeout>();
  const dirWatchers = new Map<string, FSWatcher>();
  const perDirectory = process.platform === 'linux';
  let closed = false;

  const onRaw = (rel: string) => {
    if (closed || rel === '' || rel.endsWith(TEMP_SUFFIX)) return;
    if (rel.split('/').some(isSkippedDir) || !boundary.allows(join(rootReal, rel))) return;
    clearTimeout(pending.get(rel));
    pending.set(
      rel,
      setTimeout(() => {
        pending.delete(rel);
        void settle(rel);
      }, DEBOUNCE_MS),
    );
  };

  const watchDir = (rel: string) => {
    if (!perDirectory || dirWatchers.has(rel) || closed) return;
    try {
      const watcher = watch(join(rootReal, rel), (_type, name) => {
        if (name) onRaw(rel ? `${rel}/${name}` : name);
      });
      watcher.on('error', () => unwatchDir(rel));
      dirWatchers.set(rel, watcher);
    } catch {
      // The folder vanished between listing and watching; its deletion is reported by its parent.
    }
  };
  const unwatchDir = (rel: string) => {
    dirWatchers.get(rel)?.close();
    dirWatchers.delete(rel);
  };

  const settle = async (rel: string) => {
    const info = await stat(join(rootReal, rel)).catch(() => null);
    if (closed) return;
    const was = known.get(rel);
    if (!info) {
      // Created and removed again within the debounce (a file saved, then deleted by another
      // program at once): a page that saved it must still hear that it is gone.
      if (!was) {
        if (fileKind(rel) !== 'other') onChange({ path: rel, kind: 'deleted', mtimeMs: null });
        return;
      }
      const gone = [...known.keys()].filter((p) => p === rel || p.startsWith(`${rel}/`));
      for (const path of gone.sort().reverse()) {
        known.delete(path);
        unwatchDir(path);
        onChange({ path, kind: 'deleted', mtimeMs: null });
      }
      return;
    }
    if (info.isDirectory()) {
      if (was === 'dir') return; // a child changed; the child's own event reports it
      known.set(rel, 'dir');
      onChange({ path: rel, kind: 'created', mtimeMs: info.mtimeMs });
      watchDir(rel);
      // A folder moved or unpacked in one go: report what it holds, since no events come for it.
      for (const child of await readdir(join(rootReal, rel)).catch(() => [])) onRaw(`${rel}/${child}`);
      return;
    }
    if (!info.isFile() || fileKind(rel) === 'other') return;
    known.set(rel, 'file');
    onChange({ path: rel, kind: was ? 'changed' : 'created', mtimeMs: info.mtimeMs });
  };

  let rootWatcher: FSWatcher | undefined;
  if (perDirectory) {
    watchDir('');
  } else {
    rootWatcher = watch(rootReal, { recursive: true }, (_type, name) => {
      if (name) onRaw(name.split(sep).join('/'));
    });
  }

  const ready = listWorkspace(boundary).then((entries) => {
    for (const entry of entries) {
      known.set(entry.path, entry.type);
      if (entry.type === 'dir') watchDir(entry.path);
    }
  });

  return {
    ready,
    close() {
      closed = true;
      rootWatcher?.close();
      for (const rel of [...dirWatchers.keys()]) unwatchDir(rel);
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
