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

/**
 * The one replacement that turns `before` into `after`, in characters of `before`: the changed
 * lines and nothing around them, so that an editor applies it as a single undoable edit.
 */
export function textReplacement(before: string, after: string): { start: number; end: number; text: string } {
  if (before === after) return { start: 0, end: 0, text: '' };
  const eol = before.includes('\r\n') ? '\r\n' : '\n';
  const a = before.split(eol);
  const b = after.split(eol);
  const diff = diffLines(a, b);
  const offset = (lines: string[], n: number) =>
    lines.slice(0, n).reduce((sum, l) => sum + l.length + eol.length, 0);
  if (diff.from === a.length) {
    // Lines added after a last line without a line break: the break goes before them.
    return { start: before.length, end: before.length, text: `${eol}${b.slice(diff.from).join(eol)}` };
  }
  const start = offset(a, diff.from);
  const end = diff.oldEnd === a.length ? before.length : offset(a, diff.oldEnd);
  const newStart = offset(b, diff.from);
  const newEnd = diff.newEnd === b.length ? after.length : offset(b, diff.newEnd);
  return { start, end, text: after.slice(newStart, newEnd) };
}
