import { describe, expect, it } from 'vitest';
import { diffDiagrams } from '../../shared/diff/diagram-diff.ts';
import { branchLabel, changedFolders, commitDate, diffCounts, groupChanges, subject } from './changes.ts';

describe('groupChanges', () => {
  it('lists a file staged and edited again under both staged and unstaged, conflicts apart', () => {
    const groups = groupChanges([
      { path: 'b.mmd', state: 'modified', staged: true, unstaged: true },
      { path: 'a.mmd', state: 'added', staged: true, unstaged: false },
      { path: 'new.mmd', state: 'untracked', staged: false, unstaged: true },
      { path: 'both.mmd', state: 'conflicted', staged: false, unstaged: true },
    ]);
    expect(groups.conflicted.map((f) => f.path)).toEqual(['both.mmd']);
    expect(groups.staged.map((f) => f.path)).toEqual(['a.mmd', 'b.mmd']);
    expect(groups.unstaged.map((f) => f.path)).toEqual(['b.mmd', 'new.mmd']);
  });
});

describe('changedFolders', () => {
  it('marks every ancestor folder of a changed file and not the file itself', () => {
    const folders = changedFolders([
      { path: 'docs/arch/flow.mmd', state: 'modified', staged: false, unstaged: true },
    ]);
    expect([...folders].sort()).toEqual(['docs', 'docs/arch']);
  });
});

describe('branchLabel', () => {
  it('shows ahead and behind only when non-zero', () => {
    expect(branchLabel({ branch: 'main', ahead: 0, behind: 0 })).toBe('main');
    expect(branchLabel({ branch: 'main', ahead: 2, behind: 1 })).toBe('main ↑2 ↓1');
    expect(branchLabel({ branch: null, ahead: 0, behind: 0 })).toBe('detached HEAD');
  });
});

describe('diffCounts', () => {
  it('counts added and changed on the new side and removed on the old one', () => {
    const diff = diffDiagrams(
      'flowchart LR\n  a --> b\n  b --> c\n',
      'flowchart LR\n  a[A!] --> b\n  b --> d\n',
    )!;
    expect(diffCounts(diff)).toEqual({
      nodes: { added: 1, removed: 1, changed: 1 },
      edges: { added: 1, removed: 1, changed: 0 },
    });
  });
});

describe('commitDate', () => {
  const now = Date.parse('2025-06-10T12:00:00Z');
  it('is relative within a week and the calendar date after', () => {
    expect(commitDate('2025-06-10T11:59:40Z', now)).toBe('just now');
    expect(commitDate('2025-06-10T11:15:00Z', now)).toBe('45 min ago');
    expect(commitDate('2025-06-09T12:00:00Z', now)).toBe('1 day ago');
    expect(commitDate('2025-05-01T08:00:00+02:00', now)).toBe('2025-05-01');
  });
});

describe('subject', () => {
  it('keeps the first line of a message', () => {
    expect(subject('Add the login flow\n\nWith the retry path.')).toBe('Add the login flow');
  });
});
