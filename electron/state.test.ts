import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_STATE, loadState, parseState, StateStore, saveState, visibleBounds } from './state.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'merrow-state-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('parseState', () => {
  it('restores every field of a good state file', () => {
    const state = {
      bounds: { x: 10, y: 20, width: 1200, height: 800 },
      maximized: true,
      folder: '/home/ada/diagrams',
      theme: 'dark',
    };
    expect(parseState(JSON.stringify(state))).toEqual(state);
    // Tabs of an older version are the page's now, with its unsaved work: dropped.
    expect(parseState(JSON.stringify({ ...state, tabs: ['flow.mmd'], activeTab: 'flow.mmd' }))).toEqual(
      state,
    );
  });

  it('falls back to the defaults for a corrupt file', () => {
    expect(parseState('{"bounds": {"x"')).toEqual(DEFAULT_STATE);
    expect(parseState('[1,2]')).toEqual(DEFAULT_STATE);
    expect(parseState('null')).toEqual(DEFAULT_STATE);
  });

  it('drops malformed fields one by one', () => {
    const state = parseState(
      JSON.stringify({
        bounds: { x: 0, y: 0, width: 'wide', height: 800 },
        folder: 'relative/folder',
        theme: 'neon',
        maximized: 'yes',
      }),
    );
    expect(state).toEqual(DEFAULT_STATE);
  });

  it('ignores a window too small to use', () => {
    expect(parseState(JSON.stringify({ bounds: { x: 0, y: 0, width: 20, height: 20 } })).bounds).toBeNull();
  });
});

describe('saveState and loadState', () => {
  it('round-trips through the file and leaves no temp file behind', async () => {
    const file = join(dir, 'nested', 'window-state.json');
    const state = { ...DEFAULT_STATE, folder: '/srv/diagrams', maximized: true };
    saveState(file, state);
    expect(await loadState(file)).toEqual(state);
    expect(await readdir(join(dir, 'nested'))).toEqual(['window-state.json']);
  });

  it('gives the defaults when the file is missing', async () => {
    expect(await loadState(join(dir, 'none.json'))).toEqual(DEFAULT_STATE);
  });

  it('keeps the previous file when a write is interrupted before the rename', async () => {
    const file = join(dir, 'window-state.json');
    saveState(file, { ...DEFAULT_STATE, folder: '/first' });
    await writeFile(`${file}.999.tmp`, '{"folder": "/half');
    expect((await loadState(file)).folder).toBe('/first');
  });
});

describe('StateStore', () => {
  it('writes changes shortly after they happen and at once on flush', async () => {
    vi.useFakeTimers();
    try {
      const file = join(dir, 'window-state.json');
      const store = new StateStore(file, { ...DEFAULT_STATE });
      store.update({ folder: '/a' });
      store.update({ maximized: true });
      await expect(readFile(file, 'utf8')).rejects.toThrow();
      vi.advanceTimersByTime(400);
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ folder: '/a', maximized: true });
      store.update({ theme: 'light' });
      store.flush();
      expect(JSON.parse(await readFile(file, 'utf8')).theme).toBe('light');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('visibleBounds', () => {
  const screens = [
    { x: 0, y: 0, width: 1920, height: 1080 },
    { x: 1920, y: 0, width: 1280, height: 1024 },
  ];

  it('keeps a window that is on a display', () => {
    const onSecond = { x: 2000, y: 100, width: 1000, height: 700 };
    expect(visibleBounds(onSecond, screens)).toEqual(onSecond);
  });

  it('drops a window left on a display that was unplugged', () => {
    expect(visibleBounds({ x: 3400, y: 100, width: 1000, height: 700 }, screens)).toBeNull();
    expect(visibleBounds({ x: 100, y: -900, width: 1000, height: 700 }, screens)).toBeNull();
  });

  it('keeps a window that hangs partly off screen but can still be grabbed', () => {
    const partly = { x: -600, y: 50, width: 1000, height: 700 };
    expect(visibleBounds(partly, screens)).toEqual(partly);
  });
});
