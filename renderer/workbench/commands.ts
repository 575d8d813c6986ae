import {
  COMMAND_IDS,
  type CommandId,
  type CommandStates,
  commandInfo,
  isCommandId,
} from '../../shared/commands/catalogue.ts';
import {
  allBindings,
  bindingFor,
  chordOf,
  eventChord,
  type Host,
  type KeyBindings,
  type KeyPress,
  keyLabel,
  type Platform,
  platformOf,
} from '../../shared/commands/keys.ts';
import type { PaletteItem } from '../ui/palette.tsx';

/** A command the user can run from the palette, a key, the native menu or the desktop shell. */
export interface Command {
  id: string;
  title: string | (() => string);
  /** A second line in the palette (the file a command acts on). */
  detail?: () => string | undefined;
  keys?: KeyBindings;
  /**
   * A key a view handles itself, where the command's target is (F2 on a row of the Files view,
   * Ctrl+Enter in the commit message): shown beside the command, never taken window-wide.
   * The view matches key presses with `pressed` on the same bindings (VIEW_KEYS).
   */
  viewKeys?: KeyBindings & { where: string };
  /** Whether it applies now; a command that does not is left out of the palette and greyed in the menu. */
  when?: () => boolean;
  /** For toggles: whether it is on (the menu ticks it). */
  checked?: () => boolean;
  run: () => unknown;
}

/** What a window command adds to its catalogue entry (title and keys come from the catalogue). */
export type Handler = Pick<Command, 'run' | 'when' | 'checked' | 'detail'>;

/**
 * The keys views handle themselves, one place for the view's handler and for the key shown beside
 * its command (`viewKeys`) in the palette and the Keyboard Shortcuts list, so they cannot drift.
 */
export const VIEW_KEYS = {
  rename: { key: 'F2', where: 'in the Files view' },
  delete: { key: 'Delete', where: 'in the Files view' },
  commit: { key: 'Mod+Enter', where: 'in the commit message' },
} as const satisfies Record<string, KeyBindings & { where: string }>;

/** Whether a key press is one of the bindings, on this page's platform and host. */
export function pressed(event: KeyPress, keys: KeyBindings, context: KeyContext = pageKeyContext()): boolean {
  const chord = eventChord(event);
  return (
    chord !== null &&
    allBindings(keys, context.platform, context.host).some((b) => chordOf(b, context.platform) === chord)
  );
}

/** A view's key as this page shows it: `Ctrl+Enter`, `⌘↩` on a Mac. */
export function viewKeyLabel(keys: KeyBindings, context: KeyContext = pageKeyContext()): string {
  return keyLabel(bindingFor(keys, context.platform, context.host), context.platform);
}

/** The platform and host this page runs on, which choose the keys it uses and shows. */
export interface KeyContext {
  platform: Platform;
  host: Host;
}

/** This page's platform and host: the desktop app when Electron's bridge is there. */
export function pageKeyContext(): KeyContext {
  return {
    platform: platformOf(navigator.userAgent),
    host: (window as { merrow?: unknown }).merrow ? 'desktop' : 'browser',
  };
}

/** The key of a window command as this page shows it, for labels and tooltips. */
function shortcutOf(id: CommandId, context: KeyContext = pageKeyContext()): string | undefined {
  const keys = commandInfo(id).keys;
  return keys && keyLabel(bindingFor(keys, context.platform, context.host), context.platform);
}

/** A tooltip naming a window command's key: `Source Control (Ctrl+Shift+G)`. */
export function withShortcut(text: string, id: CommandId): string {
  const key = shortcutOf(id);
  return key ? `${text} (${key})` : text;
}

/**
 * The one command registry. Window commands (`shared/commands/catalogue.ts`, the ones the native
 * menu shows) get their handler here with `add`; features contribute their own with `contribute`.
 * The keyboard, the palette, the native menu and the desktop shell's commands all run through it,
 * so a key, a label and a menu accelerator can never disagree.
 */
export class CommandRegistry {
  readonly context: KeyContext;
  private readonly commands = new Map<string, Command>();
  private readonly listeners = new Set<() => void>();
  /** Keys a command takes, by chord; rebuilt when commands come or go. */
  private chords: Map<string, Command> | null = null;

  constructor(context: KeyContext) {
    this.context = context;
  }

  /** Gives a window command its handler; its title and keys are the catalogue's. Returns the removal. */
  add(id: CommandId, handler: Handler): () => void {
    const info = commandInfo(id);
    return this.contribute({ id, title: info.title, ...(info.keys ? { keys: info.keys } : {}), ...handler });
  }

  /** Adds a command of a feature. Returns the removal. */
  contribute(command: Command): () => void {
    if (this.commands.has(command.id)) throw new Error(`command ${command.id} is registered twice`);
    this.commands.set(command.id, command);
    this.chords = null;
    this.changed();
    return () => {
      if (this.commands.get(command.id) !== command) return;
      this.commands.delete(command.id);
      this.chords = null;
      this.changed();
    };
  }

  has(id: string): boolean {
    return this.commands.has(id);
  }

  /** Runs a command if it applies now; false when it does not (or is unknown). */
  run(id: string): boolean {
    const command = this.commands.get(id);
    if (!command || !(command.when?.() ?? true)) return false;
    void Promise.resolve()
      .then(() => command.run())
      .catch((error: unknown) => console.error(`merrow: ${id} failed`, error));
    return true;
  }

  /** The key a command shows on this platform and host, as the platform writes it (a view's key too). */
  shortcut(id: string): string | undefined {
    const command = this.commands.get(id);
    const keys = command?.keys ?? command?.viewKeys;
    const { platform, host } = this.context;
    return keys && keyLabel(bindingFor(keys, platform, host), platform);
  }

  /**
   * The Keyboard Shortcuts list: every command with a key, whether or not it applies now (Save All
   * with nothing unsaved), with all the keys that run it (F1 beside Ctrl+Shift+P) and where a
   * view's key works. It is built from the bindings the keyboard uses, so it lists what really runs.
   */
  shortcutItems(): PaletteItem[] {
    const { platform, host } = this.context;
    return [...this.commands.values()].flatMap((command) => {
      const keys = command.keys ?? command.viewKeys;
      if (!keys) return [];
      const label = allBindings(keys, platform, host)
        .map((binding) => keyLabel(binding, platform))
        .join(' or ');
      const title = typeof command.title === 'function' ? command.title() : command.title;
      const where = command.keys ? undefined : command.viewKeys?.where;
      return [
        {
          id: command.id,
          label: title,
          ...(where ? { detail: where } : {}),
          keys: label,
          run: () => void this.run(command.id),
        },
      ];
    });
  }

  /** A label naming the command's key: `Open Folder… (Ctrl+O)`. */
  tooltip(text: string, id: string): string {
    const key = this.shortcut(id);
    return key ? `${text} (${key})` : text;
  }

  /** The palette's list: every command that applies now, with its key. */
  paletteItems(): PaletteItem[] {
    return [...this.commands.values()]
      .filter((command) => command.when?.() ?? true)
      .map((command) => {
        const detail = command.detail?.();
        const keys = this.shortcut(command.id);
        return {
          id: command.id,
          label: typeof command.title === 'function' ? command.title() : command.title,
          ...(detail ? { detail } : {}),
          ...(keys ? { keys } : {}),
          run: () => void this.run(command.id),
        };
      });
  }

  /**
   * Runs the command bound to a key press, if any, and says whether it took the key (the caller then
   * stops the event, so neither the browser nor the native menu acts on it again). A bound key whose
   * command does not apply now is taken all the same: Ctrl+S with no file open must not save the page.
   * The editor's own keys are left to the editor while it has focus.
   */
  handleKey(event: KeyPress, inEditor = false): boolean {
    const chord = eventChord(event);
    if (!chord) return false;
    const command = this.chordMap().get(chord);
    if (!command) return false;
    if (inEditor && isCommandId(command.id) && commandInfo(command.id).editorKeys) return false;
    this.run(command.id);
    return true;
  }

  /** Listens to the window's keys, before anything else on the page (the editor included). */
  listen(target: Window): () => void {
    const onKey = (event: KeyboardEvent) => {
      const inEditor = event.target instanceof Element && !!event.target.closest('.monaco-editor');
      if (this.handleKey(event, inEditor)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    target.addEventListener('keydown', onKey, true);
    return () => target.removeEventListener('keydown', onKey, true);
  }

  /** The menu's view of the window commands: which do not apply now, and which toggles are on. */
  states(): CommandStates {
    const disabled: CommandId[] = [];
    const checked: CommandId[] = [];
    for (const id of COMMAND_IDS) {
      const command = this.commands.get(id);
      if (!command || !(command.when?.() ?? true)) disabled.push(id);
      if (command?.checked?.()) checked.push(id);
    }
    return { disabled, checked };
  }

  /** Calls `listener` when commands come or go, or when something they depend on changed (`changed`). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Says that what `when`, `checked` or a title depends on may have changed. */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Re-reads `when` and `checked` whenever one of these stores changes. */
  watch(...stores: { subscribe(listener: () => void): () => void }[]): () => void {
    const offs = stores.map((store) => store.subscribe(() => this.changed()));
    return () => {
      for (const off of offs) off();
    };
  }

  private chordMap(): Map<string, Command> {
    if (!this.chords) {
      this.chords = new Map();
      const { platform, host } = this.context;
      for (const command of this.commands.values()) {
        for (const binding of command.keys ? allBindings(command.keys, platform, host) : []) {
          this.chords.set(chordOf(binding, platform), command);
        }
      }
    }
    return this.chords;
  }
}
