import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DesktopBridge } from '../shared/api/desktop.ts';

vi.mock('electron', () => import('../test/support/fake-electron.ts'));

const fake = await import('../test/support/fake-electron.ts');
let bridge: DesktopBridge;
let exposures = 0;

beforeAll(async () => {
  fake.resetFake();
  await import('./preload.ts');
  const [name, exposed] = fake.contextBridge.exposeInMainWorld.mock.calls[0] as unknown as [
    string,
    DesktopBridge,
  ];
  expect(name).toBe('merrow');
  bridge = exposed;
  exposures = fake.contextBridge.exposeInMainWorld.mock.calls.length;
});

describe('preload bridge', () => {
  it('exposes purpose-built functions only, never ipcRenderer', () => {
    expect(exposures).toBe(1);
    expect(Object.keys(bridge).sort()).toEqual([
      'call',
      'chooseFolder',
      'on',
      'onCommand',
      'previewOrigin',
      'recentFolders',
      'reportCommands',
      'switchFolder',
    ]);
    for (const value of Object.values(bridge)) expect(value).not.toBe(fake.ipcRenderer);
    expect(bridge.previewOrigin).toBe('merrow-app://preview');
  });

  it('resolves a call with its result through the one call channel, naming its folder', async () => {
    fake.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: { mtimeMs: 5 } });
    const request = { method: 'file.write', args: { path: 'a.mmd', text: 'x' }, folder: 'f-1' } as const;
    await expect(bridge.call(request)).resolves.toEqual({ mtimeMs: 5 });
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith('merrow:call', request);
  });

  it('rejects a failed call with a plain {code, message}', async () => {
    fake.ipcRenderer.invoke.mockResolvedValueOnce({
      ok: false,
      error: { code: 'conflict', message: 'a.mmd changed' },
    });
    await expect(bridge.call({ method: 'file.read', args: { path: 'a.mmd' } })).rejects.toEqual({
      code: 'conflict',
      message: 'a.mmd changed',
    });
  });

  it('delivers events to their listeners until unsubscribed', () => {
    const listener = vi.fn();
    const off = bridge.on('file.changed', listener);
    const payload = { path: 'a.mmd', kind: 'changed', mtimeMs: 1 };
    fake.ipcRenderer.emit('merrow:event', {}, { event: 'file.changed', payload });
    fake.ipcRenderer.emit('merrow:event', {}, { event: 'git.changed', payload: {} });
    off();
    fake.ipcRenderer.emit('merrow:event', {}, { event: 'file.changed', payload });
    expect(listener).toHaveBeenCalledExactlyOnceWith(payload);
  });

  it('announces readiness once, on the first command subscription', () => {
    const first = vi.fn();
    bridge.onCommand(first);
    bridge.onCommand(vi.fn());
    expect(fake.ipcRenderer.send.mock.calls.filter(([channel]) => channel === 'merrow:ready')).toHaveLength(
      1,
    );
    fake.ipcRenderer.emit('merrow:command', {}, { type: 'file.open', path: 'a.mmd' });
    expect(first).toHaveBeenCalledWith({ type: 'file.open', path: 'a.mmd' });
  });

  it('reports the menu state and asks for folders on their own channels', async () => {
    bridge.reportCommands({ disabled: ['file.save'], checked: [] });
    expect(fake.ipcRenderer.send).toHaveBeenLastCalledWith('merrow:command-states', {
      disabled: ['file.save'],
      checked: [],
    });
    const offer = { ticket: 't', folder: '/x' };
    fake.ipcRenderer.invoke.mockResolvedValueOnce(offer);
    await expect(bridge.chooseFolder()).resolves.toEqual(offer);
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith('merrow:choose-folder');
    fake.ipcRenderer.invoke.mockResolvedValueOnce([offer]);
    await expect(bridge.recentFolders()).resolves.toEqual([offer]);
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith('merrow:recent-folders');
    fake.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true });
    await expect(bridge.switchFolder('t')).resolves.toEqual({ ok: true });
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith('merrow:switch-folder', 't');
  });
});
