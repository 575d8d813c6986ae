import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type InProcessApi, inProcessApi } from '../../test/support/in-process-api.ts';
import { MemoryStorage } from '../../test/support/memory-storage.ts';
import { type PlainTextModel, plainModels } from '../../test/support/plain-text-model.ts';
import { Buffers } from './buffers.ts';
import { HotExit } from './hot-exit.ts';
import { Store } from './store.ts';

const DISK = 'flowchart LR\n  a --> b\n';
const waitFor = async (check: () => boolean | Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('Buffers', () => {
  const opened: InProcessApi[] = [];
  afterEach(() => {
    for (const api of opened.splice(0)) api.close(true);
  });

  /** Buffers on a real folder holding flow.mmd, with hot exit loaded; `backups` come from a last session. */
  async function setUp(
    backups: (
      mtime: (path: string) => number,
    ) => { path: string; text: string; baseMtimeMs?: number }[] = () => [],
  ) {
    const api = inProcessApi({ 'flow.mmd': DISK, 'other.mmd': 'pie\n  "a" : 1\n' });
    opened.push(api);
    const mtime = (path: string) => statSync(join(api.root, path)).mtimeMs;
    for (const backup of backups(mtime)) await api.client.call('backup.write', backup);
    const hotExit = new HotExit(api.client, new MemoryStorage());
    await hotExit.load(Promise.resolve(api.root));
    const reports: string[] = [];
    const autosave = new Store(false);
    const buffers = new Buffers<PlainTextModel>({
      api: api.client,
      models: plainModels(),
      hotExit,
      autosave,
      report: (message) => reports.push(message),
    });
    const serverBackups = async () =>
      Object.fromEntries((await api.client.call('backup.list', {})).map((b) => [b.path, b.text]));
    return { api, buffers, reports, autosave, serverBackups, mtime };
  }

  it('opens a file with the last session’s unsaved text over the disk’s, dirty, and undo goes back to the disk', async () => {
    const unsaved = `${DISK}  b --> c\n`;
    const { buffers: restored } = await setUp((mtime) => [
      { path: 'flow.mmd', text: unsaved, baseMtimeMs: mtime('flow.mmd') },
    ]);
    expect(await restored.load('flow.mmd')).toBe(true);
    const model = restored.model('flow.mmd')!;
    expect(model.getValue()).toBe(unsaved);
    expect(restored.tab('flow.mmd')).toMatchObject({ dirty: true, conflict: null, deleted: false });
    model.undo();
    expect(model.getValue()).toBe(DISK);
    expect(restored.tab('flow.mmd')?.dirty).toBe(false);
  });

  it('offers the disk’s text as a conflict when the file changed after the backup was made', async () => {
    const { buffers } = await setUp(() => [{ path: 'flow.mmd', text: 'flowchart TD\n', baseMtimeMs: 1 }]);
    await buffers.load('flow.mmd');
    expect(buffers.model('flow.mmd')?.getValue()).toBe('flowchart TD\n');
    expect(buffers.tab('flow.mmd')?.conflict?.text).toBe(DISK);
  });

  it('creates one buffer for a file opened twice at once, with its backup', async () => {
    const { buffers } = await setUp(() => [{ path: 'flow.mmd', text: 'flowchart TD\n' }]);
    const both = await Promise.all([buffers.load('flow.mmd'), buffers.load('flow.mmd')]);
    expect(both).toEqual([true, true]);
    expect(buffers.tabs.get().map((t) => t.path)).toEqual(['flow.mmd']);
    expect(buffers.model('flow.mmd')?.getValue()).toBe('flowchart TD\n');
  });

  it('drops a backup whose text the file already has', async () => {
    const { buffers, serverBackups } = await setUp(() => [{ path: 'flow.mmd', text: DISK }]);
    await buffers.load('flow.mmd');
    expect(buffers.tab('flow.mmd')?.dirty).toBe(false);
    await waitFor(async () => Object.keys(await serverBackups()).length === 0);
  });

  it('backs up an edit after a pause, and drops the backup once the file is saved', async () => {
    const { api, buffers, serverBackups } = await setUp();
    await buffers.load('flow.mmd');
    buffers.model('flow.mmd')!.type('  b --> c\n');
    expect(buffers.tab('flow.mmd')?.dirty).toBe(true);
    await waitFor(async () => (await serverBackups())['flow.mmd'] === `${DISK}  b --> c\n`);
    expect(await buffers.save('flow.mmd')).toBe(true);
    expect(readFileSync(join(api.root, 'flow.mmd'), 'utf8')).toBe(`${DISK}  b --> c\n`);
    expect(buffers.tab('flow.mmd')?.dirty).toBe(false);
    expect(await serverBackups()).toEqual({});
  });

  it('keeps the backup of text typed while a save was being written', async () => {
    const { api, buffers, serverBackups } = await setUp();
    await buffers.load('flow.mmd');
    const model = buffers.model('flow.mmd')!;
    model.type('  b --> c\n');
    const release = api.hold('file.write');
    const saving = buffers.save('flow.mmd');
    model.type('  c --> d\n');
    release();
    expect(await saving).toBe(true);
    expect(buffers.tab('flow.mmd')?.dirty).toBe(true);
    await waitFor(async () => (await serverBackups())['flow.mmd'] === `${DISK}  b --> c\n  c --> d\n`);
  });

  it('keeps text typed while a saved file’s backup was being dropped unsaved', async () => {
    const { api, buffers, serverBackups } = await setUp();
    await buffers.load('flow.mmd');
    const model = buffers.model('flow.mmd')!;
    model.type('  b --> c\n');
    await waitFor(async () => (await serverBackups())['flow.mmd'] !== undefined);
    const release = api.hold('backup.discard');
    const saving = buffers.save('flow.mmd');
    await waitFor(() => api.calls.some((c) => c.method === 'backup.discard'));
    model.type('  c --> d\n');
    release();
    expect(await saving).toBe(true);
    expect(readFileSync(join(api.root, 'flow.mmd'), 'utf8')).toBe(`${DISK}  b --> c\n`);
    expect(buffers.tab('flow.mmd')?.dirty).toBe(true);
    await waitFor(async () => (await serverBackups())['flow.mmd'] === `${DISK}  b --> c\n  c --> d\n`);
  });

  it('saves by itself after a pause with autosave on', async () => {
    const { api, buffers, autosave } = await setUp();
    autosave.set(true);
    await buffers.load('flow.mmd');
    buffers.model('flow.mmd')!.type('%% autosaved\n');
    await waitFor(() => readFileSync(join(api.root, 'flow.mmd'), 'utf8').endsWith('%% autosaved\n'));
    await waitFor(() => buffers.tab('flow.mmd')?.dirty === false);
  });

  it('refuses to overwrite a file changed on disk, and keeps either text on request', async () => {
    const { api, buffers, reports } = await setUp();
    await buffers.load('flow.mmd');
    buffers.model('flow.mmd')!.type('%% mine\n');
    writeFileSync(join(api.root, 'flow.mmd'), 'flowchart TD\n  theirs\n');
    expect(await buffers.save('flow.mmd')).toBe(false);
    expect(reports.at(-1)).toMatch(/changed on disk/);
    expect(buffers.tab('flow.mmd')?.conflict?.text).toBe('flowchart TD\n  theirs\n');
    await buffers.resolveConflict('flow.mmd', 'mine');
    expect(readFileSync(join(api.root, 'flow.mmd'), 'utf8')).toBe(`${DISK}%% mine\n`);
    expect(buffers.tab('flow.mmd')).toMatchObject({ dirty: false, conflict: null });
  });

  it('reloads a clean buffer changed on disk, and gives a dirty one a conflict instead', async () => {
    const { api, buffers, mtime } = await setUp();
    await buffers.load('flow.mmd');
    await buffers.load('other.mmd');
    writeFileSync(join(api.root, 'flow.mmd'), 'flowchart TD\n');
    await buffers.onFileChanged({ path: 'flow.mmd', kind: 'changed', mtimeMs: mtime('flow.mmd') });
    expect(buffers.model('flow.mmd')?.getValue()).toBe('flowchart TD\n');
    expect(buffers.tab('flow.mmd')?.dirty).toBe(false);

    buffers.model('other.mmd')!.type('%% mine\n');
    writeFileSync(join(api.root, 'other.mmd'), 'pie\n');
    await buffers.onFileChanged({ path: 'other.mmd', kind: 'changed', mtimeMs: mtime('other.mmd') });
    expect(buffers.model('other.mmd')?.getValue()).toMatch(/%% mine\n$/);
    expect(buffers.tab('other.mmd')?.conflict?.text).toBe('pie\n');
    await buffers.resolveConflict('other.mmd', 'disk');
    expect(buffers.model('other.mmd')?.getValue()).toBe('pie\n');
    expect(buffers.tab('other.mmd')).toMatchObject({ dirty: false, conflict: null });

    await buffers.onFileChanged({ path: 'other.mmd', kind: 'deleted', mtimeMs: null });
    expect(buffers.tab('other.mmd')?.deleted).toBe(true);
  });

  it('moves unsaved edits and their backup with a renamed file', async () => {
    const { api, buffers, serverBackups } = await setUp();
    await buffers.load('flow.mmd');
    buffers.model('flow.mmd')!.type('%% unsaved\n');
    await api.client.call('file.rename', { from: 'flow.mmd', to: 'docs/flow.mmd' });
    expect(await buffers.renamed('flow.mmd', 'docs/flow.mmd')).toEqual([
      { from: 'flow.mmd', to: 'docs/flow.mmd' },
    ]);
    expect(buffers.paths()).toEqual(['docs/flow.mmd']);
    expect(buffers.model('docs/flow.mmd')?.getValue()).toBe(`${DISK}%% unsaved\n`);
    expect(buffers.tab('docs/flow.mmd')?.dirty).toBe(true);
    await waitFor(async () => {
      const backups = await serverBackups();
      return backups['docs/flow.mmd'] === `${DISK}%% unsaved\n` && !('flow.mmd' in backups);
    });
  });

  it('says why a file cannot be opened, and opens a backed-up file that is gone from disk as deleted', async () => {
    const { buffers, reports } = await setUp(() => [{ path: 'gone.mmd', text: 'flowchart LR\n  kept\n' }]);
    expect(await buffers.load('missing.mmd')).toBe(false);
    expect(reports.at(-1)).toMatch(/missing\.mmd/);
    expect(await buffers.load('gone.mmd')).toBe(true);
    expect(buffers.model('gone.mmd')?.getValue()).toBe('flowchart LR\n  kept\n');
    expect(buffers.tab('gone.mmd')).toMatchObject({ dirty: true, deleted: true });
  });

  it('drops the buffer and its backup when discarded', async () => {
    const { buffers, serverBackups } = await setUp(() => [{ path: 'flow.mmd', text: 'flowchart TD\n' }]);
    await buffers.load('flow.mmd');
    const model = buffers.model('flow.mmd')!;
    buffers.discard('flow.mmd');
    expect(model.disposed).toBe(true);
    expect(buffers.tabs.get()).toEqual([]);
    await waitFor(async () => Object.keys(await serverBackups()).length === 0);
  });
});
