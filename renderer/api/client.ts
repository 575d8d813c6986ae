import type { AppClient } from './app-client.ts';
import { createElectronClient, type MerrowBridge } from './transport-electron.ts';
import { createHttpClient } from './transport-http.ts';

declare global {
  interface Window {
    merrow?: MerrowBridge;
  }
}

/** The API client for this page: Electron's preload bridge when present, else `merrow serve` over HTTP. */
export function createApiClient(): AppClient {
  return window.merrow ? createElectronClient(window.merrow) : createHttpClient();
}
