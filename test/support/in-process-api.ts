import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { answerCall } from '../../node/api/call-api.ts';
import { type ApiOptions, createApi } from '../../node/api/create-api.ts';
import { type AppClient, folderClient } from '../../renderer/api/app-client.ts';
import { ApiError, type ApiEvent, type ApiMethod } from '../../shared/api/contract.ts';

/** The real API on a real folder, called in this process as a transport would: answers are copies. */
export interface InProcessApi {
  client: AppClient;
  /** The folder and Merrow's cache folder (backups), both temporary. */
  root: string;
  cacheDir: string;
  /** Holds every call of `method` until the returned function is called (to order a race). */
  hold(method: ApiMethod): () => void;
  /** Fails every call of `method`, as an unreachable machine side would, until called again. */
  unreachable(method: ApiMethod, down?: boolean): void;
  /** Every call made, in order. */
  calls: { method: ApiMethod; args: unknown }[];
  /** Closes the API; `remove` also deletes both folders. */
  close(remove?: boolean): void;
}

/**
 * Starts the API on a new temp folder holding `files`, or on `reuse`'s folders (a second session
 * of the same folder, as after a restart). `options.git` gives it git (none by default).
 */
export function inProcessApi(
  files: Record<string, string> = {},
  reuse?: { root: string; cacheDir: string },
  options: Pick<ApiOptions, 'git'> = {},
): InProcessApi {
  const root = reuse?.root ?? mkdtempSync(join(tmpdir(), 'merrow-workbench-'));
  const cacheDir = reuse?.cacheDir ?? mkdtempSync(join(tmpdir(), 'merrow-workbench-cache-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const api = createApi(root, { cacheDir, watch: false, ...options });
  const holds = new Map<ApiMethod, Promise<void>>();
  const down = new Set<ApiMethod>();
  const calls: InProcessApi['calls'] = [];
  // The page's own client over a transport that calls the API as Electron and serve do.
  const client: AppClient = folderClient(
    {
      async call(request) {
        const { method, args } = request;
        calls.push({ method, args });
        await holds.get(method);
        if (down.has(method)) throw new ApiError('unavailable', 'Cannot reach the Merrow server.');
        // Through JSON, as every transport sends it: the caller never shares the handler's objects.
        const reply = await answerCall(api, JSON.parse(JSON.stringify(request)));
        if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
        return JSON.parse(JSON.stringify(reply.result ?? null));
      },
      on(event, listener) {
        return api.events.subscribe((name: ApiEvent, payload) => {
          if (name === event) (listener as (p: unknown) => void)(payload);
        });
      },
    },
    api.folderId,
  );
  return {
    client,
    root,
    cacheDir,
    calls,
    hold(method) {
      let release!: () => void;
      holds.set(
        method,
        new Promise((resolve) => {
          release = resolve;
        }),
      );
      return () => {
        holds.delete(method);
        release();
      };
    },
    unreachable(method, isDown = true) {
      if (isDown) down.add(method);
      else down.delete(method);
    },
    close(remove = false) {
      api.close();
      if (remove) {
        rmSync(root, { recursive: true, force: true });
        rmSync(cacheDir, { recursive: true, force: true });
      }
    },
  };
}
