/**
 * Trees of lines: plain strokes meeting at T-junctions (a stem from one box down to a bar, and a
 * drop from the bar to each box under it, as an org chart or a bus is drawn) join the one box on
 * its own side to each of the others. Without this, the strokes meeting end to end at a junction
 * would read as one chain, past the bar.
 */

import { boxOf, disjointSets, grow, type Point, polylineDistance, SpatialGrid } from './geometry.ts';
import type { Arrowhead, LinearElement, ShapeElement } from './model.ts';
import type { Inference } from './report.ts';

type EndKey = 0 | 1;

/** An end this near another stroke meets it. */
const MEET = 8;

export interface TreeBook {
  points: Map<LinearElement, Point[]>;
  headsOf: (l: LinearElement) => [Arrowhead | null, Arrowhead | null];
  absorbed: Map<string, string>;
  inferences: Inference[];
}

interface Junction {
  /** The stroke this end meets. */
  on: LinearElement;
  at: Point;
  /** Whether it meets that stroke away from its ends (a T, not a corner). */
  inside: boolean;
}

interface Attachment {
  l: LinearElement;
  end: EndKey;
  at: Point;
  shape: string;
}

/**
 * Finds the trees among `strokes` and replaces each by one stroke per branch, from the root's
 * attachment along the drawn route to the branch's. Returns the strokes used up and the new ones.
 */
export function lineTrees(
  strokes: LinearElement[],
  book: TreeBook,
  /** The shape whose outline a point lies on, if any. */
  shapeAt: (p: Point) => ShapeElement | null,
): { used: Set<LinearElement>; made: LinearElement[] } {
  const used = new Set<LinearElement>();
  const made: LinearElement[] = [];
  if (strokes.length < 3) return { used, made };
  const { points, headsOf } = book;
  const pathOf = (l: LinearElement) => points.get(l)!;
  const endOf = (l: LinearElement, end: EndKey) => (end === 0 ? pathOf(l)[0]! : pathOf(l).at(-1)!);
  const grid = new SpatialGrid<LinearElement>(64);
  for (const l of strokes) grid.insert(l, grow(boxOf(pathOf(l)), MEET));

  // Where each bare end meets another stroke.
  const junctions = new Map<LinearElement, [Junction | null, Junction | null]>();
  for (const l of strokes) {
    const pair: [Junction | null, Junction | null] = [null, null];
    for (const end of [0, 1] as const) {
      if ((end === 0 ? l.startBindingId : l.endBindingId) !== null) continue;
      const p = endOf(l, end);
      // A stroke passing through the point (the bar of a T) before one only ending there.
      let best: (Junction & { d: number }) | null = null;
      for (const other of grid.query(grow(boxOf([p]), MEET))) {
        if (other === l) continue;
        const path = pathOf(other);
        const d = polylineDistance(p, path).distance;
        if (d > MEET) continue;
        const inside = Math.min(dist(p, path[0]!), dist(p, path.at(-1)!)) > MEET;
        if (!best || (inside && !best.inside) || (inside === best.inside && d < best.d))
          best = { on: other, at: p, inside, d };
      }
      if (best) pair[end] = { on: best.on, at: p, inside: best.inside };
    }
    if (pair[0] || pair[1]) junctions.set(l, pair);
  }
  if (junctions.size === 0) return { used, made };

  // Strokes joined by junctions, as components.
  const sets = disjointSets<LinearElement>();
  for (const [l, pair] of junctions) for (const j of pair) if (j) sets.join(l, j.on);

  for (const members of sets.sets(strokes)) {
    if (members.length < 2) continue;
    const pairs = members.map((l) => junctions.get(l) ?? [null, null]);
    // A T somewhere: an end meeting another stroke away from its ends.
    if (!pairs.some((pair) => pair.some((j) => j?.inside))) continue;
    // An arrowhead at a junction points at a line: not a tree of plain strokes.
    if (members.some((l, i) => pairs[i]!.some((j, end) => j !== null && headsOf(l)[end] !== null))) continue;
    const attached: Attachment[] = [];
    let drawn = false;
    for (const [i, l] of members.entries()) {
      for (const end of [0, 1] as const) {
        if (pairs[i]![end]) continue;
        const at = endOf(l, end);
        const bound = end === 0 ? l.startBindingId : l.endBindingId;
        const on = bound ? null : shapeAt(at);
        // A stroke grouped with the shape it touches is part of one drawing (a logo's lines).
        if (on?.groupIds.some((g) => l.groupIds.includes(g))) drawn = true;
        const shape = bound ?? on?.id;
        if (shape) attached.push({ l, end, at, shape });
      }
    }
    const shapes = new Set(attached.map((a) => a.shape));
    if (drawn || shapes.size < 3 || shapes.size !== attached.length) continue;
    const root = rootOf(attached, junctions, pathOf);
    if (!root) continue;
    const branches = attached.filter((a) => a !== root);
    const routes = branches.map((b) => route(root, b, members, junctions));
    if (routes.some((r) => r === null)) continue;
    for (const [k, b] of branches.entries()) {
      const path = routes[k]!;
      const origin = path[0]!;
      const box = boxOf(path);
      const startHead = headsOf(root.l)[root.end];
      const endHead = headsOf(b.l)[b.end];
      const branch: LinearElement = {
        ...root.l,
        id: `${root.l.id}~tree${k + 1}`,
        type: startHead || endHead ? 'arrow' : 'line',
        x: origin.x,
        y: origin.y,
        width: box.maxX - box.minX,
        height: box.maxY - box.minY,
        angle: 0,
        points: path.map((p) => [p.x - origin.x, p.y - origin.y]),
        startBindingId: root.end === 0 ? root.l.startBindingId : root.l.endBindingId,
        endBindingId: b.end === 0 ? b.l.startBindingId : b.l.endBindingId,
        startArrowhead: startHead,
        endArrowhead: endHead,
      };
      points.set(branch, path);
      made.push(branch);
    }
    for (const l of members) {
      used.add(l);
      book.absorbed.set(l.id, made.at(-branches.length)!.id);
    }
    book.inferences.push({
      kind: 'chain',
      what: `${members.length} lines meeting at junctions are a tree: one line from its root to each of ${branches.length} ends`,
      from: members.map((l) => l.id),
      confidence: 'medium',
    });
  }
  return { used, made };
}

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * The root: the one attachment on a side of its own. Each attachment hangs from the stroke its
 * line's other end meets, on one side of it; the branches share one such side (the drops under a
 * bar), and exactly one attachment does not.
 */
function rootOf(
  attached: Attachment[],
  junctions: Map<LinearElement, [Junction | null, Junction | null]>,
  pathOf: (l: LinearElement) => Point[],
): Attachment | null {
  const sideOf = (a: Attachment): string => {
    const j = junctions.get(a.l)?.[(1 - a.end) as EndKey];
    if (!j) return `${a.l.id}:self`;
    const host = pathOf(j.on);
    // The stretch of the host the junction lies on (`along` counts its end point).
    const i = Math.max(1, Math.round(polylineDistance(j.at, host).along * (host.length - 1)));
    const [s0, s1] = [host[i - 1]!, host[i]!];
    const cross = (s1.x - s0.x) * (a.at.y - j.at.y) - (s1.y - s0.y) * (a.at.x - j.at.x);
    return `${j.on.id}:${Math.sign(cross)}`;
  };
  const groups = new Map<string, Attachment[]>();
  for (const a of attached) {
    const key = sideOf(a);
    const list = groups.get(key);
    if (list) list.push(a);
    else groups.set(key, [a]);
  }
  const sorted = [...groups.entries()].sort((x, y) => y[1].length - x[1].length);
  const [most, ...rest] = sorted;
  if (!most || most[1].length < 2 || rest.length !== 1 || rest[0]![1].length !== 1) return null;
  // Both ends of one line attached, a line branching off it: a branch, read elsewhere.
  if (most[0].endsWith(':self')) return null;
  return rest[0]![1][0]!;
}

/** The drawn route from one attachment to another: through the junctions between their strokes. */
function route(
  from: Attachment,
  to: Attachment,
  members: LinearElement[],
  junctions: Map<LinearElement, [Junction | null, Junction | null]>,
): Point[] | null {
  // Strokes are neighbours where one's end meets the other.
  const next = new Map<LinearElement, { l: LinearElement; at: Point }[]>();
  const add = (a: LinearElement, b: LinearElement, at: Point) => {
    const list = next.get(a);
    if (list) list.push({ l: b, at });
    else next.set(a, [{ l: b, at }]);
  };
  for (const l of members)
    for (const j of junctions.get(l) ?? []) {
      if (!j) continue;
      add(l, j.on, j.at);
      add(j.on, l, j.at);
    }
  const back = new Map<LinearElement, { l: LinearElement; at: Point } | null>([[from.l, null]]);
  const queue = [from.l];
  while (queue.length > 0 && !back.has(to.l)) {
    const l = queue.shift()!;
    for (const n of next.get(l) ?? []) {
      if (back.has(n.l)) continue;
      back.set(n.l, { l, at: n.at });
      queue.push(n.l);
    }
  }
  if (!back.has(to.l)) return null;
  const via: Point[] = [];
  for (let step = back.get(to.l); step; step = back.get(step.l)) via.unshift(step.at);
  return [from.at, ...via, to.at];
}
