import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.ts';

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
});
