/**
 * `openEngine`: an Engine served by a warm engine of the same user when that pays off, so that a
 * merrow run right after another (a pre-commit hook's check, then its export) finds the browser
 * and its pages ready instead of starting them again.
 *
 *     const engine = openEngine({ jobs, timeoutMs, expectedDiagrams: files.length });
 *     // used exactly like createEngine's
 *
 * The first run starts the warm engine (daemon.ts) as a process of its own and renders through it;
 * it stays up for MERROW_ENGINE_IDLE seconds (default 60) after its last client left. Nothing is
 * shared between builds: the engine key names the engine page's build, the engine's own code, the
 * browser and the settings, so a stale engine of another build is never asked. Whenever anything is
 * off — no private folder, an engine that will not start, answer or stay connected — the run
 * renders in-process as createEngine would, the calls in flight included.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineAssetsDir } from '../assets.ts';
import { findBrowser } from '../browser.ts';
import { DEFAULT_TIMEOUT_MS, type Engine, type EngineOptions, providedBrowser } from '../options.ts';
import { processAlive } from '../pid-lock.ts';
import type { DaemonOptions, DaemonStatus } from './daemon.ts';
import { privateDir } from './private-dir.ts';
import {
  decodeRender,
  type EngineInfo,
  type EngineMessage,
  engineFiles,
  type Method,
  PROTOCOL,
  readMessages,
  send,
} from './protocol.ts';

/** How long the warm engine stays up after its last client, unless MERROW_ENGINE_IDLE says otherwise. */
const DEFAULT_IDLE_S = 60;
/**
 * Larger batches render in-process: a browser started for them alone runs V8 in its efficiency mode
 * (FOR_THROUGHPUT), worth more to a batch of this size than the second or two a warm start saves.
 */
const WARM_MAX_DIAGRAMS = 32;
/** How long a starting engine may take to listen, and a client to be welcomed. */
const START_MS = 10_000;
const WELCOME_MS = 2_000;
/** How long to wait for an engine another run is starting, before rendering in-process. */
const EXISTS_MS = 5_000;

const HERE = dirname(fileURLToPath(import.meta.url));
/**
 * The warm engine's entry point, run as a script of its own. Written as a URL of this module so that
 * the npm package's bundler makes it an entry of the bundle too (build/cli-bundle.ts).
 */
const DAEMON = fileURLToPath(new URL('./daemon.ts', import.meta.url));

/**
 * How long a warm engine stays up (ms), or 0 for none: MERROW_ENGINE_IDLE in seconds; by default
 * 60 s, and none in CI (CI is set), where each job ends with its processes.
 */
export function warmIdleMs(env: NodeJS.ProcessEnv = process.env): number {
  const setting = env.MERROW_ENGINE_IDLE?.trim();
  if (setting) {
    const seconds = Number(setting);
    return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : 0;
  }
  return env.CI && env.CI !== 'false' ? 0 : DEFAULT_IDLE_S * 1000;
}

/** createEngine's options; `warm: false` asks for an in-process engine (e.g. for --watch). */
export interface OpenEngineOptions extends EngineOptions {
  warm?: boolean;
}

/** An Engine for a merrow command: warm when it pays off and is possible, else in-process. */
export function openEngine(options: OpenEngineOptions = {}): Engine {
  const idleMs = warmIdleMs();
  const useWarm =
    options.warm !== false &&
    idleMs > 0 &&
    // The app renders in its own windows; Electron cannot start a plain Node daemon anyway.
    !providedBrowser() &&
    !process.versions.electron &&
    (options.expectedDiagrams ?? 0) <= WARM_MAX_DIAGRAMS;
  return useWarm ? new WarmEngine(options, idleMs) : engineOfThisProcess(options);
}

/**
 * Starts the warm engine `openEngine(options)` would use, and leaves it warming up for the run that
 * follows (a pre-commit hook's export after its check): that run then finds the browser started or
 * ready. Does nothing where no warm engine would be used (CI, MERROW_ENGINE_IDLE=0, a provided
 * browser); never fails.
 */
export async function prepareWarmEngine(options: EngineOptions = {}): Promise<void> {
  const idleMs = warmIdleMs();
  if (idleMs === 0 || providedBrowser() || process.versions.electron) return;
  const dir = privateDir();
  if (!dir) return;
  let identity: ReturnType<typeof engineKey>;
  try {
    identity = engineKey(options);
  } catch {
    return;
  }
  const { info, lock } = engineFiles(dir, identity.key);
  if (lockHeld(lock)) return;
  const running = await tryConnect(info, identity.key);
  if (running) return running.close();
  // Not waited for: the engine loads and starts its browser while this run goes on, and the run
  // after it waits for the engine to listen (its lock says it is starting).
  spawnDaemon({ key: identity.key, dir, idleMs, engine: identity.engine }, false)?.unref();
}

/** Whether a live process holds the engine's lock: it runs, or is starting and listens shortly. */
function lockHeld(lock: string): boolean {
  try {
    const owner = Number(readFileSync(lock, 'utf8').trim());
    return owner > 0 && processAlive(owner);
  } catch {
    return false;
  }
}

/**
 * An engine of this process. Its code (browser launch, page pool, asset server) is loaded only
 * here, so a run that a warm engine serves never pays for loading it.
 */
function engineOfThisProcess(options: EngineOptions): Engine {
  const engine = import('../index.ts').then(({ createEngine }) => createEngine(options));
  const later =
    <K extends Exclude<keyof Engine, 'close'>>(method: K) =>
    (...args: Parameters<Engine[K]>) =>
      engine.then((e) => (e[method] as (...a: Parameters<Engine[K]>) => ReturnType<Engine[K]>)(...args));
  return {
    render: later('render'),
    parse: later('parse'),
    call: later('call'),
    toExcalidraw: later('toExcalidraw'),
    probeLayout: later('probeLayout'),
    close: () => engine.then((e) => e.close()),
  } as Engine;
}

/**
 * What a warm engine must match to be used: the protocol, the engine page's build, the engine's
 * own code (the files of node/engine, by size and time, or the chunks of the npm package's bundle,
 * so a rebuilt or upgraded Merrow never talks to an engine of the previous one), the browser and
 * the per-diagram timeout.
 */
function engineKey(options: EngineOptions): { key: string; engine: DaemonOptions['engine'] } {
  const assetsDir = engineAssetsDir(options.assetsDir);
  const page = readFileSync(join(assetsDir, 'engine.html'));
  const browser = findBrowser({ browser: options.browser }).path;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const code = [dirname(HERE), HERE].flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => /\.(ts|js|mjs|cjs)$/.test(name) && !name.includes('.test.'))
      .map((name) => {
        const stat = statSync(join(dir, name));
        return `${name}:${stat.size}:${stat.mtimeMs}`;
      }),
  );
  const key = createHash('sha256')
    .update(
      JSON.stringify([
        PROTOCOL,
        createHash('sha256').update(page).digest('hex'),
        assetsDir,
        browser,
        timeoutMs,
        code,
      ]),
    )
    .digest('hex')
    .slice(0, 16);
  return { key, engine: { assetsDir, browser, timeoutMs } };
}

/** A failure of the warm engine itself (not of a diagram): the call is made in-process instead. */
class WarmEngineLost extends Error {}

/** One client connection to a warm engine. */
class Connection {
  readonly #socket: Socket;
  readonly #pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  #nextId = 1;
  #lost: Error | undefined;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('close', () => this.#lose(new WarmEngineLost('the warm engine went away')));
    readMessages<EngineMessage>(socket, (message) => {
      if (!('id' in message)) return;
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new WarmEngineLost(`${message.error.name}: ${message.error.message}`));
    });
  }

  call(method: Method, args: unknown[]): Promise<unknown> {
    if (this.#lost) return Promise.reject(this.#lost);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      send(this.#socket, { id, method, args });
    });
  }

  close(): void {
    this.#socket.end();
  }

  #lose(error: Error): void {
    this.#lost ??= error;
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }
}

/** Connects to the engine described in the private folder and presents the token; undefined if it does not answer. */
function tryConnect(infoFile: string, key: string): Promise<Connection | undefined> {
  let info: EngineInfo;
  try {
    info = JSON.parse(readFileSync(infoFile, 'utf8')) as EngineInfo;
  } catch {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const socket = connect(info.socket);
    const give = (connection: Connection | undefined) => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.on('error', () => {});
      if (!connection) socket.destroy();
      resolve(connection);
    };
    const timer = setTimeout(() => give(undefined), WELCOME_MS);
    socket.once('error', () => give(undefined));
    socket.once('close', () => give(undefined));
    socket.once('connect', () => send(socket, { hello: info.token, key }));
    // The first line is the welcome; the connection then belongs to a Connection.
    socket.setEncoding('utf8');
    let first = '';
    const onData = (chunk: string) => {
      first += chunk;
      const end = first.indexOf('\n');
      if (end === -1) return;
      socket.off('data', onData);
      socket.removeAllListeners('close');
      let welcome: EngineMessage | undefined;
      try {
        welcome = JSON.parse(first.slice(0, end)) as EngineMessage;
      } catch {}
      if (!welcome || !('welcome' in welcome)) return give(undefined);
      const connection = new Connection(socket);
      // Anything sent right after the welcome was already read: hand it on.
      const rest = first.slice(end + 1);
      if (rest) socket.emit('data', rest);
      give(connection);
    };
    socket.on('data', onData);
  });
}

/**
 * Spawns a warm engine as a detached process; `report` keeps a channel open to hear how its start
 * went. Undefined when it cannot be spawned.
 */
function spawnDaemon(options: DaemonOptions, report: boolean): ChildProcess | undefined {
  try {
    return spawn(process.execPath, [DAEMON, JSON.stringify(options)], {
      detached: true,
      // No stdio at all: a pre-commit hook's caller waits for every holder of its pipes to close.
      stdio: ['ignore', 'ignore', 'ignore', ...(report ? (['ipc'] as const) : [])],
      cwd: options.dir,
      windowsHide: true,
    });
  } catch {
    return undefined;
  }
}

/** Starts a warm engine as a detached process and learns whether it serves, or another one already does. */
function startDaemon(options: DaemonOptions): Promise<DaemonStatus> {
  const child = spawnDaemon(options, true);
  if (!child) return Promise.resolve('failed');
  return new Promise((resolve) => {
    const done = (status: DaemonStatus) => {
      clearTimeout(timer);
      child.removeAllListeners();
      child.on('error', () => {});
      if (status === 'failed' && child.exitCode === null) child.kill();
      if (child.connected) child.disconnect();
      child.unref();
      resolve(status);
    };
    const timer = setTimeout(() => done('failed'), START_MS);
    child.once('message', (message: { status?: DaemonStatus }) => done(message.status ?? 'failed'));
    child.once('exit', () => done('failed'));
    child.once('error', () => done('failed'));
  });
}

/** The warm engine of these options, started when none runs; undefined when none can be had. */
async function connectWarm(options: EngineOptions, idleMs: number): Promise<Connection | undefined> {
  const dir = privateDir();
  if (!dir) return undefined;
  let identity: ReturnType<typeof engineKey>;
  try {
    identity = engineKey(options);
  } catch {
    // No built page or no browser: the in-process engine says so in its own words.
    return undefined;
  }
  const { info, lock } = engineFiles(dir, identity.key);
  const running = await tryConnect(info, identity.key);
  if (running) return running;
  // One is starting (a check's --prepare-export, another run): wait for it rather than start one.
  if (!lockHeld(lock)) {
    const status = await startDaemon({ key: identity.key, dir, idleMs, engine: identity.engine });
    if (status === 'failed') return undefined;
  }
  // `exists`: another run is starting the same engine right now; it listens within moments.
  const deadline = Date.now() + EXISTS_MS;
  for (;;) {
    const connection = await tryConnect(info, identity.key);
    if (connection || Date.now() > deadline) return connection;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** An Engine whose calls go to a warm engine, and in-process from the first sign of trouble. */
class WarmEngine implements Engine {
  readonly #options: EngineOptions;
  readonly #connection: Promise<Connection | undefined>;
  #local: Engine | undefined;
  #lost = false;
  /** Calls in flight, at most `jobs` at once as with an engine of this process. */
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #jobs: number;

  constructor(options: EngineOptions, idleMs: number) {
    this.#options = options;
    this.#jobs = Math.max(1, options.jobs ?? availableParallelism());
    this.#connection = connectWarm(options, idleMs).catch(() => undefined);
  }

  render: Engine['render'] = (req, out = {}) =>
    this.#call('render', [req, out], decodeRender, (local) => local.render(req, out));

  parse: Engine['parse'] = (req) =>
    this.#call(
      'parse',
      [req],
      (v) => v as Awaited<ReturnType<Engine['parse']>>,
      (local) => local.parse(req),
    );

  call: Engine['call'] = (method, arg, cost) =>
    this.#call(
      'call',
      [method, arg, cost],
      (v) => v,
      (local) => local.call(method, arg, cost),
    );

  toExcalidraw: Engine['toExcalidraw'] = (req) =>
    this.#call(
      'toExcalidraw',
      [req],
      (v) => v as Awaited<ReturnType<Engine['toExcalidraw']>>,
      (local) => local.toExcalidraw(req),
    );

  probeLayout: Engine['probeLayout'] = (req) =>
    this.#call(
      'probeLayout',
      [req],
      (v) => v as Awaited<ReturnType<Engine['probeLayout']>>,
      (local) => local.probeLayout(req),
    );

  async close(): Promise<void> {
    (await this.#connection)?.close();
    await this.#local?.close();
  }

  async #call<T>(
    method: Method,
    args: unknown[],
    decode: (value: unknown) => T,
    inProcess: (engine: Engine) => Promise<T>,
  ): Promise<T> {
    const connection = await this.#connection;
    if (connection && !this.#lost) {
      await this.#slot();
      try {
        return decode(await connection.call(method, args));
      } catch (error) {
        if (!(error instanceof WarmEngineLost)) throw error;
        this.#lost = true;
      } finally {
        this.#release();
      }
    }
    this.#local ??= engineOfThisProcess(this.#options);
    return inProcess(this.#local);
  }

  async #slot(): Promise<void> {
    if (this.#running < this.#jobs) {
      this.#running++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
  }
}
