import { describe, expect, it } from 'vitest';
import { firstConflictMarker } from './conflict-markers.ts';

describe('firstConflictMarker', () => {
  it("finds git's opening marker on its own line", () => {
    const text = 'flowchart LR\n<<<<<<< HEAD\n  a --> b\n=======\n  a --> c\n>>>>>>> other\n';
    expect(firstConflictMarker(text)).toEqual({ line: 2, marker: '<<<<<<<' });
  });

  it('finds a closing marker left behind alone', () => {
    expect(firstConflictMarker('flowchart LR\n  a --> b\n>>>>>>> origin/main\n')).toEqual({
      line: 3,
      marker: '>>>>>>>',
    });
  });

  it('leaves a Markdown heading underline and longer runs alone', () => {
    expect(firstConflictMarker('Title\n=======\n\ntext\n<<<<<<<<< not a marker\n')).toBeNull();
  });
});
