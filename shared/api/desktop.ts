import type { CommandId, CommandStates } from '../commands/catalogue.ts';
import type { ApiEvent, ApiEvents, CallRequest } from './contract.ts';

/**
 * A folder the desktop shell offers the window: chosen in the native dialog, picked from the recent
 * folders, or handed over by the OS. The page never names a folder itself: it accepts an offer by
 * its ticket, once it has left the folder it shows.
 */
export interface FolderOffer {
  /** One-time, for `switchFolder`. */
  ticket: string;
  /** The absolute path, to show the user. */
  folder: string;
}

/** What the desktop shell asks of the UI. */
export type DesktopCommand =
  /** A native menu item was chosen (or its accelerator pressed where the page left the key alone). */
  | { type: 'run'; id: CommandId }
  /** The OS handed over a file of the window's folder (command line, second launch, `open-file`): open a tab on it. */
  | { type: 'file.open'; path: string }
  /**
   * The OS or the Open Recent menu asks for another folder (or a file outside this one): leave this
   * folder as the user chooses, then accept with `switchFolder(offer.ticket)`, or decline by doing nothing.
   */
  | { type: 'folder.offer'; offer: FolderOffer };

export type SwitchResult = { ok: true } | { ok: false; message: string };

/** What Electron's preload exposes as `window.merrow`: the API contract's transport plus the desktop extras. */
export interface DesktopBridge {
  /** Origin of the isolated preview frame (a different site from the app). */
  readonly previewOrigin: string;
  /** One API call; rejects with `{ code, message }`. */
  call(request: CallRequest): Promise<unknown>;
  on<E extends ApiEvent>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /** Shows the native folder picker: the chosen folder as an offer, or null when cancelled. Nothing switches yet. */
  chooseFolder(): Promise<FolderOffer | null>;
  /** The folders opened lately that still exist, other than this one, as offers. */
  recentFolders(): Promise<FolderOffer[]>;
  /**
   * Opens the offer's folder in this window; the page, which has left its folder, then reloads on
   * it. From then on the window refuses whatever the page still sends for the folder it left.
   */
  switchFolder(ticket: string): Promise<SwitchResult>;
  /** Receives the shell's commands; those sent before the first subscription wait for it. */
  onCommand(listener: (command: DesktopCommand) => void): () => void;
  /** Tells the shell which window commands apply and which toggles are on, so the menu shows the same. */
  reportCommands(states: CommandStates): void;
}
