/**
 * The one API contract between the UI and the machine. Electron IPC, the `merrow serve`
 * HTTP/WebSocket transport and tests all implement or call this same map, so there is no
 * second, drifting API. Each method names its argument shape (checked at run time by
 * `validateArgs`, because arguments from a renderer are untrusted) and its result type.
 *
 * Paths are always relative to the opened workspace folder, with `/` separators.
 */

export type FileKind = 'mermaid' | 'markdown' | 'excalidraw' | 'image' | 'other';

export interface FileEntry {
  /** Workspace-relative path with `/` separators. */
  path: string;
  type: 'file' | 'dir';
  kind: FileKind;
  size: number;
  mtimeMs: number;
}

export interface WorkspaceInfo {
  /** Display name: the folder's base name. */
  name: string;
  /** Absolute path of the folder, for display only; never sent back as an argument. */
  root: string;
  /**
   * This opening of the folder, new each time a host opens one. Every write names it (`CallRequest`),
   * so a write made for a folder the window has since left is refused instead of landing in the
   * folder it shows now.
   */
  folderId: string;
  files: FileEntry[];
}

export interface FileContent {
  path: string;
  text: string;
  mtimeMs: number;
}

export interface Backup {
  path: string;
  text: string;
  /** The file's mtime when the buffer was last in sync with disk; null for an unsaved new file. */
  baseMtimeMs: number | null;
  savedAt: number;
  /** The editor (a page, a window) that wrote it: a live one keeps it; another never adopts it. */
  owner?: string;
}

export type GitFileState = 'modified' | 'added' | 'untracked' | 'deleted' | 'renamed' | 'conflicted';

export interface GitStatus {
  available: boolean;
  isRepo: boolean;
  /** Why git cannot be used here (not installed, not a repository, git's own refusal), for the user. */
  message?: string;
  branch: string | null;
  ahead: number;
  behind: number;
  files: { path: string; state: GitFileState; staged: boolean; unstaged: boolean; from?: string }[];
  /** A merge in progress (MERGE_HEAD exists): git's prepared message for the merge commit. */
  merge?: { message: string };
}

export interface GitCommit {
  hash: string;
  author: string;
  email: string;
  date: string;
  message: string;
  /** With `git.log({ path })`: the file's path in this commit, which differs before a rename. */
  path?: string;
}

/** The argument shapes understood by `validateArgs`. `path` is a workspace-relative path. */
export type ArgType = 'string' | 'path' | 'number' | 'boolean' | 'string[]' | 'path[]' | 'bytes';
export type ArgSpec = Record<string, ArgType | `${ArgType}?`>;

/** Request → response types, and the argument spec each method is checked against. */
export interface ApiMethods {
  'workspace.info': { args: Record<string, never>; result: WorkspaceInfo };
  'workspace.list': { args: Record<string, never>; result: FileEntry[] };
  'file.read': { args: { path: string }; result: FileContent };
  /** A file's bytes as base64 (drawings exported as PNG); the same size limit as `file.read`. */
  'file.readBinary': { args: { path: string }; result: { path: string; data: string; mtimeMs: number } };
  /** Atomic write. With `expectedMtimeMs`, fails with code `conflict` when the file changed on disk. */
  'file.write': {
    args: { path: string; text: string; expectedMtimeMs?: number };
    result: { mtimeMs: number };
  };
  /** Atomic binary write (exports); `data` is base64. */
  'file.writeBinary': { args: { path: string; data: string }; result: { mtimeMs: number } };
  'file.create': { args: { path: string; text?: string }; result: { mtimeMs: number } };
  'file.mkdir': { args: { path: string }; result: null };
  'file.rename': { args: { from: string; to: string }; result: null };
  'file.duplicate': { args: { path: string }; result: { path: string } };
  /** Moves to the OS trash where the host has one (Electron), else deletes. */
  'file.delete': { args: { path: string }; result: null };
  'config.read': {
    args: Record<string, never>;
    /** `text`: the file as written, so that a change edits only its own key. */
    result: { config: Record<string, unknown>; path: string | null; text: string | null };
  };
  'config.write': { args: { config: string }; result: null };
  /** Hot exit: unsaved buffers, kept outside the workspace folder. */
  'backup.write': {
    args: { path: string; text: string; baseMtimeMs?: number; owner?: string };
    result: null;
  };
  'backup.list': { args: Record<string, never>; result: Backup[] };
  'backup.discard': { args: { path: string }; result: null };
  'git.status': { args: Record<string, never>; result: GitStatus };
  'git.init': { args: Record<string, never>; result: null };
  'git.show': { args: { path: string; ref: string }; result: { text: string | null } };
  'git.diff': { args: { path: string; staged?: boolean }; result: { patch: string } };
  'git.log': { args: { path?: string; limit?: number }; result: GitCommit[] };
  /**
   * Refused with code `conflict` when a file still has git's conflict markers, unless `force`
   * (the user insists).
   */
  'git.stage': { args: { paths: string[]; force?: boolean }; result: null };
  'git.unstage': { args: { paths: string[] }; result: null };
  'git.discard': { args: { paths: string[] }; result: null };
  'git.commit': { args: { message: string; amend?: boolean }; result: { hash: string } };
  /**
   * `mode` reconciles diverged branches when the user's git config does not say how:
   * `merge` (`--no-rebase`) or `rebase`. The result says which happened.
   */
  'git.pull': {
    args: { mode?: string };
    result: { output: string; outcome: 'up-to-date' | 'fast-forward' | 'merge' | 'rebase' };
  };
  /** `git merge --abort`: back to before the merge. */
  'git.abortMerge': { args: Record<string, never>; result: null };
  'git.push': { args: Record<string, never>; result: { output: string } };
  /**
   * The names printed in a drawing's icons: `images` are PNG or JPEG data URLs, `names` one name or
   * null per image. Best effort: a picture that cannot be read names nothing, and `unavailable` says
   * why none could be read at all.
   */
  'pictures.read': {
    args: { images: string[] };
    result: { names: (string | null)[]; unavailable: string | null };
  };
}

export type ApiMethod = keyof ApiMethods;
export type ApiArgs<M extends ApiMethod> = ApiMethods[M]['args'];
export type ApiResult<M extends ApiMethod> = ApiMethods[M]['result'];

/** Run-time argument specs, one per method; the compiler checks that none is missing. */
export const API_ARG_SPECS: { readonly [M in ApiMethod]: ArgSpec } = {
  'workspace.info': {},
  'workspace.list': {},
  'file.read': { path: 'path' },
  'file.readBinary': { path: 'path' },
  'file.write': { path: 'path', text: 'string', expectedMtimeMs: 'number?' },
  'file.writeBinary': { path: 'path', data: 'bytes' },
  'file.create': { path: 'path', text: 'string?' },
  'file.mkdir': { path: 'path' },
  'file.rename': { from: 'path', to: 'path' },
  'file.duplicate': { path: 'path' },
  'file.delete': { path: 'path' },
  'config.read': {},
  'config.write': { config: 'string' },
  'backup.write': { path: 'path', text: 'string', baseMtimeMs: 'number?', owner: 'string?' },
  'backup.list': {},
  'backup.discard': { path: 'path' },
  'git.status': {},
  'git.init': {},
  'git.show': { path: 'path', ref: 'string' },
  'git.diff': { path: 'path', staged: 'boolean?' },
  'git.log': { path: 'path?', limit: 'number?' },
  'git.stage': { paths: 'path[]', force: 'boolean?' },
  'git.unstage': { paths: 'path[]' },
  'git.discard': { paths: 'path[]' },
  'git.commit': { message: 'string', amend: 'boolean?' },
  'git.pull': { mode: 'string?' },
  'git.abortMerge': {},
  'git.push': {},
  'pictures.read': { images: 'string[]' },
};

/**
 * Whether a method changes anything (files, backups, the config, the repository). A write must name
 * the folder it was made for; the compiler checks that every method is classed.
 */
export const API_EFFECTS: { readonly [M in ApiMethod]: 'read' | 'write' } = {
  'workspace.info': 'read',
  'workspace.list': 'read',
  'file.read': 'read',
  'file.readBinary': 'read',
  'file.write': 'write',
  'file.writeBinary': 'write',
  'file.create': 'write',
  'file.mkdir': 'write',
  'file.rename': 'write',
  'file.duplicate': 'write',
  'file.delete': 'write',
  'config.read': 'read',
  'config.write': 'write',
  'backup.write': 'write',
  'backup.list': 'read',
  'backup.discard': 'write',
  'git.status': 'read',
  'git.init': 'write',
  'git.show': 'read',
  'git.diff': 'read',
  'git.log': 'read',
  'git.stage': 'write',
  'git.unstage': 'write',
  'git.discard': 'write',
  'git.commit': 'write',
  'git.pull': 'write',
  'git.abortMerge': 'write',
  'git.push': 'write',
  'pictures.read': 'read',
};

/**
 * One call as every transport carries it (Electron IPC and `merrow serve` alike). `folder` is the
 * `folderId` of the folder the caller's state belongs to: required for a write, checked for any
 * call that names it, so nothing made for one folder reaches another.
 */
export interface CallRequest {
  method: ApiMethod;
  args: unknown;
  folder?: string;
}

/** Events pushed from the machine to the UI. */
export interface ApiEvents {
  /** A file in the workspace changed on disk (by Merrow or anything else). */
  'file.changed': { path: string; kind: 'created' | 'changed' | 'deleted'; mtimeMs: number | null };
  /** The repository changed (commit, checkout, stash, index). */
  'git.changed': Record<string, never>;
  /** A line of git's progress output during a pull or push. */
  'git.progress': { operation: 'pull' | 'push'; text: string };
}
export type ApiEvent = keyof ApiEvents;

/** Error codes a handler may answer with; `message` is for the user. */
export type ApiErrorCode =
  | 'invalid-args'
  | 'outside-workspace'
  | 'not-found'
  | 'exists'
  | 'conflict'
  | 'too-large'
  /** The file is not UTF-8 text: opened anyway, a save would replace the letters it could not show. */
  | 'not-text'
  | 'git'
  | 'unavailable'
  /** The call was made for a folder the window (or the server) no longer has open. */
  | 'folder-changed'
  | 'internal';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

/** A failed call as every transport sends it: the code, and a message for the user. */
export interface ApiErrorReply {
  code: ApiErrorCode;
  message: string;
}

/** One call's answer on the wire (Electron IPC and `merrow serve` alike). */
export type CallReply = { ok: true; result: unknown } | { ok: false; error: ApiErrorReply };

/** Every method implemented: what Electron's main process and `merrow serve` both provide. */
export type ApiHandlers = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResult<M>> };

/** What the UI calls: the same shape on every transport. */
export interface ApiClient {
  call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>>;
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}
