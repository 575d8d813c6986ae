/**
 * Which editors of this app are running now: every page (a browser tab of `merrow serve`, an
 * Electron window) holds a Web Lock named after its own random id for as long as it lives, and the
 * browser releases it when the page goes away — closed, reloaded or crashed. So another page can
 * tell a live editor's unsaved text from a dead one's.
 */
export interface EditorPresence {
  /** This page's id, recorded with each backup it writes. */
  readonly self: string;
  /** The ids of the other editors alive now. */
  others(): Promise<Set<string>>;
}

const LOCK_PREFIX = 'merrow.editor:';

/** An editor that knows of no other (tests in Node, a page without Web Locks). */
export const alonePresence = (): EditorPresence => ({
  self: crypto.randomUUID(),
  others: async () => new Set(),
});

/** This page's presence, by Web Locks; outside a page (Node), an editor alone. */
export function pagePresence(): EditorPresence {
  const locks = typeof window !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return alonePresence();
  const self = crypto.randomUUID();
  // Held until the page goes away: the promise never settles.
  void locks.request(`${LOCK_PREFIX}${self}`, () => new Promise<never>(() => {}));
  return {
    self,
    async others() {
      const { held = [] } = await locks.query();
      const ids = held.flatMap((lock) =>
        lock.name?.startsWith(LOCK_PREFIX) ? [lock.name.slice(LOCK_PREFIX.length)] : [],
      );
      return new Set(ids.filter((id) => id !== self));
    },
  };
}
