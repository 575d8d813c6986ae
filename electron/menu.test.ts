import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuActions, type MenuOptions } from './menu.ts';

const options: MenuOptions = {
  isMac: false,
  devTools: false,
  recentFolders: ['/home/ada/infra'],
  theme: 'dark',
};

function actions(): MenuActions {
  return {
    command: vi.fn(),
    openFolderDialog: vi.fn(),
    openRecent: vi.fn(),
    setTheme: vi.fn(),
    openExternal: vi.fn(),
  };
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

const click = (i: MenuItemConstructorOptions) => (i.click as () => void)();

describe('buildMenuTemplate', () => {
  it('has File, Edit, View and Help, plus the app and Window menus on macOS', () => {
    expect(buildMenuTemplate(options, actions()).map((m) => m.label)).toEqual([
      '&File',
      '&Edit',
      '&View',
      '&Help',
    ]);
    const mac = buildMenuTemplate({ ...options, isMac: true }, actions());
    expect(mac.map((m) => m.role ?? m.label)).toEqual([
      'appMenu',
      '&File',
      '&Edit',
      '&View',
      'windowMenu',
      'help',
    ]);
  });

  it('sends the UI its commands from the File menu', () => {
    const a = actions();
    const t = buildMenuTemplate(options, a);
    click(item(t, 'File', 'New Diagram'));
    click(item(t, 'File', 'Save'));
    click(item(t, 'File', 'Close Tab'));
    click(item(t, 'View', 'Command Palette…'));
    expect(a.command).toHaveBeenNthCalledWith(1, { type: 'file.new' });
    expect(a.command).toHaveBeenNthCalledWith(2, { type: 'file.save' });
    expect(a.command).toHaveBeenNthCalledWith(3, { type: 'tab.close' });
    expect(a.command).toHaveBeenNthCalledWith(4, { type: 'palette' });
  });

  it('shows the shortcuts the UI handles without registering them, so a key acts once', () => {
    const t = buildMenuTemplate(options, actions());
    for (const [label, key] of [
      ['New Diagram', 'CmdOrCtrl+N'],
      ['Open Folder…', 'CmdOrCtrl+O'],
      ['Save', 'CmdOrCtrl+S'],
      ['Close Tab', 'CmdOrCtrl+W'],
      ['Quick Open…', 'CmdOrCtrl+P'],
    ] as const) {
      expect(item(t, 'File', label)).toMatchObject({ accelerator: key, registerAccelerator: false });
    }
  });

  it('lists recent folders and opens the one clicked', () => {
    const a = actions();
    const recent = item(buildMenuTemplate(options, a), 'File', 'Open Recent');
    const entry = (recent.submenu as MenuItemConstructorOptions[])[0]!;
    expect(entry.label).toBe('infra — /home/ada/infra');
    click(entry);
    expect(a.openRecent).toHaveBeenCalledWith('/home/ada/infra');
    const empty = item(buildMenuTemplate({ ...options, recentFolders: [] }, a), 'File', 'Open Recent');
    expect(empty.submenu).toEqual([{ label: 'No Recent Folders', enabled: false }]);
  });

  it('checks the current theme and switches on click', () => {
    const a = actions();
    const theme = item(buildMenuTemplate(options, a), 'View', 'Theme')
      .submenu as MenuItemConstructorOptions[];
    expect(theme.map((i) => [i.label, i.checked])).toEqual([
      ['Follow System', false],
      ['Light', false],
      ['Dark', true],
    ]);
    click(theme[1]!);
    expect(a.setTheme).toHaveBeenCalledWith('light');
  });

  it('offers zoom always and developer tools only in development', () => {
    const t = buildMenuTemplate(options, actions());
    for (const role of ['zoomIn', 'zoomOut', 'resetZoom']) expect(item(t, 'View', role).role).toBe(role);
    expect(() => item(t, 'View', 'toggleDevTools')).toThrow();
    expect(
      item(buildMenuTemplate({ ...options, devTools: true }, actions()), 'View', 'toggleDevTools'),
    ).toBeTruthy();
  });

  it('opens the syntax reference through the validated external opener', () => {
    const a = actions();
    click(item(buildMenuTemplate(options, a), 'Help', 'Mermaid Syntax Reference'));
    expect(a.openExternal).toHaveBeenCalledWith('https://mermaid.js.org/intro/syntax-reference.html');
  });
});
