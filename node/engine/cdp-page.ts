import { type CdpConnection, CdpError } from './cdp.ts';
import type { EnginePage, PdfOptions, ScreenshotOptions } from './page.ts';

interface EvaluateResult {
  result: { value?: unknown };
  exceptionDetails?: { text: string; exception?: { description?: string } };
}

/**
 * A page as the DevTools protocol reaches it: a tab of a browser driven over its pipe, or a hidden
 * window of the desktop app driven through Electron's `webContents.debugger`. Both speak the same
 * protocol to the page; they differ only in how the page is closed and how a crash is learnt.
 */
export interface DevToolsTarget {
  /** Sends a command to the page; rejects with the protocol's error, or when the page is gone. */
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Calls `listener` when the page's renderer process crashes. */
  onCrash(listener: () => void): void;
  isClosed(): boolean;
  /** Closes the page; its renderer ends even when a script in it never returns. */
  close(): Promise<void>;
}

/** An engine page driven over the DevTools protocol, whatever carries it (see DevToolsTarget). */
export class CdpPage implements EnginePage {
  readonly #target: DevToolsTarget;
  #transparent = false;

  constructor(target: DevToolsTarget) {
    this.#target = target;
  }

  /** Runs `fn(arg)` in the page; `fn` travels as source text, so it must be self-contained. */
  async evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<Awaited<R>> {
    const out = await this.#target.send<EvaluateResult>('Runtime.evaluate', {
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
      await this.#target.send('Emulation.setDefaultBackgroundColorOverride', {
        color: { r: 0, g: 0, b: 0, a: 0 },
      });
      this.#transparent = true;
    } else if (!options.omitBackground && this.#transparent) {
      await this.#target.send('Emulation.setDefaultBackgroundColorOverride', {});
      this.#transparent = false;
    }
    const { data } = await this.#target.send<{ data: string }>('Page.captureScreenshot', {
      format: 'png',
      clip: { ...options.clip, scale: 1 },
      captureBeyondViewport: true,
    });
    return Buffer.from(data, 'base64');
  }

  /** A PDF of the given CSS pixel size (the protocol takes inches: 96 CSS px to the inch). */
  async pdf(options: PdfOptions): Promise<Uint8Array> {
    const inches = (px: string) => Number.parseFloat(px) / 96;
    const { data } = await this.#target.send<{ data: string }>('Page.printToPDF', {
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
    if (event === 'crash') this.#target.onCrash(listener);
    return this;
  }

  isClosed(): boolean {
    return this.#target.isClosed();
  }

  close(): Promise<void> {
    return this.#target.close();
  }
}

/** A browser tab as a flat session (`sessionId`) of the browser's one DevTools connection. */
export function tabTarget(cdp: CdpConnection, targetId: string, sessionId: string): DevToolsTarget {
  const crashListeners = new Set<() => void>();
  let closed = false;
  const unsubscribe = [
    cdp.on('Inspector.targetCrashed', (_, session) => {
      if (session !== sessionId) return;
      cdp.failSession(sessionId, new CdpError('the page crashed'));
      for (const listener of crashListeners) listener();
    }),
    cdp.on('Target.detachedFromTarget', (params) => {
      if (params.sessionId !== sessionId) return;
      markClosed();
      cdp.failSession(sessionId, new CdpError('the page was closed'));
    }),
  ];
  const markClosed = () => {
    closed = true;
    for (const u of unsubscribe) u();
  };
  const target: DevToolsTarget = {
    send(method, params = {}) {
      if (closed) return Promise.reject(new CdpError('the page was closed'));
      return cdp.send(method, params, sessionId);
    },
    onCrash: (listener) => crashListeners.add(listener),
    isClosed: () => closed || cdp.closed,
    async close() {
      if (target.isClosed()) return;
      markClosed();
      cdp.failSession(sessionId, new CdpError('the page was closed'));
      await cdp.send('Target.closeTarget', { targetId }).catch(() => {});
    },
  };
  // Only needed for the crash event; nothing waits for it.
  target.send('Inspector.enable').catch(() => {});
  return target;
}
