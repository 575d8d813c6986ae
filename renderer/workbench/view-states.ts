import type { KeyValueStorage } from './hot-exit.ts';

/** How many files' positions a folder keeps: the ones shown most recently. */
const KEPT = 50;

/**
 * Where the cursor and the scroll were in each file (the editor's view state), per folder, kept in
 * the page's storage as well as in memory: after a reload each tab opens where the user left it,
 * not at line 1. Only the files shown most recently are kept, so closed tabs cost nothing for long.
 */
export class ViewStates<S> {
  private readonly storage: KeyValueStorage;
  private states = new Map<string, S>();
  private key: string | null = null;

  constructor(storage: KeyValueStorage) {
    this.storage = storage;
  }

  /** The states saved for the folder at `root`; from now on every change is saved for it. */
  recall(root: string): void {
    const key = `merrow.views:${root}`;
    if (key === this.key) return;
    this.key = key;
    this.states = new Map();
    try {
      const saved = JSON.parse(this.storage.getItem(key) ?? '{}') as Record<string, S>;
      if (saved && typeof saved === 'object') this.states = new Map(Object.entries(saved));
    } catch {
      // Unreadable: the files open at their start, as before.
    }
  }

  get(path: string): S | undefined {
    return this.states.get(path);
  }

  /** Records where `path` is now: in memory at once, in storage when `save` runs. */
  set(path: string, state: S): void {
    this.states.delete(path);
    this.states.set(path, state);
    for (const old of this.states.keys()) {
      if (this.states.size <= KEPT) break;
      this.states.delete(old);
    }
  }

  /** Writes the folder's states to the page's storage. */
  save(): void {
    if (!this.key) return;
    try {
      this.storage.setItem(this.key, JSON.stringify(Object.fromEntries(this.states)));
    } catch {
      // Storage full or refused: positions last until the page goes.
    }
  }
}
