import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { WITHOUT_BROWSER_UI_WORK } from '../../node/engine/chromium.ts';
import {
  buildRenderer,
  PROJECT_ROOT,
  RENDERER_DIR,
  rendererBuildState,
} from '../../node/serve/renderer-build.ts';

declare global {
  interface Window {
    /** The app's test handle (renderer/shell/main.tsx). */
    merrowApp: {
      workspace: import('../../renderer/workbench/workspace.ts').Workspace;
      live: import('../../renderer/workbench/live.ts').Live;
      layout: import('../../renderer/layout/layout-edits.ts').LayoutEdits;
      monaco: typeof import('monaco-editor/editor/editor.api');
    };
  }
}

/** A `merrow serve` child process and the URL it printed. */
export interface ServeProcess {
  child: ChildProcess;
  url: string;
  port: number;
}

/** The folder each running server (by port and token) has open, as its `workspace.info` names it. */
const folderIds = new Map<string, Promise<string>>();

/**
 * Calls the API of a running `merrow serve` as the app does: with the token of its URL, each call
 * naming the folder the server answered `workspace.info` with (a write must).
 */
export async function callServe(
  port: number,
  token: string,
  method: string,
  args: unknown,
): Promise<unknown> {
  const post = async (body: unknown) => {
    const response = await fetch(`http://127.0.0.1:${port}/api/call`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const reply = (await response.json()) as { ok: boolean; result?: unknown; error?: unknown };
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    return reply.result;
  };
  const server = `${port}:${token}`;
  if (!folderIds.has(server)) {
    const info = post({ method: 'workspace.info', args: {} }).then(
      (r) => (r as { folderId: string }).folderId,
    );
    folderIds.set(server, info);
    info.catch(() => folderIds.delete(server));
  }
  return post({ method, args, folder: await folderIds.get(server) });
}

/** Starts `merrow serve FOLDER --no-open` as a child process and waits for its URL. */
export function startServe(folder: string, env: NodeJS.ProcessEnv, port = 0): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'node/cli/merrow.ts'), 'serve', folder, '--no-open', '--port', String(port)],
    { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`merrow serve did not start:\n${out}${err}`)), 30_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d;
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=[\w-]+)\s/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, port: Number(m[2]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`merrow serve exited with ${code}:\n${out}${err}`)));
  });
}

/** Builds the renderer when there is no build or it is older than its sources. */
export async function ensureRendererBuilt(): Promise<void> {
  if (existsSync(join(RENDERER_DIR, 'preview.html')) && (await rendererBuildState()) === 'fresh') return;
  if (!(await buildRenderer())) throw new Error('the renderer build failed');
}

/** The browser the end-to-end tests drive (Debian's chromium unless MERROW_CHROMIUM names another). */
export const E2E_BROWSER = process.env.MERROW_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Headless Chromium with one page, sized like a laptop window, that accepts the app's dialogs
 * (the confirm on closing a dirty tab). `args` adds browser flags, `env` variables (a font
 * configuration); the caller navigates.
 */
export async function openBrowserPage(
  options: { viewport?: { width: number; height: number }; args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: E2E_BROWSER,
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      // Headless Chromium's own UI work for each new window would compete with the app for CPU.
      WITHOUT_BROWSER_UI_WORK,
      ...(options.args ?? []),
    ],
  });
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1400, height: 850 } });
  page.on('dialog', (dialog) => void dialog.accept());
  return { browser, page };
}

/** Where the end-to-end tests leave their screenshots (MERROW_SCREENSHOTS, else a temp folder). */
export const SHOTS = process.env.MERROW_SCREENSHOTS ?? join(tmpdir(), 'merrow-e2e-screenshots');

/** A temp folder served by `merrow serve` (with a state folder of its own) and a browser page. */
export interface ServedFolder {
  folder: string;
  state: string;
  server: ServeProcess;
  browser: Browser;
  page: Page;
  /** The absolute path of `path` inside the folder. */
  at(path: string): string;
  /** Closes the browser, stops the server (the one in `server` then) and removes both folders. */
  close(): Promise<void>;
}

/**
 * What most end-to-end suites start from: the renderer built, a new folder named after `name`
 * holding `files` (text or bytes; a path ending in `/` is an empty folder), `merrow serve` on it,
 * and a browser page (see openBrowserPage) that has not navigated yet.
 */
export async function serveFolder(
  name: string,
  files: Record<string, string | Uint8Array>,
  page: Parameters<typeof openBrowserPage>[0] = {},
): Promise<ServedFolder> {
  await ensureRendererBuilt();
  mkdirSync(SHOTS, { recursive: true });
  const folder = mkdtempSync(join(tmpdir(), `merrow-${name}-`));
  const state = mkdtempSync(join(tmpdir(), `merrow-${name}-state-`));
  const at = (path: string) => join(folder, path);
  for (const [path, content] of Object.entries(files)) {
    if (path.endsWith('/')) {
      mkdirSync(at(path), { recursive: true });
      continue;
    }
    mkdirSync(dirname(at(path)), { recursive: true });
    writeFileSync(at(path), content);
  }
  const server = await startServe(folder, { MERROW_STATE_DIR: state });
  const opened = await openBrowserPage(page);
  const served: ServedFolder = {
    folder,
    state,
    server,
    ...opened,
    at,
    // The server as it is then: a test that restarts it sets `server` to the new one.
    close: () => closeAll(served.browser, served.server, [folder, state]),
  };
  return served;
}

/** Tears down what a suite set up: the browser, the `merrow serve` child and its temp folders. */
export async function closeAll(
  browser: Browser | undefined,
  server: ServeProcess | undefined,
  folders: string[],
): Promise<void> {
  await browser?.close();
  server?.child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}

/** Waits until `check` holds (a file written by the app), or fails naming `what`. */
export async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Shows the Files or the Source Control view: a click on the icon of the view already shown would
 * hide the sidebar instead.
 */
export async function showView(page: Page, view: 'files' | 'changes'): Promise<void> {
  if ((await page.getAttribute(`[data-testid="view-${view}"]`, 'aria-pressed')) !== 'true')
    await page.click(`[data-testid="view-${view}"]`);
}

/** Opens a file from the Files view's tree and waits for its tab. */
export async function openFromTree(page: Page, path: string): Promise<void> {
  await showView(page, 'files');
  await page.click(`[data-testid="tree-item-${path}"]`);
  await page.waitForSelector(`[data-testid="tab-${path}"]`);
}

/** Saves the active file with Ctrl+S from the editor and waits until its tab is clean. */
export async function saveWithKeys(page: Page, path: string): Promise<void> {
  await page.click('[data-testid="editor"] .view-lines');
  await page.keyboard.press('Control+s');
  await page.waitForSelector(`[data-testid="tab-${path}"][data-dirty="false"]`);
}

/** The text in the editor (the shown file's). */
export function editorValue(page: Page): Promise<string> {
  return page.evaluate(() => window.merrowApp.live.editor?.getValue() ?? '');
}

/** Waits until the editor shows `path`. */
export async function waitUntilShown(page: Page, path: string): Promise<void> {
  await page.waitForFunction((p) => window.merrowApp.live.editor?.getModel()?.uri.path === `/${p}`, path, {
    timeout: 30_000,
  });
}

/** Types at the end of the shown file, key by key, as the user does. */
export async function typeAtEndOf(page: Page, text: string): Promise<void> {
  await page.click('[data-testid="editor"] .view-lines');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
  // A suggestion list left open would take the next Enter or click.
  await page.keyboard.press('Escape');
}

/** The items of the open command palette or shortcuts list: each label with the key shown for it. */
export function paletteItems(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid^="palette-item-"]')].map((el) => [
        el.querySelector('.palette-label')?.textContent,
        el.querySelector('kbd')?.textContent ?? '',
      ]),
    ),
  );
}
