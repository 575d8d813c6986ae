import {
  API_EFFECTS,
  ApiError,
  type ApiErrorReply,
  type ApiHandlers,
  type CallReply,
} from '../../shared/api/contract.ts';
import { isApiMethod } from '../../shared/api/validate.ts';
import { escapeControl } from '../../shared/text/escape.ts';

/**
 * What every transport (Electron IPC, `merrow serve`, tests) calls with one untrusted request:
 * the method name and arguments straight off the wire. An unknown method is `invalid-args`; each
 * handler checks its own arguments (see `guarded`). Never throws: a failure is a `{code, message}`
 * reply the UI can show, and one that is not an ApiError is a bug, logged and answered `internal`.
 */
export async function callApi(handlers: ApiHandlers, method: unknown, args: unknown): Promise<CallReply> {
  try {
    if (!isApiMethod(method)) {
      throw new ApiError('invalid-args', `unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
    }
    const handler = handlers[method] as (args: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(args) };
  } catch (error) {
    if (!(error instanceof ApiError)) console.error(`merrow: ${String(method).slice(0, 80)} failed`, error);
    return { ok: false, error: errorReply(error) };
  }
}

/**
 * The `{ code, message }` sent for a failed call; a non-ApiError is a bug, reported as `internal`.
 * Control characters (a file name can hold any) are escaped, so a message cannot rewrite the
 * terminal or the page that shows it.
 */
export function errorReply(error: unknown): ApiErrorReply {
  const [code, message] =
    error instanceof ApiError
      ? [error.code, error.message]
      : (['internal', error instanceof Error ? error.message : String(error)] as const);
  return { code, message: escapeControl(message, { keepNewlines: true }) };
}

/** The folder a host has open: its handlers and which opening of it they serve. */
export interface OpenFolder {
  folderId: string;
  handlers: ApiHandlers;
}

/**
 * Answers one request off the wire (`CallRequest`: method, args and the folder it was made for) on
 * the folder the host has open now. A write must name its folder, and a call naming another
 * (made before the window or the server switched folders) is refused, `folder-changed`: so a save
 * made for one folder never lands in a file of the same name in the next. Both transports answer
 * through this.
 */
export function answerCall(open: OpenFolder, request: unknown): Promise<CallReply> {
  const { method, args, folder } = (request ?? {}) as { method?: unknown; args?: unknown; folder?: unknown };
  const refuse = (error: ApiError) => Promise.resolve<CallReply>({ ok: false, error: errorReply(error) });
  if (folder !== undefined && folder !== open.folderId) {
    return refuse(
      new ApiError(
        'folder-changed',
        'This was made for a folder that is no longer open here: nothing was written. Reload to see the open folder.',
      ),
    );
  }
  const isWrite =
    typeof method === 'string' &&
    Object.hasOwn(API_EFFECTS, method) &&
    API_EFFECTS[method as keyof typeof API_EFFECTS] === 'write';
  if (isWrite && folder === undefined) {
    return refuse(new ApiError('invalid-args', `${method} must name the folder it was made for`));
  }
  return callApi(open.handlers, method, args);
}
