import { describe, expect, it } from 'vitest';
import type { GraphFacts } from './probe.ts';
import { checkRequest, reaches } from './search.ts';

const edge = (from: string, to: string, stroke = 'normal') => ({
  userId: '',
  from,
  to,
  text: '',
  type: 'arrow_point',
  stroke,
  length: 1,
  style: [],
  classes: [],
  interpolate: '',
  animate: '/',
});

function graph(edges: [string, string, string?][], subgraphs: [string, string[]][] = []): GraphFacts {
  const ids = new Set<string>();
  for (const [a, b] of edges) ids.add(a).add(b);
  for (const [, nodes] of subgraphs) for (const n of nodes) ids.add(n);
  return {
    direction: 'TB',
    nodes: [...ids].map((id) => ({ id, text: id, shape: 'square', classes: [], styles: [], link: '' })),
    edges: edges.map(([a, b, stroke]) => edge(a, b, stroke)),
    edgeDefaults: { style: [], interpolate: '' },
    subgraphs: subgraphs.map(([id, nodes]) => ({ id, title: id, classes: [], dir: '', nodes })),
    classDefs: [],
  };
}

describe('reaches', () => {
  it('follows visible links only', () => {
    const g = graph([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd', 'invisible'],
    ]);
    expect(reaches(g, 'a', 'c')).toBe(true);
    expect(reaches(g, 'c', 'a')).toBe(false);
    expect(reaches(g, 'a', 'd')).toBe(false);
  });

  it('counts a link between two subgraphs’ members for all their nodes, but not for neighbours', () => {
    const g = graph(
      [
        ['argo', 'pi'],
        ['cp1', 'cp2'],
      ],
      [
        ['prod', ['argo', 'cp1', 'cp2', 'cp3']],
        ['lab', ['pi', 'piw']],
      ],
    );
    expect(reaches(g, 'cp3', 'piw')).toBe(true);
    expect(reaches(g, 'piw', 'cp3')).toBe(false);
    // Inside one subgraph only its own links count.
    expect(reaches(g, 'argo', 'cp3')).toBe(false);
  });

  it('counts a link to a subgraph for every node in it', () => {
    const g = graph([['sw', 'lab']], [['lab', ['pi', 'piw']]]);
    expect(reaches(g, 'sw', 'piw')).toBe(true);
  });
});

describe('checkRequest', () => {
  const g = graph([['a', 'b']], [['s', ['a']]]);
  it('names what the diagram lacks', () => {
    expect(checkRequest(g, { node: 'x', kind: 'left-of', other: 'a' })).toBe('there is no node x');
    expect(checkRequest(g, { node: 's', kind: 'left-of', other: 'a' })).toBe(
      's is a subgraph; only nodes can be moved',
    );
    expect(checkRequest(g, { node: 'b', kind: 'into', other: 'a' })).toBe('there is no subgraph a');
    expect(checkRequest(g, { node: 'b', kind: 'left-of', other: 's' })).toBe('s is a subgraph; name a node');
    expect(checkRequest(g, { node: 'b', kind: 'into', other: 's' })).toBeNull();
  });
});
