import {
  API_EFFECTS,
  type ApiClient,
  type ApiEvent,
  type ApiEvents,
  type CallRequest,
  type WorkspaceInfo,
} from '../../shared/api/contract.ts';

/** The contract's client, plus the transport's connection and sign-in state where it has them (HTTP + WebSocket). */
export interface AppClient extends ApiClient {
  onConnection?(listener: (connected: boolean) => void): () => void;
  /** The server is there but no longer takes this page's sign-in (`merrow serve` restarted with a new token). */
  onSignedOut?(listener: (signedOut: boolean) => void): () => void;
}

/** What carries one request to the host and its answer back (Electron's bridge, or HTTP + WebSocket). */
export interface Transport {
  /** Resolves with the result; rejects with an ApiError. */
  call(request: CallRequest): Promise<unknown>;
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  onConnection?(listener: (connected: boolean) => void): () => void;
  onSignedOut?(listener: (signedOut: boolean) => void): () => void;
}

/**
 * A page's client, bound for good to the folder its first `workspace.info` answered with (or the
 * one the caller already knows, `folderId`): every
 * call from then on names that folder, and a write waits until it is known. A page never moves to
 * another folder (the window reloads it on the new one), so anything it writes afterwards (a save,
 * a backup on a timer) is refused by the host instead of landing in the folder opened since.
 */
export function folderClient(transport: Transport, folderId?: string): AppClient {
  let folder = folderId;
  let learn!: (id: string) => void;
  // A write before any folder is open waits: nothing can be written for no folder.
  const known = new Promise<string>((resolve) => {
    learn = resolve;
  });
  return {
    async call(method, args) {
      const named = folder ?? (API_EFFECTS[method] === 'write' ? await known : undefined);
      const result = await transport.call({
        method,
        args,
        ...(named !== undefined ? { folder: named } : {}),
      });
      if (method === 'workspace.info' && folder === undefined) {
        folder = (result as WorkspaceInfo).folderId;
        learn(folder);
      }
      return result as never;
    },
    on: (event, listener) => transport.on(event, listener),
    ...(transport.onConnection ? { onConnection: transport.onConnection.bind(transport) } : {}),
    ...(transport.onSignedOut ? { onSignedOut: transport.onSignedOut.bind(transport) } : {}),
  };
}
