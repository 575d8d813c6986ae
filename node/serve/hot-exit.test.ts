import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callServe } from '../../test/e2e/serve-process.ts';
import { PROJECT_ROOT, RENDERER_DIR } from './renderer-build.ts';

const built = existsSync(join(RENDERER_DIR, 'index.html'));
if (!built) console.warn('hot-exit test skipped: the renderer is not built (npm run build)');

let base: string;
let root: string;
let stateDir: string;
const children: ChildProcess[] = [];

/** Starts `merrow serve` as its own process and resolves with its printed URL. */
function serve(): Promise<{ child: ChildProcess; url: string; port: number; token: string }> {
  const child = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'node/cli/merrow.ts'), 'serve', root, '--no-open'],
    {
      env: { ...process.env, MERROW_STATE_DIR: stateDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d;
    });
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const match = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)/.exec(out);
      if (match) resolve({ child, url: match[0], port: Number(match[1]), token: match[2]! });
    });
    child.on('exit', (code) => reject(new Error(`merrow serve exited with ${code}: ${err}`)));
  });
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'merrow-hot-exit-'));
  root = join(base, 'diagrams');
  stateDir = join(base, 'state');
  await mkdir(root);
  await writeFile(join(root, 'flow.mmd'), 'flowchart LR\n  a --> b\n');
});

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(base, { recursive: true, force: true });
});

describe.skipIf(!built)('hot exit through merrow serve', () => {
  it('finds every acknowledged keystroke after a kill -9 mid-edit and a restart', async () => {
    const first = await serve();
    const original = await readFile(join(root, 'flow.mmd'), 'utf8');
    const typed = '  b --> c\n  c --> d[Last words]\n';
    let acknowledged = '';
    const inFlight: Promise<unknown>[] = [];
    for (let i = 1; i <= typed.length; i++) {
      const text = original + typed.slice(0, i);
      const write = callServe(first.port, first.token, 'backup.write', {
        path: 'flow.mmd',
        text,
        baseMtimeMs: 1,
      });
      // The client debounces, but a fast typist still overlaps writes: keep a few in flight.
      inFlight.push(
        write.then(() => (acknowledged = text.length > acknowledged.length ? text : acknowledged)),
      );
      if (i % 4 === 0) await Promise.all(inFlight.splice(0));
    }
    await Promise.race([Promise.all(inFlight), new Promise((r) => setTimeout(r, 2))]);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThan(original.length);

    const second = await serve();
    const backups = (await callServe(second.port, second.token, 'backup.list', {})) as {
      path: string;
      text: string;
    }[];
    expect(backups).toHaveLength(1);
    expect(backups[0]!.path).toBe('flow.mmd');
    // Whole, and never older than what the server acknowledged before it died.
    expect((original + typed).startsWith(backups[0]!.text)).toBe(true);
    expect(backups[0]!.text.length).toBeGreaterThanOrEqual(acknowledged.length);

    // Recovery data never lands in the user's folder.
    expect(await readdir(root)).toEqual(['flow.mmd']);
    expect(await readFile(join(root, 'flow.mmd'), 'utf8')).toBe(original);
    second.child.kill('SIGINT');
    await new Promise((resolve) => second.child.once('exit', resolve));
    expect(second.child.exitCode).toBe(0);
  });
});
