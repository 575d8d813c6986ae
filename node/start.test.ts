import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './serve/renderer-build.ts';
import { electronBinary, startFolder } from './start.ts';
import { addRecentFolder } from './user-data/recent-folders.ts';

let base: string;
const savedState = process.env.MERROW_STATE_DIR;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'merrow-start-'));
  process.env.MERROW_STATE_DIR = join(base, 'state');
});
afterEach(async () => {
  if (savedState === undefined) delete process.env.MERROW_STATE_DIR;
  else process.env.MERROW_STATE_DIR = savedState;
  await rm(base, { recursive: true, force: true });
});

describe('electronBinary', () => {
  it('is null when the binary was never downloaded, and its path once it is there', async () => {
    const pkg = join(base, 'node_modules/electron');
    await mkdir(join(pkg, 'dist'), { recursive: true });
    expect(electronBinary(base)).toBeNull();
    await writeFile(join(pkg, 'path.txt'), 'electron');
    expect(electronBinary(base)).toBeNull();
    await writeFile(join(pkg, 'dist/electron'), '');
    expect(electronBinary(base)).toBe(join(pkg, 'dist/electron'));
  });
});

describe('startFolder', () => {
  it('opens the folder given, else the last one that still exists, else examples/', async () => {
    expect(await startFolder('some/dir')).toBe(resolve('some/dir'));
    expect(await startFolder(undefined)).toBe(join(PROJECT_ROOT, 'examples'));
    const kept = join(base, 'kept');
    await mkdir(kept);
    await addRecentFolder(kept);
    await addRecentFolder(join(base, 'vanished'));
    expect(await startFolder(undefined)).toBe(kept);
  });
});
