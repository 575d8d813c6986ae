import { describe, expect, it } from 'vitest';
import type { FileEntry } from '../../shared/api/contract.ts';
import { MemoryStorage } from '../../test/support/memory-storage.ts';
import { Store } from './store.ts';
import { planSession, TabSession } from './tab-session.ts';

const file = (path: string): FileEntry => ({ path, type: 'file', kind: 'mermaid', size: 1, mtimeMs: 1 });
const isDiagram = (path: string) => path.endsWith('.mmd');

describe('planSession', () => {
  const files = ['a.mmd', 'b.mmd', 'notes.md'].map(file);

  it('reopens the session’s tabs still in the folder in their order, then other files with unsaved work', () => {
    const plan = planSession(
      { tabs: ['b.mmd', 'gone.mmd', 'a.mmd'], active: 'a.mmd' },
      ['x.mmd'],
      files,
      isDiagram,
    );
    expect(plan).toEqual({ tabs: ['b.mmd', 'a.mmd', 'x.mmd'], active: 'a.mmd' });
  });

  it('keeps a tab with unsaved work where it was, even when its file is gone from the folder', () => {
    const plan = planSession(
      { tabs: ['b.mmd', 'new.mmd', 'a.mmd'], active: 'b.mmd' },
      ['a.mmd', 'new.mmd'],
      files,
      isDiagram,
    );
    expect(plan.tabs).toEqual(['b.mmd', 'new.mmd', 'a.mmd']);
  });

  it('shows the first reopened tab when the active one is gone, and the first diagram when none is left', () => {
    expect(planSession({ tabs: ['b.mmd'], active: 'gone.mmd' }, [], files, isDiagram).active).toBe('b.mmd');
    expect(planSession({ tabs: [], active: null }, [], [file('notes.md'), ...files], isDiagram)).toEqual({
      tabs: [],
      active: 'a.mmd',
    });
  });

  it('lists a file once when it is both backed up and a session tab', () => {
    expect(planSession({ tabs: ['a.mmd'], active: null }, ['a.mmd'], files, isDiagram).tabs).toEqual([
      'a.mmd',
    ]);
  });
});

describe('TabSession', () => {
  const setUp = (storage = new MemoryStorage()) => {
    const tabs = new Store<{ path: string }[]>([]);
    return { tabs, storage, session: new TabSession(storage, tabs) };
  };

  it('remembers the open tabs and the active one per folder, for the next start', () => {
    const { tabs, storage, session } = setUp();
    expect(session.recall('/projects/a')).toEqual({ tabs: [], active: null });
    tabs.set([{ path: 'a.mmd' }, { path: 'b.mmd' }]);
    session.show('b.mmd', 'user');
    const next = setUp(storage).session;
    expect(next.recall('/projects/a')).toEqual({ tabs: ['a.mmd', 'b.mmd'], active: 'b.mmd' });
    expect(next.recall('/projects/other')).toEqual({ tabs: [], active: null });
  });

  it('keeps the saved session while it is being restored, and saves the restored one after', () => {
    const { tabs, storage, session } = setUp();
    storage.setItem('merrow.session:/f', JSON.stringify({ tabs: ['a.mmd', 'b.mmd'], active: 'b.mmd' }));
    session.restore(true);
    session.recall('/f');
    tabs.set([{ path: 'a.mmd' }]);
    expect(JSON.parse(storage.getItem('merrow.session:/f')!).tabs).toEqual(['a.mmd', 'b.mmd']);
    tabs.set([{ path: 'a.mmd' }, { path: 'b.mmd' }]);
    session.show('b.mmd', 'restore');
    session.restore(false);
    expect(JSON.parse(storage.getItem('merrow.session:/f')!)).toEqual({
      tabs: ['a.mmd', 'b.mmd'],
      active: 'b.mmd',
    });
  });

  it('leaves the file the user opened during the restore active', () => {
    const { session } = setUp();
    session.restore(true);
    session.recall('/f');
    session.show('clicked.mmd', 'user');
    session.show('restored.mmd', 'restore');
    session.restore(false);
    expect(session.active.get()).toBe('clicked.mmd');
  });

  it('remembers a file opened during the restore with the saved tabs, should the app quit before it ends', () => {
    const { tabs, storage, session } = setUp();
    storage.setItem('merrow.session:/f', JSON.stringify({ tabs: ['a.mmd'], active: 'a.mmd' }));
    session.restore(true);
    session.recall('/f');
    tabs.set([{ path: 'handed-over.mmd' }]);
    session.show('handed-over.mmd', 'user');
    // The restore never ends (the window closes first): the next start has both, the user's shown.
    expect(setUp(storage).session.recall('/f')).toEqual({
      tabs: ['a.mmd', 'handed-over.mmd'],
      active: 'handed-over.mmd',
    });
    const fresh = setUp();
    fresh.session.restore(true);
    fresh.session.recall('/new');
    fresh.tabs.set([{ path: 'other.mmd' }]);
    fresh.session.show('other.mmd', 'user');
    expect(setUp(fresh.storage).session.recall('/new')).toEqual({ tabs: ['other.mmd'], active: 'other.mmd' });
  });

  it('makes the neighbour active when the active tab closes, and follows a rename', () => {
    const { tabs, session } = setUp();
    session.recall('/f');
    tabs.set([{ path: 'a.mmd' }, { path: 'b.mmd' }, { path: 'c.mmd' }]);
    session.show('c.mmd', 'user');
    tabs.set([{ path: 'a.mmd' }, { path: 'b.mmd' }]);
    session.closed('c.mmd', 2);
    expect(session.active.get()).toBe('b.mmd');
    session.moved('b.mmd', 'docs/b.mmd');
    expect(session.active.get()).toBe('docs/b.mmd');
    tabs.set([]);
    session.closed('docs/b.mmd', 0);
    expect(session.active.get()).toBeNull();
  });

  it('starts empty from a damaged saved session', () => {
    const { storage, session } = setUp();
    storage.setItem('merrow.session:/f', '{"tabs": 3');
    expect(session.recall('/f')).toEqual({ tabs: [], active: null });
  });
});
