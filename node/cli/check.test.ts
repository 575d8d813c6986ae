import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  // A YAML mistake on the file's line 5 (the key is indented deeper than its siblings).
  writeFileSync(
    join(work, 'yaml.mmd'),
    '---\ntitle: Flow\nconfig:\n  theme: dark\n     look: neo\n---\nflowchart TD\n  a --> b\n',
  );
  // A docs folder: a diagram file and a Markdown file whose second block is broken.
  mkdirSync(join(work, 'docs/guide'), { recursive: true });
  writeFileSync(join(work, 'docs/overview.mmd'), 'sequenceDiagram\n  A->>B: hi\n');
  writeFileSync(
    join(work, 'docs/guide/setup.md'),
    [
      '# Setup', // 1
      '', // 2
      '```mermaid', // 3
      'flowchart LR', // 4
      '  a --> b', // 5
      '```', // 6
      '', // 7
      '```mermaid', // 8
      '---', // 9
      'config:', // 10
      '  theme: [dark', // 11
      '---', // 12
      'flowchart LR', // 13
      '  c --> d', // 14
      '```', // 15
      '',
    ].join('\n'),
  );
  writeFileSync(join(work, 'docs/guide/notes.md'), '# Notes without diagrams\n');
  // Mermaid's gitGraph refuses this by itself (no position, not a mistake Merrow explains yet).
  writeFileSync(join(work, 'cherry.mmd'), 'gitGraph\n  commit\n  cherry-pick id: "nope"\n');
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function check(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'check', ...args], {
    cwd: work,
    env: { ...process.env, MERROW_ENGINE_ASSETS: assets, ...env },
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
    expect(lines[0]).toBe("flow.mmd:7:9: the '(' opened here is never closed; end the label with ')'");
    expect(lines[1]).toBe("pie.mmd:5:10: a slice needs ':' between its label and its value");
  });

  it('prints GitHub Actions annotations with --format github', async () => {
    const run = await check(['--format', 'github', 'flow.mmd']);
    expect(run.stdout).toMatch(/^::error file=flow\.mmd,line=7,col=9::the '\(' opened here is never closed/);
  });

  it("prints mermaid's own message under its words with --mermaid-messages", async () => {
    const run = await check(['--mermaid-messages', 'flow.mmd']);
    expect(run.stdout.split('\n')).toEqual([
      "flow.mmd:7:9: the '(' opened here is never closed; end the label with ')'",
      expect.stringMatching(/^ {4}mermaid: Expecting 'AMP', .*, got 'PS'$/),
      '',
    ]);
    const github = await check(['--format', 'github', '--mermaid-messages', 'flow.mmd']);
    expect(github.stdout).toMatch(/end the label with '\)'%0Amermaid: Expecting 'AMP'/);
  });

  it('exits 0 when every diagram is valid, and 2 on a usage error', async () => {
    const ok = await check(['ok.mmd']);
    expect(ok).toMatchObject({ code: 0, stdout: '' });
    expect(ok.stderr).toBe('1 diagram OK\n');
    expect((await check(['--format', 'xml', 'ok.mmd'])).code).toBe(2);
  });

  it('refuses a file that is not UTF-8 at its first such byte, instead of checking replacement characters', async () => {
    writeFileSync(join(work, 'latin1.mmd'), Buffer.from('flowchart LR\n  A[caf\xe9] --> B\n', 'latin1'));
    const run = await check(['latin1.mmd', 'ok.mmd']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('latin1.mmd:2:8: not UTF-8 text (byte 0xE9): save the file as UTF-8\n');
  });

  it('reports a YAML mistake in the frontmatter at its line and column in the file, in the YAML parser’s words', async () => {
    const run = await check(['yaml.mmd']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'yaml.mmd:5:10: the frontmatter is not valid YAML: bad indentation of a mapping entry\n',
    );
  });

  it('checks the Markdown files of a folder too, at the lines of their blocks', async () => {
    const run = await check(['docs']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'docs/guide/setup.md:11:15: the frontmatter is not valid YAML: unexpected end of the stream within a flow collection\n',
    );
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toBe('1 of 3 inputs with problems\n');
  });

  it('starts no browser for diagrams mermaid parses in Node', async () => {
    const run = await check(['ok.mmd', 'flow.mmd', 'pie.mmd', 'docs'], {
      MERROW_BROWSER: join(work, 'no-such-browser'),
    });
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split('\n')).toHaveLength(3);
    expect(run.stderr).toBe('3 of 6 inputs with problems\n');
  });

  it('asks a browser only about a diagram mermaid fails on by itself, and keeps Node’s answer without one', async () => {
    const message =
      /^cherry\.mmd:1:1: mermaid could not render this diagram \(Incorrect usage of "cherryPick"/;
    const confirmed = await check(['cherry.mmd', 'ok.mmd']);
    expect(confirmed.code).toBe(1);
    expect(confirmed.stdout).toMatch(message);
    expect(confirmed.stderr).toBe('1 of 2 inputs with problems\n');
    const unconfirmed = await check(['cherry.mmd', 'ok.mmd'], {
      MERROW_BROWSER: join(work, 'no-such-browser'),
    });
    expect(unconfirmed.stdout).toBe(confirmed.stdout);
    expect(unconfirmed.stderr).toMatch(
      /^merrow check: 1 diagram not confirmed in a browser \(MERROW_BROWSER /,
    );
  });
});
