import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEvents } from '../../shared/api/contract.ts';
import { FolderBoundary } from '../boundary/confine.ts';
import { watchWorkspace } from './watcher.ts';

type Change = ApiEvents['file.changed'];

let root: string;
let changes: Change[];
let watcher: ReturnType<typeof watchWorkspace>;

async function until(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!predicate()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(changes)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const saw = (path: string, kind: Change['kind']) => changes.some((c) => c.path === path && c.kind === kind);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'merrow-watch-'));
  await mkdir(join(root, 'sub'));
  await writeFile(join(root, 'flow.mmd'), 'flowchart LR\n');
  await writeFile(join(root, 'sub/seq.mmd'), 'sequenceDiagram\n');
  changes = [];
  watcher = watchWorkspace(new FolderBoundary(root), (change) => changes.push(change));
  await watcher.ready;
});

afterEach(async () => {
  watcher.close();
  await rm(root, { recursive: true, force: true });
});

describe('watchWorkspace', () => {
  it('reports an edit made by another program as changed, with the new mtime', async () => {
    await writeFile(join(root, 'sub/seq.mmd'), 'sequenceDiagram\n  a->>b: hi\n');
    await until(() => saw('sub/seq.mmd', 'changed'), 'the change');
    expect(changes.find((c) => c.path === 'sub/seq.mmd')?.mtimeMs).toBeGreaterThan(0);
  });

  it('reports each export written beside a diagram, the PDF as well as the SVG and PNG', async () => {
    for (const format of ['svg', 'png', 'pdf']) await writeFile(join(root, `sub/seq.${format}`), 'export');
    await until(() => ['svg', 'png', 'pdf'].every((f) => saw(`sub/seq.${f}`, 'created')), 'the exports');
  });

  it("reports another editor's atomic save (write temp, rename over) as changed", async () => {
    await writeFile(join(root, '.flow.mmd.swp'), 'flowchart TD\n');
    await rename(join(root, '.flow.mmd.swp'), join(root, 'flow.mmd'));
    await until(() => saw('flow.mmd', 'changed'), 'the change');
    expect(saw('flow.mmd', 'created')).toBe(false);
  });

  it('reports a file deleted again right after it was written back (within the settling time)', async () => {
    await rm(join(root, 'flow.mmd'));
    await until(() => saw('flow.mmd', 'deleted'), 'the deletion');
    changes = [];
    // Written back (as a save recreates it) and removed by another program at once.
    await writeFile(join(root, 'flow.mmd'), 'flowchart LR\n  a --> b\n');
    await rm(join(root, 'flow.mmd'));
    await until(() => saw('flow.mmd', 'deleted'), 'the second deletion');
  });

  it('reports a deletion, and the files of a deleted folder', async () => {
    await rm(join(root, 'flow.mmd'));
    await until(() => saw('flow.mmd', 'deleted'), 'the deletion');
    await rm(join(root, 'sub'), { recursive: true });
    await until(() => saw('sub/seq.mmd', 'deleted') && saw('sub', 'deleted'), 'the folder deletion');
    expect(changes.find((c) => c.kind === 'deleted')?.mtimeMs).toBeNull();
  });

  it('reports new files, also inside a folder created after the watch started', async () => {
    await writeFile(join(root, 'new.mmd'), 'pie\n');
    await mkdir(join(root, 'later/deeper'), { recursive: true });
    await writeFile(join(root, 'later/deeper/x.mmd'), 'pie\n');
    await until(() => saw('new.mmd', 'created') && saw('later/deeper/x.mmd', 'created'), 'the new files');
    await writeFile(join(root, 'later/deeper/x.mmd'), 'pie\n  "a": 1\n');
    await until(() => saw('later/deeper/x.mmd', 'changed'), 'the change in the new folder');
  });

  it('stays quiet about files Merrow does not open and about .git', async () => {
    await mkdir(join(root, '.git'));
    await writeFile(join(root, '.git/index.mmd'), 'x');
    await writeFile(join(root, 'notes.txt'), 'x');
    await writeFile(join(root, 'flow.mmd'), 'flowchart TD\n');
    await until(() => saw('flow.mmd', 'changed'), 'the diagram change');
    await new Promise((r) => setTimeout(r, 200));
    expect(changes.map((c) => c.path).filter((p) => p !== 'flow.mmd')).toEqual([]);
  });
});
