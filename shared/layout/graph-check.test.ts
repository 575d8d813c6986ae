import { describe, expect, it } from 'vitest';
import { graphChanges } from './graph-check.ts';
import type { EdgeFacts, GraphFacts } from './probe.ts';

const edge = (from: string, to: string, more: Partial<EdgeFacts> = {}): EdgeFacts => ({
  userId: '',
  from,
  to,
  text: '',
  type: 'arrow_point',
  stroke: 'normal',
  length: 1,
  style: [],
  classes: [],
  interpolate: '',
  animate: '/',
  ...more,
});

function facts(edges: EdgeFacts[], more: Partial<GraphFacts> = {}): GraphFacts {
  const ids = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
  return {
    direction: 'TB',
    nodes: ids.map((id) => ({ id, text: id, shape: 'square', classes: [], styles: [], link: '' })),
    edges,
    edgeDefaults: { style: [], interpolate: '' },
    subgraphs: [],
    classDefs: [],
    ...more,
  };
}

describe('graphChanges', () => {
  const before = facts([edge('a', 'b'), edge('a', 'c', { style: ['stroke:red'] })]);

  it('accepts links in another order, an invisible link and a longer link', () => {
    const after = facts([
      edge('a', 'c', { style: ['stroke:red'] }),
      edge('a', 'b', { length: 2 }),
      edge('c', 'b', { stroke: 'invisible' }),
    ]);
    expect(graphChanges(before, after)).toEqual([]);
  });

  it('notices a style that moved to another link', () => {
    const after = facts([edge('a', 'b', { style: ['stroke:red'] }), edge('a', 'c')]);
    expect([...graphChanges(before, after)].sort()).toEqual([
      'link a → b changed or is gone',
      'link a → b is new or changed',
      'link a → c changed or is gone',
      'link a → c is new or changed',
    ]);
  });

  it('counts an invisible link as drawn when linkStyle default gives links a stroke width', () => {
    const styled = { edgeDefaults: { style: ['stroke-width:4px'], interpolate: '' } };
    const after = facts([...before.edges, edge('c', 'b', { stroke: 'invisible' })], styled);
    expect(graphChanges(facts(before.edges, styled), after)).toEqual(['link c → b is new or changed']);
  });

  it('allows only the moved node to change subgraph', () => {
    const s = (nodes: string[]) => [{ id: 's', title: 'S', classes: [], dir: '', nodes }];
    const old = facts(before.edges, { subgraphs: s(['a']) });
    expect(graphChanges(old, facts(before.edges, { subgraphs: s(['a', 'b']) }), 'b')).toEqual([]);
    expect(graphChanges(old, facts(before.edges, { subgraphs: s(['a', 'b']) }))).toEqual([
      'subgraph s holds other nodes',
    ]);
    expect(graphChanges(old, facts(before.edges, { subgraphs: s(['b']) }), 'b')).toEqual([
      'subgraph s holds other nodes',
    ]);
  });

  it('notices a changed label', () => {
    const after = facts(before.edges);
    after.nodes[0] = { ...after.nodes[0]!, text: 'renamed' };
    expect(graphChanges(before, after)).toEqual(['node a changed']);
  });
});
