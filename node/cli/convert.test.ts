import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, 'merrow.ts');

const SCENE = JSON.stringify({
  type: 'excalidraw',
  elements: [
    { id: 'a', type: 'rectangle', x: 0, y: 0, width: 100, height: 60 },
    { id: 'b', type: 'rectangle', x: 300, y: 0, width: 100, height: 60 },
    { id: 'ta', type: 'text', x: 0, y: 0, width: 10, height: 10, text: 'Web', containerId: 'a' },
    { id: 'tb', type: 'text', x: 0, y: 0, width: 10, height: 10, text: 'API', containerId: 'b' },
    {
      id: 'e',
      type: 'arrow',
      x: 104,
      y: 30,
      points: [
        [0, 0],
        [192, 0],
      ],
      startBinding: { elementId: 'a' },
      endBinding: { elementId: 'b' },
    },
  ],
});

async function merrow(cwd: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'convert', ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('merrow convert', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'merrow-convert-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the .mmd beside the input by default', async () => {
    await writeFile(join(dir, 'arch.excalidraw'), SCENE);
    const { code } = await merrow(dir, 'arch.excalidraw');
    expect(code).toBe(0);
    expect(await readFile(join(dir, 'arch.mmd'), 'utf8')).toContain('  n_a --> n_b\n');
  });

  it('reads a drawing from stdin with -, writes its diagram on stdout, and names <stdin> in errors', async () => {
    const piped = (input: string, ...args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
        const child = execFile(
          process.execPath,
          [CLI, 'convert', ...args],
          { cwd: dir },
          (error, stdout, stderr) =>
            done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
        child.stdin!.end(input);
      });
    const drawing = await piped(SCENE, '-');
    expect(drawing.code).toBe(0);
    expect(drawing.stdout).toContain('  n_a --> n_b\n');
    const broken = await piped('{"type": "excalidraw", "elements": [', '-');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^<stdin>:1:\d+: /);
    expect((await piped(SCENE, '-', 'other.excalidraw')).code).toBe(2);
    expect(await readdir(dir)).toEqual([]);
  });

  it('converts a folder into a mirrored tree, goes on past a bad file, and exits 1 naming it', async () => {
    await mkdir(join(dir, 'in/sub'), { recursive: true });
    await writeFile(join(dir, 'in/one.excalidraw'), SCENE);
    await writeFile(join(dir, 'in/sub/two.excalidraw.json'), SCENE);
    await writeFile(join(dir, 'in/sub/broken.excalidraw'), '{"type":"excalidraw",\n"elements": [,]}');
    const { code, stderr } = await merrow(dir, 'in', '-o', 'out', '--report', 'report.json', '-q');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^in\/sub\/broken\.excalidraw:2:14: invalid JSON/m);
    expect((await readdir(join(dir, 'out'), { recursive: true })).sort()).toEqual([
      'one.mmd',
      'sub',
      'sub/two.mmd',
    ]);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(report.files).toHaveLength(3);
    expect(
      report.files.find((f: { input: string }) => f.input === 'in/one.excalidraw').reports[0].converted,
    ).toMatchObject({
      nodes: 2,
      edges: 1,
    });
  });

  it('expands globs and writes to stdout with -o -, keeping the sketchy look on request', async () => {
    await writeFile(join(dir, 'x.json'), SCENE);
    const { code, stdout } = await merrow(dir, '*.json', '-o', '-', '--hand-drawn');
    expect(code).toBe(0);
    expect(stdout.startsWith('---\nconfig:\n  look: handDrawn\n---\n')).toBe(true);
  });

  it('names an icon by the name printed in its picture, unless told not to read pictures', async () => {
    const icon = await readFile(
      resolve(import.meta.dirname, '../../test/support/pictures/order-queue-icon.png'),
    );
    const scene = JSON.parse(SCENE) as { elements: object[]; files?: object };
    scene.elements.push(
      { id: 'q', type: 'image', x: 300, y: 200, width: 80, height: 75, fileId: 'icon' },
      {
        id: 'e2',
        type: 'arrow',
        x: 350,
        y: 64,
        points: [
          [0, 0],
          [0, 132],
        ],
        startBinding: { elementId: 'b' },
        endBinding: { elementId: 'q' },
      },
    );
    scene.files = {
      icon: { mimeType: 'image/png', dataURL: `data:image/png;base64,${icon.toString('base64')}` },
    };
    await writeFile(join(dir, 'queue.excalidraw'), JSON.stringify(scene));
    const read = await merrow(dir, 'queue.excalidraw', '-o', '-');
    expect(read.code).toBe(0);
    expect(read.stdout).toContain('n_q["Order Queue"]');
    expect(read.stdout).toContain('n_b --> n_q');
    expect(read.stdout).toContain('1 picture named by the words printed in it');
    const unread = await merrow(dir, 'queue.excalidraw', '-o', '-', '--no-read-pictures');
    expect(unread.stdout).not.toContain('Order Queue');
    expect(unread.stdout).toContain('n_b --> n_q');
  }, 60_000);

  it('exits 2 on a usage error and 1 on a missing input', async () => {
    expect((await merrow(dir)).code).toBe(2);
    expect((await merrow(dir, '--nope', 'x')).code).toBe(2);
    const missing = await merrow(dir, 'nothing.excalidraw');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nothing.excalidraw:1:1: no such file or folder');
  });

  it('leaves an existing output untouched when the input cannot be read', async () => {
    await writeFile(join(dir, 'a.excalidraw'), 'not json at all');
    await writeFile(join(dir, 'a.mmd'), 'flowchart TD\n  keep\n');
    expect((await merrow(dir, 'a.excalidraw')).code).toBe(1);
    expect(await readFile(join(dir, 'a.mmd'), 'utf8')).toBe('flowchart TD\n  keep\n');
    expect((await readdir(dir)).sort()).toEqual(['a.excalidraw', 'a.mmd']);
  });
});
