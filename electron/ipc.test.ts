import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../test/support/fake-electron.ts'));

const fake = await import('../test/support/fake-electron.ts');
const { createApi } = await import('../node/api/create-api.ts');
const { handleCall, parseCommandStates, registerIpc } = await import('./ipc.ts');
type IpcWindow = import('./ipc.ts').IpcWindow;

let base: string;
let folder: string;
let api: ReturnType<typeof createApi>;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'merrow-ipc-'));
  folder = join(base, 'diagrams');
  await import('node:fs/promises').then((fs) => fs.mkdir(folder));
  await writeFile(join(folder, 'flow.mmd'), 'flowchart LR\n  a --> b\n');
  await writeFile(join(base, 'secret.txt'), 'not yours');
  await symlink(join(base, 'secret.txt'), join(folder, 'escape.mmd'));
  api = createApi(folder, { watch: false, cacheDir: join(base, 'cache') });
});
afterAll(async () => {
  api.close();
  await rm(base, { recursive: true, force: true });
});
beforeEach(() => fake.resetFake());

const OFFER = { ticket: 't-1', folder: '/home/ada/other' };

function windowWith(open: IpcWindow['api']): IpcWindow {
  return {
    api: open,
    chooseFolder: vi.fn(async () => OFFER),
    recentFolders: vi.fn(async () => [OFFER]),
    switchFolder: vi.fn(async () => ({ ok: true as const })),
    rendererReady: vi.fn(),
    commandStates: vi.fn(),
  };
}

/** A message from `contents`, sent by `frame` (its main frame unless told otherwise). */
function eventFrom(contents: InstanceType<typeof fake.FakeWebContents>, frame = contents.mainFrame) {
  return { sender: contents, senderFrame: frame } as never;
}

function setup() {
  const contents = new fake.FakeWebContents();
  const win = windowWith(api);
  const host = { windowOf: (sender: unknown) => (sender === contents ? win : undefined) };
  return { contents, win, host };
}

describe('handleCall', () => {
  it('runs a good call from the app window on the real workspace', async () => {
    const { contents, host } = setup();
    const write = await handleCall(
      eventFrom(contents),
      {
        method: 'file.write',
        args: { path: 'new.mmd', text: 'sequenceDiagram\n  A->>B: hi\n' },
        folder: api.folderId,
      },
      host,
    );
    expect(write.ok).toBe(true);
    expect(await readFile(join(folder, 'new.mmd'), 'utf8')).toBe('sequenceDiagram\n  A->>B: hi\n');
    const read = await handleCall(
      eventFrom(contents),
      { method: 'file.read', args: { path: 'flow.mmd' } },
      host,
    );
    expect(read).toMatchObject({ ok: true, result: { path: 'flow.mmd', text: 'flowchart LR\n  a --> b\n' } });
  });

  it('refuses a sender whose page is not the app origin', async () => {
    const { contents, host } = setup();
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'merrow-app://preview/preview.html']) {
      contents.mainFrame = new fake.FakeFrame(url);
      const reply = await handleCall(eventFrom(contents), { method: 'workspace.info', args: {} }, host);
      expect(reply).toEqual({
        ok: false,
        error: { code: 'unavailable', message: 'request refused: not sent by a Merrow window' },
      });
    }
  });

  it('refuses a subframe, even one on the app origin', async () => {
    const { contents, host } = setup();
    const sub = new fake.FakeFrame('merrow-app://app/index.html', contents.mainFrame);
    const reply = await handleCall(eventFrom(contents, sub), { method: 'workspace.info', args: {} }, host);
    expect(reply.ok).toBe(false);
  });

  it('refuses a webContents Merrow did not create, and a frame that is gone', async () => {
    const { host } = setup();
    const stranger = new fake.FakeWebContents();
    expect((await handleCall(eventFrom(stranger), { method: 'workspace.info' }, host)).ok).toBe(false);
    const { contents } = setup();
    expect(
      (await handleCall(eventFrom(contents, null as never), { method: 'workspace.info' }, host)).ok,
    ).toBe(false);
  });

  it('refuses unknown methods, including inherited property names', async () => {
    const { contents, host } = setup();
    for (const method of ['file.exec', '__proto__', 'constructor', 42, undefined]) {
      const reply = await handleCall(eventFrom(contents), { method, args: {} }, host);
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    }
    expect(await handleCall(eventFrom(contents), null, host)).toMatchObject({ ok: false });
  });

  it('refuses bad arguments with a message naming the field', async () => {
    const { contents, host } = setup();
    const wrongType = await handleCall(eventFrom(contents), { method: 'file.read', args: { path: 7 } }, host);
    expect(wrongType).toEqual({
      ok: false,
      error: { code: 'invalid-args', message: 'path: expected a non-empty path' },
    });
    const extra = await handleCall(
      eventFrom(contents),
      { method: 'file.read', args: { path: 'flow.mmd', encoding: 'latin1' } },
      host,
    );
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
  });

  it('refuses paths outside the opened folder, by name or through a symbolic link', async () => {
    const { contents, host } = setup();
    for (const path of ['../secret.txt', '/etc/passwd', 'C:/Windows/win.ini', 'a/../../secret.txt']) {
      const reply = await handleCall(eventFrom(contents), { method: 'file.read', args: { path } }, host);
      expect(reply).toMatchObject({ ok: false, error: { code: 'outside-workspace' } });
    }
    const link = await handleCall(
      eventFrom(contents),
      { method: 'file.read', args: { path: 'escape.mmd' } },
      host,
    );
    expect(link).toMatchObject({ ok: false, error: { code: 'outside-workspace' } });
    expect(JSON.stringify(link)).not.toContain('not yours');
  });

  it('answers a clean error value for a failing handler, without the absolute path', async () => {
    const { contents, host } = setup();
    const reply = await handleCall(
      eventFrom(contents),
      { method: 'file.read', args: { path: 'missing.mmd' } },
      host,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(JSON.stringify(reply)).not.toContain(base);
  });

  it('tells the page to open a folder when none is open', async () => {
    const contents = new fake.FakeWebContents();
    const host = { windowOf: () => windowWith(null) };
    const reply = await handleCall(eventFrom(contents), { method: 'workspace.info', args: {} }, host);
    expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('handleCall and a folder switch', () => {
  it('refuses a write that names no folder, or a folder the window has left, and writes nothing', async () => {
    const { contents, host } = setup();
    const write = (folder?: string) =>
      handleCall(
        eventFrom(contents),
        { method: 'file.write', args: { path: 'stale.mmd', text: 'x' }, ...(folder ? { folder } : {}) },
        host,
      );
    expect(await write()).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    expect(await write('an-earlier-opening')).toMatchObject({ ok: false, error: { code: 'folder-changed' } });
    await expect(readFile(join(folder, 'stale.mmd'))).rejects.toThrow();
    // A read may name no folder (the page's first workspace.info does not know it yet).
    expect(await handleCall(eventFrom(contents), { method: 'workspace.info', args: {} }, host)).toMatchObject(
      {
        ok: true,
        result: { folderId: api.folderId },
      },
    );
  });
});

describe('registerIpc', () => {
  it('installs one handler for the whole contract and checks the sender of every channel', async () => {
    const { contents, win, host } = setup();
    registerIpc(host);
    const call = fake.ipcMain.handlers.get('merrow:call')!;
    expect(
      await call(...([eventFrom(contents), { method: 'workspace.list', args: {} }] as never[])),
    ).toMatchObject({
      ok: true,
    });

    const foreign = new fake.FakeWebContents();
    foreign.mainFrame = new fake.FakeFrame('https://evil.example/');
    const choose = fake.ipcMain.handlers.get('merrow:choose-folder')!;
    expect(await choose(...([eventFrom(foreign)] as never[]))).toBeNull();
    expect(win.chooseFolder).not.toHaveBeenCalled();
    expect(await choose(...([eventFrom(contents)] as never[]))).toEqual(OFFER);

    const recent = fake.ipcMain.handlers.get('merrow:recent-folders')!;
    expect(await recent(...([eventFrom(foreign)] as never[]))).toEqual([]);
    expect(await recent(...([eventFrom(contents)] as never[]))).toEqual([OFFER]);

    const switchTo = fake.ipcMain.handlers.get('merrow:switch-folder')!;
    expect(await switchTo(...([eventFrom(foreign), 't-1'] as never[]))).toMatchObject({ ok: false });
    expect(await switchTo(...([eventFrom(contents), { ticket: 't-1' }] as never[]))).toMatchObject({
      ok: false,
    });
    expect(await switchTo(...([eventFrom(contents), 'x'.repeat(500)] as never[]))).toMatchObject({
      ok: false,
    });
    expect(win.switchFolder).not.toHaveBeenCalled();
    expect(await switchTo(...([eventFrom(contents), 't-1'] as never[]))).toEqual({ ok: true });
    expect(win.switchFolder).toHaveBeenCalledWith('t-1');

    const states = fake.ipcMain.listeners.get('merrow:command-states')!;
    states(...([eventFrom(foreign), { disabled: ['file.save'], checked: [] }] as never[]));
    expect(win.commandStates).not.toHaveBeenCalled();
    states(...([eventFrom(contents), { disabled: ['file.save'], checked: ['theme.dark'] }] as never[]));
    expect(win.commandStates).toHaveBeenCalledWith({ disabled: ['file.save'], checked: ['theme.dark'] });

    fake.ipcMain.listeners.get('merrow:ready')!(...([eventFrom(contents)] as never[]));
    expect(win.rendererReady).toHaveBeenCalledOnce();
  });
});

describe('parseCommandStates', () => {
  it('keeps lists of known command ids', () => {
    expect(parseCommandStates({ disabled: ['file.save'], checked: ['file.autosave'] })).toEqual({
      disabled: ['file.save'],
      checked: ['file.autosave'],
    });
  });

  it('drops anything else: unknown ids, inherited names, lists that are not lists', () => {
    expect(parseCommandStates({ disabled: ['file.exec'], checked: [] })).toBeNull();
    expect(parseCommandStates({ disabled: ['__proto__'], checked: [] })).toBeNull();
    expect(parseCommandStates({ disabled: 'file.save', checked: [] })).toBeNull();
    expect(parseCommandStates({ disabled: [] })).toBeNull();
    expect(parseCommandStates(null)).toBeNull();
  });
});
