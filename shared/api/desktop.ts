import type { ApiClient } from './contract.ts';

/**
 * What the desktop shell asks of the UI: native menu items and files handed over by the OS
 * (command line, a second launch, macOS `open-file`, restored tabs). Keyboard shortcuts stay the
 * UI's own (the same in the browser); the menu only shows them and sends these on click.
 */
export type DesktopCommand =
  | { type: 'file.new' }
  | { type: 'file.save' }
  | { type: 'tab.close' }
  | { type: 'quick-open' }
  | { type: 'palette' }
  /** Open a tab on this workspace-relative path. */
  | { type: 'file.open'; path: string }
  /** The window's folder changed: fetch `workspace.info` again. */
  | { type: 'workspace.opened' };

/** What Electron's preload exposes as `window.merrow`: the API contract plus the desktop extras. */
export interface DesktopBridge extends ApiClient {
  /** Origin of the isolated preview frame (a different site from the app). */
  readonly previewOrigin: string;
  /** Shows the native folder picker; resolves true when the window switched folder. */
  openFolder(): Promise<boolean>;
  /** Receives menu commands and files opened by the OS; queued ones arrive on the first subscription. */
  onCommand(listener: (command: DesktopCommand) => void): () => void;
  /** Tells the shell which tabs are open (workspace-relative), to restore them on the next start. */
  reportTabs(tabs: string[], active: string | null): void;
}
