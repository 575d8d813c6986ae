import { describe, expect, it } from 'vitest';
import { normalizeLabel, parseFlowchart, scoreGraph } from './excalidraw-score.ts';

describe('the Excalidraw scorer', () => {
  it('reads labels that look alike in a picture as equal', () => {
    expect(normalizeLabel('Say “hi”<br>now')).toBe(normalizeLabel("say 'hi' now"));
    expect(normalizeLabel('1──N')).toBe(normalizeLabel('1—N'));
    expect(normalizeLabel('priority -> frequency')).toBe(normalizeLabel('priority → frequency'));
    expect(normalizeLabel('• Palette colors')).toBe(normalizeLabel('· Palette colors'));
    expect(normalizeLabel('Core i7 │ 16GB')).toBe(normalizeLabel('Core i7 | 16GB'));
    expect(normalizeLabel('a – b')).toBe(normalizeLabel('a - b'));
    expect(normalizeLabel('数据 处理')).toBe(normalizeLabel('数据处理'));
    // A word wrapped inside itself reads the same as one wrapped at a space.
    expect(normalizeLabel('libra ry')).toBe(normalizeLabel('library'));
    expect(normalizeLabel('side<br>bar')).toBe(normalizeLabel('sidebar'));
    expect(normalizeLabel('library')).not.toBe(normalizeLabel('libraries'));
    expect(normalizeLabel('1-N')).not.toBe(normalizeLabel('1 N'));
  });

  it('matches an edge label written with a rule line to one written with a dash', () => {
    const truth = parseFlowchart('flowchart LR\n  a["Order"] -->|"1—N"| b["Item"]\n');
    const output = parseFlowchart('flowchart LR\n  x["Order"] -->|"1──N"| y["Item"]\n');
    const score = scoreGraph(truth, output);
    expect(score.matchedEdgeLabels).toBe(1);
  });
});
