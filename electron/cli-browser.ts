import { BrowserWindow } from 'electron';
import { CdpPage, type DevToolsTarget } from '../node/engine/cdp-page.ts';
import type { RunningBrowser } from '../node/engine/page.ts';

/** The DevTools protocol version Electron's debugger speaks. */
const PROTOCOL = '1.3';

/**
 * A hidden window of this process as a DevTools target: `webContents.debugger` speaks the same
 * protocol the engine sends to a Chromium tab over its pipe. Commands still waiting when the
 * renderer crashes or the window goes away fail at once, so a job never waits on a dead page.
 */
function windowTarget(win: BrowserWindow): DevToolsTarget {
  const contents = win.webContents;
  const crashListeners = new Set<() => void>();
  const pending = new Set<(error: Error) => void>();
  let gone: Error | undefined;
  const fail = (error: Error) => {
    gone ??= error;
    for (const reject of pending) reject(error);
    pending.clear();
  };
  contents.on('render-process-gone', () => {
    fail(new Error('the page crashed'));
    for (const listener of crashListeners) listener();
  });
  contents.debugger.on('detach', () => fail(new Error('the page was closed')));
  win.on('closed', () => fail(new Error('the page was closed')));
  return {
    send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      if (gone || win.isDestroyed()) return Promise.reject(gone ?? new Error('the page was closed'));
      return new Promise<T>((resolve, reject) => {
        pending.add(reject);
        contents.debugger.sendCommand(method, params).then(
          (result: T) => {
            pending.delete(reject);
            resolve(result);
          },
          (error: unknown) => {
            pending.delete(reject);
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
    onCrash: (listener) => crashListeners.add(listener),
    isClosed: () => win.isDestroyed() || gone !== undefined,
    async close() {
      fail(new Error('the page was closed'));
      if (!win.isDestroyed()) win.destroy();
    },
  };
}

/**
 * The render engine's browser when the CLI runs inside the app binary: hidden windows of this very
 * process, so a user with only the app installed needs no other browser. The packaged app cannot
 * be driven from outside (its runAsNode and nodeCliInspect fuses are off), so the engine reaches
 * each window through Electron's own debugger instead of a pipe.
 */
export function inProcessBrowser(): RunningBrowser {
  const windows = new Set<BrowserWindow>();
  return {
    async newPage(url) {
      const win = new BrowserWindow({
        show: false,
        width: 1200,
        height: 800,
        useContentSize: true,
        webPreferences: {
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          backgroundThrottling: false,
          disableBlinkFeatures: 'Auxclick',
        },
      });
      windows.add(win);
      win.on('closed', () => windows.delete(win));
      // The engine page never leaves itself: no new windows, no navigation it starts on its own.
      win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
      win.webContents.on('will-navigate', (event) => event.preventDefault());
      win.webContents.debugger.attach(PROTOCOL);
      // The engine waits until the page runs its script; a failed load shows up there.
      win.loadURL(url).catch(() => {});
      return new CdpPage(windowTarget(win));
    },
    async close() {
      for (const win of windows) if (!win.isDestroyed()) win.destroy();
      windows.clear();
    },
  };
}
