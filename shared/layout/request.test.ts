import { describe, expect, it } from 'vitest';
import type { Box, GraphFacts, ProbedLayout } from './probe.ts';
import { alongRank, directionFor, judge } from './request.ts';

const box = (x: number, y: number, width = 100, height = 40): Box => ({ x, y, width, height });

function graph(direction: string, subgraphs: GraphFacts['subgraphs'] = []): GraphFacts {
  return {
    direction,
    nodes: [],
    edges: [],
    edgeDefaults: { style: [], interpolate: '' },
    subgraphs,
    classDefs: [],
  };
}

function layout(
  nodes: Record<string, Box>,
  g = graph('TB'),
  clusters: Record<string, Box> = {},
): ProbedLayout {
  return { ok: true, nodes, clusters, graph: g };
}

describe('judge', () => {
  // A rank of three at y 100, and one node above it.
  const rank = layout({ top: box(150, 0), a: box(0, 100), b: box(150, 100), c: box(300, 100, 100, 80) });

  it('takes left of as the same rank, on that side, with nothing between', () => {
    expect(judge({ node: 'a', kind: 'left-of', other: 'b' }, rank)).toEqual({ ok: true });
    expect(judge({ node: 'a', kind: 'left-of', other: 'c' }, rank)).toEqual({
      ok: false,
      reason: 'b is between a and c',
    });
    expect(judge({ node: 'c', kind: 'left-of', other: 'b' }, rank).ok).toBe(false);
  });

  it('does not take a node of another rank as beside it', () => {
    expect(judge({ node: 'top', kind: 'right-of', other: 'a' }, rank)).toEqual({
      ok: false,
      reason: "top is not in a's rank",
    });
  });

  it('takes above as a rank wholly before the other, however far', () => {
    expect(judge({ node: 'top', kind: 'above', other: 'c' }, rank)).toEqual({ ok: true });
    expect(judge({ node: 'a', kind: 'above', other: 'c' }, rank).ok).toBe(false);
    expect(judge({ node: 'c', kind: 'below', other: 'top' }, rank)).toEqual({ ok: true });
  });

  it('turns the axes in a left-to-right flowchart', () => {
    const lr = layout({ a: box(0, 0), b: box(0, 60), c: box(200, 0) }, graph('LR'));
    expect(judge({ node: 'a', kind: 'above', other: 'b' }, lr)).toEqual({ ok: true });
    expect(judge({ node: 'a', kind: 'left-of', other: 'c' }, lr)).toEqual({ ok: true });
    expect(judge({ node: 'a', kind: 'left-of', other: 'b' }, lr).ok).toBe(false);
  });

  it('wants a node moved into a subgraph both held by it and drawn in its frame', () => {
    const s = { id: 's', title: 'S', classes: [], dir: '', nodes: ['a'] };
    const inside = layout({ a: box(10, 10) }, graph('TB', [s]), { s: box(0, 0, 200, 100) });
    expect(judge({ node: 'a', kind: 'into', other: 's' }, inside)).toEqual({ ok: true });
    expect(judge({ node: 'a', kind: 'out-of', other: 's' }, inside)).toEqual({
      ok: false,
      reason: 'a is still in subgraph s',
    });
  });
});

describe('directionFor', () => {
  it('uses the direction of the innermost subgraph that holds both nodes', () => {
    const g = graph('TB', [
      { id: 'inner', title: '', classes: [], dir: 'LR', nodes: ['a', 'b'] },
      { id: 'outer', title: '', classes: [], dir: '', nodes: ['inner', 'c'] },
    ]);
    expect(directionFor(g, 'a', 'b')).toBe('LR');
    expect(directionFor(g, 'a', 'c')).toBe('TB');
    expect(alongRank('left-of', 'TB')).toBe(true);
    expect(alongRank('left-of', 'LR')).toBe(false);
  });
});
