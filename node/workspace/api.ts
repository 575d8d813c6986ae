import { type ApiArgs, ApiError, type ApiHandlers, type ApiResult } from '../../shared/api/contract.ts';
import { isApiMethod } from '../../shared/api/validate.ts';
import { createGitApi, type GitHandlers, type GitMethod } from '../git/git-api.ts';
import { watchRepository } from '../git/watch-repository.ts';
import { guarded } from './errors.ts';
import type { ApiEventBus } from './events.ts';
import { createWorkspaceApi, type WorkspaceApi, type WorkspaceOptions } from './workspace-api.ts';

/** What a git implementation gets to build its handlers: the folder, the event bus, and a hook to stop watchers. */
export interface GitContext {
  root: string;
  events: ApiEventBus;
  /** Registers cleanup run by the API's `close()`. */
  onClose(cleanup: () => void): void;
}

export interface ApiOptions extends WorkspaceOptions {
  /** Builds the `git.*` handlers; without it they answer `unavailable`. Their arguments are validated here. */
  git?: (context: GitContext) => GitHandlers;
}

export interface Api extends Omit<WorkspaceApi, 'handlers'> {
  handlers: ApiHandlers;
}

const GIT_METHODS: readonly GitMethod[] = [
  'git.status',
  'git.init',
  'git.show',
  'git.diff',
  'git.log',
  'git.stage',
  'git.unstage',
  'git.discard',
  'git.commit',
  'git.pull',
  'git.push',
];

function gitHandler<M extends GitMethod>(method: M, git: GitHandlers | undefined) {
  return guarded(method, async (args: ApiArgs<M>) => {
    if (!git) throw new ApiError('unavailable', 'git is not available in this build of Merrow');
    return (git[method] as (args: ApiArgs<M>) => Promise<ApiResult<M>>)(args);
  });
}

/**
 * The whole API contract on one folder: the workspace handlers plus the git ones, all validated.
 * This is what Electron's main process, `merrow serve` and tests use.
 */
export function createApi(root: string, options: ApiOptions = {}): Api {
  const workspace = createWorkspaceApi(root, options);
  const cleanups: (() => void)[] = [];
  const git = options.git?.({
    root: workspace.root,
    events: workspace.events,
    onClose: (f) => cleanups.push(f),
  });
  const gitHandlers = Object.fromEntries(
    GIT_METHODS.map((method) => [method, gitHandler(method, git)]),
  ) as GitHandlers;
  return {
    ...workspace,
    handlers: { ...workspace.handlers, ...gitHandlers },
    close() {
      workspace.close();
      for (const cleanup of cleanups) cleanup();
    },
  };
}

/**
 * The git methods with the system git, as both hosts use them: pull/push progress forwarded as
 * `git.progress`, and `git.changed` whenever the repository changes (here or in a terminal).
 */
export function systemGit({ root, events, onClose }: GitContext): GitHandlers {
  const stop = watchRepository(root, () => events.emit('git.changed', {}));
  onClose(() => void stop.then((stopWatching) => stopWatching()));
  return createGitApi(root, { onProgress: (progress) => events.emit('git.progress', progress) });
}

/**
 * Dispatches one untrusted call (method name and arguments straight from a transport) to its
 * handler; an unknown method is `invalid-args`. Transports answer the ApiError's code and message.
 */
export function callApi(handlers: ApiHandlers, method: unknown, args: unknown): Promise<unknown> {
  if (!isApiMethod(method)) {
    return Promise.reject(
      new ApiError('invalid-args', `unknown method ${JSON.stringify(String(method)).slice(0, 80)}`),
    );
  }
  const handler = handlers[method] as (args: unknown) => Promise<unknown>;
  return handler(args);
}

/** The `{ code, message }` a transport sends for a failed call; a non-ApiError is a bug, reported as `internal`. */
export function errorReply(error: unknown): { code: ApiError['code']; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
