import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../test/support/fake-electron.ts'));

type Fake = typeof import('../test/support/fake-electron.ts');
type Window = InstanceType<Fake['BrowserWindow']>;

const projectRoot = resolve(import.meta.dirname, '..');
let base: string;
let folder: string;
let other: string;
// The mocked `electron` module is created once and survives vi.resetModules(); main.ts is re-run per test.
const fake: Fake = await import('../test/support/fake-electron.ts');
await import('electron');
const savedArgv = process.argv;
const savedStateDir = process.env.MERROW_STATE_DIR;

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'merrow-main-')));
  folder = join(base, 'diagrams');
  other = join(base, 'elsewhere');
  await mkdir(join(folder, 'infra'), { recursive: true });
  await mkdir(other);
  await writeFile(join(folder, 'flow.mmd'), 'flowchart LR\n  a --> b\n');
  await writeFile(join(folder, 'infra', 'lb.mmd'), 'flowchart TB\n  lb --> web\n');
  await writeFile(join(other, 'seq.mmd'), 'sequenceDiagram\n  A->>B: hi\n');
  process.env.MERROW_STATE_DIR = join(base, 'merrow-state');
  vi.resetModules();
  fake.resetFake();
  fake.app.userData = join(base, 'user-data');
  fake.app.appPath = projectRoot;
});

afterEach(async () => {
  // Let the recent-folders write that follows each folder switch finish before its folder goes.
  await new Promise((r) => setTimeout(r, 100));
  fake.app.emit('before-quit');
  for (const win of fake.BrowserWindow.created) win.emit('closed');
  process.argv = savedArgv;
  if (savedStateDir === undefined) delete process.env.MERROW_STATE_DIR;
  else process.env.MERROW_STATE_DIR = savedStateDir;
  await rm(base, { recursive: true, force: true });
});

/** Starts main.ts as the packaged binary launched with `args`. */
async function launch(...args: string[]): Promise<void> {
  process.argv = ['/opt/Merrow/merrow', ...args];
  await import('./main.ts');
}

async function ready(): Promise<Window> {
  fake.app.readyResolve();
  await vi.waitFor(() => expect(fake.BrowserWindow.created).toHaveLength(1));
  return fake.BrowserWindow.created[0]!;
}

/** What the page receives once it says it listens. */
function commandsAfterReady(win: Window): unknown[] {
  const event = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
  fake.ipcMain.listeners.get('merrow:ready')!(...([event] as never[]));
  return win.webContents.sent.filter((m) => m.channel === 'merrow:command').map((m) => m.payload);
}

const fromPage = (win: Window) => ({ sender: win.webContents, senderFrame: win.webContents.mainFrame });

async function call(win: Window, method: string, args: unknown = {}, folderId?: string) {
  const request = { method, args, ...(folderId ? { folder: folderId } : {}) };
  return fake.ipcMain.handlers.get('merrow:call')!(...([fromPage(win), request] as never[])) as Promise<{
    ok: boolean;
    result?: unknown;
    error?: { code: string };
  }>;
}

/** Accepts the folder the shell offered the page, as the page does once it has left its folder. */
async function accept(win: Window, ticket: string) {
  return fake.ipcMain.handlers.get('merrow:switch-folder')!(...([fromPage(win), ticket] as never[]));
}

const folderIdOf = async (win: Window) =>
  ((await call(win, 'workspace.info')).result as { folderId: string }).folderId;

describe('single instance', () => {
  it('quits at once, opening nothing, when another Merrow holds the lock', async () => {
    fake.app.singleInstance = false;
    await launch(join(folder, 'flow.mmd'));
    expect(fake.app.quit).toHaveBeenCalled();
    fake.app.readyResolve();
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.BrowserWindow.created).toHaveLength(0);
    expect(fake.protocol.privileged).toHaveLength(0);
  });

  it('opens a second launch’s file in the running window and focuses it', async () => {
    await launch(folder);
    const win = await ready();
    await vi.waitFor(() => expect(win.representedFilename).toBe(folder));
    const focusedBefore = win.focused;
    fake.app.emit('second-instance', {}, ['/opt/Merrow/merrow', 'infra/lb.mmd'], folder);
    await vi.waitFor(() =>
      expect(commandsAfterReady(win)).toContainEqual({ type: 'file.open', path: 'infra/lb.mmd' }),
    );
    expect(win.focused).toBeGreaterThan(focusedBefore);
    expect(fake.BrowserWindow.created).toHaveLength(1);
    expect(fake.app.recentDocuments).toContain(join(folder, 'infra', 'lb.mmd'));
  });

  it('offers the page the folder of a file opened from outside the current one, and switches once it accepts', async () => {
    await launch(folder);
    const win = await ready();
    await vi.waitFor(() => expect(win.representedFilename).toBe(folder));
    const before = await folderIdOf(win);
    fake.app.emit('second-instance', {}, ['/opt/Merrow/merrow', join(other, 'seq.mmd')], '/');
    let offer: { ticket: string; folder: string } | undefined;
    await vi.waitFor(() => {
      const sent = commandsAfterReady(win).find((c) => (c as { type: string }).type === 'folder.offer');
      offer = (sent as { offer: typeof offer }).offer;
      expect(offer?.folder).toBe(other);
    });
    // Nothing switched behind the page's back: it still holds the old folder's work.
    expect(win.representedFilename).toBe(folder);
    expect(await accept(win, offer!.ticket)).toEqual({ ok: true });
    expect(await accept(win, offer!.ticket)).toMatchObject({ ok: false });
    expect(win.representedFilename).toBe(other);
    const info = await call(win, 'workspace.info');
    expect(info.result).toMatchObject({ root: other });
    expect(commandsAfterReady(win)).toContainEqual({ type: 'file.open', path: 'seq.mmd' });
    // A save the page still makes for the folder it left is refused, and lands nowhere.
    const stale = await call(win, 'file.write', { path: 'flow.mmd', text: 'late' }, before);
    expect(stale).toMatchObject({ ok: false, error: { code: 'folder-changed' } });
    await expect(readFile(join(other, 'flow.mmd'))).rejects.toThrow();
  });
});

describe('files handed over while the page reloads', () => {
  it('gives a file again to the next page when the page it went to is replaced before acting on it', async () => {
    await launch(folder);
    const win = await ready();
    await vi.waitFor(() => expect(win.representedFilename).toBe(folder));
    // The page says it listens once per load; what it was sent is read without saying it again.
    const sentOpens = () =>
      win.webContents.sent.filter((m) => (m.payload as { type: string }).type === 'file.open').length;
    const opens = () => {
      commandsAfterReady(win);
      return sentOpens();
    };
    expect(opens()).toBe(0);
    fake.app.emit('second-instance', {}, ['/opt/Merrow/merrow', 'infra/lb.mmd'], folder);
    await vi.waitFor(() => expect(sentOpens()).toBe(1));
    // The page loads anew (a reload it did not ask for) before it opened the file: the next gets it.
    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(sentOpens()).toBe(1);
    expect(opens()).toBe(2);
    // A page that goes on to another folder is not handed the old folder's file.
    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    fake.app.emit('second-instance', {}, ['/opt/Merrow/merrow', join(other, 'seq.mmd')], '/');
    commandsAfterReady(win);
    let ticket = '';
    await vi.waitFor(() => {
      const sent = win.webContents.sent
        .map((m) => m.payload)
        .find((c) => (c as { type: string }).type === 'folder.offer');
      ticket = (sent as { offer: { ticket: string } }).offer.ticket;
      expect(ticket).not.toBe('');
    });
    expect(await accept(win, ticket)).toEqual({ ok: true });
    win.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    const after = commandsAfterReady(win).filter((c) => (c as { type: string }).type === 'file.open');
    expect(after.at(-1)).toEqual({ type: 'file.open', path: 'seq.mmd' });
    expect(after.filter((c) => (c as { path: string }).path === 'infra/lb.mmd')).toHaveLength(3);
  });
});

describe('macOS open-file', () => {
  it('keeps a file delivered before ready and opens it once the window exists', async () => {
    await launch();
    let prevented = false;
    fake.app.emit('open-file', { preventDefault: () => (prevented = true) }, join(folder, 'flow.mmd'));
    expect(prevented).toBe(true);
    const win = await ready();
    await vi.waitFor(() => expect(win.representedFilename).toBe(folder));
    expect(win.loadedUrl).toBe('merrow-app://app/index.html');
    expect(commandsAfterReady(win)).toEqual([{ type: 'file.open', path: 'flow.mmd' }]);
  });
});

describe('window', () => {
  it('opens the app page from the custom protocol with every security setting', async () => {
    await launch();
    const win = await ready();
    expect(win.loadedUrl).toBe('merrow-app://app/index.html');
    expect(win.options.webPreferences).toMatchObject({
      preload: join(projectRoot, 'dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(win.webContents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(fake.protocol.handlers.has('merrow-app')).toBe(true);
    expect(fake.session.defaultSession.permissionRequest).not.toBeNull();
  });

  it('tells the page to ask for a folder when there is none to restore', async () => {
    await launch();
    const win = await ready();
    expect(commandsAfterReady(win)).toEqual([]);
    expect(await call(win, 'workspace.info')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('offers the folder the user picks in the native dialog, and opens it when the page accepts', async () => {
    await launch();
    const win = await ready();
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [other] });
    const offer = (await fake.ipcMain.handlers.get('merrow:choose-folder')!(
      ...([fromPage(win)] as never[]),
    )) as { ticket: string; folder: string };
    expect(offer.folder).toBe(other);
    expect(await call(win, 'file.read', { path: 'seq.mmd' })).toMatchObject({ ok: false });
    expect(await accept(win, offer.ticket)).toEqual({ ok: true });
    expect(await call(win, 'file.read', { path: 'seq.mmd' })).toMatchObject({ ok: true });
    expect(await accept(win, 'made-up')).toMatchObject({ ok: false });
  });

  it('follows the theme the page reports, for native dialogs and the next window', async () => {
    await launch();
    const win = await ready();
    fake.ipcMain.listeners.get('merrow:command-states')!(
      ...([fromPage(win), { disabled: [], checked: ['theme.dark'] }] as never[]),
    );
    expect(fake.nativeTheme.themeSource).toBe('dark');
    const menu = fake.Menu.current as { submenu?: { id?: string; checked?: boolean }[] }[];
    await vi.waitFor(() => {
      const items = (fake.Menu.current as typeof menu).flatMap((m) =>
        (m.submenu ?? []).flatMap((i) => [i, ...((i as { submenu?: (typeof i)[] }).submenu ?? [])]),
      );
      expect(items.find((i) => i.id === 'theme.dark')?.checked).toBe(true);
    });
    win.emit('close');
    fake.app.emit('before-quit');
    const saved = JSON.parse(await readFile(join(fake.app.userData, 'window-state.json'), 'utf8'));
    expect(saved.theme).toBe('dark');
  });
});

describe('state restore', () => {
  it('reopens the last folder and the window bounds (the page reopens its tabs)', async () => {
    await mkdir(fake.app.userData, { recursive: true });
    await writeFile(
      join(fake.app.userData, 'window-state.json'),
      JSON.stringify({
        bounds: { x: 40, y: 30, width: 1300, height: 850 },
        maximized: false,
        folder,
        theme: 'dark',
      }),
    );
    await launch();
    const win = await ready();
    expect(win.options).toMatchObject({ x: 40, y: 30, width: 1300, height: 850 });
    expect(fake.nativeTheme.themeSource).toBe('dark');
    await vi.waitFor(() => expect(win.representedFilename).toBe(folder));
    expect(commandsAfterReady(win)).toEqual([]);
    expect((await call(win, 'workspace.info')).result).toMatchObject({ root: folder });
  });

  it('saves the bounds and folder at quit', async () => {
    await launch(folder);
    const win = await ready();
    await vi.waitFor(() => expect(win.representedFilename).toBe(folder));
    win.emit('close');
    fake.app.emit('before-quit');
    const saved = JSON.parse(await readFile(join(fake.app.userData, 'window-state.json'), 'utf8'));
    expect(saved).toMatchObject({
      bounds: { width: 1400, height: 900 },
      folder,
    });
    expect(saved.tabs).toBeUndefined();
  });
});

describe('CLI through the app binary', () => {
  it('runs the merrow CLI headless and exits with its code, opening no window', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await launch('--cli', '--version');
      expect(fake.app.switches).toContainEqual(['ozone-platform', 'headless']);
      fake.app.readyResolve();
      await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(0), { timeout: 5000 });
      const { version } = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8'));
      expect(out).toHaveBeenCalledWith(`${version}\n`);
      expect(fake.session.defaultSession.permissionRequest).not.toBeNull();
    } finally {
      out.mockRestore();
    }
    expect(fake.BrowserWindow.created).toHaveLength(0);
  });

  it('reports a usage error with the CLI’s own exit code', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await launch('--cli', 'frobnicate');
      fake.app.readyResolve();
      await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(2), { timeout: 5000 });
      expect(String(err.mock.calls[0]?.[0])).toContain("unknown command 'frobnicate'");
    } finally {
      err.mockRestore();
    }
  });
});
