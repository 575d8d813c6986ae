import { describe, expect, it } from 'vitest';
import { extractMermaidBlocks, rewriteMarkdown } from './markdown.ts';

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
