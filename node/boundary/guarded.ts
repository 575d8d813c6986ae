import { type ApiArgs, ApiError, type ApiMethod, type ApiResult } from '../../shared/api/contract.ts';
import { validateArgs } from '../../shared/api/validate.ts';

const ERRNO: Record<string, [ApiError['code'], string]> = {
  ENOENT: ['not-found', 'no such file or folder'],
  ENOTDIR: ['not-found', 'no such file or folder'],
  EEXIST: ['exists', 'already exists'],
  ENOTEMPTY: ['exists', 'a folder of that name already exists and is not empty'],
  EISDIR: ['invalid-args', 'is a folder, not a file'],
  EACCES: ['internal', 'permission denied'],
  EPERM: ['internal', 'operation not permitted'],
  ENOSPC: ['internal', 'the disk is full'],
  EROFS: ['internal', 'the folder is read-only'],
  EBUSY: ['internal', 'the file is in use by another program'],
  ENAMETOOLONG: ['invalid-args', 'the name is too long for this disk'],
  ELOOP: ['invalid-args', 'a symbolic link on the way points back at itself'],
};

/** A file system failure in a user's words ("the disk is full"), else its code or message. */
export function errnoWords(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  return (code && ERRNO[code]?.[1]) || code || (error instanceof Error ? error.message : String(error));
}

/**
 * Turns any failure into an ApiError a user can read: the workspace-relative path and what went
 * wrong, never an absolute path or a stack trace (those leak the machine's layout to a page).
 */
export function toApiError(error: unknown, subject: string | undefined): ApiError {
  if (error instanceof ApiError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  const known = code ? ERRNO[code] : undefined;
  const prefix = subject ? `${subject}: ` : '';
  if (known) return new ApiError(known[0], `${prefix}${known[1]}`);
  return new ApiError(
    'internal',
    `${prefix}${code ?? (error instanceof Error ? error.message : String(error))}`,
  );
}

/**
 * Wraps a handler so that its arguments are checked against the contract (they come from an
 * untrusted page) and its failures become ApiErrors. Every method of every transport goes through this.
 */
export function guarded<M extends ApiMethod>(
  method: M,
  impl: (args: ApiArgs<M>) => Promise<ApiResult<M>>,
): (args: ApiArgs<M>) => Promise<ApiResult<M>> {
  return async (args) => {
    const clean = validateArgs(method, args) as ApiArgs<M>;
    try {
      return await impl(clean);
    } catch (error) {
      const named = clean as { path?: string; from?: string };
      throw toApiError(error, named.path ?? named.from);
    }
  };
}
