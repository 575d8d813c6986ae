import { describe, expect, it } from 'vitest';
import { candidateEdits } from './candidates.ts';
import type { Box, GraphFacts, LayoutProbe, ProbedLayout } from './probe.ts';
import type { MoveRequest } from './request.ts';
import { checkRequest, reaches, type SearchSuccess, searchLayoutEdit } from './search.ts';
import { layoutSettings } from './settings.ts';
import { readSource } from './source.ts';

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

describe('searchLayoutEdit, for a caller that cannot wait', () => {
  // The search's own order and bookkeeping, with drawings given per text: a rank b, c, d under a.
  const text = 'flowchart TD\n    a --> b\n    a --> c\n    a --> d\n    b --> e\n    c --> e\n    d --> e\n';
  const request: MoveRequest = { node: 'd', kind: 'left-of', other: 'b' };
  const box = (x: number, y = 100): Box => ({ x, y, width: 40, height: 20 });
  const facts = graph([
    ['a', 'b'],
    ['a', 'c'],
    ['a', 'd'],
    ['b', 'e'],
    ['c', 'e'],
    ['d', 'e'],
  ]);
  const drawn = (order: string[]): ProbedLayout => ({
    ok: true,
    nodes: { a: box(50, 0), e: box(50, 200), ...Object.fromEntries(order.map((id, i) => [id, box(i * 50)])) },
    clusters: {},
    graph: facts,
  });
  const current = drawn(['b', 'c', 'd']);
  const candidates = candidateEdits(readSource(text)!, current, request, layoutSettings(text));
  // Only the third statement move and the kept model order with a mention get d left of b.
  const works = new Set([candidates[2]!.text, candidates.find((c) => c.likely)!.text]);
  const run = (options: { provisional?: (r: SearchSuccess) => void }) => {
    const rendered: number[] = [];
    const probe = async (t: string): Promise<LayoutProbe> => {
      rendered.push(candidates.findIndex((c) => c.text === t));
      return works.has(t) ? drawn(['d', 'b', 'c']) : drawn(['b', 'd', 'c']);
    };
    return { rendered, result: searchLayoutEdit({ text, request, probe, current, ...options }) };
  };

  it('proposes the kept model order, with a mention, as the edit that usually works', () => {
    expect(candidates.findIndex((c) => c.likely)).toBe(4);
    expect(candidates.filter((c) => c.likely)).toHaveLength(1);
  });

  it('renders smallest first and takes the smallest edit that works', async () => {
    const { rendered, result } = run({});
    expect(((await result) as SearchSuccess).text).toBe(candidates[2]!.text);
    expect(rendered).toEqual([0, 1, 2]);
  });

  it('renders the likely edit first, offers it while smaller ones are untried, and ends with the smallest', async () => {
    const offered: SearchSuccess[] = [];
    const { rendered, result } = run({ provisional: (r) => offered.push(r) });
    const final = (await result) as SearchSuccess;
    expect(rendered).toEqual([4, 0, 1, 2]);
    expect(offered.map((r) => r.text)).toEqual([candidates[4]!.text]);
    expect(final.text).toBe(candidates[2]!.text);
    expect(final.tried).toBe(4);
  });
});
