import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../api/create-api.ts';
import { BackupStore } from './backups.ts';

let base: string;
let root: string;
let cacheDir: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'merrow-backup-'));
  root = join(base, 'diagrams');
  cacheDir = join(base, 'cache');
  await mkdir(root);
  await writeFile(join(root, 'flow.mmd'), 'flowchart LR\n');
});
afterEach(() => rm(base, { recursive: true, force: true }));

describe('hot-exit backups', () => {
  it('survive the API that wrote them and are listed by the next one, nothing written in the folder', async () => {
    const first = createApi(root, { cacheDir, watch: false });
    await first.handlers['backup.write']({
      path: 'flow.mmd',
      text: 'flowchart LR\n  a --> b',
      baseMtimeMs: 12.5,
    });
    await first.handlers['backup.write']({ path: 'untitled/new.mmd', text: 'pie\n' });
    first.close();

    const second = createApi(root, { cacheDir, watch: false });
    const backups = await second.handlers['backup.list']({});
    expect(backups.map(({ path, text, baseMtimeMs }) => ({ path, text, baseMtimeMs }))).toEqual([
      { path: 'flow.mmd', text: 'flowchart LR\n  a --> b', baseMtimeMs: 12.5 },
      { path: 'untitled/new.mmd', text: 'pie\n', baseMtimeMs: null },
    ]);
    expect(await readdir(root)).toEqual(['flow.mmd']);

    await second.handlers['backup.discard']({ path: 'flow.mmd' });
    expect((await second.handlers['backup.list']({})).map((b) => b.path)).toEqual(['untitled/new.mmd']);
    second.close();
  });

  it('keep the last of many rapid writes, even when they overlap', async () => {
    const store = new BackupStore(cacheDir, root);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.write('flow.mmd', `text ${i}`, null)));
    expect((await store.list()).map((b) => b.text)).toEqual(['text 49']);
    expect((await readdir(store.dir)).filter((n) => n.endsWith('.json'))).toHaveLength(1);
  });

  it('are kept apart per folder', async () => {
    const other = join(base, 'other');
    await mkdir(other);
    await new BackupStore(cacheDir, root).write('flow.mmd', 'mine', null);
    expect(await new BackupStore(cacheDir, other).list()).toEqual([]);
  });

  it('skip a damaged backup file and list the rest', async () => {
    const store = new BackupStore(cacheDir, root);
    await store.write('a.mmd', 'ok', null);
    await writeFile(
      join(store.dir, 'garbage.json'),
      '{"path": "../../etc/passwd", "text": "x", "savedAt": 1}',
    );
    await writeFile(join(store.dir, 'broken.json'), '{not json');
    expect((await store.list()).map((b) => b.path)).toEqual(['a.mmd']);
  });
});
