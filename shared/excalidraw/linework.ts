/**
 * Lines as people draw them: an arrowhead drawn as a tiny triangle at a line's end, several
 * lines and arrows drawn end to end as one connector, and lines closing on themselves as an
 * outline (a hexagon of six strokes is one shape).
 */

import {
  absolutePoints,
  type Box,
  boundsOf,
  boxOf,
  cellKey,
  grow,
  type Point,
  pointBox,
  pointBoxDistance,
  polygonArea,
  polylineDistance,
  polylineLength,
  rayBoxHit,
  SpatialGrid,
} from './geometry.ts';
import { lineTrees } from './line-trees.ts';
import type { Arrowhead, LinearElement, ShapeElement, SkippedElement } from './model.ts';
import { boundIds } from './reading.ts';
import type { Inference } from './report.ts';

/** Ends closer than this are drawn as touching. */
const JOIN_DISTANCE = 8;
/** Branches start at most this far from the head of the arrow they split. */
const FORK_REACH = 12;
/** An arrowhead this close to where the next stroke starts, in open space, carries on along it. */
const CORNER_GAP = 24;
/** A drawn arrowhead fits in a square this big. */
const HEAD_SIZE = 24;
/** A picture on a path (a formula, an icon) is no bigger than this across. */
const WAYPOINT_SIZE = 160;
/** Path ends within this distance of a picture arrive at it or leave it. */
const WAYPOINT_REACH = 24;

export interface Linework {
  /** Every element's path in scene coordinates (rotation applied), joined chains included. */
  points: Map<LinearElement, Point[]>;
  /** Connectors: the file's arrows and lines, with chains joined into one element each. */
  linears: LinearElement[];
  /** Closed outlines: one closed line, or a chain of lines that comes back to its start. */
  outlines: LinearElement[];
  /** Element id → the element it became part of (a head, a chain member, an outline stroke). */
  absorbed: Map<string, string>;
  /** Each branch of a fork (by its joined element's id): the shared arrow's path, and its own. */
  forks: Map<string, Fork>;
  inferences: Inference[];
}

/** A branch of one route splitting in two: words by the shared stretch label every branch. */
export interface Fork {
  shared: Point[];
  own: Point[];
  /** The joined elements of every branch of this fork, this one included. */
  branches: string[];
}

type EndKey = 0 | 1;
type Joint = { l: LinearElement; end: EndKey } | null;

/** A small drawing without words (an envelope, a dot), grouped: a token a flow may carry. */
export interface Token {
  box: Box;
  /** Its elements' ids. */
  members: Set<string>;
}

/**
 * Reads arrowheads, chains and outlines. `onShape` tells whether a point touches a shape: two
 * lines meeting on a shape's outline are two connectors to that shape, not one chain.
 * `pictures` are the scene's images: a small one that an arrow runs into and another stroke
 * leaves is a waypoint on one path (a formula written on the arrow).
 */
export function readLinework(
  all: LinearElement[],
  onShape: (p: Point) => boolean,
  pictures: SkippedElement[] = [],
  /** Whether a point lies in open space: no shape or text within reach of an arrow's end. */
  inOpen: (p: Point) => boolean = () => false,
  tokens: Token[] = [],
  /** Whether a point lies on a shape's outline, the tokens' own shapes left out. */
  onOtherShape: (p: Point) => boolean = onShape,
  /** The shape whose outline a point lies on, if any. */
  shapeAt: (p: Point) => ShapeElement | null = () => null,
): Linework {
  const absorbed = new Map<string, string>();
  const inferences: Inference[] = [];
  const points = new Map(all.map((l) => [l, absolutePoints(l)]));
  // Heads drawn by hand, added to the file's own; only changed elements are listed.
  const drawn = new Map<LinearElement, [Arrowhead | null, Arrowhead | null]>();
  const headsOf = (l: LinearElement): [Arrowhead | null, Arrowhead | null] =>
    drawn.get(l) ?? [l.startArrowhead, l.endArrowhead];
  const book: LineBook = { points, headsOf, drawn, absorbed, inferences };

  // Drawn arrowheads: a tiny closed triangle or open V touching the end of a longer stroke.
  const candidates = new Set(all.filter((l) => isHeadShape(points.get(l)!)));
  const ends = new SpatialGrid<{ l: LinearElement; end: EndKey }>(64);
  if (candidates.size > 0) {
    for (const l of all) {
      const pts = points.get(l)!;
      if (candidates.has(l) || polylineLength(pts) < HEAD_SIZE * 1.5) continue;
      ends.insert({ l, end: 0 }, pointBox(pts[0]!));
      ends.insert({ l, end: 1 }, pointBox(pts.at(-1)!));
    }
  }
  for (const h of candidates) {
    const box = boxOf(points.get(h)!);
    const hits = [...ends.query(grow(box, 4))].filter(({ l, end }) => {
      const p = end === 0 ? points.get(l)![0]! : points.get(l)!.at(-1)!;
      return (
        p.x >= box.minX - 4 &&
        p.x <= box.maxX + 4 &&
        p.y >= box.minY - 4 &&
        p.y <= box.maxY + 4 &&
        !headsOf(l)[end]
      );
    });
    if (hits.length !== 1) continue;
    const { l, end } = hits[0]!;
    giveHead(l, end, 'arrow', h, 'a small triangle drawn at the', book);
  }

  overdrawnHeads(all, book);
  penHeads(all, book);
  armHeads(all, book);

  const live = all.filter((l) => !absorbed.has(l.id));
  const outlines: LinearElement[] = [];
  const connectors: LinearElement[] = [];
  for (const l of live) if (isClosed(points.get(l)!)) outlines.push(l);
  const closedSet = new Set(outlines);

  // Trees: strokes meeting at T-junctions, one line from the root to each end.
  const trees = lineTrees(
    live.filter((l) => !closedSet.has(l)),
    book,
    shapeAt,
  );
  connectors.push(...trees.made);
  // Chains: two free ends touching, and nothing else at that point.
  const open = live.filter((l) => !closedSet.has(l) && !trees.used.has(l));
  const endPoint = (l: LinearElement, end: EndKey) =>
    end === 0 ? points.get(l)![0]! : points.get(l)!.at(-1)!;
  const isFree = (l: LinearElement, end: EndKey) =>
    (end === 0 ? l.startBindingId : l.endBindingId) === null && !headsOf(l)[end];
  const links = new Map<LinearElement, [Joint, Joint]>();
  const NONE: [Joint, Joint] = [null, null];
  const link = { get: (l: LinearElement): [Joint, Joint] => links.get(l) ?? NONE };
  const setLink = (l: LinearElement, end: EndKey, joint: Joint) => {
    const pair = links.get(l) ?? [null, null];
    pair[end] = joint;
    links.set(l, pair);
  };
  // Free ends bucketed by cells as wide as the join distance: ends that touch share a cell or
  // lie in neighbouring ones.
  type FreeEnd = { l: LinearElement; end: EndKey; x: number; y: number };
  const buckets = new Map<number, FreeEnd[]>();
  const freeEnds: FreeEnd[] = [];
  for (const l of open) {
    for (const end of [0, 1] as const) {
      if (!isFree(l, end)) continue;
      const p = endPoint(l, end);
      const e = { l, end, x: p.x, y: p.y };
      freeEnds.push(e);
      const key = cellKey(Math.floor(p.x / JOIN_DISTANCE), Math.floor(p.y / JOIN_DISTANCE));
      const list = buckets.get(key);
      if (list) list.push(e);
      else buckets.set(key, [e]);
    }
  }
  /** The free ends within `reach` of a point, from the cells that far around it. */
  const freeEndsNear = (p: Point, reach: number): FreeEnd[] => {
    const found: FreeEnd[] = [];
    const [gx, gy] = [Math.floor(p.x / JOIN_DISTANCE), Math.floor(p.y / JOIN_DISTANCE)];
    const cells = Math.ceil(reach / JOIN_DISTANCE);
    for (let dx = -cells; dx <= cells; dx++)
      for (let dy = -cells; dy <= cells; dy++)
        for (const e of buckets.get(cellKey(gx + dx, gy + dy)) ?? [])
          if (Math.hypot(e.x - p.x, e.y - p.y) <= reach) found.push(e);
    return found;
  };
  const touching = new Map<FreeEnd, FreeEnd[]>();
  for (const a of freeEnds) {
    for (const b of freeEndsNear(a, JOIN_DISTANCE)) {
      if (b === a) continue;
      const near = touching.get(a);
      if (near) near.push(b);
      else touching.set(a, [b]);
    }
  }
  // Two arrows whose tails meet, each with a head at its far end, both leave that point (one
  // source splitting two ways): no chain.
  const tailsMeet = (a: FreeEnd, b: FreeEnd) =>
    headsOf(a.l)[(1 - a.end) as EndKey] !== null && headsOf(b.l)[(1 - b.end) as EndKey] !== null;
  for (const [a, near] of touching) {
    const only = near.length === 1 ? near[0]! : clearlyNearest(a, near);
    if (only && only.l !== a.l && !onShape(a) && !tailsMeet(a, only))
      setLink(a.l, a.end, { l: only.l, end: only.end });
  }
  // Only mutual pairs join: a point where three strokes meet is a fork, not a chain.
  for (const [l, pair] of links) {
    for (const end of [0, 1] as const) {
      const other = pair[end];
      if (other && link.get(other.l)[other.end]?.l !== l) pair[end] = null;
    }
  }

  joinCorners(open, (l) => points.get(l)!, headsOf, link, setLink, inOpen);

  const seen = new Set<LinearElement>();
  // Strokes flowing together: two or more bare ends meeting where one arrow starts, nothing else
  // there, each flow on along that arrow (two boxes joined by lines into one arrow to a third).
  for (const [a, near] of touching) {
    if (near.length < 2 || headsOf(a.l)[(1 - a.end) as EndKey] === null || onShape(a)) continue;
    const incoming = near.filter((e) => e.l !== a.l && headsOf(e.l)[(1 - e.end) as EndKey] === null);
    const strokes = new Set([a.l, ...incoming.map((e) => e.l)]);
    if (incoming.length !== near.length || strokes.size !== near.length + 1) continue;
    if ([...strokes].some((l) => seen.has(l) || link.get(l)[0] || link.get(l)[1])) continue;
    for (const e of incoming) {
      const merged = mergeChain(
        [
          { l: e.l, reversed: e.end === 0 },
          { l: a.l, reversed: a.end === 1 },
        ],
        points,
        headsOf,
        false,
      );
      connectors.push(merged);
      if (!absorbed.has(a.l.id)) absorbed.set(a.l.id, merged.id);
    }
    for (const l of strokes) seen.add(l);
    inferences.push({
      kind: 'chain',
      what: `${incoming.length} strokes meeting where ${a.l.type} ${a.l.id} starts flow on along it`,
      from: [...strokes].map((l) => l.id),
      confidence: 'medium',
    });
  }
  // Forks: an arrow's loose head where two or more bare tails start, nothing else there; each
  // branch runs on from the arrow's tail (one route splitting in two).
  const forks = new Map<string, Fork>();
  for (const a of open) {
    if (seen.has(a) || link.get(a)[0] || link.get(a)[1]) continue;
    for (const end of [0, 1] as const) {
      const tail = (1 - end) as EndKey;
      if (!headsOf(a)[end] || headsOf(a)[tail] || (end === 0 ? a.startBindingId : a.endBindingId)) continue;
      const p = endPoint(a, end);
      if (onShape(p)) continue;
      const near = freeEndsNear(p, FORK_REACH).filter(
        (e) => e.l !== a && headsOf(e.l)[(1 - e.end) as EndKey],
      );
      const branches = new Set(near.map((e) => e.l));
      if (near.length < 2 || branches.size !== near.length) continue;
      if ([...branches].some((l) => seen.has(l) || link.get(l)[0] || link.get(l)[1])) continue;
      const branchIds: string[] = [];
      for (const e of near) {
        // Drawn from the branch's head back to the arrow's tail: the head stays at the branch's
        // far end, and the branch names the route.
        const merged = mergeChain(
          [
            { l: e.l, reversed: e.end === 0 },
            { l: a, reversed: end === 1 },
          ],
          points,
          headsOf,
          false,
        );
        connectors.push(merged);
        if (!absorbed.has(a.id)) absorbed.set(a.id, merged.id);
        branchIds.push(merged.id);
        forks.set(merged.id, { shared: points.get(a)!, own: points.get(e.l)!, branches: branchIds });
      }
      seen.add(a);
      for (const l of branches) seen.add(l);
      inferences.push({
        kind: 'chain',
        what: `${near.length} arrows starting where ${a.type} ${a.id} ends run on from its tail: a fork`,
        from: [a.id, ...[...branches].map((l) => l.id)],
        confidence: 'medium',
      });
      break;
    }
  }
  for (const l of open) {
    if (seen.has(l)) continue;
    const pair = links.get(l);
    if (!pair || (!pair[0] && !pair[1])) {
      connectors.push(l);
      continue;
    }
    // Walk back to one end of the chain, then forward along it.
    let first = l;
    let firstEnd: EndKey = 0;
    for (let guard = 0; guard < open.length; guard++) {
      const prev = link.get(first)[firstEnd];
      if (!prev || prev.l === l) break;
      first = prev.l;
      firstEnd = (1 - prev.end) as EndKey;
    }
    const chain: { l: LinearElement; reversed: boolean }[] = [];
    let at: LinearElement | undefined = first;
    let entry: EndKey = firstEnd;
    let closed = false;
    while (at && !seen.has(at)) {
      seen.add(at);
      chain.push({ l: at, reversed: entry === 1 });
      const next: Joint = link.get(at)[(1 - entry) as EndKey];
      if (next && seen.has(next.l)) closed = next.l === first;
      at = next?.l;
      entry = next ? next.end : 0;
    }
    if (chain.length === 1) {
      connectors.push(l);
      continue;
    }
    // A stroke drawn twice over itself meets itself at both ends: one line, not an outline.
    if (
      closed &&
      overItself(chain.map((c) => (c.reversed ? [...points.get(c.l)!].reverse() : points.get(c.l)!)))
    ) {
      connectors.push(first);
      for (const { l: member } of chain.slice(1)) absorbed.set(member.id, first.id);
      inferences.push({
        kind: 'duplicate',
        what: `${chain.length} strokes drawn over one another are one ${first.type}`,
        from: chain.map((c) => c.l.id),
        confidence: 'high',
      });
      continue;
    }
    const merged = mergeChain(chain, points, headsOf, closed);
    for (const { l: member } of chain.slice(1)) absorbed.set(member.id, merged.id);
    (closed ? outlines : connectors).push(merged);
    inferences.push({
      kind: 'chain',
      what: closed
        ? `${chain.length} strokes drawn end to end close into one outline`
        : `${chain.length} strokes drawn end to end are one ${merged.type}`,
      from: chain.map((c) => c.l.id),
      confidence: 'high',
    });
  }
  // Three sides of a box drawn with lines (an open frame, its caption under the open side or the
  // base) outline a box like four.
  for (let i = connectors.length - 1; i >= 0; i--) {
    const l = connectors[i]!;
    if (l.startBindingId || l.endBindingId || headsOf(l)[0] || headsOf(l)[1] || drawn.has(l)) continue;
    if (!threeSides(points.get(l) ?? absolutePoints(l))) continue;
    connectors.splice(i, 1);
    outlines.push(l);
    inferences.push({
      kind: 'chain',
      what: `${l.type} ${l.id} draws three sides of a box: an outline`,
      from: [l.id],
      confidence: 'medium',
    });
  }
  joinThroughPictures(connectors, pictures, onShape, book);
  joinThroughTokens(connectors, tokens, onOtherShape, book);
  // Heads found above must reach the elements that stay single.
  const withHeads = connectors.map((l) => {
    const changed = drawn.get(l);
    if (!changed) return l;
    const [s, e] = changed;
    const copy = { ...l, type: 'arrow' as const, startArrowhead: s, endArrowhead: e };
    points.set(copy, points.get(l)!);
    return copy;
  });
  for (const l of [...withHeads, ...outlines]) if (!points.has(l)) points.set(l, absolutePoints(l));
  return { linears: withHeads, outlines, absorbed, forks, inferences, points };
}

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** Whether two strokes lie in the same innermost Excalidraw group, or both in none. */
function sameGroup(a: LinearElement, b: LinearElement): boolean {
  return (a.groupIds[0] ?? null) === (b.groupIds[0] ?? null);
}

/** A short arrow drawn over a stroke's end to give it a head is at most this long. */
const OVERDRAWN = 60;

/**
 * Heads drawn as a short arrow laid over the end of a longer stroke, its head at that end: the
 * stroke gets the head, and the short arrow is part of it.
 */
function overdrawnHeads(all: LinearElement[], book: LineBook): void {
  const { points, headsOf, absorbed } = book;
  const short = all.filter((l) => {
    const pts = points.get(l)!;
    const [s, e] = headsOf(l);
    return l.type === 'arrow' && (s === null) !== (e === null) && polylineLength(pts) <= OVERDRAWN;
  });
  if (short.length === 0) return;
  const grid = new SpatialGrid<LinearElement>(64);
  for (const l of all) grid.insert(l, boxOf(points.get(l)!));
  for (const h of short) {
    if (absorbed.has(h.id)) continue;
    const pts = points.get(h)!;
    const tip = headsOf(h)[1] !== null ? pts.at(-1)! : pts[0]!;
    const host = grid.query(grow(boxOf(pts), 4)).find((l) => {
      if (l === h || absorbed.has(l.id) || polylineLength(points.get(l)!) < 2 * polylineLength(pts))
        return false;
      const path = points.get(l)!;
      return pts.every((p) => polylineDistance(p, path).distance <= 4);
    });
    if (!host) continue;
    const path = points.get(host)!;
    const end: EndKey | null =
      dist(tip, path[0]!) <= JOIN_DISTANCE ? 0 : dist(tip, path.at(-1)!) <= JOIN_DISTANCE ? 1 : null;
    if (end === null || headsOf(host)[end] !== null) continue;
    const head = headsOf(h)[1] ?? headsOf(h)[0]!;
    giveHead(host, end, head, h, 'a short arrow drawn over the', book);
  }
}

/** A head drawn with the pen is at most this long a stroke, its arms' ends this far apart. */
const PEN_HEAD_LENGTH = 200;
const PEN_HEAD_SPAN = 100;
/** Its point lies this near the end of the stroke it heads. */
const PEN_HEAD_REACH = 40;
/** An arm ending this near a stroke's line lies on neither side of it. */
const ARM_OFF_SHAFT = 4;

/**
 * Heads drawn with the pen: a short stroke bent into a V, its point at the end of a longer
 * stroke and both its arms trailing back along it.
 */
function penHeads(all: LinearElement[], book: LineBook): void {
  const { points, headsOf, absorbed } = book;
  const vees = all.flatMap((l) => {
    if (!l.freehand || absorbed.has(l.id)) return [];
    const apex = veePoint(points.get(l)!);
    return apex ? [{ h: l, apex }] : [];
  });
  if (vees.length === 0) return;
  const ends = new SpatialGrid<{ l: LinearElement; end: EndKey }>(64);
  for (const l of all) {
    const pts = points.get(l)!;
    if (absorbed.has(l.id) || polylineLength(pts) < PEN_HEAD_LENGTH / 2) continue;
    ends.insert({ l, end: 0 }, pointBox(pts[0]!));
    ends.insert({ l, end: 1 }, pointBox(pts.at(-1)!));
  }
  for (const { h, apex } of vees) {
    const arms = [points.get(h)![0]!, points.get(h)!.at(-1)!];
    const length = polylineLength(points.get(h)!);
    let best: { l: LinearElement; end: EndKey; d: number } | null = null;
    for (const { l, end } of ends.query(pointBox(apex, PEN_HEAD_REACH))) {
      const pts = points.get(l)!;
      if (l === h || absorbed.has(l.id) || headsOf(l)[end] || polylineLength(pts) < 1.5 * length) continue;
      const tip = end === 0 ? pts[0]! : pts.at(-1)!;
      const d = dist(tip, apex);
      if (d > PEN_HEAD_REACH) continue;
      const dir = heading(pts, end);
      if (!dir) continue;
      // The point lies at the tip or ahead of it; both arms trail back along the stroke.
      const ahead = (p: Point) => (p.x - tip.x) * dir.x + (p.y - tip.y) * dir.y;
      if (ahead(apex) < -PEN_HEAD_REACH / 2 || arms.some((a) => ahead(a) >= ahead(apex))) continue;
      // One arm either side of the stroke: a hook with both on one side (a `1` or a `7` written
      // by the end of an ER link) heads nothing.
      const side = (p: Point) => (p.x - tip.x) * dir.y - (p.y - tip.y) * dir.x;
      const [s0, s1] = arms.map(side) as [number, number];
      if (Math.min(Math.abs(s0), Math.abs(s1)) > ARM_OFF_SHAFT && Math.sign(s0) === Math.sign(s1)) continue;
      if (!best || d < best.d) best = { l, end, d };
    }
    if (best) giveHead(best.l, best.end, 'arrow', h, 'a V drawn with the pen at the', book);
  }
}

/** A head drawn as two strokes: each arm at most this long, its end this near the stroke's tip. */
const HEAD_ARM = 48;
const ARM_REACH = 8;

/**
 * Heads drawn as two short straight strokes, one either side of a longer stroke, meeting at its
 * end and both trailing back along it (a head drawn with the line tool, arm by arm).
 */
function armHeads(all: LinearElement[], book: LineBook): void {
  const { points, headsOf, absorbed } = book;
  const arms = all.filter((l) => {
    const pts = points.get(l)!;
    return l.type === 'line' && pts.length === 2 && !absorbed.has(l.id) && polylineLength(pts) <= HEAD_ARM;
  });
  if (arms.length < 2) return;
  const armEnds = new SpatialGrid<{ arm: LinearElement; near: Point; far: Point }>(64);
  for (const arm of arms) {
    const [a, b] = points.get(arm)! as [Point, Point];
    armEnds.insert({ arm, near: a, far: b }, pointBox(a));
    armEnds.insert({ arm, near: b, far: a }, pointBox(b));
  }
  for (const l of all) {
    const pts = points.get(l)!;
    const length = polylineLength(pts);
    if (absorbed.has(l.id) || length < HEAD_ARM) continue;
    for (const end of [0, 1] as const) {
      if (headsOf(l)[end]) continue;
      const tip = end === 0 ? pts[0]! : pts.at(-1)!;
      const dir = heading(pts, end);
      if (!dir) continue;
      // Each arm runs back from the tip, off to one side of the stroke.
      const side = (p: Point) => (p.x - tip.x) * dir.y - (p.y - tip.y) * dir.x;
      const back = (p: Point) => (tip.x - p.x) * dir.x + (tip.y - p.y) * dir.y;
      const found = armEnds
        .query(pointBox(tip, ARM_REACH))
        .filter(
          ({ arm, near, far }) =>
            !absorbed.has(arm.id) &&
            arm !== l &&
            dist(near, far) <= 0.4 * length &&
            dist(near, tip) <= ARM_REACH &&
            back(far) > 0.4 * dist(near, far) &&
            Math.abs(side(far)) > 0.25 * dist(near, far),
        );
      const left = found.find((f) => side(f.far) > 0);
      const right = found.find((f) => side(f.far) < 0);
      if (!left || !right) continue;
      giveHead(l, end, 'arrow', left.arm, 'two strokes drawn as arms at the', book);
      absorbed.set(right.arm.id, l.id);
    }
  }
}

/** The point of a short pen stroke bent into a V (its sharpest bend), if it is one. */
function veePoint(pts: Point[]): Point | null {
  if (pts.length < 3 || polylineLength(pts) > PEN_HEAD_LENGTH) return null;
  const [a, b] = [pts[0]!, pts.at(-1)!];
  const span = dist(a, b);
  if (span > PEN_HEAD_SPAN || span < 8) return null;
  let far = 0;
  let apex = a;
  for (const p of pts) {
    const d = Math.abs((b.y - a.y) * (p.x - a.x) - (b.x - a.x) * (p.y - a.y)) / span;
    if (d > far) {
      far = d;
      apex = p;
    }
  }
  return far >= 0.3 * span ? apex : null;
}

/** The way a path runs at its end, over its last 24 px or so (a unit vector), if it moves. */
function heading(pts: Point[], end: EndKey): Point | null {
  const path = end === 0 ? [...pts].reverse() : pts;
  const tip = path.at(-1)!;
  for (let i = path.length - 2; i >= 0; i--) {
    const p = path[i]!;
    const d = dist(p, tip);
    if (d >= 24 || i === 0) return d < 1 ? null : { x: (tip.x - p.x) / d, y: (tip.y - p.y) / d };
  }
  return null;
}

/** What the readers of drawn heads and joined strokes share: paths, heads so far, what they record. */
interface LineBook {
  points: Map<LinearElement, Point[]>;
  headsOf: (l: LinearElement) => [Arrowhead | null, Arrowhead | null];
  /** Heads drawn by hand, by the stroke they were given to. */
  drawn: Map<LinearElement, [Arrowhead | null, Arrowhead | null]>;
  /** Element id → the stroke it became part of. */
  absorbed: Map<string, string>;
  inferences: Inference[];
}

/** Gives a stroke the head drawn as another element `h`, which becomes part of it. */
function giveHead(
  l: LinearElement,
  end: EndKey,
  head: Arrowhead,
  h: LinearElement,
  drawnAs: string,
  book: LineBook,
): void {
  const heads = book.headsOf(l);
  heads[end] = head;
  book.drawn.set(l, heads);
  book.absorbed.set(h.id, l.id);
  book.inferences.push({
    kind: 'arrowhead',
    what: `${drawnAs} ${end === 0 ? 'start' : 'end'} of ${l.type} ${l.id} is its arrowhead`,
    from: [h.id, l.id],
    confidence: 'high',
  });
}

/** Whether a path's end, carried on along its last stretch, runs into the box. */
function aimsAt(pts: Point[], end: EndKey, box: Box): boolean {
  const tip = end === 0 ? pts[0]! : pts.at(-1)!;
  const before = end === 0 ? pts[1]! : pts.at(-2)!;
  const len = dist(tip, before);
  if (len < 1) return false;
  const hit = rayBoxHit(tip, { x: (tip.x - before.x) / len, y: (tip.y - before.y) / len }, box);
  return hit !== null && hit <= WAYPOINT_REACH;
}

/**
 * Pictures on a path: an arrow whose head stops at a small picture nothing is bound to, and one
 * stroke leaving the picture's other side from its bare, unbound end, are one connector through
 * it (Obsidian notes write a formula on an arrow as an image). Exactly one arriving head and
 * one leaving tail, or nothing is joined. Replaces the two in `connectors`.
 */
function joinThroughPictures(
  connectors: LinearElement[],
  pictures: SkippedElement[],
  onShape: (p: Point) => boolean,
  book: LineBook,
): void {
  const { points, headsOf, inferences } = book;
  const small = pictures.filter((p) => Math.max(p.width, p.height) <= WAYPOINT_SIZE);
  if (small.length === 0 || connectors.length < 2) return;
  const bound = boundIds(connectors).linked;
  const pathOf = cachedPaths(points);
  const ends = endStubs(
    connectors,
    pathOf,
    headsOf,
    (l, end) => (end === 0 ? l.startBindingId : l.endBindingId) === null,
  );
  const used = new Set<LinearElement>();
  for (const picture of small) {
    if (bound.has(picture.id)) continue;
    const box: Box = boundsOf(picture);
    const near = ends.query(grow(box, WAYPOINT_REACH)).filter(({ l, end }) => {
      const pts = pathOf(l);
      const p = end === 0 ? pts[0]! : pts.at(-1)!;
      return (
        !used.has(l) && pointBoxDistance(p, box) <= WAYPOINT_REACH && !onShape(p) && aimsAt(pts, end, box)
      );
    });
    const arriving = near.filter((e) => e.head);
    const leaving = near.filter((e) => !e.head);
    if (arriving.length !== 1 || leaving.length !== 1 || arriving[0]!.l === leaving[0]!.l) continue;
    const [into, out] = [arriving[0]!, leaving[0]!];
    // The arriving head is dropped (it points at the picture, now inside the path).
    const merged = joinAcross(into, out, connectors, book, pathOf);
    used.add(into.l).add(out.l);
    inferences.push({
      kind: 'chain',
      what: `${into.l.type} ${into.l.id} runs into a picture that ${out.l.type} ${out.l.id} leaves: one ${merged.type} through it`,
      from: [into.l.id, picture.id, out.l.id],
      confidence: 'medium',
    });
  }
}

/**
 * Tokens on a path: a flow drawn as a stroke up to a small wordless drawing (a message's
 * envelope) and another stroke on from its far side is one connector through it. Exactly two
 * strokes meet the token, from opposite sides, at most one with its head at it; the token is
 * then a mark on the flow, not a node.
 */
function joinThroughTokens(
  connectors: LinearElement[],
  tokens: Token[],
  onOtherShape: (p: Point) => boolean,
  book: LineBook,
): void {
  const { points, headsOf, inferences } = book;
  if (tokens.length === 0 || connectors.length < 2) return;
  const members = new Set(tokens.flatMap((t) => [...t.members]));
  const pathOf = cachedPaths(points);
  // Ends free, or bound to a token's own shape (the author let go over it).
  const ends = endStubs(connectors, pathOf, headsOf, (l, end) => {
    const binding = end === 0 ? l.startBindingId : l.endBindingId;
    return !members.has(l.id) && (binding === null || members.has(binding));
  });
  const used = new Set<LinearElement>();
  for (const token of tokens) {
    const near = ends.query(grow(token.box, WAYPOINT_REACH)).filter(({ l, end }) => {
      const pts = pathOf(l);
      const p = end === 0 ? pts[0]! : pts.at(-1)!;
      return (
        !used.has(l) &&
        pointBoxDistance(p, token.box) <= WAYPOINT_REACH &&
        !onOtherShape(p) &&
        (pointBoxDistance(p, token.box) === 0 || aimsAt(pts, end, token.box))
      );
    });
    if (near.length >= 3 && joinAtToken(near, token, connectors, book, pathOf, used)) continue;
    if (near.length !== 2 || near[0]!.l === near[1]!.l) continue;
    const [a, b] = near as [EndStub, EndStub];
    // From opposite sides: each stroke runs into the token the other way.
    if (a.dir.x * b.dir.x + a.dir.y * b.dir.y > -0.5 || (a.head && b.head)) continue;
    const [into, out] = b.head ? [b, a] : [a, b];
    const merged = joinAcross(into, out, connectors, book, pathOf);
    used.add(into.l).add(out.l);
    inferences.push({
      kind: 'chain',
      what: `${into.l.type} ${into.l.id} and ${out.l.type} ${out.l.id} meet at a small drawing on their way: one ${merged.type} carrying it`,
      from: [into.l.id, ...token.members, out.l.id],
      confidence: 'medium',
    });
  }
}

/**
 * Flows meeting at a small drawing (a merge mark): plain strokes run into it and one arrow leaves
 * it, its head at its far end. Each stroke flows on along that arrow: one edge each.
 */
function joinAtToken(
  near: EndStub[],
  token: Token,
  connectors: LinearElement[],
  book: LineBook,
  pathOf: (l: LinearElement) => Point[],
  used: Set<LinearElement>,
): boolean {
  const { headsOf, inferences } = book;
  if (new Set(near.map((e) => e.l)).size !== near.length || near.some((e) => e.head)) return false;
  const farHead = (e: EndStub) => headsOf(e.l)[e.end === 0 ? 1 : 0] !== null;
  const outs = near.filter(farHead);
  if (outs.length !== 1) return false;
  const out = outs[0]!;
  const ins = near.filter((e) => e !== out);
  for (const [i, into] of ins.entries()) {
    const merged = joinAcross(into, out, connectors, book, pathOf, i < ins.length - 1);
    used.add(into.l);
    inferences.push({
      kind: 'chain',
      what: `${into.l.type} ${into.l.id} meets ${out.l.type} ${out.l.id} at a small drawing where flows join: one ${merged.type} on along it`,
      from: [into.l.id, ...token.members, out.l.id],
      confidence: 'medium',
    });
  }
  used.add(out.l);
  return true;
}

/** A stroke's end: whether its head is there, and the way its last stretch runs into it. */
type EndStub = { l: LinearElement; end: EndKey; head: boolean; dir: Point };

/** Each stroke's path in scene coordinates, read once and kept in `points`. */
function cachedPaths(points: Map<LinearElement, Point[]>): (l: LinearElement) => Point[] {
  return (l) => {
    let pts = points.get(l);
    if (!pts) {
      pts = absolutePoints(l);
      points.set(l, pts);
    }
    return pts;
  };
}

/** The ends `keep` lets through, of strokes whose last stretch has a length, found by place. */
function endStubs(
  connectors: LinearElement[],
  pathOf: (l: LinearElement) => Point[],
  headsOf: (l: LinearElement) => [Arrowhead | null, Arrowhead | null],
  keep: (l: LinearElement, end: EndKey) => boolean,
): SpatialGrid<EndStub> {
  const ends = new SpatialGrid<EndStub>(64);
  for (const l of connectors) {
    const pts = pathOf(l);
    if (pts.length < 2) continue;
    const heads = headsOf(l);
    for (const end of [0, 1] as const) {
      if (!keep(l, end)) continue;
      const tip = end === 0 ? pts[0]! : pts.at(-1)!;
      // The last stretch with a length: a path may repeat its end point.
      let before = tip;
      for (let i = 1; i < pts.length && dist(tip, before) < 1; i++)
        before = end === 0 ? pts[i]! : pts.at(-1 - i)!;
      const len = dist(tip, before);
      if (len < 1) continue;
      ends.insert(
        {
          l,
          end,
          head: heads[end] !== null,
          dir: { x: (tip.x - before.x) / len, y: (tip.y - before.y) / len },
        },
        pointBox(tip),
      );
    }
  }
  return ends;
}

/**
 * Joins two strokes across a gap (a picture or a token between them): `into` arrives, its head
 * there dropped, `out` leaves; the merged connector takes their place in `connectors`.
 */
function joinAcross(
  into: { l: LinearElement; end: EndKey },
  out: { l: LinearElement; end: EndKey },
  connectors: LinearElement[],
  book: LineBook,
  pathOf: (l: LinearElement) => Point[],
  /** `out` flows on from other strokes too: it stays for them. */
  keepOut = false,
): LinearElement {
  const { points, headsOf, absorbed } = book;
  const intoHeads = headsOf(into.l);
  const intoPlain: LinearElement = {
    ...into.l,
    startArrowhead: into.end === 0 ? null : intoHeads[0],
    endArrowhead: into.end === 1 ? null : intoHeads[1],
  };
  points.set(intoPlain, pathOf(into.l));
  if (!points.has(out.l)) points.set(out.l, pathOf(out.l));
  const merged = mergeChain(
    [
      { l: intoPlain, reversed: into.end === 0 },
      { l: out.l, reversed: out.end === 1 },
    ],
    points,
    headsOf,
    false,
  );
  connectors.splice(connectors.indexOf(into.l), 1, merged);
  if (keepOut) return merged;
  connectors.splice(connectors.indexOf(out.l), 1);
  absorbed.set(out.l.id, merged.id);
  for (const [member, owner] of absorbed) if (owner === out.l.id) absorbed.set(member, merged.id);
  return merged;
}

/**
 * Of several ends near one, the one it touches when the others only come close (two boxes drawn
 * with lines side by side, a few units apart): within 2, and the next three times as far.
 */
function clearlyNearest<E extends { x: number; y: number }>(a: E, near: E[]): E | null {
  const d = (e: E) => Math.hypot(e.x - a.x, e.y - a.y);
  const sorted = [...near].sort((p, q) => d(p) - d(q));
  const [first, second] = sorted as [E, E];
  return d(first) <= 2 && d(second) >= 3 * Math.max(1, d(first)) ? first : null;
}

/** Whether strokes lie over one another (their joined path encloses next to nothing). */
function overItself(paths: Point[][]): boolean {
  const all = paths.flat();
  const box = boxOf(all);
  const size = Math.max(box.maxX - box.minX, box.maxY - box.minY);
  return Math.abs(polygonArea(all)) <= 0.02 * size * size;
}

/** The sides of an open frame are at least this long. */
const FRAME_SIDE = 60;

/**
 * Whether a path is three sides of a box: three straight runs, level and upright in turn, the
 * two arms on the same side of the base and each at least a third of the base long.
 */
function threeSides(pts: Point[]): boolean {
  const corners: Point[] = [pts[0]!];
  for (let i = 1; i < pts.length; i++) {
    const p = pts[i]!;
    const last = corners.at(-1)!;
    if (dist(p, last) < 2) continue;
    if (corners.length >= 2) {
      const before = corners.at(-2)!;
      // Still on the run from `before` through `last`: `last` was no corner.
      const cross = Math.abs((last.x - before.x) * (p.y - before.y) - (last.y - before.y) * (p.x - before.x));
      if (cross <= 0.05 * dist(before, last) * dist(before, p)) {
        corners[corners.length - 1] = p;
        continue;
      }
    }
    corners.push(p);
  }
  if (corners.length !== 4) return false;
  const runs = [0, 1, 2].map((i) => ({ a: corners[i]!, b: corners[i + 1]! }));
  const level = (r: { a: Point; b: Point }) => Math.abs(r.b.y - r.a.y) <= 0.08 * Math.abs(r.b.x - r.a.x);
  const upright = (r: { a: Point; b: Point }) => Math.abs(r.b.x - r.a.x) <= 0.08 * Math.abs(r.b.y - r.a.y);
  const [arm1, base, arm2] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
  const shape =
    (level(base) && upright(arm1) && upright(arm2)) || (upright(base) && level(arm1) && level(arm2));
  if (!shape) return false;
  const len = (r: { a: Point; b: Point }) => dist(r.a, r.b);
  if (len(base) < FRAME_SIDE || Math.min(len(arm1), len(arm2)) < Math.max(FRAME_SIDE, len(base) / 3))
    return false;
  // Both arms leave the base on the same side: the path goes out along one and back along the other.
  const out1 = { x: arm1.a.x - arm1.b.x, y: arm1.a.y - arm1.b.y };
  const out2 = { x: arm2.b.x - arm2.a.x, y: arm2.b.y - arm2.a.y };
  return out1.x * out2.x + out1.y * out2.y > 0;
}

function isClosed(pts: Point[]): boolean {
  if (pts.length < 4) return false;
  const box = boxOf(pts);
  const size = Math.max(box.maxX - box.minX, box.maxY - box.minY);
  return size > HEAD_SIZE && dist(pts[0]!, pts.at(-1)!) <= Math.max(3, size * 0.03);
}

function isHeadShape(pts: Point[]): boolean {
  if (pts.length < 3 || pts.length > 5) return false;
  const box = boxOf(pts);
  return box.maxX - box.minX <= HEAD_SIZE && box.maxY - box.minY <= HEAD_SIZE;
}

function mergeChain(
  chain: { l: LinearElement; reversed: boolean }[],
  points: Map<LinearElement, Point[]>,
  headsOf: (l: LinearElement) => [Arrowhead | null, Arrowhead | null],
  closed: boolean,
): LinearElement {
  const path: Point[] = [];
  for (const { l, reversed } of chain) {
    const pts = reversed ? [...points.get(l)!].reverse() : points.get(l)!;
    // Touching ends are one point; a gap (a picture on the path) keeps both.
    const touches = path.length > 0 && dist(path.at(-1)!, pts[0]!) <= JOIN_DISTANCE;
    path.push(...(touches ? pts.slice(1) : pts));
  }
  const first = chain[0]!;
  const last = chain.at(-1)!;
  const startHead = headsOf(first.l)[first.reversed ? 1 : 0];
  const endHead = headsOf(last.l)[last.reversed ? 0 : 1];
  const startBinding = first.reversed ? first.l.endBindingId : first.l.startBindingId;
  const endBinding = last.reversed ? last.l.startBindingId : last.l.endBindingId;
  // The chain takes its look from its arrow, if it has one, else from its longest stroke.
  const source =
    chain.find((c) => c.l.type === 'arrow')?.l ??
    chain.reduce((a, b) => (polylineLength(points.get(b.l)!) > polylineLength(points.get(a.l)!) ? b : a)).l;
  const origin = path[0]!;
  const box = boxOf(path);
  const element: LinearElement = {
    ...source,
    id: first.l.id,
    type: startHead || endHead || chain.some((c) => c.l.type === 'arrow') ? 'arrow' : 'line',
    x: origin.x,
    y: origin.y,
    width: box.maxX - box.minX,
    height: box.maxY - box.minY,
    angle: 0,
    points: (closed ? [...path, path[0]!] : path).map((p) => [p.x - origin.x, p.y - origin.y]),
    startBindingId: startBinding,
    endBindingId: endBinding,
    startArrowhead: startHead,
    endArrowhead: endHead,
  };
  return element;
}

/**
 * A route drawn as arrows corner to corner (each with its head at the corner): an arrowhead
 * stopping in open space a little short of where the next stroke starts, that start lying ahead
 * of it and nothing else there, carries on along that stroke. Only one-to-one meetings join.
 */
function joinCorners(
  open: LinearElement[],
  pathOf: (l: LinearElement) => Point[],
  headsOf: (l: LinearElement) => [Arrowhead | null, Arrowhead | null],
  link: { get: (l: LinearElement) => [Joint, Joint] },
  setLink: (l: LinearElement, end: EndKey, joint: Joint) => void,
  inOpen: (p: Point) => boolean,
): void {
  const unbound = (l: LinearElement, end: EndKey) => (end === 0 ? l.startBindingId : l.endBindingId) === null;
  type End = { l: LinearElement; end: EndKey; p: Point };
  const heads: (End & { dir: Point })[] = [];
  const tails = new SpatialGrid<End>();
  let anyTail = false;
  for (const l of open) {
    const path = pathOf(l);
    if (path.length < 2) continue;
    for (const end of [0, 1] as const) {
      if (!unbound(l, end) || link.get(l)[end]) continue;
      const p = end === 0 ? path[0]! : path.at(-1)!;
      if (headsOf(l)[end] !== null) {
        // The way the head points: along the stroke's last stretch.
        const before = end === 0 ? path[1]! : path.at(-2)!;
        const d = Math.hypot(p.x - before.x, p.y - before.y);
        if (d > 0) heads.push({ l, end, p, dir: { x: (p.x - before.x) / d, y: (p.y - before.y) / d } });
      } else {
        tails.insert({ l, end, p }, pointBox(p));
        anyTail = true;
      }
    }
  }
  if (heads.length === 0 || !anyTail) return;
  // A meeting on another stroke (a lifeline, a bus) is not a corner of one route.
  const strokes = new SpatialGrid<LinearElement>();
  for (const l of open) strokes.insert(l, boxOf(pathOf(l)));
  const onOther = (p: Point, a: LinearElement, b: LinearElement) =>
    strokes
      .query(pointBox(p, 6))
      .some((l) => l !== a && l !== b && polylineDistance(p, pathOf(l)).distance <= 6);
  const near = (h: End & { dir: Point }) =>
    tails.query(pointBox(h.p, CORNER_GAP)).filter((t) => {
      // A stroke of a grouped drawing (a can's rim) is no part of an arrow drawn up to it.
      if (t.l === h.l || !sameGroup(t.l, h.l)) return false;
      const vx = t.p.x - h.p.x;
      const vy = t.p.y - h.p.y;
      if (Math.hypot(vx, vy) > CORNER_GAP || vx * h.dir.x + vy * h.dir.y < -CORNER_GAP / 2) return false;
      // A head resting on the other stroke's body (a message on a lifeline) meets it, not its end.
      const path = pathOf(t.l);
      if (polylineDistance(h.p, path).distance <= 8 && Math.hypot(vx, vy) > 8) return false;
      // The next leg of a route runs on; a short stroke there is part of a drawing (a limb).
      if (polylineLength(path) < 2 * CORNER_GAP) return false;
      // A route turns a corner or runs straight on; a stroke heading back is a reply, not a leg.
      const next = t.end === 0 ? path[1]! : path.at(-2)!;
      const len = Math.hypot(next.x - t.p.x, next.y - t.p.y);
      return len > 0 && ((next.x - t.p.x) * h.dir.x + (next.y - t.p.y) * h.dir.y) / len > -0.3;
    });
  const matches = new Map<End, End & { dir: Point }>();
  const count = new Map<End, number>();
  for (const h of heads) {
    const found = near(h);
    if (found.length !== 1) continue;
    const t = found[0]!;
    count.set(t, (count.get(t) ?? 0) + 1);
    matches.set(t, h);
  }
  for (const [t, h] of matches) {
    if (count.get(t) !== 1 || link.get(t.l)[t.end] || link.get(h.l)[h.end]) continue;
    if (!inOpen(h.p) || !inOpen(t.p) || onOther(h.p, h.l, t.l) || onOther(t.p, h.l, t.l)) continue;
    setLink(h.l, h.end, { l: t.l, end: t.end });
    setLink(t.l, t.end, { l: h.l, end: h.end });
  }
}
