import { describe, expect, it } from 'vitest';
import { candidateEdits } from './candidates.ts';
import type { Box, GraphFacts, ProbedLayout } from './probe.ts';
import { layoutSettings } from './settings.ts';
import { readSource } from './source.ts';

const box = (x: number, y: number): Box => ({ x, y, width: 100, height: 40 });

function probe(
  nodes: Record<string, Box>,
  subgraphs: GraphFacts['subgraphs'] = [],
  direction = 'TB',
): ProbedLayout {
  const graph: GraphFacts = {
    direction,
    nodes: Object.keys(nodes).map((id) => ({
      id,
      text: id,
      shape: 'square',
      classes: [],
      styles: [],
      link: '',
    })),
    edges: [],
    edgeDefaults: { style: [], interpolate: '' },
    subgraphs,
    classDefs: [],
  };
  return { ok: true, nodes, clusters: {}, graph };
}

const edits = (
  text: string,
  layout: ProbedLayout,
  node: string,
  kind: 'left-of' | 'above' | 'into' | 'out-of',
  other: string,
) => candidateEdits(readSource(text)!, layout, { node, kind, other }, layoutSettings(text));

describe('candidateEdits', () => {
  const fan = 'flowchart TD\n  r --> a\n  r --> b\n  r --> c\n';
  const fanLayout = probe({ r: box(100, 0), a: box(0, 100), b: box(100, 100), c: box(200, 100) });

  it('swaps the links where two branches fork first, and names ELK’s model order only as a last resort', () => {
    const out = edits(fan, fanLayout, 'c', 'left-of', 'a');
    expect(out[0]).toMatchObject({ description: 'moved line 4 before line 2', cost: 2, family: 'order' });
    expect(out[0]!.text).toBe('flowchart TD\n  r --> c\n  r --> a\n  r --> b\n');
    const last = out.at(-1)!;
    expect(last.description).toMatch(/elk\.forceNodeModelOrder/);
    expect(last.text.startsWith('---\nconfig:\n  elk:\n    forceNodeModelOrder: true\n---\n')).toBe(true);
    expect(out.map((c) => c.cost)).toEqual([...out.map((c) => c.cost)].sort((x, y) => x - y));
  });

  it('only mentions a node beside the other when the frontmatter already keeps the model order', () => {
    const forced = `---\nconfig:\n  elk:\n    forceNodeModelOrder: true\n---\n${fan}`;
    const out = edits(forced, fanLayout, 'c', 'left-of', 'a');
    // The side asked first: ELK does not always draw a rank in model order from left to right.
    expect(out.map((c) => [c.description, c.cost])).toEqual([
      ['mentioned c before line 7', 1],
      ['mentioned c after line 7', 1],
    ]);
    expect(out[0]!.text.endsWith('\nflowchart TD\n  c\n  r --> a\n  r --> b\n  r --> c\n')).toBe(true);
  });

  it('adds an invisible link after every numbered link to change rank', () => {
    const text = `${fan}  linkStyle 1 stroke:red\n`;
    const [first] = edits(text, fanLayout, 'a', 'above', 'b');
    expect(first).toMatchObject({ description: 'added the invisible link a ~~~ b', cost: 1 });
    expect(first!.text).toBe(`${text}  a ~~~ b\n`);
  });

  it('moves a node into a subgraph by mentioning it there, or by taking its statements from a subgraph that closes first', () => {
    const text = 'flowchart LR\n  subgraph one\n    a --> b\n  end\n  subgraph two\n    c\n  end\n';
    const sg = (id: string, nodes: string[]) => ({ id, title: id, classes: [], dir: '', nodes });
    const layout = probe(
      { a: box(0, 0), b: box(200, 0), c: box(400, 0) },
      [sg('one', ['a', 'b']), sg('two', ['c'])],
      'LR',
    );
    const out = edits(text, layout, 'b', 'into', 'two');
    expect(out[0]!.text).toBe(
      'flowchart LR\n  subgraph one\n    a --> b\n  end\n  subgraph two\n    c\n    b\n  end\n',
    );
    const taken = out.find((c) => c.description === 'moved the statements of b into subgraph two')!;
    expect(taken.text).toBe(
      'flowchart LR\n  subgraph one\n    a\n  end\n  subgraph two\n    c\n    a --> b\n  end\n',
    );
    expect(edits(text, layout, 'b', 'out-of', 'one')[0]!.text).toBe(
      'flowchart LR\n  subgraph one\n    a\n  end\n  a --> b\n  subgraph two\n    c\n  end\n',
    );
  });
});
