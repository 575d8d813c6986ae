/**
 * A warm render engine: one browser with its pages kept ready for the next merrow process of the
 * same user, for a short idle time after the last one left. client.ts starts it as its own detached
 * process (`node daemon.ts '<options as JSON>'`); it tells its starter over the IPC channel whether
 * it serves (`ready`) or another engine of the same key already does (`exists`), then cuts that
 * channel, so the starter can exit.
 *
 * Locked down: its socket lives in the user's private folder (0700) and is itself 0600, or is a
 * named pipe of unguessable name on Windows; every connection must first present the token written
 * beside it (0600), and the engine key, which names the build it serves. It listens on no TCP
 * port of its own (the engine page's static files are served on 127.0.0.1 as for any export).
 * When idle it closes the browser, removes its files and exits; killed outright, its browser sees
 * the DevTools pipe close and quits too, and the next client takes its stale files over.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine, type EngineOptions } from '../index.ts';
import { takePidLock } from '../pid-lock.ts';
import {
  type ClientMessage,
  type EngineInfo,
  encodeRender,
  engineFiles,
  type Method,
  readMessages,
  send,
} from './protocol.ts';

export interface DaemonOptions {
  /** Names the build, browser and settings this engine serves (see client.ts). */
  key: string;
  /** The user's private folder (see privateDir). */
  dir: string;
  /** How long the engine stays up with no client connected. */
  idleMs: number;
  engine: Pick<EngineOptions, 'assetsDir' | 'browser' | 'timeoutMs'>;
}

export type DaemonStatus = 'ready' | 'exists' | 'failed';

/** A client has this long to present its token. */
const HELLO_MS = 2_000;

/** Serves the engine until it has been idle for `idleMs`; `report` tells the starter how it went. */
async function serveEngine(options: DaemonOptions, report: (status: DaemonStatus) => void) {
  const files = engineFiles(options.dir, options.key);
  if (!takePidLock(files.lock)) {
    report('exists');
    return;
  }
  const token = randomBytes(32).toString('hex');
  const socket =
    process.platform === 'win32'
      ? `\\\\.\\pipe\\merrow-engine-${randomBytes(16).toString('hex')}`
      : join(options.dir, `engine-${options.key}.sock`);
  // The browser starts now; clients' calls wait in its queue until the first page is ready.
  const engine = createEngine({ ...options.engine, jobs: availableParallelism() });
  const server = createServer();
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= shutdown(server, engine, files, token);
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void stop());

  try {
    // We hold the lock: a socket file left there belongs to an engine that is gone.
    if (process.platform !== 'win32') rmSync(socket, { force: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socket, () => resolve());
    });
    if (process.platform !== 'win32') chmodSync(socket, 0o600);
    const info: EngineInfo = { pid: process.pid, socket, token };
    const temp = `${files.info}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(info), { mode: 0o600 });
    renameSync(temp, files.info);
  } catch {
    report('failed');
    await stop();
    return;
  }

  let idle: ReturnType<typeof setTimeout> | undefined;
  let clients = 0;
  const restartIdle = () => {
    clearTimeout(idle);
    if (clients === 0) idle = setTimeout(() => void stop(), options.idleMs);
  };
  server.on('connection', (client) => {
    clients++;
    clearTimeout(idle);
    client.once('close', () => {
      clients--;
      restartIdle();
    });
    serveClient(client, options.key, token, engine, () => void stop());
  });
  restartIdle();
  report('ready');
}

function sameSecret(given: unknown, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

/** One client: its hello, then its calls, answered as they finish (in any order). */
function serveClient(client: Socket, key: string, token: string, engine: Engine, fail: () => void): void {
  client.on('error', () => {});
  let welcomed = false;
  const hello = setTimeout(() => client.destroy(), HELLO_MS);
  readMessages<ClientMessage>(client, (message) => {
    if (!welcomed) {
      clearTimeout(hello);
      if (!('hello' in message) || !sameSecret(message.hello, token) || message.key !== key) {
        client.destroy();
        return;
      }
      welcomed = true;
      send(client, { welcome: true, pid: process.pid });
      return;
    }
    if (!('id' in message)) return;
    const { id, method, args } = message;
    call(engine, method, args).then(
      (value) => {
        if (!client.destroyed) send(client, { id, ok: true, value });
      },
      (error: unknown) => {
        const { name, message: text } = error instanceof Error ? error : new Error(String(error));
        if (!client.destroyed) send(client, { id, ok: false, error: { name, message: text } });
        // A browser that cannot start or went away serves no one: the next client starts a new one.
        fail();
      },
    );
  });
}

function call(engine: Engine, method: Method, args: unknown[]): Promise<unknown> {
  const [a, b, c] = args as [never, never, never];
  switch (method) {
    case 'render':
      return engine
        .render(a, b)
        .then((result) => encodeRender(result, (b as { format?: string })?.format ?? 'svg'));
    case 'parse':
      return engine.parse(a);
    case 'toExcalidraw':
      return engine.toExcalidraw(a);
    case 'probeLayout':
      return engine.probeLayout(a);
    case 'call':
      return engine.call(a, b, c);
    default:
      return Promise.reject(new Error(`unknown engine method '${String(method)}'`));
  }
}

async function shutdown(
  server: Server,
  engine: Engine,
  files: ReturnType<typeof engineFiles>,
  token: string,
): Promise<void> {
  server.close();
  // The info file may already name a newer engine (this one was presumed dead): leave that one be.
  try {
    const info = JSON.parse(readFileSync(files.info, 'utf8')) as EngineInfo;
    if (info.token === token) {
      rmSync(files.info, { force: true });
      if (process.platform !== 'win32') rmSync(info.socket, { force: true });
    }
  } catch {
    // never written, or already gone
  }
  await engine.close().catch(() => {});
  rmSync(files.lock, { force: true });
  process.exit(0);
}

// This module is the warm engine process's entry and nothing else (other modules import only its
// types), so it serves as soon as it loads: no `import.meta.main` guard, which the Node releases
// the npm package supports before 22.18 lack (there the engine would never start).
process.umask(0o077);
const options = JSON.parse(process.argv[2] ?? '{}') as DaemonOptions;
const report = (status: DaemonStatus) => {
  process.send?.({ status }, undefined, {}, () => process.disconnect?.());
};
serveEngine(options, report).catch(() => {
  report('failed');
  process.exit(1);
});
