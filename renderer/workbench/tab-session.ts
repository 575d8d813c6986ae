import type { FileEntry } from '../../shared/api/contract.ts';
import type { KeyValueStorage } from './hot-exit.ts';
import { Store } from './store.ts';

/** The tabs a folder had open, and which one was active. */
export interface SavedSession {
  tabs: string[];
  active: string | null;
}

/** What a start reopens: these tabs, in this order, then this one shown. */
export interface SessionPlan {
  tabs: string[];
  active: string | undefined;
}

/** The open tabs, in order, as the session reads them. */
type OpenTabs = Pick<Store<readonly { path: string }[]>, 'get' | 'subscribe'>;

/**
 * The tab session: which file is active, and the folder's open tabs remembered in the page's
 * storage from one start to the next. At start the user's own choice wins: a file the user opens
 * while the session is being restored stays active.
 */
export class TabSession {
  readonly active = new Store<string | null>(null);
  private readonly storage: KeyValueStorage;
  private readonly tabs: OpenTabs;
  private key: string | null = null;
  /** The session recalled for this folder: until its restore is done, it is what is remembered. */
  private saved: SavedSession = { tabs: [], active: null };
  private restoring = false;
  private chosenByUser = false;
  private left = false;

  constructor(storage: KeyValueStorage, tabs: OpenTabs) {
    this.storage = storage;
    this.tabs = tabs;
    const remember = () => this.remember();
    tabs.subscribe(remember);
    this.active.subscribe(remember);
  }

  /** The session saved for the folder at `root`; from now on every change is remembered for it. */
  recall(root: string): SavedSession {
    this.key = `merrow.session:${root}`;
    this.saved = this.read(this.key);
    return this.saved;
  }

  private read(key: string): SavedSession {
    try {
      const saved = JSON.parse(this.storage.getItem(key) ?? '') as Partial<SavedSession>;
      return {
        tabs: Array.isArray(saved.tabs) ? saved.tabs.filter((t) => typeof t === 'string') : [],
        active: typeof saved.active === 'string' ? saved.active : null,
      };
    } catch {
      return { tabs: [], active: null };
    }
  }

  /** Marks the restore under way (`true`) or done; the user's choices meanwhile are kept. */
  restore(under: boolean): void {
    this.restoring = under;
    if (!under) this.remember();
  }

  /** The folder is being left: the tabs it had stay remembered as they are, to come back with it. */
  leave(): void {
    this.left = true;
  }

  /** Shows `path`: the user's choice always, a restored tab's only if the user has chosen none. */
  show(path: string, by: 'user' | 'restore'): void {
    if (by === 'user' && this.restoring) this.chosenByUser = true;
    if (by === 'restore' && this.chosenByUser) return;
    this.active.set(path);
  }

  /** The tab at `index` (now closed) was active: its neighbour becomes active. */
  closed(path: string, index: number): void {
    if (this.active.get() !== path) return;
    const rest = this.tabs.get();
    this.active.set(rest[Math.min(index, rest.length - 1)]?.path ?? null);
  }

  /** Renamed files keep being the active one under their new name. */
  moved(from: string, to: string): void {
    if (this.active.get() === from) this.active.set(to);
  }

  private remember(): void {
    if (!this.key || this.left) return;
    const open = this.tabs.get().map((t) => t.path);
    // Until the session is restored, a half-open set of tabs must not replace the saved one; but a
    // file the user (or the OS) opened meanwhile joins it, so a quit before the restore ends loses
    // neither.
    const session: SavedSession = this.restoring
      ? {
          tabs: [...new Set([...this.saved.tabs, ...open])],
          active: this.chosenByUser ? this.active.get() : this.saved.active,
        }
      : { tabs: open, active: this.active.get() };
    if (
      this.restoring &&
      session.tabs.length === this.saved.tabs.length &&
      session.active === this.saved.active
    )
      return;
    try {
      this.storage.setItem(this.key, JSON.stringify(session));
    } catch {
      // Storage unavailable: the tabs are simply not remembered.
    }
  }
}

/**
 * Which tabs a start reopens: the session's tabs still in the folder or with unsaved work, in the
 * order the user left them, then any other file with unsaved work from the last session. The active
 * one is the session's (if reopened), else the first reopened, else the folder's first diagram.
 */
export function planSession(
  saved: SavedSession,
  backups: readonly string[],
  files: readonly FileEntry[],
  isDiagram: (path: string) => boolean,
): SessionPlan {
  const present = new Set(files.map((f) => f.path));
  const kept = saved.tabs.filter((path) => present.has(path) || backups.includes(path));
  const tabs = [...new Set([...kept, ...backups])];
  const first = files.find((f) => isDiagram(f.path))?.path;
  const active = saved.active && tabs.includes(saved.active) ? saved.active : (tabs[0] ?? first);
  return { tabs, active };
}
