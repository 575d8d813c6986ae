import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineAssets } from '../../test/support/test-assets.ts';

const CLI = resolve(import.meta.dirname, 'merrow.ts');
const work = mkdtempSync(join(tmpdir(), 'merrow-check-'));
let assets: string;

beforeAll(async () => {
  assets = await engineAssets();
  writeFileSync(join(work, 'ok.mmd'), 'flowchart TD\n  a --> b\n');
  // Jison grammar (flowchart): the error is on the file's line 7, after frontmatter and a comment.
  writeFileSync(
    join(work, 'flow.mmd'),
    '---\ntitle: Flow\nconfig:\n  theme: dark\n---\nflowchart TD\n  a --> (\n',
  );
  // Langium grammar (pie): mermaid counts lines after the frontmatter; the file's line is 5.
  writeFileSync(join(work, 'pie.mmd'), '---\ntitle: Pets\n---\npie\n  "Dogs" 3\n');
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function check(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'check', ...args], {
    cwd: work,
    env: { ...process.env, MERROW_ENGINE_ASSETS: assets },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((res) => child.on('close', (code) => res({ code, stdout, stderr })));
}

describe('merrow check', () => {
  it('prints file:line:col with the file’s own lines for jison and langium grammars, and exits 1', async () => {
    const run = await check(['ok.mmd', 'flow.mmd', 'pie.mmd']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^flow\.mmd:7:9: syntax error: expecting .*got 'PS'$/);
    expect(lines[1]).toMatch(/^pie\.mmd:5:10: syntax error: /);
  });

  it('prints GitHub Actions annotations with --format github', async () => {
    const run = await check(['--format', 'github', 'flow.mmd']);
    expect(run.stdout).toMatch(/^::error file=flow\.mmd,line=7,col=9::syntax error/);
  });

  it('exits 0 when every diagram is valid, and 2 on a usage error', async () => {
    const ok = await check(['ok.mmd']);
    expect(ok).toMatchObject({ code: 0, stdout: '' });
    expect(ok.stderr).toBe('1 diagram OK\n');
    expect((await check(['--format', 'xml', 'ok.mmd'])).code).toBe(2);
  });
});
