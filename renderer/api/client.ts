import type { DesktopBridge } from '../../shared/api/desktop.ts';
import { type AppClient, folderClient } from './app-client.ts';
import { electronTransport } from './transport-electron.ts';
import { httpTransport } from './transport-http.ts';

declare global {
  interface Window {
    /** Electron's preload bridge; absent in a browser. */
    merrow?: DesktopBridge;
  }
}

/** The desktop shell's bridge when the page runs in the desktop app, else undefined. */
export function desktopBridge(): DesktopBridge | undefined {
  return window.merrow;
}

/** The preview frame's origin that the desktop shell serves it from; undefined in a browser. */
export function desktopPreviewOrigin(): string | undefined {
  return window.merrow?.previewOrigin;
}

/** The API client for this page: Electron's preload bridge when present, else `merrow serve` over HTTP. */
export function createApiClient(): AppClient {
  return folderClient(window.merrow ? electronTransport(window.merrow) : httpTransport());
}
