import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DiffMark, diffDiagrams } from './diagram-diff.ts';

interface Model {
  nodes: Map<string, { label: string; shape: string }>;
  edges: Map<string, { from: string; to: string; label: string; arrow: string }>;
}

const BRACKETS: Record<string, [string, string]> = {
  rect: ['[', ']'],
  round: ['(', ')'],
  stadium: ['([', '])'],
  diamond: ['{', '}'],
  hexagon: ['{{', '}}'],
  circle: ['((', '))'],
  cylinder: ['[(', ')]'],
};
const SHAPE_NAMES = Object.keys(BRACKETS);
const ARROWS = ['-->', '---', '-.->', '==>'];

/** Writes a model as flowchart text, in one of several equivalent styles chosen by `style`. */
function write(model: Model, style: number[]): string {
  const lines = ['flowchart LR'];
  const node = (id: string) => {
    const { label, shape } = model.nodes.get(id)!;
    const [open, close] = BRACKETS[shape]!;
    return `${id}${open}"${label}"${close}`;
  };
  const declaredInline = new Set<string>();
  let i = 0;
  for (const edge of model.edges.values()) {
    const s = style[i++ % style.length]!;
    const from = s & 1 && !declaredInline.has(edge.from) ? node(edge.from) : edge.from;
    if (from !== edge.from) declaredInline.add(edge.from);
    let arrow = edge.arrow;
    if (edge.label) {
      arrow = s & 2 && edge.arrow === '-->' ? `-- ${edge.label} -->` : `${edge.arrow}|${edge.label}|`;
    }
    lines.push(`  ${from} ${arrow} ${edge.to}`);
    if (s & 4) lines.push('  %% a comment between edges');
  }
  for (const id of model.nodes.keys()) if (!declaredInline.has(id)) lines.push(`  ${node(id)}`);
  return lines.join('\n');
}

const label = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,10}$/).map((s) => s.trim() || 'x');
// The `n` prefix keeps ids clear of keywords (`end`, `style`, …), which Mermaid refuses as ids too.
const modelArb = fc
  .uniqueArray(fc.stringMatching(/^n[a-z0-9_]{0,5}$/), { minLength: 2, maxLength: 12 })
  .chain((ids) =>
    fc.record({
      ids: fc.constant(ids),
      nodes: fc.array(fc.record({ label, shape: fc.constantFrom(...SHAPE_NAMES) }), {
        minLength: ids.length,
        maxLength: ids.length,
      }),
      edges: fc.uniqueArray(
        fc.record({
          from: fc.constantFrom(...ids),
          to: fc.constantFrom(...ids),
          label: fc.option(label, { nil: '' }),
          arrow: fc.constantFrom(...ARROWS),
        }),
        { selector: (e) => `${e.from}>${e.to}`, maxLength: 20 },
      ),
    }),
  )
  .map(
    ({ ids, nodes, edges }): Model => ({
      nodes: new Map(ids.map((id, i) => [id, nodes[i]!])),
      edges: new Map(edges.map((e) => [`L_${e.from}_${e.to}_0`, e])),
    }),
  );

const clone = (m: Model): Model => ({
  nodes: new Map([...m.nodes].map(([k, v]) => [k, { ...v }])),
  edges: new Map([...m.edges].map(([k, v]) => [k, { ...v }])),
});

describe('diffDiagrams on flowcharts', () => {
  it('marks exactly the added, removed and changed nodes and edges, whatever the text style', () => {
    fc.assert(
      fc.property(
        modelArb,
        fc.array(fc.nat(7), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(7), { minLength: 1, maxLength: 5 }),
        fc.array(fc.constantFrom('keep', 'relabel', 'reshape', 'remove'), { minLength: 12, maxLength: 12 }),
        fc.array(fc.constantFrom('keep', 'relabel', 'rearrow'), { minLength: 20, maxLength: 20 }),
        fc.nat(3),
        (before, oldStyle, newStyle, nodeOps, edgeOps, newNodes) => {
          const after = clone(before);
          const expected = { before: new Map<string, DiffMark>(), after: new Map<string, DiffMark>() };
          const expectedEdges = { before: new Map<string, DiffMark>(), after: new Map<string, DiffMark>() };
          const mark = (side: typeof expected, id: string, m: DiffMark) => {
            if (m !== 'added') side.before.set(id, m);
            if (m !== 'removed') side.after.set(id, m);
          };
          [...before.nodes.keys()].forEach((id, i) => {
            const node = after.nodes.get(id)!;
            const op = nodeOps[i]!;
            if (op === 'relabel') node.label += ' v2';
            if (op === 'reshape') node.shape = node.shape === 'rect' ? 'diamond' : 'rect';
            if (op === 'remove') {
              after.nodes.delete(id);
              for (const [edgeId, edge] of after.edges) {
                if (edge.from === id || edge.to === id) after.edges.delete(edgeId);
              }
            }
            if (op !== 'keep') mark(expected, id, op === 'remove' ? 'removed' : 'changed');
          });
          [...after.edges.entries()].forEach(([id, edge], i) => {
            const op = edgeOps[i]!;
            if (op === 'relabel') edge.label = edge.label ? '' : 'new';
            if (op === 'rearrow') edge.arrow = edge.arrow === '-->' ? '==>' : '-->';
            if (op !== 'keep') mark(expectedEdges, id, 'changed');
          });
          for (const id of before.edges.keys()) if (!after.edges.has(id)) mark(expectedEdges, id, 'removed');
          const first = [...after.nodes.keys()][0];
          for (let n = 0; n < newNodes; n++) {
            const id = `added${n}`;
            after.nodes.set(id, { label: `New ${n}`, shape: 'round' });
            mark(expected, id, 'added');
            if (first) {
              after.edges.set(`L_${first}_${id}_0`, { from: first, to: id, label: '', arrow: '-->' });
              mark(expectedEdges, `L_${first}_${id}_0`, 'added');
            }
          }

          const diff = diffDiagrams(write(before, oldStyle), write(after, newStyle))!;
          expect(diff.kind).toBe('flowchart');
          expect(diff.before.nodes).toEqual(expected.before);
          expect(diff.after.nodes).toEqual(expected.after);
          expect(diff.before.edges).toEqual(expectedEdges.before);
          expect(diff.after.edges).toEqual(expectedEdges.after);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds nothing changed when only layout, comments and formatting differ', () => {
    const a = 'flowchart LR\n  a[Start] --> b{Ok?}\n  b -->|yes| c';
    const b =
      '---\ntitle: x\n---\nflowchart TB\n%% reformatted\na[Start]-->b{Ok?};b-- yes -->c\nstyle a fill:#fff';
    const diff = diffDiagrams(a, b)!;
    expect([...diff.before.nodes, ...diff.after.nodes, ...diff.before.edges, ...diff.after.edges]).toEqual(
      [],
    );
  });

  it('answers null for diagram types it cannot compare, or when the type changed', () => {
    expect(diffDiagrams('pie\n "a": 1', 'pie\n "a": 2')).toBeNull();
    expect(diffDiagrams('flowchart LR\n a', 'sequenceDiagram\n a->>b: x')).toBeNull();
  });
});

describe('diffDiagrams on sequence diagrams', () => {
  it('matches messages by order: an inserted message shifts nothing else', () => {
    const before = 'sequenceDiagram\n  A->>B: one\n  B->>C: two\n  C->>A: three';
    const after = 'sequenceDiagram\n  A->>B: one\n  A->>C: new\n  B->>C: two\n  C->>A: three!';
    const diff = diffDiagrams(before, after)!;
    expect(diff.kind).toBe('sequence');
    expect(diff.after.edges).toEqual(
      new Map<string, DiffMark>([
        ['i1', 'added'],
        ['i3', 'changed'],
      ]),
    );
    expect(diff.before.edges).toEqual(new Map<string, DiffMark>([['i2', 'changed']]));
  });

  it('marks participants added, removed and renamed', () => {
    const before = 'sequenceDiagram\n  participant A as Alice\n  A->>B: hi\n  A->>C: yo';
    const after = 'sequenceDiagram\n  participant A as Alicia\n  A->>B: hi\n  A->>D: yo';
    const diff = diffDiagrams(before, after)!;
    expect(diff.before.nodes).toEqual(
      new Map<string, DiffMark>([
        ['A', 'changed'],
        ['C', 'removed'],
      ]),
    );
    expect(diff.after.nodes).toEqual(
      new Map<string, DiffMark>([
        ['A', 'changed'],
        ['D', 'added'],
      ]),
    );
  });
});
