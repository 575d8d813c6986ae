import type { ApiClient } from '../../shared/api/contract.ts';

/** The contract's client, plus the transport's connection state where it has one (HTTP + WebSocket). */
export interface AppClient extends ApiClient {
  onConnection?(listener: (connected: boolean) => void): () => void;
}
