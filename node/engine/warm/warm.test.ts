import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readSourceFromSvg } from '../../../shared/mermaid/embed.ts';
import { descendants, running, until } from '../../../test/support/processes.ts';
import { runCli } from '../../../test/support/run-cli.ts';
import { engineAssets } from '../../../test/support/test-assets.ts';
import { processAlive } from '../pid-lock.ts';
import { warmIdleMs } from './client.ts';
import { privateDir } from './private-dir.ts';
import type { EngineInfo } from './protocol.ts';

const linux = process.platform === 'linux';
let assets: string;
let work: string;
let runtime: string;

const FLOW = 'flowchart LR\n  a[Alpha] --> b[Beta]\n';
const SEQ = 'sequenceDiagram\n  A->>B: hi\n';

beforeAll(async () => {
  assets = await engineAssets();
  work = mkdtempSync(join(tmpdir(), 'merrow-warm-'));
  writeFileSync(join(work, 'flow.mmd'), FLOW);
  writeFileSync(join(work, 'seq.mmd'), SEQ);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Each test gets a runtime folder of its own, so its engines are its own. */
let runtimes: string[] = [];
function freshRuntime(): string {
  const dir = mkdtempSync(join(work, 'run-'));
  chmodSync(dir, 0o700);
  runtimes.push(dir);
  return dir;
}

afterEach(async () => {
  // No engine outlives its test.
  for (const dir of runtimes) {
    for (const { pid } of engines(dir)) {
      if (pid <= 1 || pid === process.pid) continue;
      try {
        process.kill(pid, 'SIGTERM');
      } catch {}
      await until(() => !processAlive(pid), 15_000);
    }
  }
  runtimes = [];
});

function merrow(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(work, args, {
    MERROW_ENGINE_ASSETS: assets,
    XDG_RUNTIME_DIR: runtime,
    MERROW_ENGINE_IDLE: '30',
    ...env,
  });
}

/** The warm engines whose files are in a runtime folder. */
function engines(dir: string): (EngineInfo & { key: string })[] {
  const folder = join(dir, 'merrow');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => /^engine-\w+\.json$/.test(name))
    .map((name) => ({
      ...(JSON.parse(readFileSync(join(folder, name), 'utf8')) as EngineInfo),
      key: name.slice('engine-'.length, -'.json'.length),
    }));
}

const read = (name: string) => readFileSync(join(work, name), 'utf8');

describe.skipIf(process.platform === 'win32')('the warm engine', () => {
  it('serves the next runs, export and check, from one engine, with the SVG of an in-process export', async () => {
    runtime = freshRuntime();
    const first = await merrow(['export', 'flow.mmd', '-o', 'warm-1.svg']);
    expect(first.stderr).toContain('flow.mmd -> warm-1.svg');
    expect(first.code).toBe(0);
    const [engine] = engines(runtime);
    expect(engine).toBeDefined();
    expect(processAlive(engine!.pid)).toBe(true);

    expect((await merrow(['export', 'flow.mmd', '-o', 'warm-2.svg'])).code).toBe(0);
    expect((await merrow(['check', 'flow.mmd', 'seq.mmd'])).stderr).toBe('2 diagrams OK\n');
    expect(engines(runtime)).toEqual([engine]);

    const cold = await merrow(['export', 'flow.mmd', '-o', 'cold.svg'], { MERROW_ENGINE_IDLE: '0' });
    expect(cold.code).toBe(0);
    expect(read('warm-1.svg')).toBe(read('cold.svg'));
    expect(read('warm-2.svg')).toBe(read('cold.svg'));
    expect(readSourceFromSvg(read('warm-2.svg'))).toBe(FLOW);
  });

  it('is started by check --prepare-export without waiting, and the export after it uses that engine', async () => {
    runtime = freshRuntime();
    const check = await merrow(['check', '--prepare-export', 'flow.mmd']);
    expect(check.stderr).toBe('1 diagram OK\n');
    expect(check.code).toBe(0);
    // The engine is starting in a process of its own (its lock names it), and the export uses it.
    const folder = join(runtime, 'merrow');
    const lock = () => (existsSync(folder) ? readdirSync(folder).filter((n) => n.endsWith('.lock')) : []);
    await until(() => lock().length === 1, 15_000);
    const prepared = Number(readFileSync(join(folder, lock()[0]!), 'utf8'));
    expect((await merrow(['export', 'flow.mmd', '-o', 'prepared.svg'])).code).toBe(0);
    expect(engines(runtime).map((e) => e.pid)).toEqual([prepared]);
    expect(readSourceFromSvg(read('prepared.svg'))).toBe(FLOW);
    // Nothing is started where no warm engine would be used.
    const ci = freshRuntime();
    const inCi = await merrow(['check', '--prepare-export', 'flow.mmd'], {
      XDG_RUNTIME_DIR: ci,
      CI: 'true',
      MERROW_ENGINE_IDLE: '',
    });
    expect(inCi.code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(existsSync(join(ci, 'merrow')) ? readdirSync(join(ci, 'merrow')) : []).toEqual([]);
  });

  it('keeps to this user: a 0700 folder, 0600 socket and token, and no call without the token', async () => {
    runtime = freshRuntime();
    expect((await merrow(['export', 'flow.mmd', '-o', 'perm.svg'])).code).toBe(0);
    const folder = join(runtime, 'merrow');
    const [engine] = engines(runtime);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(engine!.socket).mode & 0o777).toBe(0o600);
    for (const name of readdirSync(folder).filter((n) => !n.endsWith('.sock')))
      expect(statSync(join(folder, name)).mode & 0o777, name).toBe(0o600);

    // A wrong token, or a call before any hello, gets the connection closed without an answer.
    for (const first of [
      { hello: 'f'.repeat(64), key: engine!.key },
      { hello: engine!.token, key: 'another-build' },
      { id: 1, method: 'parse', args: [{ text: FLOW }] },
    ]) {
      const socket = connect(engine!.socket);
      let answer = '';
      socket.on('data', (d) => {
        answer += d;
      });
      socket.write(`${JSON.stringify(first)}\n`);
      await new Promise((resolve) => socket.on('close', resolve));
      expect(answer).toBe('');
    }
  });

  it('two exports at once, of the same file or of different files, start one engine and write whole files', async () => {
    runtime = freshRuntime();
    const same = await Promise.all([
      merrow(['export', 'flow.mmd', '-o', 'same.svg']),
      merrow(['export', 'flow.mmd', '-o', 'same.svg']),
    ]);
    expect(same.map((r) => r.code)).toEqual([0, 0]);
    expect(engines(runtime)).toHaveLength(1);
    expect(readSourceFromSvg(read('same.svg'))).toBe(FLOW);

    const different = await Promise.all([merrow(['export', 'flow.mmd']), merrow(['export', 'seq.mmd'])]);
    expect(different.map((r) => r.code)).toEqual([0, 0]);
    expect(engines(runtime)).toHaveLength(1);
    expect(readSourceFromSvg(read('flow.svg'))).toBe(FLOW);
    expect(readSourceFromSvg(read('seq.svg'))).toBe(SEQ);
    expect(read('seq.svg')).toContain('hi');
    expect(readdirSync(work).filter((name) => name.includes('merrow-tmp'))).toEqual([]);
  });

  it('is never asked by a run of another build of the engine page', async () => {
    runtime = freshRuntime();
    expect((await merrow(['export', 'flow.mmd', '-o', 'build-a.svg'])).code).toBe(0);
    // The same files but a changed engine page: another build.
    const other = join(work, 'other-build');
    mkdirSync(other);
    for (const name of readdirSync(assets)) {
      if (name === 'engine.html') continue;
      symlinkSync(join(assets, name), join(other, name));
    }
    writeFileSync(
      join(other, 'engine.html'),
      `${readFileSync(join(assets, 'engine.html'), 'utf8')}<!-- another build -->\n`,
    );
    expect(
      (await merrow(['export', 'flow.mmd', '-o', 'build-b.svg'], { MERROW_ENGINE_ASSETS: other })).code,
    ).toBe(0);
    const both = engines(runtime);
    expect(both).toHaveLength(2);
    expect(new Set(both.map((e) => e.pid)).size).toBe(2);
    expect(read('build-b.svg')).toBe(read('build-a.svg'));
  });

  it.runIf(linux)('goes away after its idle time with its browser, leaving no files', async () => {
    runtime = freshRuntime();
    expect((await merrow(['export', 'flow.mmd', '-o', 'idle.svg'], { MERROW_ENGINE_IDLE: '1' })).code).toBe(
      0,
    );
    const [engine] = engines(runtime);
    const tree = descendants(engine!.pid);
    expect(tree.length).toBeGreaterThan(0);
    expect(await until(() => !running(engine!.pid), 20_000)).toBe(true);
    expect(await until(() => tree.every((pid) => !running(pid)), 10_000)).toBe(true);
    expect(readdirSync(join(runtime, 'merrow'))).toEqual([]);
  });

  it.runIf(linux)(
    'killed outright, takes its browser with it; the next run starts a new engine',
    async () => {
      runtime = freshRuntime();
      expect((await merrow(['export', 'flow.mmd', '-o', 'kill-1.svg'])).code).toBe(0);
      const [engine] = engines(runtime);
      const tree = descendants(engine!.pid);
      process.kill(engine!.pid, 'SIGKILL');
      // The browser sees its DevTools pipe close and quits.
      expect(await until(() => tree.every((pid) => !running(pid)), 15_000)).toBe(true);

      expect((await merrow(['export', 'flow.mmd', '-o', 'kill-2.svg'])).code).toBe(0);
      const [next] = engines(runtime);
      expect(next!.pid).not.toBe(engine!.pid);
      expect(read('kill-2.svg')).toBe(read('kill-1.svg'));
    },
  );

  describe('falls back to rendering in-process', () => {
    let fake: Server | undefined;
    const fakeInfo = '';
    afterEach(() => {
      fake?.close();
      fake = undefined;
      rmSync(fakeInfo, { force: true });
    });

    /** Replaces the real engine of the last run by a server that welcomes a client, then misbehaves. */
    async function impostor(onCall: (socket: import('node:net').Socket) => void): Promise<string> {
      runtime = freshRuntime();
      expect((await merrow(['export', 'flow.mmd', '-o', 'real.svg'])).code).toBe(0);
      const [engine] = engines(runtime);
      process.kill(engine!.pid, 'SIGTERM');
      await until(() => !processAlive(engine!.pid), 15_000);
      const folder = join(runtime, 'merrow');
      const token = randomBytes(32).toString('hex');
      fake = createServer((socket) => {
        let hello = true;
        socket.on('data', () => {
          if (hello) socket.write(`${JSON.stringify({ welcome: true, pid: process.pid })}\n`);
          else onCall(socket);
          hello = false;
        });
      });
      const socket = join(folder, `engine-${engine!.key}.sock`);
      await new Promise<void>((resolve) => fake!.listen(socket, resolve));
      writeFileSync(
        join(folder, `engine-${engine!.key}.json`),
        JSON.stringify({ pid: process.pid, socket, token }),
      );
      // Held by this live process: a client cannot start a real engine instead.
      writeFileSync(join(folder, `engine-${engine!.key}.lock`), String(process.pid));
      return read('real.svg');
    }

    it('when the warm engine goes away mid-call', async () => {
      const expected = await impostor((socket) => socket.destroy());
      const run = await merrow(['export', 'flow.mmd', '-o', 'lost.svg']);
      expect(run.code).toBe(0);
      expect(read('lost.svg')).toBe(expected);
    });

    it('when the warm engine answers with an error of its own', async () => {
      const expected = await impostor((socket) =>
        socket.write(
          `${JSON.stringify({ id: 1, ok: false, error: { name: 'CdpError', message: 'gone' } })}\n`,
        ),
      );
      const run = await merrow(['export', 'flow.mmd', '-o', 'error.svg']);
      expect(run.code).toBe(0);
      expect(read('error.svg')).toBe(expected);
    });
  });
});

describe('warmIdleMs', () => {
  it('keeps the engine a minute by default, for as long as MERROW_ENGINE_IDLE says, and not in CI', () => {
    expect(warmIdleMs({})).toBe(60_000);
    expect(warmIdleMs({ MERROW_ENGINE_IDLE: '5' })).toBe(5_000);
    expect(warmIdleMs({ MERROW_ENGINE_IDLE: '0' })).toBe(0);
    expect(warmIdleMs({ MERROW_ENGINE_IDLE: 'soon' })).toBe(0);
    expect(warmIdleMs({ CI: 'true' })).toBe(0);
    expect(warmIdleMs({ CI: 'false' })).toBe(60_000);
    expect(warmIdleMs({ CI: 'true', MERROW_ENGINE_IDLE: '30' })).toBe(30_000);
  });
});

describe.skipIf(process.platform === 'win32')('privateDir', () => {
  it('makes a folder only this user can enter', () => {
    const root = mkdtempSync(join(work, 'xdg-'));
    const dir = privateDir({ XDG_RUNTIME_DIR: root });
    expect(dir).toBe(join(root, 'merrow'));
    expect(statSync(dir!).mode & 0o777).toBe(0o700);
  });

  it('closes an existing folder of this user that others could enter', () => {
    const root = mkdtempSync(join(work, 'xdg-'));
    mkdirSync(join(root, 'merrow'), { mode: 0o777 });
    chmodSync(join(root, 'merrow'), 0o777);
    expect(privateDir({ XDG_RUNTIME_DIR: root })).toBe(join(root, 'merrow'));
    expect(statSync(join(root, 'merrow')).mode & 0o777).toBe(0o700);
  });

  it('refuses a symbolic link where the folder should be', () => {
    const root = mkdtempSync(join(work, 'xdg-'));
    mkdirSync(join(root, 'elsewhere'), { mode: 0o700 });
    symlinkSync(join(root, 'elsewhere'), join(root, 'merrow'));
    expect(privateDir({ XDG_RUNTIME_DIR: root })).toBeUndefined();
  });

  it.runIf(process.getuid?.() === 0)('refuses a folder owned by another user', () => {
    const root = mkdtempSync(join(work, 'xdg-'));
    mkdirSync(join(root, 'merrow'), { mode: 0o700 });
    chownSync(join(root, 'merrow'), 65534, 65534);
    expect(privateDir({ XDG_RUNTIME_DIR: root })).toBeUndefined();
  });

  it('a run without a private folder still exports, in-process', async () => {
    runtime = mkdtempSync(join(work, 'xdg-'));
    symlinkSync(work, join(runtime, 'merrow'));
    const run = await merrow(['export', 'flow.mmd', '-o', 'no-private.svg']);
    expect(run.code).toBe(0);
    expect(readSourceFromSvg(read('no-private.svg'))).toBe(FLOW);
    expect(readdirSync(work).filter((name) => name.startsWith('engine-'))).toEqual([]);
  });
});
