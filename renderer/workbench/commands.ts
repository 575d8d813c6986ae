import type { PaletteItem } from '../ui/palette.tsx';

/**
 * A command the user can run. Features contribute theirs (`gitPaletteItems`, `importPaletteItems`)
 * and the shell lists them in the palette. The command registry — ids, keybindings per platform,
 * when a command applies — belongs in this module, so that the keyboard, the palette, the native
 * menu and desktop commands all dispatch through one list.
 */
export type Command = PaletteItem;
