import { describe, expect, it } from 'vitest';
import { changedLineCount, diffLines } from './line-diff.ts';

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
