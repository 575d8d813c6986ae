/**
 * A stand-in for the `electron` module whose windows are real Chromium pages: the desktop harness
 * runs the real main process (`electron/main.ts`) in Node against it, and the real renderer in the
 * page. What Electron does between the two is done here, as it would be:
 *
 * - `protocol.handle` answers the page's requests: `merrow-app://app/…` and `…://preview/…` are
 *   served at `https://app.merrow.test/…` and `https://preview.merrow.test/…` (Chromium will not
 *   load an unknown scheme), each URL and CSP translated, by the handler main.ts registered;
 * - the real preload (`electron/preload.ts`) runs in Node once per page load, its `ipcRenderer`
 *   wired to `ipcMain` with the page's window as the sender; the page reaches the bridge it
 *   exposes through one Playwright binding (as `contextBridge` would: plain data both ways, the
 *   page's listeners called back with copies);
 * - `webContents.send` reaches the preload's listeners; navigation, `beforeunload` and
 *   `window.open` raise the events main.ts listens to.
 *
 * Everything else (app, dialogs, menus, the native theme) is the recording fake of
 * `fake-electron.ts`, shared so tests drive both alike.
 */
import { EventEmitter } from 'node:events';
import type { BrowserContext, Page } from 'playwright-core';
import { contextBridge, FakeWindowState, app as fakeApp, ipcMain, protocol } from './fake-electron.ts';

export {
  app,
  contextBridge,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  resetFake,
  screen,
  session,
  shell,
} from './fake-electron.ts';

const SCHEME = 'merrow-app';
const HOSTS = { app: 'app.merrow.test', preview: 'preview.merrow.test' } as const;

/** A `merrow-app://` URL as the page loads it. */
export function pageUrl(url: string): string {
  return url
    .replaceAll(`${SCHEME}://app`, `https://${HOSTS.app}`)
    .replaceAll(`${SCHEME}://preview`, `https://${HOSTS.preview}`);
}

/** A page URL as Electron would report it (`merrow-app://…`). */
export function shellUrl(url: string): string {
  return url
    .replaceAll(`https://${HOSTS.app}`, `${SCHEME}://app`)
    .replaceAll(`https://${HOSTS.preview}`, `${SCHEME}://preview`);
}

/** What the harness gives this module before main.ts runs: the browser context windows open in. */
export const harness = {
  /** Windows whose pages are being made (their 'page' event is not a popup). */
  opening: 0,
  context: null as BrowserContext | null,
};

/** The page-side half of the bridge, run in every document before its scripts. */
function installBridge(options: { appOrigin: string; previewOrigin: string; debug: boolean }): void {
  if (window !== window.top || location.origin !== options.appOrigin) return;
  const load = crypto.randomUUID();
  if (options.debug) {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    console.log(`document ${load.slice(0, 8)} by ${nav?.type}`);
    addEventListener('pagehide', () => console.log(`pagehide ${load.slice(0, 8)}`));
  }
  const listeners = new Map<number, (payload: unknown) => void>();
  let next = 0;
  const host = (
    window as unknown as {
      __merrowPreload(...args: unknown[]): Promise<{ value?: unknown; thrown?: unknown }>;
    }
  ).__merrowPreload;
  const send = async (name: string, ...args: unknown[]) => {
    const reply = await host(load, name, args);
    if ('thrown' in reply) throw reply.thrown;
    return reply.value;
  };
  const subscribe = (name: string, args: unknown[], listener: (payload: unknown) => void) => {
    const id = ++next;
    listeners.set(id, listener);
    void send(name, ...args, id);
    return () => {
      listeners.delete(id);
      void send('unsubscribe', id);
    };
  };
  Object.assign(window, {
    __merrowDeliver: (id: number, payload: unknown) => listeners.get(id)?.(payload),
  });
  Object.defineProperty(window, 'merrow', {
    value: Object.freeze({
      previewOrigin: options.previewOrigin,
      call: (request: unknown) => send('call', request),
      on: (event: string, listener: (payload: unknown) => void) => subscribe('on', [event], listener),
      onCommand: (listener: (payload: unknown) => void) => subscribe('onCommand', [], listener),
      chooseFolder: () => send('chooseFolder'),
      recentFolders: () => send('recentFolders'),
      switchFolder: (ticket: string) => send('switchFolder', ticket),
      reportCommands: (states: unknown) => void send('reportCommands', states),
    }),
  });
}

type Bridge = Record<string, unknown> & {
  on(event: string, listener: (payload: unknown) => void): () => void;
  onCommand(listener: (payload: unknown) => void): () => void;
};

/** The preload's `ipcRenderer` for one page load: IPC to `ipcMain`, with the window as the sender. */
class PageIpcRenderer extends EventEmitter {
  readonly #contents: PageWebContents;
  constructor(contents: PageWebContents) {
    super();
    this.#contents = contents;
  }
  #event() {
    return { sender: this.#contents, senderFrame: this.#contents.mainFrame };
  }
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = ipcMain.handlers.get(channel) as ((...a: unknown[]) => unknown) | undefined;
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await handler(this.#event(), ...structuredClone(args)));
  }
  send(channel: string, ...args: unknown[]): void {
    const listener = ipcMain.listeners.get(channel) as ((...a: unknown[]) => unknown) | undefined;
    listener?.(this.#event(), ...structuredClone(args));
  }
}

/** The live binding the preload imports; a new one for each page load. */
export let ipcRenderer: PageIpcRenderer | null = null;

let preloadLoads = 0;

class PageWebContents extends EventEmitter {
  /** Electron's main frame, as `ipc.ts` checks it: the same object for every message of a load. */
  readonly mainFrame = { url: '', parent: null };
  page: Page | null = null;
  #ipc: PageIpcRenderer | null = null;
  #load = '';
  readonly #retired = new Set<string>();
  #bridge: Promise<Bridge> | null = null;
  readonly #unsubscribes = new Map<number, () => void>();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

  async attach(page: Page, preload: string): Promise<void> {
    this.page = page;
    const opts = {
      appOrigin: `https://${HOSTS.app}`,
      previewOrigin: `https://${HOSTS.preview}`,
      debug: !!process.env.MERROW_HARNESS_DEBUG,
    };
    await page.exposeBinding('__merrowPreload', (source, load: string, name: string, args: unknown[]) =>
      source.frame === page.mainFrame()
        ? this.#answer(preload, load, name, args)
        : { thrown: 'not the app frame' },
    );
    await page.addInitScript(installBridge, opts);
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
        this.mainFrame.url = shellUrl(request.url());
        if (process.env.MERROW_HARNESS_DEBUG)
          console.log('navigate', request.url(), new Error().stack?.split('\n').length);
        this.emit('did-start-navigation', {
          isMainFrame: true,
          isSameDocument: false,
          url: this.mainFrame.url,
        });
      }
    });
    page.on('dialog', (dialog) => {
      if (dialog.type() !== 'beforeunload') return void dialog.dismiss();
      // Electron asks the main process, which leaves the page (preventDefault) or stays.
      let leave = false;
      this.emit('will-prevent-unload', { preventDefault: () => (leave = true) });
      void (leave ? dialog.accept() : dialog.dismiss());
    });
  }

  async #answer(preload: string, load: string, name: string, args: unknown[]) {
    try {
      // A document that has been replaced (a late message of the page before a reload) is gone.
      if (this.#retired.has(load)) return { thrown: { code: 'unavailable', message: 'the page is gone' } };
      if (load !== this.#load) {
        // A new document: Electron runs the preload again, with fresh state.
        if (this.#load) this.#retired.add(this.#load);
        this.#load = load;
        this.#bridge = this.#runPreload(preload);
      }
      const bridge = await this.#bridge!;
      const deliver = (id: number) => (payload: unknown) =>
        void this.page
          ?.evaluate(
            ([i, p]) =>
              (window as never as { __merrowDeliver(i: number, p: unknown): void }).__merrowDeliver(i, p),
            [id, structuredClone(payload)] as const,
          )
          .catch(() => {});
      if (name === 'on') {
        const [event, id] = args as [string, number];
        this.#unsubscribes.set(id, bridge.on(event, deliver(id)));
        return { value: null };
      }
      if (name === 'onCommand') {
        const [id] = args as [number];
        this.#unsubscribes.set(id, bridge.onCommand(deliver(id)));
        return { value: null };
      }
      if (name === 'unsubscribe') {
        this.#unsubscribes.get(args[0] as number)?.();
        return { value: null };
      }
      const fn = bridge[name] as (...a: unknown[]) => unknown;
      return { value: structuredClone(await fn(...structuredClone(args))) };
    } catch (error) {
      // The bridge rejects with plain `{code, message}` objects; keep them as they are.
      return { thrown: error instanceof Error ? { message: error.message } : error };
    }
  }

  async #runPreload(preload: string): Promise<Bridge> {
    this.#ipc = new PageIpcRenderer(this);
    ipcRenderer = this.#ipc;
    const exposed = contextBridge.exposeInMainWorld as unknown as { mock: { calls: [string, Bridge][] } };
    const before = exposed.mock.calls.length;
    await import(/* @vite-ignore */ `${preload}?load=${++preloadLoads}`);
    const call = exposed.mock.calls[before];
    if (call?.[0] !== 'merrow') throw new Error('the preload exposed no merrow bridge');
    return call[1];
  }

  send(channel: string, payload: unknown): void {
    if (process.env.MERROW_HARNESS_DEBUG) console.log('send', channel, JSON.stringify(payload));
    this.#ipc?.emit(channel, {}, structuredClone(payload));
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  reload(): void {
    void this.page?.reload().catch(() => {});
  }
}

export class BrowserWindow extends FakeWindowState {
  static created: BrowserWindow[] = [];
  readonly webContents = new PageWebContents();
  readonly ready: Promise<Page>;

  constructor(options: Record<string, unknown>) {
    super(options);
    BrowserWindow.created.push(this);
    fakeApp.emit('web-contents-created', {}, this.webContents);
    const context = harness.context;
    if (!context) throw new Error('page-electron: set harness.context before a window opens');
    const preload = (options.webPreferences as { preload: string }).preload;
    harness.opening++;
    this.ready = context.newPage().then(async (page) => {
      await this.webContents.attach(page, preloadModule(preload));
      return page;
    });
  }

  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    const page = await this.ready;
    await page.goto(pageUrl(url), { waitUntil: 'commit' });
    this.emit('ready-to-show');
  }
  /** Closes the window as the user would: its page first, then 'closed'. */
  async close(): Promise<void> {
    this.emit('close');
    this.destroyed = true;
    await (await this.ready).close();
    this.emit('closed');
  }
}

/** The preload main.ts names is the built bundle; the harness runs its source instead. */
function preloadModule(built: string): string {
  if (!/preload\.c?js$/.test(built)) throw new Error(`unexpected preload ${built}`);
  return new URL('../../electron/preload.ts', import.meta.url).href;
}

/**
 * Serves the page's requests through the handler main.ts registered with `protocol.handle`, and
 * hands links the page opens in a new window to the window-open handler. Call once per context.
 */
export async function routeContext(context: BrowserContext): Promise<void> {
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    const { host } = new URL(url);
    if (host !== HOSTS.app && host !== HOSTS.preview) return route.abort();
    const handler = protocol.handlers.get(SCHEME);
    if (!handler) return route.abort();
    const response = await handler(new Request(shellUrl(url), { method: route.request().method() }));
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = pageUrl(value);
    });
    let body = Buffer.from(await response.arrayBuffer());
    // The page names the scheme's origins too (its CSP meta tag).
    if (headers['content-type']?.startsWith('text/html')) body = Buffer.from(pageUrl(body.toString('utf8')));
    await route.fulfill({ status: response.status, headers, body });
  });
  context.on('page', (page) => {
    // A window the app page opened (a link): Electron asks the window-open handler instead.
    if (harness.opening > 0) {
      harness.opening--;
      return;
    }
    page.once('request', (request) => {
      for (const win of BrowserWindow.created) win.webContents.windowOpenHandler?.({ url: request.url() });
      void page.close();
    });
  });
}

/** A fresh registry of windows for the next launch (the fake app and registries: `resetFake`). */
export function resetWindows(): void {
  BrowserWindow.created = [];
  harness.opening = 0;
  ipcRenderer = null;
}
