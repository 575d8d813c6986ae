import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';

export type ThemeSource = 'system' | 'light' | 'dark';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the shell remembers between runs, in `window-state.json` under the app's user data folder. */
export interface ShellState {
  bounds: Bounds | null;
  maximized: boolean;
  /** Absolute path of the open folder (its tabs are the page's to remember, with its unsaved work). */
  folder: string | null;
  /** The theme the page last chose, so the next window opens on its background before the page paints. */
  theme: ThemeSource;
}

export const DEFAULT_STATE: ShellState = {
  bounds: null,
  maximized: false,
  folder: null,
  theme: 'system',
};

const MIN_SIZE = 200;

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 4096;
const isAbsolutePath = (v: unknown): v is string => isString(v) && isAbsolute(v);

function parseBounds(value: unknown): Bounds | null {
  const b = value as Partial<Bounds> | null;
  if (!b || typeof b !== 'object') return null;
  const nums = [b.x, b.y, b.width, b.height];
  if (!nums.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  const bounds = b as Bounds;
  return bounds.width >= MIN_SIZE && bounds.height >= MIN_SIZE ? bounds : null;
}

/** Restores the state from untrusted JSON: each field that is missing or malformed falls back to its default. */
export function parseState(json: string): ShellState {
  let raw: Record<string, unknown>;
  try {
    const value: unknown = JSON.parse(json);
    raw =
      value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    raw = {};
  }
  return {
    bounds: parseBounds(raw.bounds),
    maximized: raw.maximized === true,
    folder: isAbsolutePath(raw.folder) ? raw.folder : null,
    theme: raw.theme === 'light' || raw.theme === 'dark' ? raw.theme : 'system',
  };
}

/** Reads the state file; a missing or corrupt file gives the defaults rather than an error. */
export async function loadState(file: string): Promise<ShellState> {
  try {
    return parseState(await readFile(file, 'utf8'));
  } catch {
    return { ...DEFAULT_STATE };
  }
}

/**
 * Writes the state atomically (temp file + rename), so a crash mid-write keeps the previous
 * state. Synchronous because the last write happens while the app quits; the file is tiny.
 */
export function saveState(file: string, state: ShellState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temp, file);
}

/** The state in memory, written to disk shortly after each change and at quit. */
export class StateStore {
  readonly #file: string;
  #state: ShellState;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(file: string, initial: ShellState) {
    this.#file = file;
    this.#state = initial;
  }

  get(): ShellState {
    return this.#state;
  }

  update(patch: Partial<ShellState>): void {
    this.#state = { ...this.#state, ...patch };
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), 300);
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    try {
      saveState(this.#file, this.#state);
    } catch (error) {
      console.error(`merrow: could not save the window state: ${String(error)}`);
    }
  }
}

/**
 * The saved bounds when at least a corner strip of the window lands on one of today's
 * displays (a monitor may have been unplugged since), else null so the window is centred.
 */
export function visibleBounds(bounds: Bounds | null, workAreas: Bounds[]): Bounds | null {
  if (!bounds) return null;
  const grip = 48;
  const onScreen = workAreas.some(
    (a) =>
      bounds.x + grip <= a.x + a.width &&
      bounds.x + bounds.width - grip >= a.x &&
      bounds.y >= a.y - grip &&
      bounds.y + grip <= a.y + a.height,
  );
  return onScreen ? bounds : null;
}
