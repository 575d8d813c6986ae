import { type CdpConnection, CdpError } from './cdp.ts';
import type { EnginePage, PdfOptions, ScreenshotOptions } from './page.ts';

interface EvaluateResult {
  result: { value?: unknown };
  exceptionDetails?: { text: string; exception?: { description?: string } };
}

/** One browser tab driven over the DevTools protocol (a flat session of the browser's connection). */
export class CdpPage implements EnginePage {
  readonly #cdp: CdpConnection;
  readonly #targetId: string;
  readonly #sessionId: string;
  readonly #crashListeners = new Set<() => void>();
  readonly #unsubscribe: (() => void)[];
  #closed = false;
  #transparent = false;

  constructor(cdp: CdpConnection, targetId: string, sessionId: string) {
    this.#cdp = cdp;
    this.#targetId = targetId;
    this.#sessionId = sessionId;
    this.#unsubscribe = [
      cdp.on('Inspector.targetCrashed', (_, session) => {
        if (session !== sessionId) return;
        cdp.failSession(sessionId, new CdpError('the page crashed'));
        for (const listener of this.#crashListeners) listener();
      }),
      cdp.on('Target.detachedFromTarget', (params) => {
        if (params.sessionId !== sessionId) return;
        this.#markClosed();
        cdp.failSession(sessionId, new CdpError('the page was closed'));
      }),
    ];
    // Only needed for the crash event; nothing waits for it.
    this.#send('Inspector.enable').catch(() => {});
  }

  /** Runs `fn(arg)` in the page; `fn` travels as source text, so it must be self-contained. */
  async evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<Awaited<R>> {
    const out = await this.#send<EvaluateResult>('Runtime.evaluate', {
      expression: `(${fn.toString()})(${JSON.stringify(arg) ?? ''})`,
      awaitPromise: true,
      returnByValue: true,
    });
    if (out.exceptionDetails) {
      const details = out.exceptionDetails;
      throw new Error(details.exception?.description ?? details.text);
    }
    return out.result.value as Awaited<R>;
  }

  /** A PNG of the clip, which may reach past the viewport; one device pixel per CSS pixel. */
  async screenshot(options: ScreenshotOptions): Promise<Uint8Array> {
    if (options.omitBackground && !this.#transparent) {
      await this.#send('Emulation.setDefaultBackgroundColorOverride', { color: { r: 0, g: 0, b: 0, a: 0 } });
      this.#transparent = true;
    } else if (!options.omitBackground && this.#transparent) {
      await this.#send('Emulation.setDefaultBackgroundColorOverride', {});
      this.#transparent = false;
    }
    const { data } = await this.#send<{ data: string }>('Page.captureScreenshot', {
      format: 'png',
      clip: { ...options.clip, scale: 1 },
      captureBeyondViewport: true,
    });
    return Buffer.from(data, 'base64');
  }

  /** A PDF of the given CSS pixel size (the protocol takes inches: 96 CSS px to the inch). */
  async pdf(options: PdfOptions): Promise<Uint8Array> {
    const inches = (px: string) => Number.parseFloat(px) / 96;
    const { data } = await this.#send<{ data: string }>('Page.printToPDF', {
      paperWidth: inches(options.width),
      paperHeight: inches(options.height),
      marginTop: 0,
      marginBottom: 0,
      marginLeft: 0,
      marginRight: 0,
      printBackground: options.printBackground,
      pageRanges: options.pageRanges,
    });
    return Buffer.from(data, 'base64');
  }

  on(event: 'crash', listener: () => void): this {
    if (event === 'crash') this.#crashListeners.add(listener);
    return this;
  }

  isClosed(): boolean {
    return this.#closed || this.#cdp.closed;
  }

  /** Closes the tab; the browser ends its renderer even when a script in it never returns. */
  async close(): Promise<void> {
    if (this.isClosed()) return;
    this.#markClosed();
    this.#cdp.failSession(this.#sessionId, new CdpError('the page was closed'));
    await this.#cdp.send('Target.closeTarget', { targetId: this.#targetId }).catch(() => {});
  }

  #markClosed(): void {
    this.#closed = true;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }

  #send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.#closed) return Promise.reject(new CdpError('the page was closed'));
    return this.#cdp.send<T>(method, params, this.#sessionId);
  }
}
