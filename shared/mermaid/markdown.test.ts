import { describe, expect, it } from 'vitest';
import { extractMermaidBlocks, mermaidBlockAt, rewriteMarkdown } from './markdown.ts';

const DOC = [
  '# Title', // 1
  '', // 2
  '```mermaid', // 3
  'flowchart TD', // 4
  '  a --> b', // 5
  '```', // 6
  '', // 7
  '````md', // 8
  '```mermaid', // 9 (inside another fence: not a diagram)
  '````', // 10
  '~~~ mermaid', // 11
  'pie', // 12
  '~~~', // 13
  'end',
].join('\n');

describe('extractMermaidBlocks', () => {
  it('finds fenced mermaid blocks with the line of their first code line', () => {
    const blocks = extractMermaidBlocks(DOC);
    expect(blocks.map((b) => [b.code, b.line])).toEqual([
      ['flowchart TD\n  a --> b', 4],
      ['pie', 12],
    ]);
  });

  it('runs a fence never closed to the end of the file, as CommonMark and GitHub do', () => {
    const text = '# Notes\n\n```mermaid\nflowchart LR\n  A -->\n';
    expect(extractMermaidBlocks(text)).toEqual([
      { code: 'flowchart LR\n  A -->\n', line: 4, start: 9, end: text.length },
    ]);
  });
});

describe('rewriteMarkdown', () => {
  it('replaces each block by an image link and keeps everything else', () => {
    const blocks = extractMermaidBlocks(DOC);
    const out = rewriteMarkdown(DOC, blocks, ['doc-1.svg', 'doc-2.svg']);
    expect(out).toBe(
      [
        '# Title',
        '',
        '![diagram](doc-1.svg)',
        '',
        '````md',
        '```mermaid',
        '````',
        '![diagram](doc-2.svg)',
        'end',
      ].join('\n'),
    );
  });
});

describe('mermaidBlockAt', () => {
  const doc = [
    '# Notes', // 1
    '```mermaid', // 2
    'flowchart LR', // 3
    '  a --> b', // 4
    '```', // 5
    'Prose.', // 6
    '~~~mermaid', // 7
    'sequenceDiagram', // 8
    '~~~', // 9
  ].join('\n');

  it('picks the block under the cursor, fences included, with the lines before its code', () => {
    expect(mermaidBlockAt(doc, 4)).toEqual({
      text: 'flowchart LR\n  a --> b',
      lineOffset: 2,
      block: { index: 0, count: 2 },
    });
    expect(mermaidBlockAt(doc, 9)?.block).toEqual({ index: 1, count: 2 });
    expect(mermaidBlockAt(doc, 7)?.lineOffset).toBe(7);
  });

  it('keeps the block shown before while the cursor is in the prose, and has none without blocks', () => {
    expect(mermaidBlockAt(doc, 6, 1)?.block.index).toBe(1);
    expect(mermaidBlockAt(doc, 1)?.block.index).toBe(0);
    expect(mermaidBlockAt('# Just prose\n', 1)).toBeNull();
  });
});
