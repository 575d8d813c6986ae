import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BombFile, writeBombFiles } from '../support/bomb-files.ts';
import { runCli } from '../support/run-cli.ts';

const run = promisify(execFile);
const READER = resolve(import.meta.dirname, '../support/read-bomb.ts');

let base: string;
let bombs: BombFile[];

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'merrow-bombs-'));
  // 256 MB is enough here: the work done before a refusal does not grow with the bomb (bench/bombs.ts reads 2 GB ones).
  bombs = writeBombFiles(join(base, 'in'), 256);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('decompression and parse bombs', () => {
  it('are refused one after another within 300 MB, each with a one-line reason', async () => {
    const files = bombs.filter((b) => b.name !== 'good.excalidraw');
    const { stdout } = await run(process.execPath, [READER, ...files.map((b) => join(base, 'in', b.name))]);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    for (const [i, { what }] of files.entries()) {
      expect(lines[i].error, what).toMatch(
        /inflates past|decompression bomb|decompresses past|too large|memory to read|nested deeper/,
      );
      expect(lines[i].error).not.toContain('\n');
    }
    // The whole process, Node and its TypeScript loader included.
    expect(lines.at(-1).maxRssMb).toBeLessThan(300);
  });

  it('a folder run of merrow convert reports each in one line and converts the rest (exit 1)', async () => {
    const out = join(base, 'out');
    const result = await runCli(base, ['convert', 'in', 'in/source.png', '-o', out]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    for (const { name } of bombs.filter((b) => b.name !== 'good.excalidraw')) {
      expect(
        lines.filter((line) => line.startsWith(`in/${name}:1:1: `)),
        name,
      ).toHaveLength(1);
    }
    expect(result.stderr).not.toMatch(/internal error|\n\s+at |heap/i);
    expect(readFileSync(join(out, 'good.mmd'), 'utf8')).toContain('flowchart');
    expect(existsSync(join(out, 'objects.mmd'))).toBe(false);
  });
});
