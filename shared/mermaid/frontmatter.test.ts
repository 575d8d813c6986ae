import { describe, expect, it } from 'vitest';
import {
  frontmatterYamlLines,
  mermaidParsedText,
  sourceLineMapper,
  splitFrontmatter,
} from './frontmatter.ts';

describe('splitFrontmatter', () => {
  it('returns the YAML and the line where the body starts', () => {
    const split = splitFrontmatter('---\ntitle: A\nconfig:\n  theme: dark\n---\nflowchart TD\n  a --> b\n');
    expect(split.yaml).toBe('title: A\nconfig:\n  theme: dark');
    expect(split.body).toBe('flowchart TD\n  a --> b\n');
    expect(split.bodyLineOffset).toBe(5);
  });

  it('leaves text without frontmatter alone', () => {
    expect(splitFrontmatter('flowchart TD\n')).toEqual({
      yaml: undefined,
      body: 'flowchart TD\n',
      bodyLineOffset: 0,
    });
  });
});

describe('frontmatterYamlLines', () => {
  it('gives the file lines of the YAML, after blank lines at its start, and the fences’ indentation', () => {
    expect(frontmatterYamlLines('---\n\ntitle: A\nconfig: {}\n---\npie\n')).toEqual({
      first: 3,
      last: 4,
      indent: '',
    });
    expect(frontmatterYamlLines('  ---\n  title: A\n  ---\npie\n')).toEqual({
      first: 2,
      last: 2,
      indent: '  ',
    });
    expect(frontmatterYamlLines('pie\n')).toBeUndefined();
  });
});

describe('sourceLineMapper', () => {
  it('maps parsed lines back over frontmatter, comments, directives and leading blank lines', () => {
    const text = [
      '---', // 1
      'title: x', // 2
      '---', // 3
      '', // 4
      '%% a comment', // 5
      '%%{init: {"theme": "dark"}}%%', // 6
      'flowchart TD', // 7
      '  %% another', // 8
      '  a --> b', // 9
      '  b --> (', // 10
    ].join('\n');
    expect(mermaidParsedText(text).split('\n')).toEqual(['flowchart TD', '  a --> b', '  b --> (']);
    const toFile = sourceLineMapper(text);
    expect([1, 2, 3].map((line) => toFile(line).line)).toEqual([7, 9, 10]);
  });

  it('reports the column shift of a first line whose indentation mermaid trimmed', () => {
    const toFile = sourceLineMapper('   pie\n  "a" : 1\n');
    expect(toFile(1)).toEqual({ line: 1, columnShift: 3 });
    expect(toFile(2)).toEqual({ line: 2, columnShift: 0 });
  });
});
