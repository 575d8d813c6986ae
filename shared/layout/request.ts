/**
 * Move requests and how a rendering is judged against them. Requests name screen directions, as a
 * drop in the preview does; whether a direction runs along a rank or across ranks depends on the
 * flowchart's direction (in `TD`, left and right reorder a rank and above and below change rank).
 */
import type { Box, GraphFacts, LayoutProbe } from './probe.ts';

export type MoveKind = 'left-of' | 'right-of' | 'above' | 'below' | 'into' | 'out-of';

export const MOVE_KINDS: readonly MoveKind[] = ['left-of', 'right-of', 'above', 'below', 'into', 'out-of'];

/** Put `node` left of / right of / above / below node `other`, or into / out of subgraph `other`. */
export interface MoveRequest {
  node: string;
  kind: MoveKind;
  other: string;
}

export type Judgement = { ok: true } | { ok: false; reason: string };

/** `left of`, `above`, `into`, … as a sentence says it. */
export function phrase(kind: MoveKind): string {
  return kind.replace('-', ' ');
}

/** Pixels two boxes may overlap and still count as side by side. */
const TOLERANCE = 1;

/** `TB`-like directions rank top to bottom; in them left and right run along a rank. */
function ranksVertical(direction: string): boolean {
  return !/^(LR|RL)$/.test(direction);
}

/** The direction the two nodes' ranks run in: the innermost subgraph that holds both and has its own. */
export function directionFor(graph: GraphFacts, a: string, b: string): string {
  const parents = new Map<string, string>();
  for (const sg of graph.subgraphs) for (const id of sg.nodes) if (!parents.has(id)) parents.set(id, sg.id);
  const chain = (id: string) => {
    const out: string[] = [];
    for (let p = parents.get(id); p !== undefined && !out.includes(p); p = parents.get(p)) out.push(p);
    return out;
  };
  const other = new Set(chain(b));
  for (const sg of chain(a)) {
    if (!other.has(sg)) continue;
    const dir = graph.subgraphs.find((s) => s.id === sg)?.dir;
    if (dir) return dir === 'TD' ? 'TB' : dir;
  }
  return graph.direction === 'TD' ? 'TB' : graph.direction;
}

/** Whether the request reorders a rank (true) or moves the node to another rank (false). */
export function alongRank(kind: MoveKind, direction: string): boolean {
  const horizontal = kind === 'left-of' || kind === 'right-of';
  return horizontal === ranksVertical(direction);
}

const centerX = (b: Box) => b.x + b.width / 2;
const centerY = (b: Box) => b.y + b.height / 2;

/** Judges a rendering: is `node` where the request asked, right next to `other`? */
export function judge(request: MoveRequest, probe: Extract<LayoutProbe, { ok: true }>): Judgement {
  const { node, kind, other } = request;
  const box = probe.nodes[node];
  if (!box) return { ok: false, reason: `${node} is not drawn` };
  if (kind === 'into' || kind === 'out-of') return judgeSubgraph(request, probe, box);
  const target = probe.nodes[other];
  if (!target) return { ok: false, reason: `${other} is not drawn` };
  const horizontal = kind === 'left-of' || kind === 'right-of';
  const before = kind === 'left-of' || kind === 'above';
  // Positions along the requested direction (x for left/right) and across it.
  const along = (b: Box) => (horizontal ? [b.x, b.x + b.width] : [b.y, b.y + b.height]) as [number, number];
  const across = (b: Box) => (horizontal ? [b.y, b.y + b.height] : [b.x, b.x + b.width]) as [number, number];
  const center = horizontal ? centerX : centerY;
  const [first, second] = before ? [box, target] : [target, box];
  const others = Object.entries(probe.nodes).filter(([id]) => id !== node && id !== other);
  if (alongRank(kind, directionFor(probe.graph, node, other))) {
    // Same rank: the boxes overlap across the requested direction; nothing of that rank between them.
    const [a0, a1] = across(box);
    const [t0, t1] = across(target);
    if (a1 - TOLERANCE <= t0 || t1 - TOLERANCE <= a0)
      return { ok: false, reason: `${node} is not in ${other}'s rank` };
    if (center(first) >= center(second))
      return { ok: false, reason: `${node} is on the other side of ${other}` };
    const between = others.find(([, b]) => {
      const [b0, b1] = across(b);
      return (
        b1 - TOLERANCE > t0 && t1 - TOLERANCE > b0 && center(b) > center(first) && center(b) < center(second)
      );
    });
    if (between) return { ok: false, reason: `${between[0]} is between ${node} and ${other}` };
    return { ok: true };
  }
  // Another rank: wholly on the requested side.
  const [, firstEnd] = along(first);
  const [secondStart] = along(second);
  if (firstEnd > secondStart + TOLERANCE)
    return { ok: false, reason: `${node} is not ${phrase(kind)} ${other}` };
  return { ok: true };
}

function judgeSubgraph(request: MoveRequest, probe: Extract<LayoutProbe, { ok: true }>, box: Box): Judgement {
  const { node, kind, other } = request;
  const frame = probe.clusters[other];
  if (!frame) return { ok: false, reason: `subgraph ${other} is not drawn` };
  const member = memberOf(probe.graph, node, other);
  const inside =
    box.x >= frame.x - TOLERANCE &&
    box.y >= frame.y - TOLERANCE &&
    box.x + box.width <= frame.x + frame.width + TOLERANCE &&
    box.y + box.height <= frame.y + frame.height + TOLERANCE;
  if (kind === 'into') {
    if (!member) return { ok: false, reason: `${node} is not in subgraph ${other}` };
    if (!inside) return { ok: false, reason: `${node} is drawn outside ${other}'s frame` };
  } else {
    if (member) return { ok: false, reason: `${node} is still in subgraph ${other}` };
    if (inside) return { ok: false, reason: `${node} is drawn inside ${other}'s frame` };
  }
  return { ok: true };
}

/** Whether `node` is in subgraph `sg`, directly or through nested subgraphs. */
export function memberOf(graph: GraphFacts, node: string, sg: string): boolean {
  const seen = new Set<string>();
  const visit = (id: string): boolean => {
    if (seen.has(id)) return false;
    seen.add(id);
    const s = graph.subgraphs.find((g) => g.id === id);
    return !!s && (s.nodes.includes(node) || s.nodes.some((child) => visit(child)));
  };
  return visit(sg);
}
