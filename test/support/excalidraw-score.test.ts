import { describe, expect, it } from 'vitest';
import { normalizeLabel, parseFlowchart, scoreGraph } from './excalidraw-score.ts';

describe('the Excalidraw scorer', () => {
  it('reads labels that look alike in a picture as equal', () => {
    expect(normalizeLabel('Say “hi”<br>now')).toBe(normalizeLabel("say 'hi' now"));
    expect(normalizeLabel('1──N')).toBe(normalizeLabel('1—N'));
    expect(normalizeLabel('a – b')).toBe(normalizeLabel('a - b'));
    expect(normalizeLabel('数据 处理')).toBe(normalizeLabel('数据处理'));
    expect(normalizeLabel('1-N')).not.toBe(normalizeLabel('1 N'));
  });

  it('matches an edge label written with a rule line to one written with a dash', () => {
    const truth = parseFlowchart('flowchart LR\n  a["Order"] -->|"1—N"| b["Item"]\n');
    const output = parseFlowchart('flowchart LR\n  x["Order"] -->|"1──N"| y["Item"]\n');
    const score = scoreGraph(truth, output);
    expect(score.matchedEdgeLabels).toBe(1);
  });
});
