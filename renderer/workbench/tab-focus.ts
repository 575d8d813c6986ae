import { Store } from './store.ts';

/**
 * Whether Tab moves focus out of the editor instead of inserting a tab: Monaco's tab focus mode,
 * which Ctrl+M toggles (⌃⇧M on a Mac), as in VS Code. Keyboard users leave the editor with it.
 */
export const tabMovesFocus = new Store(false);
