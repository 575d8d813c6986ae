/**
 * Test support: a stand-in for the `electron` module whose hidden BrowserWindows are real tabs of a
 * real headless Chromium, and whose `webContents.debugger` forwards every DevTools command to that
 * tab's session (and its events back), the way Electron's debugger reaches a window's renderer.
 * Only what the CLI mode of the app touches is here: app start-up, the default session, windows.
 *
 *     vi.mock('electron', () => import('../../test/support/chromium-electron.ts'));
 *     const fake = await import('../../test/support/chromium-electron.ts');
 *     ...
 *     await fake.shutdown();
 */
import { EventEmitter } from 'node:events';
import { findBrowser } from '../../node/engine/browser.ts';
import type { CdpConnection } from '../../node/engine/cdp.ts';
import { type ChromiumProcess, spawnChromium } from '../../node/engine/chromium.ts';

/** Found once, on import: the test may then hide every browser from the code under test. */
const CHROMIUM = findBrowser().path;
let chromium: Promise<ChromiumProcess> | undefined;

function browser(): Promise<ChromiumProcess> {
  chromium ??= spawnChromium(CHROMIUM, 'about:blank');
  return chromium;
}

/** Kills the Chromium behind the windows. */
export async function shutdown(): Promise<void> {
  const running = chromium;
  chromium = undefined;
  await (await running)?.close();
}

/** Electron's `webContents.debugger`: attach, sendCommand, and `message`/`detach` events. */
class Debugger extends EventEmitter {
  #session: Promise<{ cdp: CdpConnection; sessionId: string }>;
  #attached = false;
  /** Every command sent, by method name, so tests can see what the engine asked for. */
  readonly methods: string[] = [];

  constructor(session: Promise<{ cdp: CdpConnection; sessionId: string }>) {
    super();
    this.#session = session;
    session.then(({ cdp, sessionId }) => {
      cdp.on('Target.detachedFromTarget', (params) => {
        if (params.sessionId === sessionId && this.#attached) {
          this.#attached = false;
          this.emit('detach', {}, 'target closed');
        }
      });
    });
  }

  attach(version: string): void {
    if (this.#attached) throw new Error('Debugger is already attached to the target');
    if (version !== '1.3') throw new Error(`Requested protocol version is not supported: ${version}`);
    this.#attached = true;
  }

  isAttached(): boolean {
    return this.#attached;
  }

  async sendCommand(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    if (!this.#attached) throw new Error('Debugger is not attached to a target');
    this.methods.push(method);
    const { cdp, sessionId } = await this.#session;
    return cdp.send(method, params, sessionId);
  }
}

class WebContents extends EventEmitter {
  readonly debugger: Debugger;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

  constructor(session: Promise<{ cdp: CdpConnection; sessionId: string }>) {
    super();
    this.debugger = new Debugger(session);
    session.then(({ cdp, sessionId }) => {
      cdp.on('Inspector.targetCrashed', (_, from) => {
        if (from === sessionId) this.emit('render-process-gone', {}, { reason: 'crashed' });
      });
      cdp.send('Inspector.enable', {}, sessionId).catch(() => {});
    });
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

/** A hidden window: a tab of the shared Chromium, in a window of its own like the engine's tabs. */
export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  readonly options: Record<string, unknown>;
  readonly webContents: WebContents;
  #target: Promise<{ cdp: CdpConnection; sessionId: string; targetId: string }>;
  #destroyed = false;

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    BrowserWindow.created.push(this);
    this.#target = browser().then(async ({ cdp }) => {
      const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', {
        url: 'about:blank',
        newWindow: true,
      });
      const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
        targetId,
        flatten: true,
      });
      return { cdp, sessionId, targetId };
    });
    this.webContents = new WebContents(this.#target);
  }

  async loadURL(url: string): Promise<void> {
    const { cdp, sessionId } = await this.#target;
    await cdp.send('Page.navigate', { url }, sessionId);
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#target.then(({ cdp, targetId }) => cdp.send('Target.closeTarget', { targetId })).catch(() => {});
    this.emit('closed');
  }
}

class App extends EventEmitter {
  appPath = '';
  exitCode: number | undefined;
  readonly switches: [string, string | undefined][] = [];
  readonly commandLine = {
    appendSwitch: (name: string, value?: string) => this.switches.push([name, value]),
  };
  #exit: (code: number) => void = () => {};
  /** The exit code the app ended with (`app.exit`). */
  readonly exited = new Promise<number>((resolve) => {
    this.#exit = resolve;
  });
  disableHardwareAcceleration(): void {}
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getAppPath(): string {
    return this.appPath;
  }
  exit(code: number): void {
    this.exitCode = code;
    this.#exit(code);
  }
}

export const app = new App();

class Session {
  setPermissionRequestHandler(): void {}
  setPermissionCheckHandler(): void {}
  setDevicePermissionHandler(): void {}
}

export const session = { defaultSession: new Session() };

/** Imported by the shell's security module; the CLI mode opens no links. */
export const shell = {};
