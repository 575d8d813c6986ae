import type { KeyPress } from '../../shared/commands/keys.ts';

/** A key press as a keyboard event carries it: the typed character, the physical key, the modifiers. */
export function keyPress(key: string, code: string, mods: Partial<KeyPress> = {}): KeyPress {
  return { key, code, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods };
}
