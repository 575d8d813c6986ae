import { describe, expect, it } from 'vitest';
import { changedLineCount, diffLines, textReplacement } from './line-diff.ts';

const lines = (s: string) => s.split('\n');

describe('diffLines', () => {
  it('counts a moved line as one removed and one added, and names the added line', () => {
    const diff = diffLines(lines('a\nb\nc\nd'), lines('a\nd\nb\nc'));
    expect(changedLineCount(diff)).toBe(2);
    expect(diff.added).toEqual([1]);
  });

  it('counts an inserted line once and gives the one range that covers the change', () => {
    const diff = diffLines(lines('h\nx\ny'), lines('h\nx\nnew\ny'));
    expect(changedLineCount(diff)).toBe(1);
    expect(diff).toMatchObject({ added: [2], removed: 0, from: 2, oldEnd: 2, newEnd: 3 });
  });

  it('finds nothing between equal texts', () => {
    expect(changedLineCount(diffLines(lines('a\nb'), lines('a\nb')))).toBe(0);
  });
});

describe('textReplacement', () => {
  const apply = (before: string, r: { start: number; end: number; text: string }) =>
    before.slice(0, r.start) + r.text + before.slice(r.end);

  it('replaces only the changed lines, whatever the line ends', () => {
    for (const [before, after] of [
      ['a\nb\nc\nd\n', 'a\nd\nb\nc\n'],
      ['a\r\nb\r\nc\r\n', 'a\r\nb\r\nx\r\nc\r\n'],
      ['a\nb', 'a\nb\nc'],
      ['x\ny\n', 'y\n'],
      ['same\n', 'same\n'],
    ] as const) {
      const r = textReplacement(before, after);
      expect(apply(before, r)).toBe(after);
    }
    expect(textReplacement('h\nx\ny\n', 'h\nx\nnew\ny\n')).toEqual({ start: 4, end: 4, text: 'new\n' });
  });
});
