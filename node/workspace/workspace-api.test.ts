import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, type ApiErrorCode } from '../../shared/api/contract.ts';
import { callApi } from '../api/call-api.ts';
import { type Api, createApi } from '../api/create-api.ts';

let base: string;
let root: string;
let outside: string;
let api: Api;
const trashed: string[] = [];

async function failsWith(promise: Promise<unknown>, code: ApiErrorCode): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe(code);
  return error as ApiError;
}

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'merrow-ws-'));
  root = join(base, 'diagrams');
  outside = join(base, 'outside');
  await mkdir(join(root, 'sub'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(root, 'flow.mmd'), 'flowchart LR\n  a --> b\n');
  await writeFile(join(outside, 'secret.mmd'), 'graph TD\n  secret\n');
  trashed.length = 0;
  api = createApi(root, {
    cacheDir: join(base, 'cache'),
    watch: false,
    trash: async (abs) => {
      trashed.push(abs);
      await rm(abs, { recursive: true });
    },
  });
});

afterEach(async () => {
  api.close();
  await rm(base, { recursive: true, force: true });
});

describe('listing', () => {
  it('lists diagrams, Markdown, Excalidraw files, images and folders, skipping .git and node_modules', async () => {
    const names = [
      'a.mermaid',
      'notes.md',
      'sketch.excalidraw',
      'sketch.excalidraw.json',
      'sketch.excalidraw.svg',
      'sketch.excalidraw.png',
      'sketch.excalidraw.md',
      'shapes.excalidrawlib',
      'out.svg',
      'out.png',
      'package.json',
      'script.ts',
    ];
    for (const name of names) await writeFile(join(root, name), 'x');
    await mkdir(join(root, '.git/objects'), { recursive: true });
    await writeFile(join(root, '.git/objects/x.mmd'), 'x');
    await mkdir(join(root, 'node_modules/pkg'), { recursive: true });
    await writeFile(join(root, 'node_modules/pkg/readme.md'), 'x');
    await writeFile(join(root, 'sub/deep.mmd'), 'x');

    const files = await api.handlers['workspace.list']({});
    const byPath = Object.fromEntries(files.map((f) => [f.path, f.kind]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        ...names.filter((n) => n !== 'package.json' && n !== 'script.ts'),
        'flow.mmd',
        'sub',
        'sub/deep.mmd',
      ].sort(),
    );
    expect(byPath['sketch.excalidraw.md']).toBe('excalidraw');
    expect(byPath['notes.md']).toBe('markdown');
    expect(byPath['out.svg']).toBe('image');
    expect(files.find((f) => f.path === 'sub')?.type).toBe('dir');
  });

  it('does not list a symlink that leads outside the folder', async () => {
    await symlink(join(outside, 'secret.mmd'), join(root, 'link.mmd'));
    await symlink(join(root, 'flow.mmd'), join(root, 'inside-link.mmd'));
    const paths = (await api.handlers['workspace.list']({})).map((f) => f.path);
    expect(paths).not.toContain('link.mmd');
    expect(paths).toContain('inside-link.mmd');
  });
});

describe('writing', () => {
  it('writes atomically, keeps the file mode and leaves no temp file behind', async () => {
    await chmod(join(root, 'flow.mmd'), 0o640);
    for (let i = 0; i < 20; i++)
      await api.handlers['file.write']({ path: 'flow.mmd', text: `flowchart LR\n  a --> b${i}\n` });
    expect(await readFile(join(root, 'flow.mmd'), 'utf8')).toBe('flowchart LR\n  a --> b19\n');
    expect((await stat(join(root, 'flow.mmd'))).mode & 0o777).toBe(0o640);
    expect((await readdir(root)).sort()).toEqual(['flow.mmd', 'sub']);
  });

  it('refuses a save over a file that changed on disk since it was read', async () => {
    const read = await api.handlers['file.read']({ path: 'flow.mmd' });
    const saved = await api.handlers['file.write']({
      path: 'flow.mmd',
      text: 'mine',
      expectedMtimeMs: read.mtimeMs,
    });
    await writeFile(join(root, 'flow.mmd'), 'theirs');
    await utimes(join(root, 'flow.mmd'), new Date(), new Date(Date.now() + 5000));
    const error = await failsWith(
      api.handlers['file.write']({ path: 'flow.mmd', text: 'mine again', expectedMtimeMs: saved.mtimeMs }),
      'conflict',
    );
    expect(error.message).toBe('flow.mmd: changed on disk since it was opened');
    expect(await readFile(join(root, 'flow.mmd'), 'utf8')).toBe('theirs');
  });

  it('reports a conflict when the file was deleted on disk', async () => {
    const read = await api.handlers['file.read']({ path: 'flow.mmd' });
    await rm(join(root, 'flow.mmd'));
    await failsWith(
      api.handlers['file.write']({ path: 'flow.mmd', text: 'x', expectedMtimeMs: read.mtimeMs }),
      'conflict',
    );
  });

  it('writes binary exports from base64', async () => {
    await api.handlers['file.writeBinary']({
      path: 'out.png',
      data: Buffer.from([137, 80, 78, 71]).toString('base64'),
    });
    expect([...(await readFile(join(root, 'out.png')))]).toEqual([137, 80, 78, 71]);
  });

  it('refuses to open a file that is not UTF-8, saying where, so that no save replaces its letters', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('flowchart LR\n  A[caf'),
      Buffer.from([0xe9]),
      Buffer.from(']\n'),
    ]);
    await writeFile(join(root, 'latin1.mmd'), latin1);
    const error = await failsWith(api.handlers['file.read']({ path: 'latin1.mmd' }), 'not-text');
    expect(error.message).toBe(
      'latin1.mmd:2:8: not UTF-8 text (byte 0xE9): save the file as UTF-8; Merrow opens UTF-8 files only',
    );
    expect(await readFile(join(root, 'latin1.mmd'))).toEqual(latin1);
    // Its bytes stay reachable as bytes.
    const raw = await api.handlers['file.readBinary']({ path: 'latin1.mmd' });
    expect(Buffer.from(raw.data, 'base64')).toEqual(latin1);
    // An image is no text to refuse: a drawing exported as PNG opens (and is read as bytes).
    await writeFile(join(root, 'sketch.excalidraw.png'), Buffer.from([137, 80, 78, 71, 0xe9, 0xff]));
    expect((await api.handlers['file.read']({ path: 'sketch.excalidraw.png' })).path).toBe(
      'sketch.excalidraw.png',
    );
  });

  it('refuses to open a file over 10 MB', async () => {
    await writeFile(join(root, 'huge.mmd'), Buffer.alloc(10 * 1024 * 1024 + 1, 'a'));
    await failsWith(api.handlers['file.read']({ path: 'huge.mmd' }), 'too-large');
    await failsWith(api.handlers['file.readBinary']({ path: 'huge.mmd' }), 'too-large');
  });

  it('reads binary files as base64, byte for byte, confined like text reads', async () => {
    const bytes = Buffer.from([137, 80, 78, 71, 0, 255, 10, 13]);
    await writeFile(join(root, 'drawing.excalidraw.png'), bytes);
    const read = await api.handlers['file.readBinary']({ path: 'drawing.excalidraw.png' });
    expect(Buffer.from(read.data, 'base64')).toEqual(bytes);
    expect(read.mtimeMs).toBe((await stat(join(root, 'drawing.excalidraw.png'))).mtimeMs);
    await failsWith(api.handlers['file.readBinary']({ path: 'sub' }), 'invalid-args');
    await failsWith(api.handlers['file.readBinary']({ path: '../outside/secret.mmd' }), 'outside-workspace');
    await symlink(join(outside, 'secret.mmd'), join(root, 'link.png'));
    await failsWith(api.handlers['file.readBinary']({ path: 'link.png' }), 'outside-workspace');
  });
});

describe('file operations', () => {
  it('creates a file in a new folder but never over an existing one', async () => {
    await api.handlers['file.create']({ path: 'new/dir/seq.mmd', text: 'sequenceDiagram\n' });
    expect(await readFile(join(root, 'new/dir/seq.mmd'), 'utf8')).toBe('sequenceDiagram\n');
    await failsWith(api.handlers['file.create']({ path: 'flow.mmd', text: '' }), 'exists');
    expect(await readFile(join(root, 'flow.mmd'), 'utf8')).toBe('flowchart LR\n  a --> b\n');
  });

  it('renames files and folders, refusing to replace an existing file', async () => {
    await writeFile(join(root, 'sub/x.mmd'), 'x');
    await api.handlers['file.rename']({ from: 'flow.mmd', to: 'sub/renamed.mmd' });
    expect(await readFile(join(root, 'sub/renamed.mmd'), 'utf8')).toContain('a --> b');
    await failsWith(api.handlers['file.rename']({ from: 'sub/renamed.mmd', to: 'sub/x.mmd' }), 'exists');
    await api.handlers['file.rename']({ from: 'sub', to: 'moved' });
    expect((await readdir(join(root, 'moved'))).sort()).toEqual(['renamed.mmd', 'x.mmd']);
    await failsWith(api.handlers['file.rename']({ from: 'moved', to: 'moved/inner' }), 'invalid-args');
    await failsWith(api.handlers['file.rename']({ from: 'nope.mmd', to: 'b.mmd' }), 'not-found');
  });

  it('duplicates beside the original with a free name, compound extensions kept', async () => {
    expect(await api.handlers['file.duplicate']({ path: 'flow.mmd' })).toEqual({ path: 'flow copy.mmd' });
    expect(await api.handlers['file.duplicate']({ path: 'flow.mmd' })).toEqual({ path: 'flow copy 2.mmd' });
    await writeFile(join(root, 'sub/s.excalidraw.json'), '{}');
    expect(await api.handlers['file.duplicate']({ path: 'sub/s.excalidraw.json' })).toEqual({
      path: 'sub/s copy.excalidraw.json',
    });
    expect(await readFile(join(root, 'flow copy 2.mmd'), 'utf8')).toBe('flowchart LR\n  a --> b\n');
  });

  it('deletes through the trash function it was given', async () => {
    await api.handlers['file.delete']({ path: 'flow.mmd' });
    expect(trashed).toEqual([join(api.root, 'flow.mmd')]);
    await failsWith(api.handlers['file.delete']({ path: 'flow.mmd' }), 'not-found');
  });

  it('deleting a symlink removes the link, not what it points to', async () => {
    await symlink(join(root, 'flow.mmd'), join(root, 'alias.mmd'));
    await api.handlers['file.delete']({ path: 'alias.mmd' });
    expect(await readFile(join(root, 'flow.mmd'), 'utf8')).toContain('a --> b');
  });
});

describe('confinement', () => {
  it.each([
    ['../outside/secret.mmd'],
    ['sub/../../outside/secret.mmd'],
    ['/etc/passwd'],
    ['C:/Windows/win.ini'],
    ['sub\\..\\..\\x'],
  ])('rejects %s', async (path) => {
    await failsWith(api.handlers['file.read']({ path }), 'outside-workspace');
    await failsWith(api.handlers['file.write']({ path, text: 'x' }), 'outside-workspace');
  });

  it('rejects reads and writes through a symlink that points outside', async () => {
    await symlink(join(outside, 'secret.mmd'), join(root, 'link.mmd'));
    await symlink(outside, join(root, 'linkdir'));
    await failsWith(api.handlers['file.read']({ path: 'link.mmd' }), 'outside-workspace');
    await failsWith(api.handlers['file.write']({ path: 'link.mmd', text: 'pwned' }), 'outside-workspace');
    await failsWith(api.handlers['file.create']({ path: 'linkdir/new.mmd' }), 'outside-workspace');
    await failsWith(
      api.handlers['file.rename']({ from: 'flow.mmd', to: 'linkdir/flow.mmd' }),
      'outside-workspace',
    );
    await failsWith(api.handlers['file.duplicate']({ path: 'link.mmd' }), 'outside-workspace');
    await failsWith(api.handlers['file.delete']({ path: 'linkdir/secret.mmd' }), 'outside-workspace');
    expect(await readFile(join(outside, 'secret.mmd'), 'utf8')).toBe('graph TD\n  secret\n');
    expect(await readdir(outside)).toEqual(['secret.mmd']);
  });

  it('rejects writing through a dangling symlink whose target is outside', async () => {
    await symlink(join(outside, 'not-yet.mmd'), join(root, 'dangling.mmd'));
    await failsWith(api.handlers['file.write']({ path: 'dangling.mmd', text: 'x' }), 'outside-workspace');
    expect(await readdir(outside)).toEqual(['secret.mmd']);
  });

  it('validates arguments of every call and rejects unknown methods', async () => {
    const refused = async (method: unknown, args: unknown, code: ApiErrorCode) =>
      expect(await callApi(api.handlers, method, args)).toMatchObject({ ok: false, error: { code } });
    await refused('file.read', { path: 42 }, 'invalid-args');
    await refused('file.read', { path: 'flow.mmd', extra: 1 }, 'invalid-args');
    await refused('file.write', { path: 'flow.mmd' }, 'invalid-args');
    await refused('__proto__', {}, 'invalid-args');
    await refused('shell.exec', {}, 'invalid-args');
    await refused('git.status', {}, 'unavailable');
  });

  it('never reveals absolute paths in error messages', async () => {
    const error = await failsWith(api.handlers['file.read']({ path: 'missing/x.mmd' }), 'not-found');
    expect(error.message).toBe('missing/x.mmd: no such file or folder');
  });
});

describe('config', () => {
  it('reads and writes the merrow.config.json the CLI reads', async () => {
    expect(await api.handlers['config.read']({})).toEqual({ config: {}, path: null, text: null });
    await api.handlers['config.write']({
      config: JSON.stringify({ theme: 'dark', look: 'handDrawn' }, null, 2),
    });
    expect(JSON.parse(await readFile(join(root, 'merrow.config.json'), 'utf8'))).toEqual({
      theme: 'dark',
      look: 'handDrawn',
    });
    expect(await api.handlers['config.read']({})).toEqual({
      config: { theme: 'dark', look: 'handDrawn' },
      path: 'merrow.config.json',
      text: `${JSON.stringify({ theme: 'dark', look: 'handDrawn' }, null, 2)}\n`,
    });
  });

  it('refuses to write a config that is not a JSON object, keeping the old one', async () => {
    await writeFile(join(root, 'merrow.config.json'), '{"theme":"forest"}\n');
    await failsWith(api.handlers['config.write']({ config: '{"theme": ' }), 'invalid-args');
    await failsWith(api.handlers['config.write']({ config: '[1]' }), 'invalid-args');
    expect(await readFile(join(root, 'merrow.config.json'), 'utf8')).toBe('{"theme":"forest"}\n');
  });
});
