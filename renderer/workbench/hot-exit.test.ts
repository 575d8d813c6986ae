import { afterEach, describe, expect, it } from 'vitest';
import { type InProcessApi, inProcessApi } from '../../test/support/in-process-api.ts';
import { MemoryStorage } from '../../test/support/memory-storage.ts';
import { HotExit } from './hot-exit.ts';

const flow = { path: 'flow.mmd', text: 'flowchart LR\n  a --> b\n  b --> c\n', baseMtimeMs: 1 };

describe('HotExit', () => {
  const opened: InProcessApi[] = [];
  const start = (reuse?: InProcessApi) => {
    const api = inProcessApi({ 'flow.mmd': 'flowchart LR\n  a --> b\n' }, reuse);
    opened.push(api);
    return api;
  };
  afterEach(() => {
    for (const api of opened.splice(0)) api.close(true);
  });

  it('hands a backup to the next session, from the machine side when the page storage is gone', async () => {
    const first = start();
    const hotExit = new HotExit(first.client, new MemoryStorage());
    await hotExit.load(Promise.resolve(first.root));
    await hotExit.keep(flow);
    first.close();

    const second = start(first);
    const next = new HotExit(second.client, new MemoryStorage());
    const backups = await next.load(Promise.resolve(second.root));
    expect(backups.map(({ path, text, baseMtimeMs }) => ({ path, text, baseMtimeMs }))).toEqual([flow]);
    expect(await next.restoreFor('flow.mmd')).toMatchObject(flow);
  });

  it('keeps typing backed up in the page while the machine side is unreachable, and restores the newer copy', async () => {
    const api = start();
    const storage = new MemoryStorage();
    const hotExit = new HotExit(api.client, storage);
    await hotExit.load(Promise.resolve(api.root));
    await hotExit.keep(flow);
    api.unreachable('backup.write');
    await hotExit.keep({ ...flow, text: `${flow.text}  c --> d\n` });

    const next = new HotExit(api.client, storage);
    const [backup] = await next.load(Promise.resolve(api.root));
    expect(backup?.text).toBe(`${flow.text}  c --> d\n`);
  });

  it('restores the page copy alone when the machine side cannot list backups', async () => {
    const api = start();
    const storage = new MemoryStorage();
    const hotExit = new HotExit(api.client, storage);
    await hotExit.load(Promise.resolve(api.root));
    await hotExit.keep(flow);
    api.unreachable('backup.list');
    const next = new HotExit(api.client, storage);
    expect((await next.load(Promise.resolve(api.root))).map((b) => b.text)).toEqual([flow.text]);
  });

  it('answers a buffer opened before the backups are known once they are, with its backup', async () => {
    const first = start();
    await new HotExit(first.client, new MemoryStorage()).keep(flow);
    const release = first.hold('backup.list');
    const hotExit = new HotExit(first.client, new MemoryStorage());
    const loading = hotExit.load(Promise.resolve(first.root));
    let answered: unknown = 'waiting';
    const asked = hotExit.restoreFor('flow.mmd').then((backup) => {
      answered = backup;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe('waiting');
    release();
    await Promise.all([loading, asked]);
    expect(answered).toMatchObject(flow);
  });

  it('sends the writes and the discard of one file in the order they were made, however slow each is', async () => {
    const api = start();
    const hotExit = new HotExit(api.client, new MemoryStorage());
    await hotExit.load(Promise.resolve(api.root));
    const release = api.hold('backup.write');
    const writing = hotExit.keep(flow);
    // Saved meanwhile: the discard must not overtake the write still on its way.
    const dropping = hotExit.drop('flow.mmd');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.calls.map((c) => c.method).filter((m) => m.startsWith('backup.'))).toEqual([
      'backup.list',
      'backup.write',
    ]);
    release();
    await Promise.all([writing, dropping]);
    expect(await api.client.call('backup.list', {})).toEqual([]);
  });

  it('forgets a backup in both places when it is dropped', async () => {
    const api = start();
    const storage = new MemoryStorage();
    const hotExit = new HotExit(api.client, storage);
    await hotExit.load(Promise.resolve(api.root));
    await hotExit.keep(flow);
    expect(storage.length).toBe(1);
    await hotExit.drop('flow.mmd');
    expect(storage.length).toBe(0);
    expect(await api.client.call('backup.list', {})).toEqual([]);
    expect(await new HotExit(api.client, storage).load(Promise.resolve(api.root))).toEqual([]);
  });

  it('restores nothing, and keeps nothing waiting, when the folder cannot be read', async () => {
    const api = start();
    const hotExit = new HotExit(api.client, new MemoryStorage());
    await hotExit.keep(flow);
    const next = new HotExit(api.client, new MemoryStorage());
    expect(await next.load(Promise.reject(new Error('no folder')))).toEqual([]);
    expect(await next.restoreFor('flow.mmd')).toBeUndefined();
  });

  it('flushes unsaved text into the page storage at once when the page goes away', async () => {
    const api = start();
    const storage = new MemoryStorage();
    const hotExit = new HotExit(api.client, storage);
    await hotExit.load(Promise.resolve(api.root));
    api.unreachable('backup.list');
    hotExit.flush([flow]);
    const [backup] = await new HotExit(api.client, storage).load(Promise.resolve(api.root));
    expect(backup).toMatchObject(flow);
  });
});
