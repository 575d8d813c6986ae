import { ApiError, type ApiErrorReply, type ApiHandlers, type CallReply } from '../../shared/api/contract.ts';
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
