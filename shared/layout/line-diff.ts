/** What an edit changed, line by line: the figures a layout edit is judged by and the lines the editor highlights. */
export interface LineDiff {
  /** Lines of the old text no longer there. */
  removed: number;
  /** 0-based lines of the new text that are new (a changed line counts as one removed, one added). */
  added: number[];
  /**
   * The one range that covers every change: old lines [from, oldEnd) become new lines [from, newEnd).
   * Applied as a single replacement it is one undoable edit.
   */
  from: number;
  oldEnd: number;
  newEnd: number;
}

/** Largest window (old lines × new lines) compared line by line; a larger one counts as wholly changed. */
const MAX_CELLS = 4_000_000;

/** Compares two texts' lines: the common start and end are skipped, the middle aligned by a longest common subsequence. */
export function diffLines(before: readonly string[], after: readonly string[]): LineDiff {
  let from = 0;
  while (from < before.length && from < after.length && before[from] === after[from]) from++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > from && newEnd > from && before[oldEnd - 1] === after[newEnd - 1]) {
    oldEnd--;
    newEnd--;
  }
  const a = before.slice(from, oldEnd);
  const b = after.slice(from, newEnd);
  const range = (n: number, start: number) => Array.from({ length: n }, (_, i) => start + i);
  if (a.length * b.length > MAX_CELLS || a.length === 0 || b.length === 0) {
    return { removed: a.length, added: range(b.length, from), from, oldEnd, newEnd };
  }
  // lengths[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] =
        a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const added: number[] = [];
  let removed = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lengths[i]![j + 1]! >= lengths[i + 1]![j]!)) {
      added.push(from + j++);
    } else {
      removed++;
      i++;
    }
  }
  return { removed, added, from, oldEnd, newEnd };
}

/** Lines changed by an edit, as `git diff --numstat` counts them: removed plus added. */
export function changedLineCount(diff: LineDiff): number {
  return diff.removed + diff.added.length;
}
