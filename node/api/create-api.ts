import { resolve } from 'node:path';
import type { ApiHandlers } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/contract.ts';
import { FolderBoundary } from '../boundary/confine.ts';
import { guarded } from '../boundary/guarded.ts';
import { createGitApi, GIT_METHODS, type GitHandlers, gitFolders } from '../git/git-api.ts';
import { watchRepository } from '../git/watch-repository.ts';
import { createPicturesApi } from '../pictures/pictures-api.ts';
import { createPictureReader, type PictureReader } from '../pictures/read-pictures.ts';
import { userDirs } from '../user-data/user-dirs.ts';
import type { TrashFunction } from '../workspace/trash.ts';
import { createWorkspaceApi, type WorkspaceApi, type WorkspaceOptions } from '../workspace/workspace-api.ts';
import { ApiEventBus } from './events.ts';

/** What a git implementation gets to build its handlers: the folder, events, the trash, and a hook to stop watchers. */
export interface GitContext {
  /** The opened folder's boundary: every path a git method takes goes through it. */
  boundary: FolderBoundary;
  events: ApiEventBus;
  /** Where discarded untracked files go: the same trash as `file.delete`. */
  trash: TrashFunction;
  /** Registers cleanup run by the API's `close()`. */
  onClose(cleanup: () => void): void;
}

export interface ApiOptions extends WorkspaceOptions {
  /** Builds the `git.*` handlers; without it they answer `unavailable`. */
  git?: (context: GitContext) => GitHandlers;
  /** Reads the names printed in pictures (`pictures.read`); by default Tesseract, started on first use. */
  pictures?: PictureReader;
}

export interface Api extends Omit<WorkspaceApi, 'handlers'> {
  handlers: ApiHandlers;
  events: ApiEventBus;
}

/**
 * The whole API contract on one folder: the workspace handlers plus the git ones, each checking
 * its own arguments and keeping every path inside the folder. This is what Electron's main
 * process, `merrow serve` and tests use (through `callApi` for untrusted requests).
 */
export function createApi(root: string, options: ApiOptions = {}): Api {
  const cacheDir = options.cacheDir ?? userDirs().cache;
  // Backups and trash of every folder live in the cache: guarded should the opened folder hold it.
  const boundary = new FolderBoundary(root, [{ dir: resolve(cacheDir), why: "Merrow's own cache" }]);
  const events = new ApiEventBus();
  const workspace = createWorkspaceApi(boundary, { ...options, cacheDir }, (change) =>
    events.emit('file.changed', change),
  );
  const cleanups: (() => void)[] = [];
  const git = options.git?.({
    boundary,
    events,
    trash: workspace.trash,
    onClose: (f) => cleanups.push(f),
  });
  const gitHandlers = git ?? unavailableGit();
  const pictures = options.pictures ?? createPictureReader();
  return {
    ...workspace,
    events,
    handlers: { ...workspace.handlers, ...gitHandlers, ...createPicturesApi(pictures) },
    close() {
      workspace.close();
      void pictures.close();
      for (const cleanup of cleanups) cleanup();
    },
  };
}

function unavailableGit(): GitHandlers {
  const refuse = async () => {
    throw new ApiError('unavailable', 'git is not available in this build of Merrow');
  };
  return Object.fromEntries(GIT_METHODS.map((method) => [method, guarded(method, refuse)])) as GitHandlers;
}

/**
 * The git methods with the system git, as both hosts use them: pull/push progress forwarded as
 * `git.progress`, and `git.changed` whenever the repository changes (here or in a terminal).
 */
export function systemGit({ boundary, events, trash, onClose }: GitContext): GitHandlers {
  const stop = watchRepository(boundary.root, () => {
    // A git folder or hooks folder may have moved (init, config change): guard the new ones.
    boundary.guardWith(() => gitFolders(boundary.root));
    events.emit('git.changed', {});
  });
  onClose(() => void stop.then((stopWatching) => stopWatching()));
  return createGitApi(boundary, { trash, onProgress: (progress) => events.emit('git.progress', progress) });
}
