import { type IpcMainEvent, type IpcMainInvokeEvent, ipcMain, type WebContents } from 'electron';
import { answerCall, type OpenFolder } from '../node/api/call-api.ts';
import type { ApiErrorCode, CallReply } from '../shared/api/contract.ts';
import type { FolderOffer, SwitchResult } from '../shared/api/desktop.ts';
import { type CommandId, type CommandStates, isCommandId } from '../shared/commands/catalogue.ts';
import { CHANNELS } from './channels.ts';
import { APP_ORIGIN, originOf } from './origins.ts';

export type { CallReply } from '../shared/api/contract.ts';

/** What the IPC layer needs from the window registry. */
export interface IpcHost {
  /** The window state of a webContents Merrow created, or undefined for anything else. */
  windowOf(sender: WebContents): IpcWindow | undefined;
}

export interface IpcWindow {
  /** The folder open in the window and the contract's handlers on it; null while none is. */
  readonly api: OpenFolder | null;
  chooseFolder(): Promise<FolderOffer | null>;
  recentFolders(): Promise<FolderOffer[]>;
  switchFolder(ticket: string): Promise<SwitchResult>;
  rendererReady(): void;
  commandStates(states: CommandStates): void;
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
 * Answers one `merrow:call`: checks the sender, then hands the request to `answerCall` on the
 * window's folder as it is now, as `merrow serve` does (which refuses a write made for a folder the
 * window has left, and lets each handler check its arguments). Errors come back as values so the
 * renderer sees a clean `{code, message}`.
 */
export async function handleCall(
  event: IpcMainInvokeEvent,
  request: unknown,
  host: IpcHost,
): Promise<CallReply> {
  const win = trustedWindow(event, host);
  if (!win) return failure('unavailable', 'request refused: not sent by a Merrow window');
  if (!win.api) return failure('unavailable', 'No folder is open. Open a folder to start.');
  return answerCall(win.api, request);
}

const MAX_TICKET_LENGTH = 100;

/** Reads the menu state a renderer reports; anything malformed is dropped. */
export function parseCommandStates(value: unknown): CommandStates | null {
  const { disabled, checked } = (value ?? {}) as { disabled?: unknown; checked?: unknown };
  const ids = (list: unknown): CommandId[] | null =>
    Array.isArray(list) && list.length <= 200 && list.every(isCommandId) ? (list as CommandId[]) : null;
  const d = ids(disabled);
  const c = ids(checked);
  return d && c ? { disabled: d, checked: c } : null;
}

/** Installs the IPC side of the API contract and the desktop extras; every channel checks its sender. */
export function registerIpc(host: IpcHost): void {
  ipcMain.handle(CHANNELS.call, (event, request: unknown) => handleCall(event, request, host));
  ipcMain.handle(CHANNELS.chooseFolder, (event) => trustedWindow(event, host)?.chooseFolder() ?? null);
  ipcMain.handle(CHANNELS.recentFolders, (event) => trustedWindow(event, host)?.recentFolders() ?? []);
  ipcMain.handle(CHANNELS.switchFolder, (event, ticket: unknown): Promise<SwitchResult> | SwitchResult => {
    const win = trustedWindow(event, host);
    if (!win) return { ok: false, message: 'request refused: not sent by a Merrow window' };
    if (typeof ticket !== 'string' || ticket.length > MAX_TICKET_LENGTH) {
      return { ok: false, message: 'no such folder offer' };
    }
    return win.switchFolder(ticket);
  });
  ipcMain.on(CHANNELS.ready, (event) => trustedWindow(event, host)?.rendererReady());
  ipcMain.on(CHANNELS.commandStates, (event, value: unknown) => {
    const win = trustedWindow(event, host);
    const states = parseCommandStates(value);
    if (win && states) win.commandStates(states);
  });
}
