import type { KeyBindings } from './keys.ts';

/** What the desktop shell and the UI both know of a window command; its handler lives in the UI. */
export interface CommandInfo {
  /** The palette's title (and the menu's, unless `menu` names a shorter one). */
  title: string;
  menu?: string;
  keys?: KeyBindings;
  /**
   * Its keys belong to the editor, which handles them while it has focus; elsewhere the menu's
   * accelerator runs the command on the editor.
   */
  editorKeys?: boolean;
}

/**
 * The window's commands: the ones the native menu shows, and every one with a default key. The UI's
 * command registry gives each its handler and says when it applies; the desktop shell builds its
 * menu from these ids, titles and keys. Features add further commands of their own to the registry
 * (they appear in the palette). Keys follow VS Code where it has one for the same action.
 */
export const COMMANDS = {
  'file.newDiagram': { title: 'New Diagram…', keys: { key: 'Mod+N', browser: 'Alt+N' } },
  'file.quickOpen': { title: 'Go to File…', keys: { key: 'Mod+P' } },
  // The desktop's alone: only the desktop connection handles them, so a browser never lists them.
  'folder.open': { title: 'Open Folder…', keys: { key: 'Mod+O' } },
  'folder.openRecent': { title: 'Open Recent Folder…', keys: { key: 'Mod+R' } },
  'file.save': { title: 'Save', keys: { key: 'Mod+S' } },
  'file.saveAll': { title: 'Save All', keys: { key: 'Mod+Alt+S' } },
  'file.autosave': { title: 'Toggle Autosave', menu: 'Autosave' },
  'file.exportSvg': { title: 'Export as SVG', menu: 'SVG' },
  'file.exportPng': { title: 'Export as PNG', menu: 'PNG' },
  'file.exportPdf': { title: 'Export as PDF', menu: 'PDF' },
  'tab.close': { title: 'Close Tab', keys: { key: 'Mod+W', browser: 'Alt+W' } },
  'tab.next': {
    title: 'Next Tab',
    keys: { key: 'Ctrl+Tab', browser: 'Alt+PageDown', also: ['Ctrl+PageDown'] },
  },
  'tab.previous': {
    title: 'Previous Tab',
    keys: { key: 'Ctrl+Shift+Tab', browser: 'Alt+PageUp', also: ['Ctrl+PageUp'] },
  },
  'edit.toggleComment': { title: 'Toggle Line Comment', keys: { key: 'Mod+/' }, editorKeys: true },
  'workbench.palette': { title: 'Command Palette…', keys: { key: 'Mod+Shift+P', also: ['F1'] } },
  'view.files': { title: 'Show Files', menu: 'Files', keys: { key: 'Mod+Shift+E' } },
  'view.sourceControl': {
    title: 'Show Source Control',
    menu: 'Source Control',
    keys: { key: 'Mod+Shift+G' },
  },
  'preview.fit': { title: 'Preview: Fit', menu: 'Fit' },
  'preview.actualSize': { title: 'Preview: Actual Size', menu: 'Actual Size' },
  'theme.system': { title: 'Theme: Follow the System', menu: 'Follow System' },
  'theme.light': { title: 'Theme: Light', menu: 'Light' },
  'theme.dark': { title: 'Theme: Dark', menu: 'Dark' },
  'help.keyboardShortcuts': { title: 'Keyboard Shortcuts' },
  'help.syntax': { title: 'Mermaid Syntax Reference' },
} as const satisfies Record<string, CommandInfo>;

export type CommandId = keyof typeof COMMANDS;

export const COMMAND_IDS = Object.keys(COMMANDS) as CommandId[];

export function isCommandId(value: unknown): value is CommandId {
  return typeof value === 'string' && Object.hasOwn(COMMANDS, value);
}

/** The catalogue's entry for `id`, typed as the general shape. */
export function commandInfo(id: CommandId): CommandInfo {
  return COMMANDS[id];
}

/** The menu's label of a command. */
export function menuLabel(id: CommandId): string {
  const info = commandInfo(id);
  return info.menu ?? info.title;
}

/** What the UI tells the shell about the menu's commands, so the menu greys out and ticks the same. */
export interface CommandStates {
  /** Commands that do not apply now (no tab open for Save). */
  disabled: CommandId[];
  /** Toggles that are on (Autosave, the chosen theme). */
  checked: CommandId[];
}

export const MERMAID_SYNTAX_URL = 'https://mermaid.js.org/intro/syntax-reference.html';
