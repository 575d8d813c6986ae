/**
 * Key bindings as one notation for the keyboard, the palette's labels, tooltips and the native
 * menu's accelerators, so the same keys show everywhere. A binding reads like `Mod+Shift+P`:
 * `Mod` is Cmd on macOS and Ctrl elsewhere; `Ctrl`, `Alt` (Option) and `Shift` are those keys on
 * every platform. The key is a letter, a digit, `F1`–`F12`, a named key (`Tab`, `PageDown`,
 * `Enter`, `Escape`) or one printed character (`/`).
 */

export type Platform = 'mac' | 'windows' | 'linux';

/** Where the UI runs: the desktop app owns every key; a browser tab keeps some for itself. */
export type Host = 'desktop' | 'browser';

/** A command's default keys, for each platform and host. */
export interface KeyBindings {
  /** The binding everywhere, unless `mac` or `browser` names another. */
  key: string;
  mac?: string;
  /** In a browser tab (`merrow serve`), where Ctrl+N, Ctrl+W and Ctrl+Tab belong to the browser. */
  browser?: string;
  /** More bindings that run the command, never shown (F1 beside Ctrl+Shift+P). */
  also?: string[];
}

interface Chord {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
  key: string;
}

const NAMED_KEYS = new Set(['Tab', 'PageUp', 'PageDown', 'Enter', 'Escape', 'Delete', 'Backspace']);

/** The binding shown and used on `platform` in `host`. */
export function bindingFor(keys: KeyBindings, platform: Platform, host: Host): string {
  if (host === 'browser' && keys.browser) return keys.browser;
  return platform === 'mac' && keys.mac ? keys.mac : keys.key;
}

/** Every binding that runs the command on `platform` in `host`: the shown one first. */
export function allBindings(keys: KeyBindings, platform: Platform, host: Host): string[] {
  return [bindingFor(keys, platform, host), ...(keys.also ?? [])];
}

/** Reads a binding; throws on one the notation does not allow (the catalogue's test checks them all). */
function parse(binding: string, platform: Platform): Chord {
  const parts = binding === '+' ? ['+'] : binding.split('+');
  const key = parts.pop() ?? '';
  const chord: Chord = { ctrl: false, alt: false, shift: false, meta: false, key: normalKey(key) };
  for (const part of parts) {
    if (part === 'Mod') chord[platform === 'mac' ? 'meta' : 'ctrl'] = true;
    else if (part === 'Ctrl') chord.ctrl = true;
    else if (part === 'Alt') chord.alt = true;
    else if (part === 'Shift') chord.shift = true;
    else throw new Error(`${binding}: unknown modifier ${part}`);
  }
  if (!chord.key) throw new Error(`${binding}: no key`);
  return chord;
}

function normalKey(key: string): string {
  if (/^[a-z]$/i.test(key)) return key.toUpperCase();
  if (/^[0-9]$/.test(key) || /^F([1-9]|1[0-2])$/.test(key) || NAMED_KEYS.has(key)) return key;
  if (key.length === 1 && key !== ' ') return key;
  return '';
}

const canonical = (c: Chord) =>
  `${c.ctrl ? 'Ctrl+' : ''}${c.alt ? 'Alt+' : ''}${c.shift ? 'Shift+' : ''}${c.meta ? 'Meta+' : ''}${c.key}`;

/** A binding as one string to compare with `eventChord`. */
export function chordOf(binding: string, platform: Platform): string {
  return canonical(parse(binding, platform));
}

/** The part of a keyboard event a binding is matched against. */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

/**
 * A key press as one string to compare with `chordOf`, or null for a lone modifier. Letters are
 * read from the typed character where it is one (the user's layout), else from the physical key,
 * because Option on macOS and AltGr elsewhere turn letters into other characters.
 */
export function eventChord(event: KeyPress): string | null {
  let key: string;
  if (/^[a-z]$/i.test(event.key)) key = event.key.toUpperCase();
  else if (/^Key[A-Z]$/.test(event.code)) key = event.code.slice(3);
  else if (/^Digit[0-9]$/.test(event.code)) key = event.code.slice(5);
  else key = normalKey(event.key);
  if (!key) return null;
  return canonical({
    ctrl: event.ctrlKey,
    alt: event.altKey,
    shift: event.shiftKey,
    meta: event.metaKey,
    key,
  });
}

const MAC_SYMBOLS: Record<string, string> = {
  Tab: '⇥',
  Enter: '↩',
  Escape: '⎋',
  Delete: '⌦',
  Backspace: '⌫',
  PageUp: '⇞',
  PageDown: '⇟',
};

/** A binding as the platform writes it: `⇧⌘P` on macOS, `Ctrl+Shift+P` elsewhere. */
export function keyLabel(binding: string, platform: Platform): string {
  const c = parse(binding, platform);
  if (platform === 'mac') {
    const key = MAC_SYMBOLS[c.key] ?? c.key;
    return `${c.ctrl ? '⌃' : ''}${c.alt ? '⌥' : ''}${c.shift ? '⇧' : ''}${c.meta ? '⌘' : ''}${key}`;
  }
  const key =
    c.key === 'PageUp' ? 'PgUp' : c.key === 'PageDown' ? 'PgDn' : c.key === 'Escape' ? 'Esc' : c.key;
  return `${c.ctrl ? 'Ctrl+' : ''}${c.alt ? 'Alt+' : ''}${c.shift ? 'Shift+' : ''}${key}`;
}

/**
 * A binding as an Electron menu accelerator (`CmdOrCtrl+Shift+P`), which the native menu shows in
 * the platform's own way and fires when the page leaves the key unhandled.
 */
export function toAccelerator(binding: string): string {
  const parts = binding.split('+');
  const key = parts.pop() ?? '';
  const modifiers = parts.map((part) => (part === 'Mod' ? 'CmdOrCtrl' : part === 'Ctrl' ? 'Ctrl' : part));
  const named: Record<string, string> = { Enter: 'Return', Escape: 'Esc' };
  return [...modifiers, named[key] ?? normalKey(key)].join('+');
}

/** The platform a browser page runs on, from its user agent. */
export function platformOf(userAgent: string): Platform {
  if (/Mac|iPhone|iPad/.test(userAgent)) return 'mac';
  return /Windows/.test(userAgent) ? 'windows' : 'linux';
}
