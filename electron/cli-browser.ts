import { BrowserWindow } from 'electron';

/**
 * The render engine's pages when the CLI runs inside the app binary: hidden windows of this very
 * process, because the packaged app cannot be driven from outside (the runAsNode and
 * nodeCliInspect fuses are off, which Playwright's Electron launcher needs). Implements the part
 * of Playwright's Page that node/engine uses: goto, evaluate, waitForFunction, viewport size,
 * screenshot, pdf, crash and close.
 */
export class WindowPage {
  readonly #win: BrowserWindow;
  readonly #crashListeners = new Set<() => void>();
  #closed = false;

  constructor() {
    this.#win = new BrowserWindow({
      show: false,
      width: 1200,
      height: 800,
      useContentSize: true,
      // Transparent, so a PNG without a background keeps its alpha channel.
      backgroundColor: '#00000000',
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        backgroundThrottling: false,
        offscreen: true,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    // The engine page never leaves itself: no new windows, no navigation it starts on its own.
    this.#win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    this.#win.webContents.on('will-navigate', (event) => event.preventDefault());
    this.#win.webContents.on('render-process-gone', () => {
      for (const listener of this.#crashListeners) listener();
    });
    this.#win.on('closed', () => {
      this.#closed = true;
    });
  }

  async goto(url: string): Promise<void> {
    await this.#win.loadURL(url);
  }

  /** Runs `fn(arg)` in the page; like Playwright, `fn` is sent as source text and must be self-contained. */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>> {
    return this.#win.webContents.executeJavaScript(`(${fn.toString()})(${JSON.stringify(arg) ?? ''})`, true);
  }

  async waitForFunction(
    fn: () => unknown,
    _arg?: unknown,
    options: { polling?: number; timeout?: number } = {},
  ): Promise<void> {
    const deadline = Date.now() + (options.timeout ?? 30_000);
    while (!(await this.evaluate(fn))) {
      if (Date.now() > deadline) throw new Error('the render page did not start');
      await new Promise((resolve) => setTimeout(resolve, options.polling ?? 20));
    }
  }

  viewportSize(): { width: number; height: number } {
    const [width = 0, height = 0] = this.#win.getContentSize();
    return { width, height };
  }

  async setViewportSize(size: { width: number; height: number }): Promise<void> {
    this.#win.setContentSize(Math.ceil(size.width), Math.ceil(size.height));
  }

  async screenshot(options: {
    clip: { x: number; y: number; width: number; height: number };
  }): Promise<Buffer> {
    const { x, y, width, height } = options.clip;
    const image = await this.#win.webContents.capturePage({
      x: Math.floor(x),
      y: Math.floor(y),
      width: Math.ceil(width),
      height: Math.ceil(height),
    });
    return image.toPNG();
  }

  /** A one-page PDF of the given CSS pixel size (Chromium takes inches: 96 CSS px to the inch). */
  pdf(options: {
    width: string;
    height: string;
    printBackground: boolean;
    pageRanges: string;
  }): Promise<Buffer> {
    const inches = (px: string) => Number.parseFloat(px) / 96;
    return this.#win.webContents.printToPDF({
      pageSize: { width: inches(options.width), height: inches(options.height) },
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      printBackground: options.printBackground,
      pageRanges: options.pageRanges,
    });
  }

  on(event: 'crash', listener: () => void): this {
    if (event === 'crash') this.#crashListeners.add(listener);
    return this;
  }

  isClosed(): boolean {
    return this.#closed || this.#win.isDestroyed();
  }

  async close(_options?: { runBeforeUnload?: boolean }): Promise<void> {
    if (!this.#win.isDestroyed()) this.#win.destroy();
    this.#closed = true;
  }
}

/** A "browser" for the render engine made of hidden windows of this process. */
export function inProcessBrowser(): { newPage(): Promise<WindowPage>; close(): Promise<void> } {
  const pages = new Set<WindowPage>();
  return {
    async newPage() {
      const page = new WindowPage();
      pages.add(page);
      return page;
    },
    async close() {
      await Promise.all([...pages].map((page) => page.close()));
      pages.clear();
    },
  };
}
