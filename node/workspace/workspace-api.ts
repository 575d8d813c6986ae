import { randomUUID } from 'node:crypto';
import { constants, copyFile, cp, lstat, mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ApiError, type ApiHandlers, type ApiMethod } from '../../shared/api/contract.ts';
import { PROJECT_CONFIG_FILE, parseConfigJson } from '../../shared/mermaid/config.ts';
import { decodeUtf8 } from '../../shared/text/utf8.ts';
import type { FolderBoundary } from '../boundary/confine.ts';
import { guarded } from '../boundary/guarded.ts';
import type { GitMethod } from '../git/git-api.ts';
import { writeFileAtomic } from '../safe-write/atomic-write.ts';
import { userDirs } from '../user-data/user-dirs.ts';
import { BackupStore } from './backups.ts';
import { KeyedQueue } from './keyed-queue.ts';
import { fileKind, listWorkspace } from './listing.ts';
import { cacheTrash, type TrashFunction } from './trash.ts';
import { type ChangeListener, watchWorkspace } from './watcher.ts';

/** Files larger than this are refused by `file.read` (mermaid itself stops at 50 000 characters). */
export const MAX_READ_BYTES = 10 * 1024 * 1024;

export type WorkspaceMethod = Exclude<ApiMethod, GitMethod | 'pictures.read'>;
export type WorkspaceHandlers = Pick<ApiHandlers, WorkspaceMethod>;

export interface WorkspaceOptions {
  /** Where `file.delete` puts things; default: a trash folder in Merrow's cache. */
  trash?: TrashFunction;
  /** Merrow's cache folder (backups, trash); default: the user cache dir, or `MERROW_STATE_DIR`. */
  cacheDir?: string;
  /** Watch the folder and emit `file.changed`; default true. */
  watch?: boolean;
}

export interface WorkspaceApi {
  /** The opened folder, symlinks resolved. */
  root: string;
  /** This opening of the folder (`WorkspaceInfo.folderId`): writes made for another are refused. */
  folderId: string;
  handlers: WorkspaceHandlers;
  /** Where deleted files go (git's discard of untracked files uses it too). */
  trash: TrashFunction;
  /** Resolves once the watcher knows the folder's files (so the first change is not misreported as new). */
  ready: Promise<void>;
  close(): void;
}

/** Picks a free name beside `name`: `flow.mmd` → `flow copy.mmd`, `flow copy 2.mmd`, … */
function copyName(name: string, attempt: number): string {
  const lower = name.toLowerCase();
  const compound = ['.excalidraw.json', '.excalidraw.svg', '.excalidraw.png', '.excalidraw.md'].find((s) =>
    lower.endsWith(s),
  );
  const dot = compound ? name.length - compound.length : name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${stem} copy${attempt > 1 ? ` ${attempt}` : ''}${ext}`;
}

function parseConfigObject(text: string): Record<string, unknown> {
  try {
    return parseConfigJson(text, PROJECT_CONFIG_FILE);
  } catch (error) {
    throw new ApiError('invalid-args', (error as Error).message);
  }
}

/**
 * The files Merrow writes, creates and renames: the kinds it lists, and PDF exports. Anything
 * else (a script, a hook, `package.json`, an editor's task file) could run code the next time
 * some tool opens the folder, so the API never writes it, whoever asks.
 */
export function isWritableName(path: string): boolean {
  return fileKind(path) !== 'other' || /\.pdf$/i.test(path);
}

/** Files that are not text, whatever they are opened for. */
const BINARY = /\.(png|pdf|jpe?g|gif|webp)$/i;

function mustBeWritable(path: string): void {
  if (!isWritableName(path)) {
    throw new ApiError(
      'invalid-args',
      `${path}: Merrow writes only diagrams, Markdown, Excalidraw drawings and images (.mmd, .mermaid, .md, .excalidraw, .svg, .png, .pdf)`,
    );
  }
}

/**
 * The workspace half of the API contract (everything but `git.*`) on one folder, with the
 * `file.changed` event source. Every handler checks its arguments and resolves every path through
 * the folder's boundary. Transports call `createApi` (node/api), which adds the git methods.
 */
export function createWorkspaceApi(
  boundary: FolderBoundary,
  options: WorkspaceOptions,
  onChange: ChangeListener,
): WorkspaceApi {
  const rootReal = boundary.root;
  const folderId = randomUUID();
  const cacheDir = options.cacheDir ?? userDirs().cache;
  const trash = options.trash ?? cacheTrash(cacheDir);
  const backups = new BackupStore(cacheDir, rootReal);
  const writes = new KeyedQueue();
  const watcher = options.watch === false ? null : watchWorkspace(boundary, onChange);
  const { lock } = boundary;

  const mtimeOf = async (abs: string) => (await stat(abs)).mtimeMs;
  const readLimited = (path: string) =>
    lock.shared(async () => {
      const { real } = await boundary.resolve(path);
      const handle = await open(real, 'r');
      try {
        const info = await handle.stat();
        if (info.isDirectory()) throw new ApiError('invalid-args', `${path}: is a folder, not a file`);
        if (info.size > MAX_READ_BYTES) {
          throw new ApiError(
            'too-large',
            `${path}: ${(info.size / 1024 / 1024).toFixed(1)} MB is too large to open`,
          );
        }
        return { bytes: await handle.readFile(), mtimeMs: info.mtimeMs };
      } finally {
        await handle.close();
      }
    });
  const mustNotExist = (exists: boolean, rel: string) => {
    if (exists) throw new ApiError('exists', `${rel}: already exists`);
  };

  const handlers: WorkspaceHandlers = {
    'workspace.info': guarded('workspace.info', async () => ({
      name: basename(rootReal),
      root: rootReal,
      folderId,
      files: await listWorkspace(boundary),
    })),

    'workspace.list': guarded('workspace.list', () => listWorkspace(boundary)),

    'file.read': guarded('file.read', async ({ path }) => {
      const { bytes, mtimeMs } = await readLimited(path);
      // An image opened in a tab (a drawing exported as PNG) is read for what it carries, through
      // file.readBinary; its text here is never edited nor written back.
      if (BINARY.test(path)) return { path, text: bytes.toString('utf8'), mtimeMs };
      const read = decodeUtf8(bytes);
      if ('error' in read) {
        const { line, column, message } = read.error;
        throw new ApiError(
          'not-text',
          `${path}:${line}:${column}: ${message}; Merrow opens UTF-8 files only`,
        );
      }
      return { path, text: read.text, mtimeMs };
    }),

    'file.readBinary': guarded('file.readBinary', async ({ path }) => {
      const { bytes, mtimeMs } = await readLimited(path);
      return { path, data: bytes.toString('base64'), mtimeMs };
    }),

    'file.write': guarded('file.write', ({ path, text, expectedMtimeMs }) =>
      lock.shared(async () => {
        mustBeWritable(path);
        const { real } = await boundary.resolve(path);
        return writes.run(real, async () => {
          const current = await stat(real).catch(() => null);
          if (current?.isDirectory()) throw new ApiError('invalid-args', `${path}: is a folder, not a file`);
          if (expectedMtimeMs !== undefined && current?.mtimeMs !== expectedMtimeMs) {
            const what = current ? 'changed on disk' : 'was deleted on disk';
            throw new ApiError('conflict', `${path}: ${what} since it was opened`);
          }
          await writeFileAtomic(real, text);
          return { mtimeMs: await mtimeOf(real) };
        });
      }),
    ),

    'file.writeBinary': guarded('file.writeBinary', ({ path, data }) =>
      lock.shared(async () => {
        mustBeWritable(path);
        const { real } = await boundary.resolve(path);
        return writes.run(real, async () => {
          await writeFileAtomic(real, Buffer.from(data, 'base64'));
          return { mtimeMs: await mtimeOf(real) };
        });
      }),
    ),

    'file.create': guarded('file.create', ({ path, text }) =>
      lock.shared(async () => {
        mustBeWritable(path);
        const { real, exists } = await boundary.resolve(path);
        mustNotExist(exists, path);
        await mkdir(dirname(real), { recursive: true });
        const handle = await open(real, 'wx');
        try {
          await handle.writeFile(text ?? '');
          await handle.sync();
        } finally {
          await handle.close();
        }
        return { mtimeMs: await mtimeOf(real) };
      }),
    ),

    'file.mkdir': guarded('file.mkdir', ({ path }) =>
      lock.shared(async () => {
        const { real, exists } = await boundary.resolve(path);
        mustNotExist(exists, path);
        await mkdir(real, { recursive: true });
        return null;
      }),
    ),

    // Exclusive: a rename changes which entry a path names (see PathLock).
    'file.rename': guarded('file.rename', ({ from, to }) =>
      lock.exclusive(async () => {
        const source = await boundary.entry(from);
        if (!source.exists) throw new ApiError('not-found', `${from}: no such file or folder`);
        const target = await boundary.entry(to);
        const isDir = !source.isLink && (await lstat(source.abs)).isDirectory();
        if (isDir) await boundary.checkMovable(source.abs, from);
        else {
          mustBeWritable(from);
          mustBeWritable(to);
        }
        if (target.exists) {
          // On a case-insensitive disk `a.mmd` → `A.mmd` finds the file itself at the target.
          const [a, b] = await Promise.all([lstat(source.abs), lstat(target.abs)]);
          if (a.ino !== b.ino || a.dev !== b.dev) throw new ApiError('exists', `${to}: already exists`);
        }
        if (`${to}/`.startsWith(`${from}/`))
          throw new ApiError('invalid-args', `${to}: cannot move a folder into itself`);
        await mkdir(dirname(target.abs), { recursive: true });
        await rename(source.abs, target.abs);
        return null;
      }),
    ),

    // Exclusive: copying a folder creates paths, links included, that others may have resolved.
    'file.duplicate': guarded('file.duplicate', ({ path }) =>
      lock.exclusive(async () => {
        const { real, exists } = await boundary.resolve(path);
        if (!exists) throw new ApiError('not-found', `${path}: no such file or folder`);
        const isDir = (await stat(real)).isDirectory();
        if (isDir) await boundary.checkMovable(real, path);
        else mustBeWritable(path);
        const slash = path.lastIndexOf('/');
        for (let attempt = 1; attempt < 1000; attempt++) {
          const name = copyName(basename(path), attempt);
          const copyPath = slash < 0 ? name : `${path.slice(0, slash)}/${name}`;
          const target = join(dirname(real), name);
          try {
            if (isDir) await cp(real, target, { recursive: true, errorOnExist: true, force: false });
            else await copyFile(real, target, constants.COPYFILE_EXCL);
            return { path: copyPath };
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code !== 'EEXIST' && code !== 'ERR_FS_CP_EEXIST') throw error;
          }
        }
        throw new ApiError('exists', `${path}: too many copies already`);
      }),
    ),

    'file.delete': guarded('file.delete', ({ path }) =>
      lock.shared(async () => {
        const { abs, exists, isLink } = await boundary.entry(path);
        if (!exists) throw new ApiError('not-found', `${path}: no such file or folder`);
        if (!isLink && (await lstat(abs)).isDirectory()) await boundary.checkMovable(abs, path);
        await trash(abs);
        return null;
      }),
    ),

    'config.read': guarded('config.read', () =>
      lock.shared(async () => {
        const { real, exists } = await boundary.resolve(PROJECT_CONFIG_FILE);
        if (!exists) return { config: {}, path: null, text: null };
        const text = await readFile(real, 'utf8');
        return { config: parseConfigObject(text), path: PROJECT_CONFIG_FILE, text };
      }),
    ),

    'config.write': guarded('config.write', ({ config }) =>
      lock.shared(async () => {
        parseConfigObject(config);
        const { real } = await boundary.resolve(PROJECT_CONFIG_FILE);
        await writes.run(real, () => writeFileAtomic(real, config.endsWith('\n') ? config : `${config}\n`));
        return null;
      }),
    ),

    'backup.write': guarded('backup.write', async ({ path, text, baseMtimeMs, owner }) => {
      await backups.write(path, text, baseMtimeMs ?? null, owner);
      return null;
    }),

    'backup.list': guarded('backup.list', () => backups.list()),

    'backup.discard': guarded('backup.discard', async ({ path }) => {
      await backups.discard(path);
      return null;
    }),
  };

  return {
    root: rootReal,
    folderId,
    handlers,
    trash,
    ready: watcher?.ready ?? Promise.resolve(),
    close: () => watcher?.close(),
  };
}
