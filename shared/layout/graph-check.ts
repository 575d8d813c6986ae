/**
 * Whether a layout edit left the graph alone: the same nodes, edges, labels and styles, as
 * mermaid's own parser reads the two texts. Layout is allowed to change: the order of
 * statements, invisible links (`~~~`, drawn as nothing), the length of a link, a subgraph's
 * direction, and, when the request moves a node into or out of a subgraph, that node's membership.
 */
import type { EdgeFacts, GraphFacts } from './probe.ts';

/** What differs between two readings of a flowchart's graph; empty when the graph is unchanged. */
export function graphChanges(before: GraphFacts, after: GraphFacts, movedNode?: string): string[] {
  const changes: string[] = [];
  const nodeKey = (n: GraphFacts['nodes'][number]) =>
    JSON.stringify([n.text, n.shape, [...n.classes].sort(), n.styles, n.link]);
  const afterNodes = new Map(after.nodes.map((n) => [n.id, n]));
  for (const n of before.nodes) {
    const m = afterNodes.get(n.id);
    if (!m) changes.push(`node ${n.id} is gone`);
    else if (nodeKey(n) !== nodeKey(m)) changes.push(`node ${n.id} changed`);
    afterNodes.delete(n.id);
  }
  for (const id of afterNodes.keys()) changes.push(`node ${id} is new`);

  const edgeKeys = (g: GraphFacts) =>
    g.edges
      .filter((e) => visible(e, g))
      .map((e) =>
        JSON.stringify([
          e.userId,
          e.from,
          e.to,
          e.text,
          e.type,
          e.stroke,
          effectiveStyle(e, g),
          [...e.classes].sort(),
          e.interpolate,
          e.animate,
        ]),
      )
      .sort();
  const [oldEdges, newEdges] = [edgeKeys(before), edgeKeys(after)];
  if (JSON.stringify(oldEdges) !== JSON.stringify(newEdges)) {
    const gone = multisetMinus(oldEdges, newEdges);
    const added = multisetMinus(newEdges, oldEdges);
    for (const e of gone) changes.push(`link ${describeEdge(e)} changed or is gone`);
    for (const e of added) changes.push(`link ${describeEdge(e)} is new or changed`);
  }
  if (JSON.stringify(before.edgeDefaults) !== JSON.stringify(after.edgeDefaults)) {
    changes.push('the default link style changed');
  }

  const members = (nodes: string[]) =>
    nodes
      .filter((id) => id !== movedNode)
      .sort()
      .join(',');
  const afterSubgraphs = new Map(after.subgraphs.map((s) => [s.id, s]));
  for (const s of before.subgraphs) {
    const t = afterSubgraphs.get(s.id);
    if (!t) {
      changes.push(`subgraph ${s.id} is gone`);
      continue;
    }
    if (s.title !== t.title || [...s.classes].sort().join() !== [...t.classes].sort().join()) {
      changes.push(`subgraph ${s.id} changed`);
    }
    if (members(s.nodes) !== members(t.nodes)) changes.push(`subgraph ${s.id} holds other nodes`);
    afterSubgraphs.delete(s.id);
  }
  for (const id of afterSubgraphs.keys()) changes.push(`subgraph ${id} is new`);

  const classKey = (g: GraphFacts) => JSON.stringify([...g.classDefs].sort((a, b) => (a.id < b.id ? -1 : 1)));
  if (classKey(before) !== classKey(after)) changes.push('class definitions changed');
  return changes;
}

/** The style a link is drawn with: its own `linkStyle`, else `linkStyle default`. */
function effectiveStyle(e: EdgeFacts, g: GraphFacts): string {
  return (e.style.length > 0 ? e.style : g.edgeDefaults.style).join(';');
}

/**
 * An invisible link is layout, unless a style draws it after all: mermaid applies a
 * `linkStyle default` with a stroke width to `~~~` links too.
 */
function visible(e: EdgeFacts, g: GraphFacts): boolean {
  if (e.stroke !== 'invisible') return true;
  return /stroke-width\s*:\s*(?!0(?:px)?\s*(?:;|$))/.test(effectiveStyle(e, g));
}

function multisetMinus(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const k of b) left.set(k, (left.get(k) ?? 0) + 1);
  return a.filter((k) => {
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    return n === 0;
  });
}

function describeEdge(key: string): string {
  const [, from, to, text] = JSON.parse(key) as string[];
  return `${from} → ${to}${text ? ` "${text}"` : ''}`;
}
