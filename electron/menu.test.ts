import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { COMMAND_IDS, COMMANDS, type CommandInfo } from '../shared/commands/catalogue.ts';
import { buildMenuTemplate, type MenuActions, type MenuOptions } from './menu.ts';

const options: MenuOptions = {
  platform: 'linux',
  devTools: false,
  recentFolders: ['/home/ada/infra'],
  states: { disabled: [], checked: [] },
};

function actions(): MenuActions {
  return { run: vi.fn(), openRecent: vi.fn() };
}

/** The item reached by following labels (or roles) through submenus. */
function item(template: MenuItemConstructorOptions[], ...path: string[]): MenuItemConstructorOptions {
  let items = template;
  let found: MenuItemConstructorOptions | undefined;
  for (const name of path) {
    found = items.find((i) => i.label?.replace('&', '') === name || i.role === name);
    if (!found) throw new Error(`no menu item ${path.join(' > ')}`);
    items = (found.submenu as MenuItemConstructorOptions[] | undefined) ?? [];
  }
  return found!;
}

/** Every item of the template, submenus included. */
function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...flatten((i.submenu as MenuItemConstructorOptions[] | undefined) ?? [])]);
}

const click = (i: MenuItemConstructorOptions) => (i.click as () => void)();

describe('buildMenuTemplate', () => {
  it('has File, Edit, View, Go and Help, plus the app and Window menus on macOS', () => {
    expect(buildMenuTemplate(options, actions()).map((m) => m.label)).toEqual([
      '&File',
      '&Edit',
      '&View',
      '&Go',
      '&Help',
    ]);
    const mac = buildMenuTemplate({ ...options, platform: 'mac' }, actions());
    expect(mac.map((m) => m.role ?? m.label)).toEqual([
      'appMenu',
      '&File',
      '&Edit',
      '&View',
      '&Go',
      'windowMenu',
      'help',
    ]);
  });

  it('shows every window command once, by its id, and runs it by that id when clicked', () => {
    const a = actions();
    const items = flatten(buildMenuTemplate(options, a)).filter((i) => i.id);
    expect(items.map((i) => i.id).sort()).toEqual([...COMMAND_IDS].sort());
    for (const i of items) click(i);
    expect(vi.mocked(a.run).mock.calls.map(([id]) => id)).toEqual(items.map((i) => i.id));
  });

  it('labels and binds each item as the catalogue says, the same keys the page uses on the desktop', () => {
    const t = buildMenuTemplate(options, actions());
    expect(item(t, 'File', 'Go to File…').accelerator).toBe('CmdOrCtrl+P');
    expect(item(t, 'File', 'Open Folder…').accelerator).toBe('CmdOrCtrl+O');
    expect(item(t, 'File', 'New Diagram…').accelerator).toBe('CmdOrCtrl+N');
    expect(item(t, 'File', 'Close Tab').accelerator).toBe('CmdOrCtrl+W');
    expect(item(t, 'View', 'Command Palette…').accelerator).toBe('CmdOrCtrl+Shift+P');
    expect(item(t, 'Go', 'Next Tab').accelerator).toBe('Ctrl+Tab');
    for (const i of flatten(t).filter((x) => x.id)) {
      const info = COMMANDS[i.id as keyof typeof COMMANDS] as CommandInfo;
      expect(i.label === (info.menu ?? info.title) || i.label === 'More…').toBe(true);
      expect(Boolean(i.accelerator)).toBe(Boolean(info.keys));
      // Registered: where the page leaves a key alone (the preview frame has focus), the menu takes it.
      expect(i.registerAccelerator).toBeUndefined();
    }
  });

  it('greys out the commands the page says do not apply and ticks its toggles', () => {
    const t = buildMenuTemplate(
      {
        ...options,
        states: { disabled: ['file.save', 'tab.close'], checked: ['file.autosave', 'theme.dark'] },
      },
      actions(),
    );
    expect(item(t, 'File', 'Save').enabled).toBe(false);
    expect(item(t, 'File', 'Close Tab').enabled).toBe(false);
    expect(item(t, 'File', 'Save All').enabled).toBe(true);
    expect(item(t, 'File', 'Autosave')).toMatchObject({ type: 'checkbox', checked: true });
    const theme = item(t, 'View', 'Theme').submenu as MenuItemConstructorOptions[];
    expect(theme.map((i) => [i.label, i.type, i.checked])).toEqual([
      ['Follow System', 'radio', false],
      ['Light', 'radio', false],
      ['Dark', 'radio', true],
    ]);
  });

  it('lists recent folders and opens the one clicked', () => {
    const a = actions();
    const recent = item(buildMenuTemplate(options, a), 'File', 'Open Recent');
    const entry = (recent.submenu as MenuItemConstructorOptions[])[0]!;
    expect(entry.label).toBe('infra — /home/ada/infra');
    click(entry);
    expect(a.openRecent).toHaveBeenCalledWith('/home/ada/infra');
    const empty = item(buildMenuTemplate({ ...options, recentFolders: [] }, a), 'File', 'Open Recent');
    expect((empty.submenu as MenuItemConstructorOptions[])[0]).toEqual({
      label: 'No Recent Folders',
      enabled: false,
    });
  });

  it('offers zoom always and developer tools only in development', () => {
    const t = buildMenuTemplate(options, actions());
    for (const role of ['zoomIn', 'zoomOut', 'resetZoom']) expect(item(t, 'View', role).role).toBe(role);
    expect(() => item(t, 'View', 'toggleDevTools')).toThrow();
    expect(
      item(buildMenuTemplate({ ...options, devTools: true }, actions()), 'View', 'toggleDevTools'),
    ).toBeTruthy();
  });
});
