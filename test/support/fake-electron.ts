/**
 * A stand-in for the `electron` module in unit tests (the binary cannot run in CI): the APIs
 * the shell uses, recording what was called so tests can check it. Tests install it with
 * `vi.mock('electron', () => import('../test/support/fake-electron.ts'))` and call `resetFake()` between cases.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Handler = (...args: never[]) => unknown;

export class FakeFrame {
  url: string;
  parent: FakeFrame | null;
  constructor(url: string, parent: FakeFrame | null = null) {
    this.url = url;
    this.parent = parent;
  }
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  mainFrame = new FakeFrame('merrow-app://app/index.html');
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  url = '';
  /** What `executeJavaScript` answers for a script; tests replace it. */
  evaluateScript: (code: string) => unknown = () => undefined;
  readonly scripts: string[] = [];
  executeJavaScript(code: string): Promise<unknown> {
    this.scripts.push(code);
    return Promise.resolve(this.evaluateScript(code));
  }
  async capturePage(rect: Record<string, number>) {
    return { toPNG: () => Buffer.from(JSON.stringify(rect)) };
  }
  async printToPDF(options: unknown): Promise<Buffer> {
    return Buffer.from(JSON.stringify(options));
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  /** Emits an Electron-style event and tells whether a listener called preventDefault(). */
  fire(name: string, extra: Record<string, unknown> = {}, ...args: unknown[]): boolean {
    let prevented = false;
    const event = { ...extra, preventDefault: () => (prevented = true) };
    this.emit(name, event, ...args);
    return prevented;
  }
}

/** What every fake window records: its options, state, focus and the file it represents. */
export class FakeWindowState extends EventEmitter {
  readonly options: Record<string, unknown>;
  loadedUrl: string | null = null;
  maximized = false;
  minimized = false;
  destroyed = false;
  focused = 0;
  representedFilename = '';
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {}
  focus(): void {
    this.focused++;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds() {
    const { x = 0, y = 0, width = 0, height = 0 } = this.options as Record<string, number>;
    return { x, y, width, height };
  }
  setRepresentedFilename(name: string): void {
    this.representedFilename = name;
  }
}

export class BrowserWindow extends FakeWindowState {
  static created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  constructor(options: Record<string, unknown>) {
    super(options);
    BrowserWindow.created.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.url = url;
    return Promise.resolve();
  }
  getContentSize(): number[] {
    return [this.options.width as number, this.options.height as number];
  }
  setContentSize(width: number, height: number): void {
    Object.assign(this.options, { width, height });
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  singleInstance = true;
  appPath = '';
  userData = '';
  readonly recentDocuments: string[] = [];
  readonly switches: [string, string | undefined][] = [];
  readyResolve: () => void = () => {};
  readonly ready = new Promise<void>((resolve) => {
    this.readyResolve = resolve;
  });
  readonly commandLine = {
    appendSwitch: (name: string, value?: string) => this.switches.push([name, value]),
  };
  dock = { hide: vi.fn() };
  quit = vi.fn();
  exit = vi.fn();
  disableHardwareAcceleration = vi.fn();
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  whenReady(): Promise<void> {
    return this.ready;
  }
  getAppPath(): string {
    return this.appPath;
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`fake app.getPath(${name})`);
    return this.userData;
  }
  addRecentDocument(path: string): void {
    this.recentDocuments.push(path);
  }
}

export let app = new FakeApp();

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  listeners: new Map<string, Handler>(),
  handle(channel: string, handler: Handler) {
    this.handlers.set(channel, handler);
  },
  on(channel: string, listener: Handler) {
    this.listeners.set(channel, listener);
  },
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    this.handlers.set(scheme, handler);
  },
};

export const shell = { openExternal: vi.fn(async () => {}), trashItem: vi.fn(async () => {}) };

export const dialog = {
  showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] as string[] })),
  showMessageBoxSync: vi.fn(() => 1),
  showErrorBox: vi.fn(),
};

export const Menu = {
  current: null as unknown,
  buildFromTemplate: (template: unknown) => template,
  setApplicationMenu(menu: unknown) {
    this.current = menu;
  },
};

export const nativeTheme = { themeSource: 'system', shouldUseDarkColors: false };

export const screen = {
  getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
};

class FakeSession {
  permissionRequest: Handler | null = null;
  permissionCheck: Handler | null = null;
  devicePermission: Handler | null = null;
  setPermissionRequestHandler(handler: Handler) {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: Handler) {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: Handler) {
    this.devicePermission = handler;
  }
}

export const session = { defaultSession: new FakeSession() };

export const contextBridge = { exposeInMainWorld: vi.fn() };

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => undefined),
  send: vi.fn(),
});

/** A fresh app, windows and registries for the next test. */
export function resetFake(): void {
  app = new FakeApp();
  BrowserWindow.created = [];
  ipcMain.handlers.clear();
  ipcMain.listeners.clear();
  protocol.privileged = [];
  protocol.handlers.clear();
  Menu.current = null;
  nativeTheme.themeSource = 'system';
  session.defaultSession = new FakeSession();
  vi.clearAllMocks();
}
