import { afterEach, describe, expect, it, vi } from 'vitest';
import { type InProcessApi, inProcessApi } from '../../test/support/in-process-api.ts';
import { MemoryStorage } from '../../test/support/memory-storage.ts';
import { type PlainTextModel, plainModels } from '../../test/support/plain-text-model.ts';
import { INFO_NOTICE_MS, type UnsavedAnswer, Workspace } from './workspace.ts';

const FILES = {
  'a.mmd': 'flowchart LR\n  a --> b\n',
  'b.mmd': 'flowchart LR\n  b1 --> b2\n',
  'c.mmd': 'pie\n  "c" : 1\n',
};
const UNSAVED = `${FILES['b.mmd']}  b2 --> b3\n`;

/** A promise and its resolve, to hold one step of start-up. */
function gate(): { wait: () => Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait: () => opened, open };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('Workspace', () => {
  const apis: InProcessApi[] = [];
  afterEach(() => {
    for (const api of apis.splice(0)) api.close(true);
  });

  /** A folder whose last session left unsaved text in b.mmd, and a workspace about to start on it. */
  async function lastSessionLeftUnsaved() {
    const api = inProcessApi(FILES);
    apis.push(api);
    await api.client.call('backup.write', { path: 'b.mmd', text: UNSAVED });
    const editorLoads = gate();
    const workspace = new Workspace<PlainTextModel>(api.client, {
      models: plainModels(editorLoads.wait),
      storage: new MemoryStorage(),
      confirm: () => true,
    });
    return { api, workspace, editorLoads };
  }

  /**
   * Every moment of start-up at which a click can land: before each answer it waits for, while the
   * preview starts, while the editor loads, and after. Each holds start-up there, clicks, lets go.
   */
  const MOMENTS: { name: string; hold: (api: InProcessApi) => () => void; preview?: true }[] = [
    { name: 'before the folder is read', hold: (api) => api.hold('workspace.info') },
    { name: 'before the backups are listed', hold: (api) => api.hold('backup.list') },
    { name: 'while the files are read', hold: (api) => api.hold('file.read') },
    { name: 'while the first render starts', hold: () => () => {}, preview: true },
    { name: 'while the editor loads', hold: () => () => {} },
  ];

  for (const moment of MOMENTS) {
    it(`opens a file clicked ${moment.name} with its backed-up text, and keeps it active`, async () => {
      const { api, workspace, editorLoads } = await lastSessionLeftUnsaved();
      const release = moment.hold(api);
      const previewStarted = gate();
      const starting = workspace.start(moment.preview ? previewStarted.wait : undefined);
      await settle();
      const clicked = workspace.open('b.mmd');
      await settle();
      release();
      previewStarted.open();
      await settle();
      editorLoads.open();
      await Promise.all([starting, clicked]);

      expect(workspace.model('b.mmd')?.getValue()).toBe(UNSAVED);
      expect(workspace.tab('b.mmd')?.dirty).toBe(true);
      expect(workspace.active.get()).toBe('b.mmd');
      // The next keystroke adds to the restored text: the backup grows, it is never replaced.
      workspace.model('b.mmd')!.type('  b3 --> b4\n');
      await expect
        .poll(async () => (await api.client.call('backup.list', {})).map((b) => b.text))
        .toEqual([`${UNSAVED}  b3 --> b4\n`]);
    });
  }

  it('keeps the user’s file active when it was clicked during start-up and has no backup', async () => {
    const { workspace, editorLoads } = await lastSessionLeftUnsaved();
    const starting = workspace.start();
    const clicked = workspace.open('c.mmd');
    await settle();
    editorLoads.open();
    await Promise.all([starting, clicked]);
    expect(workspace.active.get()).toBe('c.mmd');
    expect(
      workspace.tabs
        .get()
        .map((t) => t.path)
        .sort(),
    ).toEqual(['b.mmd', 'c.mmd']);
    expect(workspace.model('b.mmd')?.getValue()).toBe(UNSAVED);
  });

  it('reopens the last session’s tabs with the active one shown, its text known before the editor loads', async () => {
    const { api, editorLoads } = await lastSessionLeftUnsaved();
    const storage = new MemoryStorage();
    storage.setItem(
      `merrow.session:${api.root}`,
      JSON.stringify({ tabs: ['c.mmd', 'a.mmd'], active: 'a.mmd' }),
    );
    const next = new Workspace<PlainTextModel>(api.client, {
      models: plainModels(editorLoads.wait),
      storage,
      confirm: () => true,
    });
    const starting = next.start();
    await expect.poll(() => next.opening.get()).toEqual({ path: 'a.mmd', text: FILES['a.mmd'] });
    expect(next.active.get()).toBeNull();
    editorLoads.open();
    await starting;
    // The session's tabs keep their order; unsaved work from outside it comes after them.
    expect(next.tabs.get().map((t) => t.path)).toEqual(['c.mmd', 'a.mmd', 'b.mmd']);
    expect(next.active.get()).toBe('a.mmd');
  });

  it('opens the first diagram when there is nothing to restore, unless a file was asked for meanwhile', async () => {
    const api = inProcessApi(FILES);
    apis.push(api);
    const fresh = () =>
      new Workspace<PlainTextModel>(api.client, {
        models: plainModels(async () => {}),
        storage: new MemoryStorage(),
        confirm: () => true,
      });
    const plain = fresh();
    await plain.start();
    expect(plain.tabs.get().map((t) => t.path)).toEqual(['a.mmd']);
    // A file the OS handed over while the page started shows alone.
    const handed = fresh();
    const starting = handed.start();
    const opened = handed.open('c.mmd');
    await Promise.all([starting, opened]);
    expect(handed.tabs.get().map((t) => t.path)).toEqual(['c.mmd']);
    expect(handed.active.get()).toBe('c.mmd');
  });

  it('leaves the folder: unsaved edits saved, kept as backups or discarded, then every tab closed', async () => {
    const { api, workspace, editorLoads } = await lastSessionLeftUnsaved();
    editorLoads.open();
    await workspace.start();
    expect(workspace.tab('b.mmd')?.dirty).toBe(true);
    expect(await workspace.leave('keep')).toBe(true);
    expect(workspace.tabs.get()).toEqual([]);
    expect(await api.client.call('backup.list', {})).toMatchObject([{ path: 'b.mmd', text: UNSAVED }]);

    const again = new Workspace<PlainTextModel>(api.client, {
      models: plainModels(async () => {}),
      storage: new MemoryStorage(),
      confirm: () => true,
    });
    await again.start();
    expect(again.model('b.mmd')?.getValue()).toBe(UNSAVED);
    expect(await again.leave('save')).toBe(true);
    expect((await api.client.call('file.read', { path: 'b.mmd' })).text).toBe(UNSAVED);
    expect(await api.client.call('backup.list', {})).toEqual([]);
  });

  it('asks before closing a tab with unsaved edits, and keeps it when the user says no', async () => {
    const { api, editorLoads } = await lastSessionLeftUnsaved();
    let answer = false;
    const questions: string[] = [];
    const workspace = new Workspace<PlainTextModel>(api.client, {
      models: plainModels(editorLoads.wait),
      storage: new MemoryStorage(),
      confirm: (question) => {
        questions.push(question);
        return answer;
      },
    });
    editorLoads.open();
    await workspace.start();
    expect(await workspace.close('b.mmd')).toBe(false);
    expect(questions).toEqual(['b.mmd has unsaved changes. Close it and discard them?']);
    expect(await api.client.call('backup.list', {})).toHaveLength(1);
    answer = true;
    expect(await workspace.close('b.mmd')).toBe(true);
    expect(workspace.tabs.get()).toEqual([]);
    await expect.poll(async () => (await api.client.call('backup.list', {})).length).toBe(0);
  });

  it('saves a tab with unsaved edits before closing it when the answer is Save, and keeps it open on Cancel', async () => {
    const { api, editorLoads } = await lastSessionLeftUnsaved();
    const answers: UnsavedAnswer[] = ['cancel', 'save'];
    const asked: string[] = [];
    const workspace = new Workspace<PlainTextModel>(api.client, {
      models: plainModels(editorLoads.wait),
      storage: new MemoryStorage(),
      askUnsaved: async (path) => {
        asked.push(path);
        return answers.shift()!;
      },
    });
    editorLoads.open();
    await workspace.start();
    const typed = workspace.model('b.mmd')!.getValue();
    expect(await workspace.close('b.mmd')).toBe(false);
    expect(workspace.tab('b.mmd')?.dirty).toBe(true);
    expect(await workspace.close('b.mmd')).toBe(true);
    expect(asked).toEqual(['b.mmd', 'b.mmd']);
    expect(workspace.tab('b.mmd')).toBeUndefined();
    expect((await api.client.call('file.read', { path: 'b.mmd' })).text).toBe(typed);
  });

  it('renames the active file with its unsaved edits, and it stays active', async () => {
    const { api, workspace, editorLoads } = await lastSessionLeftUnsaved();
    editorLoads.open();
    await workspace.start();
    expect(workspace.active.get()).toBe('b.mmd');
    await workspace.rename('b.mmd', 'docs/b.mmd');
    expect(workspace.active.get()).toBe('docs/b.mmd');
    expect(workspace.model('docs/b.mmd')?.getValue()).toBe(UNSAVED);
    expect(workspace.files.get().some((f) => f.path === 'docs/b.mmd')).toBe(true);
    await expect
      .poll(async () => (await api.client.call('backup.list', {})).map((b) => b.path))
      .toEqual(['docs/b.mmd']);
  });

  it("says what Ctrl+S did, and a file's message goes when another file is shown or after a while", async () => {
    const api = inProcessApi(FILES);
    apis.push(api);
    const workspace = new Workspace<PlainTextModel>(api.client, {
      models: plainModels(async () => {}),
      storage: new MemoryStorage(),
      confirm: () => true,
    });
    await workspace.start();
    for (const tab of workspace.tabs.get()) await workspace.close(tab.path);
    await workspace.save();
    expect(workspace.notice.get()?.text).toBe('Nothing to save: no file is open.');
    await workspace.open('a.mmd');
    workspace.model('a.mmd')!.type('  b --> c\n');
    await workspace.save();
    expect(workspace.notice.get()).toMatchObject({ text: 'Saved a.mmd', path: 'a.mmd' });
    await workspace.open('b.mmd');
    expect(workspace.notice.get()).toBeNull();

    vi.useFakeTimers();
    try {
      workspace.say('Copied PNG to the clipboard');
      vi.advanceTimersByTime(INFO_NOTICE_MS - 1);
      expect(workspace.notice.get()?.text).toBe('Copied PNG to the clipboard');
      vi.advanceTimersByTime(1);
      expect(workspace.notice.get()).toBeNull();
      workspace.say('Export failed: the disk is full', 'error');
      vi.advanceTimersByTime(10 * INFO_NOTICE_MS);
      expect(workspace.notice.get()?.kind).toBe('error');
    } finally {
      vi.useRealTimers();
    }
  });

  it('puts a new file in the selected folder, else beside the selected or active file', async () => {
    const api = inProcessApi({ 'docs/api/one.mmd': 'flowchart LR\n', 'top.mmd': 'pie\n' });
    apis.push(api);
    const workspace = new Workspace<PlainTextModel>(api.client, {
      models: plainModels(async () => {}),
      storage: new MemoryStorage(),
      confirm: () => true,
    });
    await workspace.start();
    await workspace.open('top.mmd');
    expect(workspace.newFileFolder()).toBe('');
    await workspace.open('docs/api/one.mmd');
    expect(workspace.newFileFolder()).toBe('docs/api');
    workspace.selected.set('docs');
    expect(workspace.newFileFolder()).toBe('docs');
    workspace.selected.set('top.mmd');
    expect(workspace.newFileFolder()).toBe('');
  });

  it('deletes a file with unsaved edits only after saying so, and keeps the edits in a tab marked deleted', async () => {
    const { api, editorLoads } = await lastSessionLeftUnsaved();
    const questions: string[] = [];
    const workspace = new Workspace<PlainTextModel>(api.client, {
      models: plainModels(editorLoads.wait),
      storage: new MemoryStorage(),
      confirm: (question) => questions.push(question) > 0,
    });
    editorLoads.open();
    await workspace.start();
    await workspace.open('a.mmd');
    await workspace.remove('a.mmd');
    await workspace.remove('b.mmd');
    expect(questions).toEqual([
      'Delete a.mmd?',
      'Delete b.mmd? b.mmd has unsaved edits: they stay open in a tab marked deleted, and saving recreates the file.',
    ]);
    // The clean tab closed; the one with edits stayed, and its backup with it.
    expect(workspace.tabs.get()).toEqual([{ path: 'b.mmd', dirty: true, conflict: null, deleted: true }]);
    expect((await api.client.call('backup.list', {})).map((b) => b.text)).toEqual([UNSAVED]);
    expect(await workspace.save('b.mmd')).toBe(true);
    expect((await api.client.call('file.read', { path: 'b.mmd' })).text).toBe(UNSAVED);
  });
});
