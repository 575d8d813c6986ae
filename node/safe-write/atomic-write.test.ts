import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTemps, TEMP_SUFFIX, writeFileAtomic } from './atomic-write.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'merrow-atomic-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('removes its temp file and keeps the target when the final rename fails', async () => {
    // A non-empty folder cannot be replaced by a file: the rename fails after the temp file is written.
    await mkdir(join(dir, 'target.mmd'));
    await writeFile(join(dir, 'target.mmd/keep'), 'kept');
    await expect(writeFileAtomic(join(dir, 'target.mmd'), 'new')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['target.mmd']);
    expect(await readFile(join(dir, 'target.mmd/keep'), 'utf8')).toBe('kept');
  });

  it('readers never see a partly written file while writes race', async () => {
    const file = join(dir, 'big.mmd');
    const versions = ['a', 'b', 'c', 'd'].map((c) => c.repeat(2_000_000));
    await writeFile(file, versions[0]!);
    const writes = Promise.all(versions.map((v) => writeFileAtomic(file, v)));
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) seen.add((await readFile(file, 'utf8')).length);
    await writes;
    expect([...seen]).toEqual([2_000_000]);
    expect(await readdir(dir)).toEqual(['big.mmd']);
  });

  it('writes a file whose name is as long as the disk allows', async () => {
    for (const name of [`${'n'.repeat(251)}.mmd`, `${'図'.repeat(80)}.mmd`]) {
      const file = join(dir, name);
      await writeFileAtomic(file, 'flowchart LR\n');
      await writeFileAtomic(file, 'flowchart TD\n');
      expect(await readFile(file, 'utf8')).toBe('flowchart TD\n');
    }
    expect((await readdir(dir)).filter((name) => name.endsWith(TEMP_SUFFIX))).toEqual([]);
  });

  it('removes the temp files of writers that are gone before its first write into a folder', async () => {
    const gone = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '']);
      child.on('exit', () => resolve(child.pid!));
    });
    const leftover = `.flow.mmd.${gone}-0123456789ab${TEMP_SUFFIX}`;
    const live = `.flow.mmd.${process.pid}-0123456789ab${TEMP_SUFFIX}`;
    const old = `.flow.mmd.0123456789ab${TEMP_SUFFIX}`;
    const hourOld = `.flow.mmd.${process.ppid}-ba9876543210${TEMP_SUFFIX}`;
    for (const name of [leftover, live, old, hourOld, 'notes.merrow-tmp', 'flow.mmd']) {
      await writeFile(join(dir, name), 'x');
    }
    const longAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const name of [old, hourOld]) await utimes(join(dir, name), longAgo, longAgo);
    // A live writer's temp (this very process, writing elsewhere) stays; a name not of Merrow's
    // making stays, whatever its suffix.
    await writeFileAtomic(join(dir, 'out.svg'), '<svg/>');
    expect((await readdir(dir)).sort()).toEqual([live, 'flow.mmd', 'notes.merrow-tmp', 'out.svg'].sort());
    expect(await removeStaleTemps(dir)).toBe(0);
  });

  it('leaves no temp file when the process is interrupted mid-write, and cleans up after a kill -9', async () => {
    const writer = `
      import { writeFileAtomic } from ${JSON.stringify(join(import.meta.dirname, 'atomic-write.ts'))};
      const big = 'x'.repeat(4_000_000);
      for (let i = 0; ; i++) await writeFileAtomic(${JSON.stringify(dir)} + '/out-' + (i % 4) + '.svg', big);
    `;
    const temps = async () => (await readdir(dir)).filter((name) => name.endsWith(TEMP_SUFFIX));
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
      const child = spawn(process.execPath, ['--input-type=module', '-e', writer]);
      // Kill it once it has written a few files, so that it is most likely in the middle of one.
      while ((await readdir(dir)).filter((n) => n.startsWith('out-')).length < 3) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const ended = new Promise((resolve) => child.on('exit', resolve));
      child.kill(signal);
      await ended;
      if (signal !== 'SIGKILL') expect(await temps(), signal).toEqual([]);
      // Whatever a kill -9 left, the next write into the folder removes.
      await writeFileAtomic(join(dir, `after-${signal}.svg`), 'x');
      await removeStaleTemps(dir);
      expect(await temps(), signal).toEqual([]);
    }
  });

  it("leaves a program's own Ctrl+C handling alone, and still no temp file once it exits", async () => {
    const writer = `
      import { writeFileAtomic } from ${JSON.stringify(join(import.meta.dirname, 'atomic-write.ts'))};
      process.once('SIGINT', () => setTimeout(() => process.exit(0), 30));
      const big = 'x'.repeat(4_000_000);
      for (let i = 0; ; i++) await writeFileAtomic(${JSON.stringify(dir)} + '/out-' + (i % 4) + '.svg', big);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer]);
    while ((await readdir(dir)).filter((n) => n.startsWith('out-')).length < 3) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect((await readdir(dir)).filter((name) => name.endsWith(TEMP_SUFFIX))).toEqual([]);
  });
});
