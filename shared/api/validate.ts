import { API_ARG_SPECS, ApiError, type ApiMethod, type ArgType } from './contract.ts';

const MAX_STRING = 64 * 1024 * 1024;

/** Whether `name` is a method of the contract (and not, say, `__proto__`). */
export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(API_ARG_SPECS, name);
}

/**
 * Folders that hold a version-control system's own data, whose configuration and hooks run code
 * (git's `core.fsmonitor`, hooks and filters; Mercurial's `[hooks]`; Subversion's, Bazaar's and
 * Jujutsu's working-copy state). Merrow never reads, writes, lists or watches inside them: the
 * VCS changes them through its own commands.
 */
export const VCS_FOLDERS: readonly string[] = ['.git', '.hg', '.svn', '.bzr', '.jj'];

// Code points HFS+ ignores in names (so `.g\u200cit` is `.git` on a Mac), as git itself lists them.
const IGNORED_IN_NAMES = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;
// NTFS short names of the folders above (`GIT~1` is `.git` on Windows).
const SHORT_NAME = /^(git|hg|svn|bzr|jj)~\d+$/;

/**
 * The VCS folder a path segment names on some file system, or null. Compares the way the most
 * lenient file system would: any letter case (Windows, macOS), trailing dots and spaces dropped
 * and an NTFS stream suffix cut (`.git. `, `.git::$INDEX_ALLOCATION`), ignorable code points
 * removed (HFS+), compatibility forms folded (NFKC), and NTFS short names.
 */
export function vcsFolderNamed(segment: string): string | null {
  let key = segment.normalize('NFKC').replace(IGNORED_IN_NAMES, '').toLowerCase();
  const colon = key.indexOf(':');
  if (colon >= 0) key = key.slice(0, colon);
  key = key.replace(/[. ]+$/, '');
  const short = SHORT_NAME.exec(key);
  if (short) return `.${short[1]}`;
  return VCS_FOLDERS.includes(key) ? key : null;
}

/** The refusal for a path that reaches into a VCS folder (the same words for every method). */
export function vcsRefusal(field: string, folder: string): ApiError {
  return new ApiError(
    'outside-workspace',
    `${field}: inside ${folder}, the version control's own data; Merrow never reads or writes there`,
  );
}

/**
 * Normalises a workspace-relative path and rejects anything that could leave the folder or reach
 * into a VCS folder: absolute paths, drive letters, `..` segments, NUL bytes, backslashes, and a
 * segment naming `.git` (or `.hg`, …) in any spelling a file system accepts. Returns the clean path.
 */
export function checkRelativePath(value: unknown, field = 'path'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) {
    throw new ApiError('invalid-args', `${field}: expected a non-empty path`);
  }
  if (value.includes('\0') || value.includes('\\')) {
    throw new ApiError('outside-workspace', `${field}: invalid character in path`);
  }
  if (value.startsWith('/') || /^[a-zA-Z]:/.test(value)) {
    throw new ApiError('outside-workspace', `${field}: must be relative to the opened folder`);
  }
  const parts: string[] = [];
  for (const part of value.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..')
      throw new ApiError('outside-workspace', `${field}: must stay inside the opened folder`);
    const vcs = vcsFolderNamed(part);
    if (vcs) throw vcsRefusal(field, vcs);
    parts.push(part);
  }
  if (parts.length === 0) throw new ApiError('invalid-args', `${field}: expected a file inside the folder`);
  return parts.join('/');
}

function checkOne(type: ArgType, value: unknown, field: string): unknown {
  switch (type) {
    case 'string':
      if (typeof value !== 'string' || value.length > MAX_STRING) {
        throw new ApiError('invalid-args', `${field}: expected a string`);
      }
      return value;
    case 'bytes':
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
        throw new ApiError('invalid-args', `${field}: expected base64 data`);
      }
      return value;
    case 'path':
      return checkRelativePath(value, field);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ApiError('invalid-args', `${field}: expected a finite number`);
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw new ApiError('invalid-args', `${field}: expected true or false`);
      return value;
    case 'string[]':
    case 'path[]': {
      if (!Array.isArray(value) || value.length > 10_000) {
        throw new ApiError('invalid-args', `${field}: expected a list`);
      }
      const inner = type === 'path[]' ? 'path' : 'string';
      return value.map((v, i) => checkOne(inner, v, `${field}[${i}]`));
    }
  }
}

/**
 * Checks untrusted arguments against the method's spec and returns a clean copy holding
 * only the known fields (paths normalised). Throws ApiError('invalid-args' | 'outside-workspace').
 */
export function validateArgs<M extends ApiMethod>(method: M, args: unknown): Record<string, unknown> {
  if (!isApiMethod(method)) throw new ApiError('invalid-args', `unknown method ${String(method)}`);
  const input = args ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    throw new ApiError('invalid-args', `${method}: expected an object of arguments`);
  }
  const spec = API_ARG_SPECS[method];
  const clean: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(spec, key)) throw new ApiError('invalid-args', `${method}: unknown argument ${key}`);
  }
  for (const [key, rawType] of Object.entries(spec)) {
    const optional = rawType.endsWith('?');
    const type = (optional ? rawType.slice(0, -1) : rawType) as ArgType;
    const value = (input as Record<string, unknown>)[key];
    if (value === undefined) {
      if (!optional) throw new ApiError('invalid-args', `${method}: missing argument ${key}`);
      continue;
    }
    clean[key] = checkOne(type, value, key);
  }
  return clean;
}
