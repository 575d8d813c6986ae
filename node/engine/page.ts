/** What the engine needs of a browser and its tabs, whatever drives them (DevTools pipe, Playwright, app windows). */

export interface ScreenshotOptions {
  clip: { x: number; y: number; width: number; height: number };
  omitBackground?: boolean;
}

export interface PdfOptions {
  width: string;
  height: string;
  printBackground: boolean;
  pageRanges: string;
}

/**
 * What the engine needs of a browser tab: the part of Playwright's Page it uses, so that a
 * Playwright page (Electron), a DevTools-protocol tab (Chromium) and the app's own hidden
 * windows can all serve.
 */
export interface EnginePage {
  /** Runs `fn(arg)` in the page; `fn` is sent as source text and must be self-contained. */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<Awaited<R>>;
  screenshot(options: ScreenshotOptions): Promise<Uint8Array>;
  pdf(options: PdfOptions): Promise<Uint8Array>;
  on(event: 'crash', listener: () => void): unknown;
  isClosed(): boolean;
  close(options?: { runBeforeUnload?: boolean }): Promise<void>;
}

/** A running browser that can open pages. */
export interface RunningBrowser {
  /** A tab loading `url` (it may still be loading when this resolves). */
  newPage(url: string): Promise<EnginePage>;
  close(): Promise<void>;
}
