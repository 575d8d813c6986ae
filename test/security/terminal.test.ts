import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeControl } from '../../shared/text/escape.ts';
import { runCli } from '../support/run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'merrow-terminal-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('text from the input never reaches the terminal raw', () => {
  it('escapes control characters of file names and labels in every message', async () => {
    // A title change, a screen clear, a forged second line and a right-to-left override.
    const name = 'x\u001b]0;pwned\u0007\u001b[2J\nfake.mmd:1:1: ok \u202e.excalidraw';
    writeFileSync(join(work, name), '{"type":"excalidraw","elements":[{"id":"a","type":"text\u001b[31m"}]');
    writeFileSync(join(work, 'label.excalidraw'), JSON.stringify({ type: '\u001b[2J' }));
    const run = await runCli(work, ['convert', name, 'label.excalidraw']);
    expect(run.code).toBe(1);
    expect(escapeControl(run.stderr, { keepNewlines: true })).toBe(run.stderr);
    expect(run.stderr).toContain('x\\x1b]0;pwned\\x07\\x1b[2J\\x0afake.mmd:1:1: ok \\u202e.excalidraw:');
    expect(run.stderr.split('\n').filter((line) => line.startsWith('fake.mmd'))).toEqual([]);
    expect(run.stderr).toContain('label.excalidraw:1:1: not an Excalidraw scene: type "\\x1b[2J"');
  });
});
