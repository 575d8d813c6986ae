import { API_ARG_SPECS, ApiError, type ApiMethod, type ArgType } from './contract.ts';

const MAX_STRING = 64 * 1024 * 1024;

/** Whether `name` is a method of the contract (and not, say, `__proto__`). */
export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(API_ARG_SPECS, name);
}

/**
 * Normalises a workspace-relative path and rejects anything that could leave the folder:
 * absolute paths, drive letters, `..` segments, NUL bytes, backslashes. Returns the clean path.
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
