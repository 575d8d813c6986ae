import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineAssets } from '../../test/support/test-assets.ts';

const CLI = resolve(import.meta.dirname, 'merrow.ts');
const work = mkdtempSync(join(tmpdir(), 'merrow-export-'));
let assets: string;

beforeAll(async () => {
  assets = await engineAssets();
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string } = {},
): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? work,
    env: { ...process.env, MERROW_ENGINE_ASSETS: assets, ...options.env },
  });
  child.stdin!.end(options.stdin ?? '');
  return child;
}

function merrow(args: string[], options: Parameters<typeof start>[1] = {}): Promise<Run> {
  const child = start(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  return new Promise((res) => child.on('close', (code) => res({ code, stdout, stderr })));
}

function files(root: string, dir = ''): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(root, join(dir, e.name)) : [join(dir, e.name)],
  );
}

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const GOOD = 'flowchart TD\n  alpha[Alpha] --> beta[Beta]\n';

describe('merrow export', () => {
  it('exports a folder into a mirrored tree and exits 0', async () => {
    const src = join(work, 'tree');
    write(join(src, 'a.mmd'), GOOD);
    write(join(src, 'sub/b.mermaid'), 'sequenceDiagram\n  Alice->>Bob: Hello\n');
    write(join(src, 'notes.txt'), 'not a diagram');
    const run = await merrow(['export', src, '-o', join(work, 'tree-out')]);
    expect(run.stderr).toContain('exported 2 diagrams to SVG');
    expect(run.code).toBe(0);
    expect(files(join(work, 'tree-out')).sort()).toEqual(['a.svg', 'sub/b.svg']);
    expect(readFileSync(join(work, 'tree-out/sub/b.svg'), 'utf8')).toContain('Hello');
  });

  it('writes every good diagram, reports the bad one as file:line:col, and exits 1', async () => {
    const src = join(work, 'mixed');
    write(join(src, 'good.mmd'), GOOD);
    write(join(src, 'bad.mmd'), '---\ntitle: Bad\n---\nflowchart TD\n  a --> (\n');
    write(join(src, 'empty.mmd'), '');
    const run = await merrow(['export', src]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join('mixed', 'bad.mmd')}:5:9: the '(' opened here is never closed`);
    expect(run.stderr).toContain(`${join('mixed', 'empty.mmd')}:1:1: the file is empty`);
    expect(existsSync(join(src, 'good.svg'))).toBe(true);
    expect(existsSync(join(src, 'bad.svg'))).toBe(false);
  });

  it('exits 1 with a clear message for a missing input, 2 for a usage error', async () => {
    const missing = await merrow(['export', 'nope.mmd']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.mmd:1:1: no such file or folder');
    const usage = await merrow(['export', '--format', 'gif', 'x.mmd']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--format must be svg, png or pdf, not 'gif'");
    expect((await merrow(['export'])).code).toBe(2);
    expect((await merrow(['export', '--bogus', 'x.mmd'])).code).toBe(2);
  });

  it('refuses, as usage errors, option values it would otherwise ignore or misread', async () => {
    write(join(work, 'u.mmd'), GOOD);
    const cases: [string[], string][] = [
      [
        ['-o', 'u.sgv'],
        "-o u.sgv: Merrow writes .svg, .png and .pdf images, not .sgv; did you mean 'u.svg'?",
      ],
      [['-o', 'u.txt'], '-o u.txt: Merrow writes .svg, .png and .pdf images, not .txt'],
      [['-t', 'drak'], "not 'drak'; did you mean 'dark'?"],
      [['-b', 'url(http://example.com/x.png)'], '--background must be a colour'],
      [['-b', 'whte'], "not 'whte'; did you mean 'white'?"],
    ];
    for (const [args, message] of cases) {
      const run = await merrow(['export', 'u.mmd', ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
    }
    expect(existsSync(join(work, 'u.sgv'))).toBe(false);
    // A write that fails says why in words, not in an error code.
    write(join(work, 'a-file'), 'not a folder');
    const blocked = await merrow(['export', 'u.mmd', '-o', join('a-file', 'u.svg')]);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(`u.svg: a part of its path is a file, not a folder`);
    const good = await merrow([
      'export',
      'u.mmd',
      '-b',
      'rgb(248 248 248)',
      '-t',
      'forest',
      '-o',
      'u-ok.svg',
    ]);
    expect(good.code).toBe(0);
    const unknown = await merrow(['validate', 'u.mmd']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'validate'; did you mean 'merrow check'?");
  });

  it('says no browser was found and exits 1', async () => {
    write(join(work, 'nb.mmd'), GOOD);
    const run = await merrow(['export', 'nb.mmd'], {
      env: { MERROW_BROWSER: join(work, 'no-such-browser') },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`MERROW_BROWSER ${join(work, 'no-such-browser')}: no executable file there`);
  });

  it('reads stdin and writes stdout with -', async () => {
    const run = await merrow(['export', '-'], { stdin: GOOD });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^<svg[\s\S]*Alpha[\s\S]*<\/svg>$/);
  });

  it('writes a PNG at --scale 2 with the size of the SVG doubled', async () => {
    write(join(work, 'p.mmd'), GOOD);
    await merrow(['export', 'p.mmd', '-o', 'p1.svg']);
    const run = await merrow(['export', 'p.mmd', '-o', 'p2.png', '--scale', '2']);
    expect(run.stderr).toBe('p.mmd -> p2.png\n');
    expect(run.code).toBe(0);
    const svg = readFileSync(join(work, 'p1.svg'), 'utf8');
    const [, , w, h] = /viewBox="([^"]+)"/.exec(svg)![1]!.split(/\s+/).map(Number);
    const png = PNG.sync.read(readFileSync(join(work, 'p2.png')));
    expect(png.width).toBe(Math.ceil(w! * 2));
    expect(png.height).toBe(Math.ceil(h! * 2));
  });

  it('fails one PNG too large to capture at its scale, as file:line:col, and exports the others', async () => {
    const src = join(work, 'huge-scale');
    write(join(src, 'wide.mmd'), 'flowchart LR\n  a --> b --> c --> d --> e --> f\n');
    write(join(src, 'note.mmd'), 'flowchart TD\n  a\n');
    // 100 times the SVG's size: the one node fits, the six side by side pass 65 535 pixels.
    const run = await merrow(['export', src, '-f', 'png', '--scale', '100']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /wide\.mmd:1:1: the PNG would be \d+×\d+ pixels at scale 100, more than the browser can capture/,
    );
    expect(run.stderr).not.toContain('internal error');
    expect(existsSync(join(src, 'note.png'))).toBe(true);
    expect(existsSync(join(src, 'wide.png'))).toBe(false);
  });

  it("paints a PNG on its theme's background unless --background names another", async () => {
    const src = join(work, 'themes');
    write(join(src, 'dark.mmd'), `---\nconfig:\n  theme: dark\n---\n${GOOD}`);
    write(join(src, 'light.mmd'), GOOD);
    const corner = (dir: string, name: string) => [
      ...PNG.sync.read(readFileSync(join(work, dir, name))).data.subarray(0, 4),
    ];
    const runs = await Promise.all([
      merrow(['export', src, '-f', 'png', '-o', join(work, 'themed')]),
      merrow(['export', join(src, 'light.mmd'), '-t', 'dark', '-o', join(work, 'themed-flag.png')]),
      merrow(['export', src, '-f', 'png', '-b', 'transparent', '-o', join(work, 'themed-none')]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    // Mermaid's dark themes are drawn on #333: light lines and labels would vanish on white.
    expect(corner('themed', 'dark.png')).toEqual([0x33, 0x33, 0x33, 255]);
    expect(corner('themed', 'light.png')).toEqual([255, 255, 255, 255]);
    expect(corner('', 'themed-flag.png')).toEqual([0x33, 0x33, 0x33, 255]);
    expect(corner('themed-none', 'dark.png')[3]).toBe(0);
  });

  it('renders Markdown blocks to images and writes a rewritten copy with --rewrite-markdown', async () => {
    write(
      join(work, 'md/doc.md'),
      `# Doc\n\n\`\`\`mermaid\n${GOOD}\`\`\`\n\ntext\n\n\`\`\`mermaid\npie\n  "a" : 1\n\`\`\`\n`,
    );
    const run = await merrow(['export', 'md/doc.md', '-o', 'md-out', '--rewrite-markdown', '--json']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ ok: true, exported: 2, failed: 0 });
    expect(files(join(work, 'md-out')).sort()).toEqual(['doc-1.svg', 'doc-2.svg', 'doc.md']);
    expect(readFileSync(join(work, 'md-out/doc.md'), 'utf8')).toBe(
      '# Doc\n\n![diagram](doc-1.svg)\n\ntext\n\n![diagram](doc-2.svg)\n',
    );
  });

  it('never writes over one of its inputs: a rewritten Markdown copy onto its original', async () => {
    const original = `# Doc\n\n\`\`\`mermaid\n${GOOD}\`\`\`\n`;
    const doc = write(join(work, 'own/README.md'), original);
    for (const out of ['own', 'own/README.md']) {
      const run = await merrow(['export', 'own/README.md', '-o', out, '--rewrite-markdown']);
      expect(run.code, out).toBe(1);
      expect(run.stderr).toContain(
        'own/README.md:1:1: not rewritten: it would overwrite own/README.md, an input of this run; name another output with -o',
      );
      expect(readFileSync(doc, 'utf8')).toBe(original);
    }
  });

  it('says what is wrong when -o names the input file or another file (exit 2)', async () => {
    write(join(work, 'named/flow.mmd'), GOOD);
    write(join(work, 'named/notes.txt'), 'notes');
    const self = await merrow(['export', 'named/flow.mmd', '-o', 'named/flow.mmd']);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain(
      '-o named/flow.mmd is the input itself: name an image file (flow.svg, .png or .pdf) or a folder',
    );
    const other = await merrow(['export', 'named/flow.mmd', '-o', 'named/notes.txt']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('-o named/notes.txt is a file, not a folder');
    expect(other.stderr).not.toContain('EEXIST');
    expect(readFileSync(join(work, 'named/flow.mmd'), 'utf8')).toBe(GOOD);
  });

  it('reports a Markdown block error on the line of the Markdown file', async () => {
    write(join(work, 'md/broken.md'), '# Doc\n\nintro\n\n```mermaid\nflowchart TD\n  a --> (\n```\n');
    const run = await merrow(['export', 'md/broken.md', '-o', 'md-broken']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join('md', 'broken.md')}:7:9:`);
  });

  it('never leaves a half-written file when killed, nor replaces a good file by a broken one', async () => {
    const src = join(work, 'many');
    const big = (n: number) =>
      `flowchart LR\n${Array.from({ length: 60 }, (_, i) => `  n${n}_${i}[Node ${i}] --> n${n}_${i + 1}`).join('\n')}\n`;
    for (let i = 0; i < 30; i++) write(join(src, `d${String(i).padStart(2, '0')}.mmd`), big(i));
    const out = join(work, 'many-out');
    const good = write(join(out, 'd00.svg'), '<svg xmlns="http://www.w3.org/2000/svg">previous good</svg>');
    write(join(src, 'broken.mmd'), 'flowchart TD\n  a --> (\n');
    const previous = write(join(out, 'broken.svg'), '<svg xmlns="http://www.w3.org/2000/svg">keep me</svg>');

    const child = start(['export', src, '-o', out, '--quiet']);
    // Kill -9 as soon as some, but not all, outputs are written.
    await new Promise<void>((res) => {
      const poll = setInterval(() => {
        const svgs = readdirSync(out).filter((f) => f.endsWith('.svg'));
        if (svgs.length >= 5 || child.exitCode !== null) {
          clearInterval(poll);
          child.kill('SIGKILL');
          res();
        }
      }, 5);
    });
    await new Promise((res) => child.on('close', res));
    for (const f of readdirSync(out).filter((n) => n.endsWith('.svg'))) {
      const text = readFileSync(join(out, f), 'utf8');
      expect(text, f).toMatch(/^<svg[\s\S]*<\/svg>$/);
    }
    expect(readFileSync(previous, 'utf8')).toContain('keep me');
    expect(existsSync(good)).toBe(true);
    // The next run into the folder removes whatever temp file the kill left.
    await merrow(['export', join(src, 'd01.mmd'), '-o', out, '--quiet']);
    expect(readdirSync(out).filter((name) => name.endsWith('.merrow-tmp'))).toEqual([]);
  });
});
