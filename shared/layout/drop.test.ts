import { describe, expect, it } from 'vitest';
import { dropRequest } from './drop.ts';
import type { Box, GraphFacts, ProbedLayout } from './probe.ts';

const box = (x: number, y: number, width = 100, height = 40): Box => ({ x, y, width, height });

function layout(subgraphs: GraphFacts['subgraphs'] = [], clusters: Record<string, Box> = {}): ProbedLayout {
  const graph: GraphFacts = {
    direction: 'TB',
    nodes: [],
    edges: [],
    edgeDefaults: { style: [], interpolate: '' },
    subgraphs,
    classDefs: [],
  };
  return { ok: true, nodes: { a: box(0, 0), b: box(200, 0), c: box(200, 100) }, clusters, graph };
}

describe('dropRequest', () => {
  it('asks for the side of the nearest node the point is on', () => {
    expect(dropRequest(layout(), 'a', { x: 185, y: 20 })).toEqual({ node: 'a', kind: 'left-of', other: 'b' });
    expect(dropRequest(layout(), 'a', { x: 250, y: 150 })).toEqual({ node: 'a', kind: 'below', other: 'c' });
    expect(dropRequest(layout(), 'a', { x: 250, y: 70 })).toEqual({ node: 'a', kind: 'below', other: 'b' });
  });

  it('asks to move into a subgraph dropped in, and out of its own when dropped outside its frame', () => {
    const s = { id: 's', title: 'S', classes: [], dir: '', nodes: ['b', 'c'] };
    const t = { id: 't', title: 'T', classes: [], dir: '', nodes: ['a'] };
    const frames = { s: box(180, -20, 150, 180), t: box(-20, -20, 140, 80) };
    expect(dropRequest(layout([s, t], frames), 'a', { x: 300, y: 140 })).toEqual({
      node: 'a',
      kind: 'into',
      other: 's',
    });
    expect(dropRequest(layout([s, t], frames), 'a', { x: 50, y: 300 })).toEqual({
      node: 'a',
      kind: 'out-of',
      other: 't',
    });
    expect(dropRequest(layout([s, t], frames), 'b', { x: 250, y: 150 })).toEqual({
      node: 'b',
      kind: 'below',
      other: 'c',
    });
  });
});
