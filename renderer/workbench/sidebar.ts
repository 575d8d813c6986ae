import { Store } from './store.ts';

const KEY = 'merrow.sidebarHidden';

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Storage refused (a sandboxed page): the sidebar is simply not remembered.
    return undefined;
  }
}

/**
 * Whether the sidebar's view (Files or Source Control) is hidden, leaving the activity bar beside
 * the editor: on a small window the editor needs the room. Toggled with Ctrl+B or a click on the
 * shown view's icon, as in VS Code, and remembered from one start to the next.
 */
export const sidebarHidden = new Store(storage()?.getItem(KEY) === 'true');

sidebarHidden.subscribe(() => {
  try {
    storage()?.setItem(KEY, String(sidebarHidden.get()));
  } catch {
    // Storage full or refused: the choice holds until the page goes.
  }
});
