import type { ApiClient } from '../../shared/api/contract.ts';

/** The contract's client, plus the transport's connection and sign-in state where it has them (HTTP + WebSocket). */
export interface AppClient extends ApiClient {
  onConnection?(listener: (connected: boolean) => void): () => void;
  /** The server is there but no longer takes this page's sign-in (`merrow serve` restarted with a new token). */
  onSignedOut?(listener: (signedOut: boolean) => void): () => void;
}
