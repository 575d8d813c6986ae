import { type IpcMainEvent, type IpcMainInvokeEvent, ipcMain, type WebContents } from 'electron';
import { callApi } from '../node/api/call-api.ts';
import type { ApiErrorCode, ApiHandlers, CallReply } from '../shared/api/contract.ts';
import { checkRelativePath } from '../shared/api/validate.ts';
import { CHANNELS } from './channels.ts';
import { APP_ORIGIN, originOf } from './origins.ts';

export type { CallReply } from '../shared/api/contract.ts';

/** What the IPC layer needs from the window registry. */
export interface IpcHost {
  /** The window state of a webContents Merrow created, or undefined for anything else. */
  windowOf(sender: WebContents): IpcWindow | undefined;
}

export interface IpcWindow {
  /** The contract's handlers for the window's folder; null while no folder is open. */
  readonly api: ApiHandlers | null;
  openFolderDialog(): Promise<boolean>;
  rendererReady(): void;
  tabsChanged(tabs: string[], active: string | null): void;
}

/**
 * The window a message came from, when the message is trustworthy: sent by the main frame
 * (not the preview or any other subframe) of a window Merrow created, showing Merrow's own page.
 */
export function trustedWindow(
  event: IpcMainEvent | IpcMainInvokeEvent,
  host: IpcHost,
): IpcWindow | undefined {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || frame !== event.sender.mainFrame) return undefined;
  return originOf(frame.url) === APP_ORIGIN ? host.windowOf(event.sender) : undefined;
}

function failure(code: ApiErrorCode, message: string): CallReply {
  return { ok: false, error: { code, message } };
}

/**
 * Answers one `merrow:call`: checks the sender, then hands the method and arguments to `callApi`,
 * as `merrow serve` does (the handlers check their own arguments). Errors come back as values so
 * the renderer sees a clean `{code, message}`.
 */
export async function handleCall(
  event: IpcMainInvokeEvent,
  request: unknown,
  host: IpcHost,
): Promise<CallReply> {
  const win = trustedWindow(event, host);
  if (!win) return failure('unavailable', 'request refused: not sent by a Merrow window');
  if (!win.api) return failure('unavailable', 'No folder is open. Open a folder to start.');
  const { method, args } = (request ?? {}) as { method?: unknown; args?: unknown };
  return callApi(win.api, method, args);
}

/** Parses the tab list a renderer reports; anything malformed is dropped. */
export function parseTabs(value: unknown): { tabs: string[]; active: string | null } | null {
  const { tabs, active } = (value ?? {}) as { tabs?: unknown; active?: unknown };
  if (!Array.isArray(tabs) || tabs.length > 200) return null;
  try {
    const clean = tabs.map((t) => checkRelativePath(t));
    const current = active === null || active === undefined ? null : checkRelativePath(active);
    return { tabs: clean, active: current !== null && clean.includes(current) ? current : null };
  } catch {
    return null;
  }
}

/** Installs the IPC side of the API contract and the desktop extras; every channel checks its sender. */
export function registerIpc(host: IpcHost): void {
  ipcMain.handle(CHANNELS.call, (event, request: unknown) => handleCall(event, request, host));
  ipcMain.handle(CHANNELS.openFolder, (event) => trustedWindow(event, host)?.openFolderDialog() ?? false);
  ipcMain.on(CHANNELS.ready, (event) => trustedWindow(event, host)?.rendererReady());
  ipcMain.on(CHANNELS.tabs, (event, value: unknown) => {
    const win = trustedWindow(event, host);
    const parsed = parseTabs(value);
    if (win && parsed) win.tabsChanged(parsed.tabs, parsed.active);
  });
}
