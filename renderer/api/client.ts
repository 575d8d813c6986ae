import type { AppClient } from './app-client.ts';
import { createElectronClient, type MerrowBridge } from './transport-electron.ts';
import { createHttpClient } from './transport-http.ts';

declare global {
  interface Window {
    merrow?: MerrowBridge;
  }
}

/** The preview frame's origin that the desktop shell serves it from; undefined in a browser. */
export function desktopPreviewOrigin(): string | undefined {
  return window.merrow?.previewOrigin;
}

/** The API client for this page: Electron's preload bridge when present, else `merrow serve` over HTTP. */
export function createApiClient(): AppClient {
  return window.merrow ? createElectronClient(window.merrow) : createHttpClient();
}
