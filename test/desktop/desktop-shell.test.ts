/**
 * The desktop shell across a real page boundary: the real main process (`electron/main.ts`, its
 * menu, IPC, window and folder handling) runs here in Node against `page-electron.ts`, a fake
 * `electron` whose windows are Chromium pages running the real built renderer, with the real
 * preload's bridge between them. Each native menu item is clicked through the template main.ts
 * built, each key pressed in the page, and files are handed over as the OS would.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  COMMAND_IDS,
  COMMANDS,
  type CommandId,
  MERMAID_SYNTAX_URL,
} from '../../shared/commands/catalogue.ts';
import { bindingFor, type KeyBindings } from '../../shared/commands/keys.ts';
import { E2E_BROWSER, ensureRendererBuilt, SHOTS } from '../e2e/serve-process.ts';

vi.mock('electron', () => import('../support/page-electron.ts'));

const electron = await import('../support/page-electron.ts');
await import('electron');

const projectRoot = resolve(import.meta.dirname, '../..');
let base: string;
let browser: Browser;

beforeAll(async () => {
  await ensureRendererBuilt();
  base = await realpath(await mkdtemp(join(tmpdir(), 'merrow-desktop-')));
  browser = await chromium.launch({ executablePath: E2E_BROWSER, args: ['--no-sandbox', '--disable-gpu'] });
});
afterAll(async () => {
  await browser?.close();
  await rm(base, { recursive: true, force: true });
});

/** A folder holding `files`. */
async function folderWith(name: string, files: Record<string, string>): Promise<string> {
  const root = join(base, name);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

/** The app handle's prompts (typed here: their module's types reach into the page's JSX). */
interface PromptsHandle {
  prompts: { palette: { get(): { placeholder: string } | null; set(value: null): void } };
}

interface Running {
  page: Page;
  win: InstanceType<typeof electron.BrowserWindow>;
  quit(): Promise<void>;
}

/** Starts the app as the OS would with `args`; `session` names the user's data (kept across launches). */
async function launch(session: string, ...args: string[]): Promise<Running> {
  vi.resetModules();
  electron.resetFake();
  electron.resetWindows();
  electron.app.userData = join(base, 'sessions', session, 'user-data');
  electron.app.appPath = projectRoot;
  process.env.MERROW_STATE_DIR = join(base, 'sessions', session, 'state');
  // The browser profile is the user's too: the page keeps its tabs there, as Electron's would.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    storageState: storage.get(session),
  });
  electron.harness.context = context;
  await electron.routeContext(context);
  process.argv = ['/opt/Merrow/merrow', ...args];
  await import('../../electron/main.ts');
  electron.app.readyResolve();
  await vi.waitFor(() => expect(electron.BrowserWindow.created).toHaveLength(1), { timeout: 20_000 });
  const win = electron.BrowserWindow.created[0]!;
  const page = await win.ready;
  // A slower machine (CI's) as a factor on the page's CPU: timing races show up here first.
  const slowdown = Number(process.env.MERROW_HARNESS_SLOWDOWN ?? 1);
  if (slowdown > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
  }
  if (process.env.MERROW_HARNESS_DEBUG) {
    page.on('console', (m) => console.log('page:', m.text()));
    page.on('pageerror', (e) => console.log('pageerror:', e.message));
    page.on('requestfailed', (r) => console.log('failed:', r.url(), r.failure()?.errorText));
  }
  return {
    page,
    win,
    async quit() {
      storage.set(session, await context.storageState());
      await win.close();
      electron.app.emit('before-quit');
      await context.close();
    },
  };
}
const storage = new Map<
  string,
  Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>>
>();

/** Waits until the page shows `folder` with its files listed. */
async function showsFolder(page: Page, folder: string): Promise<void> {
  await page.waitForFunction((root) => window.merrowApp?.workspace.info.get()?.root === root, folder, {
    timeout: 30_000,
  });
}

const tabs = (page: Page) =>
  page.evaluate(() => window.merrowApp.workspace.tabs.get().map((t) => `${t.path}${t.dirty ? '*' : ''}`));
const active = (page: Page) => page.evaluate(() => window.merrowApp.workspace.active.get());
const palette = (page: Page) =>
  page.evaluate(
    () => (window.merrowApp as unknown as PromptsHandle).prompts.palette.get()?.placeholder ?? null,
  );
const notice = (page: Page) => page.evaluate(() => window.merrowApp.workspace.notice.get()?.text ?? null);

/** Types `text` into the buffer of `path` (opened first), as the user would: it becomes dirty. */
async function edit(page: Page, path: string, text: string): Promise<void> {
  await page.evaluate(
    async ([p, t]) => {
      const { workspace } = window.merrowApp;
      await workspace.open(p);
      workspace.model(p)!.setValue(t);
    },
    [path, text] as const,
  );
  // Dirty until saved (with autosave on, that may already have happened).
  await page.waitForFunction(
    (p) => {
      const { workspace } = window.merrowApp;
      return workspace.autosave.get() || workspace.tabs.get().some((t) => t.path === p && t.dirty);
    },
    path,
    { timeout: 60_000 },
  );
}

/** The native menu main.ts set, every item with an id (a window command). */
function menuItems(): MenuItemConstructorOptions[] {
  const flatten = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
    items.flatMap((i) => [i, ...flatten((i.submenu as MenuItemConstructorOptions[] | undefined) ?? [])]);
  return flatten(electron.Menu.current as MenuItemConstructorOptions[]).filter((i) => i.id);
}
const menuItem = (id: CommandId) => menuItems().find((i) => i.id === id)!;
const clickMenu = (id: CommandId) => (menuItem(id).click as () => void)();
/** The entry for `folder` in File › Open Recent. */
function recentEntry(folder: string): MenuItemConstructorOptions | undefined {
  const file = (electron.Menu.current as MenuItemConstructorOptions[]).find((m) => m.label === '&File');
  const recent = ((file?.submenu ?? []) as MenuItemConstructorOptions[]).find(
    (i) => i.label === 'Open Recent',
  );
  return ((recent?.submenu ?? []) as MenuItemConstructorOptions[]).find((i) =>
    i.label?.endsWith(` — ${folder}`),
  );
}

/** The key Playwright presses for a binding on Linux, the harness's platform. */
function playwrightKey(binding: string): string {
  return binding
    .replace('Mod+', 'Control+')
    .replace('Ctrl+', 'Control+')
    .replace(/\+(\w)$/, (_, k: string) => `+${k.length === 1 ? `Key${k.toUpperCase()}` : k}`)
    .replace('+/', '+Slash');
}

const A = { 'flow.mmd': 'flowchart LR\n  a --> b\n', 'docs/seq.mmd': 'sequenceDiagram\n  A->>B: hi\n' };
const B = { 'flow.mmd': 'flowchart TB\n  x --> y\n', 'other.mmd': 'pie\n  "a" : 1\n' };

// Each test is a whole session of the app (launches, restarts, every menu item): minutes on a busy
// machine.
describe('the desktop app, main process and page together', { timeout: 240_000 }, () => {
  it('opens files the OS hands over (command line, second launch, macOS open-file) and brings the tabs back after a restart', async () => {
    const folder = await folderWith('os-a', A);
    const other = await folderWith('os-b', B);
    let app = await launch('os', join(folder, 'flow.mmd'));
    await showsFolder(app.page, folder);
    await vi.waitFor(async () => expect(await tabs(app.page)).toEqual(['flow.mmd']), { timeout: 20_000 });
    await app.page.getByTestId('file-tree').getByText('seq.mmd').waitFor();

    electron.app.emit('second-instance', {}, ['/opt/Merrow/merrow', 'docs/seq.mmd'], folder);
    await vi.waitFor(async () => expect(await active(app.page)).toBe('docs/seq.mmd'), { timeout: 20_000 });
    const focused = app.win.focused;
    electron.app.emit('open-file', { preventDefault() {} }, join(folder, 'flow.mmd'));
    await vi.waitFor(async () => expect(await active(app.page)).toBe('flow.mmd'), { timeout: 20_000 });
    expect(app.win.focused).toBeGreaterThan(focused);
    expect(await tabs(app.page)).toEqual(['flow.mmd', 'docs/seq.mmd']);

    // A file of another folder: the window moves there (nothing unsaved, so nothing to ask).
    electron.app.emit('second-instance', {}, ['/opt/Merrow/merrow', join(other, 'other.mmd')], '/');
    await showsFolder(app.page, other);
    await vi.waitFor(async () => expect(await tabs(app.page)).toEqual(['other.mmd']), { timeout: 20_000 });
    await app.quit();

    // A restart reopens the last folder, and the page its tabs.
    app = await launch('os');
    await showsFolder(app.page, other);
    await vi.waitFor(async () => expect(await tabs(app.page)).toEqual(['other.mmd']), { timeout: 20_000 });
    // And the first folder's tabs come back with it.
    electron.app.emit('second-instance', {}, ['/opt/Merrow/merrow', folder], '/');
    await showsFolder(app.page, folder);
    await vi.waitFor(async () => expect(await tabs(app.page)).toEqual(['flow.mmd', 'docs/seq.mmd']), {
      timeout: 20_000,
    });
    expect(await active(app.page)).toBe('flow.mmd');
    await app.quit();
  });

  it('switches folder as one step: unsaved edits are asked about, and no save reaches a folder the window left', async () => {
    const a = await folderWith('switch-a', A);
    const b = await folderWith('switch-b', B);
    const app = await launch('switch', a);
    const { page } = app;
    await showsFolder(page, a);
    const before = await page.evaluate(() => window.merrowApp.workspace.info.get()!.folderId);
    await edit(page, 'flow.mmd', 'flowchart LR\n  a --> changed\n');

    // Open Folder… from the menu, the native dialog answering B: the page asks first.
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [b] });
    clickMenu('folder.open');
    const dialog = page.getByTestId('choice-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('flow.mmd');
    await page.screenshot({ path: join(SHOTS, 'desktop-folder-switch-question.png') });
    await page.getByTestId('choice-cancel').click();
    expect(await page.evaluate(() => window.merrowApp.workspace.info.get()!.root)).toBe(a);
    expect(await tabs(page)).toEqual(['flow.mmd*']);

    // Kept as a backup: the window shows B, with none of A's tabs; B's flow.mmd is untouched.
    clickMenu('folder.open');
    await page.getByTestId('choice-keep').click();
    await showsFolder(page, b);
    expect(await tabs(page)).toEqual([]);
    expect(await readFile(join(b, 'flow.mmd'), 'utf8')).toBe(B['flow.mmd']);
    expect(await readFile(join(a, 'flow.mmd'), 'utf8')).toBe(A['flow.mmd']);
    await page.getByTestId('file-tree').getByText('other.mmd').waitFor();

    // The next save goes to B's file; a write still made for A is refused and lands nowhere.
    await edit(page, 'flow.mmd', 'flowchart TB\n  x --> saved\n');
    clickMenu('file.save');
    await vi.waitFor(async () =>
      expect(await readFile(join(b, 'flow.mmd'), 'utf8')).toBe('flowchart TB\n  x --> saved\n'),
    );
    const stale = await page.evaluate(
      (folder) =>
        window.merrow!.call({ method: 'file.write', args: { path: 'flow.mmd', text: 'late' }, folder }).then(
          () => 'written',
          (e: { code: string }) => e.code,
        ),
      before,
    );
    expect(stale).toBe('folder-changed');
    expect(await readFile(join(a, 'flow.mmd'), 'utf8')).toBe(A['flow.mmd']);
    expect(await readFile(join(b, 'flow.mmd'), 'utf8')).toBe('flowchart TB\n  x --> saved\n');

    // Back to A through Open Recent: its tab returns with the edit kept as a backup.
    clickMenu('folder.openRecent');
    await vi.waitFor(async () => expect(await palette(page)).toBe('Open a recent folder'));
    await page.getByTestId(`palette-item-recent-${a}`).click();
    await showsFolder(page, a);
    await vi.waitFor(async () => expect(await tabs(page)).toEqual(['flow.mmd*']), { timeout: 20_000 });
    expect(await page.evaluate(() => window.merrowApp.workspace.model('flow.mmd')!.getValue())).toBe(
      'flowchart LR\n  a --> changed\n',
    );

    // Saved on the way out: the file has the edit, then B opens.
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [b] });
    clickMenu('folder.open');
    await page.getByTestId('choice-save').click();
    await showsFolder(page, b);
    expect(await readFile(join(a, 'flow.mmd'), 'utf8')).toBe('flowchart LR\n  a --> changed\n');

    // File › Open Recent › switch-a, the menu's own list of recent folders, moves back.
    await vi.waitFor(() => expect(recentEntry(a)).toBeDefined());
    (recentEntry(a)!.click as () => void)();
    await showsFolder(page, a);
    await vi.waitFor(async () => expect(await tabs(page)).toEqual(['flow.mmd']), { timeout: 20_000 });
    await app.quit();
  });

  it('runs every native menu item and every key through the page’s command registry', async () => {
    const folder = await folderWith('menu', A);
    const app = await launch('menu', join(folder, 'flow.mmd'));
    const { page } = app;
    await showsFolder(page, folder);
    await vi.waitFor(async () => expect(await active(page)).toBe('flow.mmd'), { timeout: 20_000 });
    await page.waitForSelector('[data-testid="preview-pane"][data-status="ok"]', { timeout: 30_000 });
    await page.evaluate(() => window.merrowApp.workspace.open('docs/seq.mmd'));
    await page.evaluate(() => window.merrowApp.workspace.open('flow.mmd'));
    await page.waitForSelector('[data-testid="preview-pane"][data-status="ok"]', { timeout: 30_000 });

    const closePalette = () =>
      page.evaluate(() => (window.merrowApp as unknown as PromptsHandle).prompts.palette.set(null));
    const opensPalette = (placeholder: string) => async () => {
      await vi.waitFor(async () => expect(await palette(page)).toBe(placeholder));
      await closePalette();
    };
    const checked = (id: CommandId) => menuItem(id).checked;
    const sidebar = () =>
      page.evaluate(() =>
        document.querySelector('[data-testid="view-changes"]')?.getAttribute('aria-pressed'),
      );
    const exported = (ext: string) => async () => {
      await vi.waitFor(() => expect(existsSync(join(folder, `flow.${ext}`))).toBe(true), { timeout: 30_000 });
      await rm(join(folder, `flow.${ext}`));
    };
    let openDialogs = 0;
    let was = false;
    let round = 0;

    // What each command does, seen in the page (or, for the few that leave it, in the shell).
    const effects: Record<CommandId, { before?: () => Promise<unknown>; after: () => Promise<unknown> }> = {
      'file.newDiagram': { after: opensPalette('New diagram: choose a type') },
      'file.quickOpen': { after: opensPalette('Open a file by name') },
      'folder.open': {
        before: async () => {
          electron.dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
        },
        after: async () => {
          const times = ++openDialogs;
          await vi.waitFor(() => expect(electron.dialog.showOpenDialog).toHaveBeenCalledTimes(times));
        },
      },
      'folder.openRecent': {
        before: () => page.evaluate(() => window.merrowApp.workspace.notice.set(null)),
        after: async () =>
          vi.waitFor(async () => expect(await notice(page)).toMatch(/No other folder has been opened yet/)),
      },
      // Each run types new text (the menu's, then the key's), so the buffer is dirty again.
      'file.save': {
        before: () => edit(page, 'flow.mmd', `flowchart LR\n  a --> saved${++round}\n`),
        after: async () =>
          vi.waitFor(async () =>
            expect(await readFile(join(folder, 'flow.mmd'), 'utf8')).toBe(
              `flowchart LR\n  a --> saved${round}\n`,
            ),
          ),
      },
      'file.saveAll': {
        before: async () => {
          round++;
          await edit(page, 'docs/seq.mmd', `sequenceDiagram\n  A->>B: all${round}\n`);
          await edit(page, 'flow.mmd', `flowchart LR\n  a --> all${round}\n`);
        },
        after: async () =>
          vi.waitFor(async () => {
            expect(await readFile(join(folder, 'docs/seq.mmd'), 'utf8')).toBe(
              `sequenceDiagram\n  A->>B: all${round}\n`,
            );
            expect(await readFile(join(folder, 'flow.mmd'), 'utf8')).toBe(
              `flowchart LR\n  a --> all${round}\n`,
            );
          }),
      },
      'file.autosave': {
        before: async () => {
          was = await page.evaluate(() => window.merrowApp.workspace.autosave.get());
        },
        after: async () => {
          await vi.waitFor(async () =>
            expect(await page.evaluate(() => window.merrowApp.workspace.autosave.get())).toBe(!was),
          );
          // The menu ticks what the page reports.
          await vi.waitFor(() => expect(checked('file.autosave')).toBe(!was));
        },
      },
      'file.exportSvg': {
        before: () => page.waitForSelector('[data-testid="preview-pane"][data-status="ok"]'),
        after: exported('svg'),
      },
      'file.exportPng': { after: exported('png') },
      'file.exportPdf': { after: exported('pdf') },
      'tab.close': {
        after: async () => {
          await vi.waitFor(async () => expect(await tabs(page)).toEqual(['docs/seq.mmd']));
          await page.evaluate(() => window.merrowApp.workspace.open('flow.mmd'));
        },
      },
      'tab.next': {
        after: async () => {
          await vi.waitFor(async () => expect(await active(page)).toBe('flow.mmd'));
        },
        before: () => page.evaluate(() => window.merrowApp.workspace.open('docs/seq.mmd')),
      },
      'tab.previous': {
        before: () => page.evaluate(() => window.merrowApp.workspace.open('flow.mmd')),
        after: () => vi.waitFor(async () => expect(await active(page)).toBe('docs/seq.mmd')),
      },
      'edit.toggleComment': {
        before: async () => {
          await page.evaluate(() => window.merrowApp.workspace.open('flow.mmd'));
          await page.evaluate(() => window.merrowApp.live.editor!.setPosition({ lineNumber: 2, column: 1 }));
        },
        after: async () => {
          await vi.waitFor(async () =>
            expect(
              await page.evaluate(() => window.merrowApp.live.editor!.getModel()!.getLineContent(2)),
            ).toMatch(/^\s*%%/),
          );
          await page.evaluate(() =>
            window.merrowApp.live.editor!.trigger('test', 'editor.action.commentLine', null),
          );
        },
      },
      'workbench.palette': { after: opensPalette('Type a command') },
      'view.files': { after: () => vi.waitFor(async () => expect(await sidebar()).toBe('false')) },
      'view.sourceControl': { after: () => vi.waitFor(async () => expect(await sidebar()).toBe('true')) },
      'preview.fit': {
        before: () => page.evaluate(() => window.merrowApp.live.preview.view('zoom-in')),
        after: () =>
          vi.waitFor(async () => expect(await page.getByTestId('zoom-level').textContent()).not.toBe('125%')),
      },
      'preview.actualSize': {
        after: () =>
          vi.waitFor(async () => expect(await page.getByTestId('zoom-level').textContent()).toBe('100%')),
      },
      'theme.dark': {
        after: async () => {
          await vi.waitFor(() => expect(electron.nativeTheme.themeSource).toBe('dark'));
          await vi.waitFor(() => expect(checked('theme.dark')).toBe(true));
        },
      },
      'theme.light': {
        after: () => vi.waitFor(() => expect(electron.nativeTheme.themeSource).toBe('light')),
      },
      'theme.system': {
        after: () => vi.waitFor(() => expect(electron.nativeTheme.themeSource).toBe('system')),
      },
      'help.keyboardShortcuts': { after: opensPalette('Keyboard shortcuts') },
      'help.syntax': {
        before: async () => electron.shell.openExternal.mockClear(),
        after: () =>
          vi.waitFor(() => expect(electron.shell.openExternal).toHaveBeenCalledWith(MERMAID_SYNTAX_URL), {
            timeout: 10_000,
          }),
      },
    };

    for (const id of COMMAND_IDS) {
      const effect = effects[id];
      // From the native menu, through the template main.ts built.
      await effect.before?.();
      clickMenu(id);
      await effect.after().catch((error: Error) => {
        throw new Error(`menu ${id}: ${error.message}`);
      });
      // From its key, pressed in the page (the editor has focus for the editor's own keys).
      const keys = (COMMANDS[id] as { keys?: KeyBindings }).keys;
      if (!keys) continue;
      await effect.before?.();
      const key = playwrightKey(bindingFor(keys, 'linux', 'desktop'));
      if (id === 'edit.toggleComment') await page.evaluate(() => window.merrowApp.live.editor!.focus());
      else
        await page
          .locator('[data-testid="status-bar"]')
          .focus()
          .catch(() => page.mouse.click(5, 790));
      await page.keyboard.press(key);
      await effect.after().catch((error: Error) => {
        throw new Error(`key ${key} (${id}): ${error.message}`);
      });
    }

    // The palette shows the same keys as the menu's accelerators.
    await page.keyboard.press('Control+Shift+KeyP');
    await page.getByTestId('palette').waitFor();
    const paletteText = await page.getByTestId('palette').textContent();
    expect(paletteText).toContain('Ctrl+Shift+P');
    expect(paletteText).toContain('Ctrl+O');
    await page.screenshot({ path: join(SHOTS, 'desktop-palette-keys.png') });
    await app.quit();
  });
});
