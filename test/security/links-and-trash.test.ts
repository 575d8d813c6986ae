import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../../node/api/call-api.ts';
import { type AttackGround, attackGround } from './fixture.ts';

let ground: AttackGround;

beforeEach(() => {
  ground = attackGround('docs');
});
afterEach(() => ground.close());

describe('symbolic links that point outside the folder', () => {
  it('are renamed and deleted as links, leaving what they point to alone', async () => {
    symlinkSync(join(ground.outside, 'secret.mmd'), join(ground.opened, 'out.mmd'));
    symlinkSync(ground.outside, join(ground.opened, 'out-folder.mmd'));
    const before = ground.untouchable();
    const { handlers } = ground.api;
    await handlers['file.rename']({ from: 'out.mmd', to: 'sub/moved.mmd' });
    expect(readlinkSync(join(ground.opened, 'sub/moved.mmd'))).toBe(join(ground.outside, 'secret.mmd'));
    await handlers['file.delete']({ path: 'sub/moved.mmd' });
    await handlers['file.delete']({ path: 'out-folder.mmd' });
    expect(existsSync(join(ground.opened, 'sub/moved.mmd'))).toBe(false);
    expect(existsSync(join(ground.opened, 'out-folder.mmd'))).toBe(false);
    // The links themselves are in the trash; the files they pointed to are where they were.
    expect(
      readdirSync(ground.trash).every((name) => lstatSync(join(ground.trash, name)).isSymbolicLink()),
    ).toBe(true);
    expect(ground.untouchable()).toBe(before);
    // Still never read, written or listed through.
    symlinkSync(ground.outside, join(ground.opened, 'again'));
    for (const [method, args] of [
      ['file.read', { path: 'again/secret.mmd' }],
      ['file.write', { path: 'again/new.mmd', text: 'x' }],
      ['file.delete', { path: 'again/secret.mmd' }],
      ['file.rename', { from: 'again/secret.mmd', to: 'stolen.mmd' }],
      ['file.duplicate', { path: 'again' }],
    ] as const) {
      expect(await callApi(handlers, method, args), method).toMatchObject({
        ok: false,
        error: { code: 'outside-workspace' },
      });
    }
    expect(ground.untouchable()).toBe(before);
  });

  it('cannot be swapped in for a folder while another call writes into it', async () => {
    // A rename may move a link that points outside (it is the link that moves). Writes that
    // resolved `dir.md/` as a folder just before must not then write through the link that took
    // its place: without the path lock, every one of these rounds wrote outside.
    const { handlers } = ground.api;
    for (let round = 0; round < 10; round++) {
      mkdirSync(join(ground.opened, 'dir.md'));
      symlinkSync(ground.outside, join(ground.opened, `out-${round}.mmd`));
      const swap = handlers['file.rename']({ from: 'dir.md', to: `gone-${round}.md` }).then(() =>
        handlers['file.rename']({ from: `out-${round}.mmd`, to: 'dir.md' }),
      );
      const writes: Promise<unknown>[] = [];
      for (let i = 0; i < 40; i++) {
        writes.push(handlers['file.write']({ path: 'dir.md/x.mmd', text: 'written' }).catch(() => {}));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all([swap, ...writes]);
      expect(existsSync(join(ground.outside, 'x.mmd')), `round ${round}`).toBe(false);
      rmSync(join(ground.opened, 'dir.md'), { recursive: true, force: true });
    }
  });
});

describe('hard links to a file outside the folder', () => {
  it('are replaced by a write, never written through', async () => {
    linkSync(join(ground.outside, 'secret.mmd'), join(ground.opened, 'hard.mmd'));
    const before = ground.untouchable();
    await ground.api.handlers['file.write']({ path: 'hard.mmd', text: 'flowchart LR\n  mine\n' });
    expect(readFileSync(join(ground.opened, 'hard.mmd'), 'utf8')).toBe('flowchart LR\n  mine\n');
    expect(readFileSync(join(ground.outside, 'secret.mmd'), 'utf8')).toContain('SECRET-OUTSIDE');
    expect(ground.untouchable()).toBe(before);
  });
});

describe("Merrow's trash", () => {
  it('keeps two files of one name deleted at the same moment', async () => {
    // Named by the millisecond alone, the second of each pair replaced the first in the trash
    // (40 of 100 files were lost in a run of this test before the fix).
    const { handlers } = ground.api;
    for (let pair = 0; pair < 20; pair++) {
      await handlers['file.create']({ path: `a${pair}/same.mmd`, text: `first ${pair}` });
      await handlers['file.create']({ path: `b${pair}/same.mmd`, text: `second ${pair}` });
      await Promise.all([
        handlers['file.delete']({ path: `a${pair}/same.mmd` }),
        handlers['file.delete']({ path: `b${pair}/same.mmd` }),
      ]);
    }
    const kept = readdirSync(ground.trash).map((name) => readFileSync(join(ground.trash, name), 'utf8'));
    expect(kept).toHaveLength(40);
  });

  it('is out of reach of the API, as are the backups, even when the opened folder holds them', async () => {
    // A user opening their home folder opens Merrow's cache with it.
    const { createApi } = await import('../../node/api/create-api.ts');
    const cache = join(ground.opened, 'cache');
    const api = createApi(ground.opened, { cacheDir: cache, watch: false });
    try {
      await api.handlers['backup.write']({ path: 'flow.mmd', text: 'unsaved work' });
      await api.handlers['file.delete']({ path: 'untracked.mmd' });
      for (const [method, args] of [
        ['file.read', { path: 'cache/trash' }],
        ['file.delete', { path: 'cache' }],
        ['file.rename', { from: 'cache', to: 'elsewhere' }],
        ['file.write', { path: 'cache/backups/x.md', text: 'x' }],
      ] as const) {
        expect(await callApi(api.handlers, method, args), method).toMatchObject({ ok: false });
      }
      expect((await api.handlers['backup.list']({})).map((b) => b.text)).toEqual(['unsaved work']);
      expect((await api.handlers['workspace.list']({})).some((e) => e.path.startsWith('cache'))).toBe(false);
    } finally {
      api.close();
    }
  });
});
