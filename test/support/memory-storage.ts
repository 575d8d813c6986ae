import type { KeyValueStorage } from '../../renderer/workbench/hot-exit.ts';

/** The page's storage for tests in Node: the same calls as localStorage, kept in a Map. */
export class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();

  get length(): number {
    return this.items.size;
  }

  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }
}
