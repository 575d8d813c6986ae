/**
 * Sequence diagrams drawn by hand: a participant (a word, a box or a figure) with a line hanging
 * under it — dashed, or solid when messages end on it — and often a copy of the participant at
 * its foot, as mermaid draws them. Messages are arrows between those lifelines, often ending on
 * the narrow activation boxes drawn on them: an arrow reaching a lifeline reaches its participant.
 */

import type { Figure } from './figures.ts';
import {
  absolutePoints,
  type Box,
  boundsOf,
  boxOf,
  boxWidth,
  centerOf,
  grow,
  type Point,
  pointBox,
  pointBoxDistance,
  SpatialGrid,
} from './geometry.ts';
import type { LinearElement, ShapeElement, TextElement } from './model.ts';
import type { Reading } from './reading.ts';

/** An arrow end this close to a lifeline (or an activation box on it) reaches its participant. */
const REACH = 16;

export interface Lifeline<H> {
  line: LinearElement;
  header: H;
  /** Where the line runs across, at its middle, and how far it drifts sideways per unit down. */
  x: number;
  slope: number;
  top: number;
  bottom: number;
  /** Narrow boxes drawn on the line (activations): part of the participant, not nodes. */
  activations: ShapeElement[];
  /** The participant drawn again at the line's foot, if any: the same participant. */
  footer: H | null;
}

/** A message drawn by hand may stop this far short of the line it ends on. */
const MESSAGE_REACH = 40;

/** A solid upright line is a lifeline only when at least this many messages end on it. */
const SOLID_MESSAGES = 2;

/**
 * Finds lifelines: upright lines whose top is just under a header, dashed or dotted, or solid
 * (or drawn as an arrow down) with messages (level arrows) ending on them or on the activation
 * boxes drawn on them. `headers` are the things a lifeline can hang
 * from, with their boxes and what they read (a copy at the line's foot reads the same).
 */
export function findLifelines<H>(
  lines: LinearElement[],
  headers: { header: H; box: Box; reads: string }[],
  emptyShapes: ShapeElement[],
  pathOf: (l: LinearElement) => Point[] = absolutePoints,
): Lifeline<H>[] {
  const grid = new SpatialGrid<{ header: H; box: Box; reads: string }>();
  for (const h of headers) grid.insert(h, h.box);
  const shapeGrid = new SpatialGrid<ShapeElement>();
  for (const s of emptyShapes) shapeGrid.insert(s, boundsOf(s));
  let messages: SpatialGrid<Point> | null = null;
  const messageEnds = () => {
    if (!messages) {
      messages = new SpatialGrid<Point>();
      for (const l of lines) {
        if (isUpright(l)) continue;
        const pts = pathOf(l);
        for (const which of [0, 1] as const) {
          const p = which === 0 ? pts[0]! : pts.at(-1)!;
          if (leavesLevel(pts, which)) messages.insert(p, pointBox(p));
        }
      }
    }
    return messages;
  };
  const found: Lifeline<H>[] = [];
  for (const l of lines) {
    if (l.points.length > 3 || !isUpright(l)) continue;
    // An arrow bound from one shape to another links them, whatever lies above it.
    const linking =
      l.startBindingId !== null && l.endBindingId !== null && l.startBindingId !== l.endBindingId;
    if (linking && (l.startArrowhead !== null || l.endArrowhead !== null)) continue;
    const b = boundsOf(l);
    const x = (b.minX + b.maxX) / 2;
    const above = [...grid.query({ minX: x - 1, minY: b.minY - 48, maxX: x + 1, maxY: b.minY + 4 })].filter(
      (h) =>
        h.box.maxY <= b.minY + 4 && h.box.maxY >= b.minY - 48 && x >= h.box.minX - 10 && x <= h.box.maxX + 10,
    );
    if (above.length === 0) continue;
    // The nearest header above the line's top.
    above.sort((p, q) => q.box.maxY - p.box.maxY);
    const activations = [...shapeGrid.query(b)].filter((s) => {
      const c = centerOf(s);
      return (
        s.type === 'rectangle' &&
        s.width <= 48 &&
        // On the line, or drawn a little to one side of it.
        Math.abs(c.x - x) <= Math.max(12, s.width) &&
        c.y >= b.minY &&
        c.y <= b.maxY
      );
    });
    const header = above[0]!;
    const below = [...grid.query({ minX: x - 1, minY: b.maxY - 4, maxX: x + 1, maxY: b.maxY + 48 })].filter(
      (h) =>
        h !== header &&
        h.reads !== '' &&
        h.reads === header.reads &&
        h.box.minY >= b.maxY - 4 &&
        h.box.minY <= b.maxY + 48 &&
        x >= h.box.minX - 10 &&
        x <= h.box.maxX + 10,
    );
    const headed = l.startArrowhead !== null || l.endArrowhead !== null;
    const path = pathOf(l);
    const [first, last] = path[0]!.y <= path.at(-1)!.y ? [path[0]!, path.at(-1)!] : [path.at(-1)!, path[0]!];
    const slope = last.y > first.y ? (last.x - first.x) / (last.y - first.y) : 0;
    const here = { line: l, x, slope, top: b.minY, bottom: b.maxY };
    if ((l.strokeStyle === 'solid' || l.type === 'arrow') && (below.length === 0 || headed)) {
      // A solid line (or an arrow drawn down as a timeline) needs messages ending on it, between
      // its ends, not at them (a line drawn on from an arrow's end is a chain), unless it leads
      // down to its participant's copy without a head (an arrow between two boxes of one name
      // is a message between two of them).
      // A line drawn freehand leans a little: it is where it runs at each height.
      const span = {
        minX: b.minX - MESSAGE_REACH,
        minY: b.minY + REACH,
        maxX: b.maxX + MESSAGE_REACH,
        maxY: b.maxY - REACH,
      };
      // Messages end on the line or on an activation box drawn on it.
      const onIt = new Set(
        messageEnds()
          .query(span)
          .filter((p) => within(p, span) && Math.abs(p.x - lifelineX(here, p.y)) <= MESSAGE_REACH),
      );
      for (const a of activations) {
        const box = grow(boundsOf(a), REACH);
        for (const p of messageEnds().query(box)) if (within(p, box)) onIt.add(p);
      }
      if (onIt.size < SOLID_MESSAGES) continue;
    }
    found.push({
      line: l,
      header: header.header,
      x,
      slope,
      top: b.minY,
      bottom: b.maxY,
      activations,
      footer: below[0]?.header ?? null,
    });
  }
  return found;
}

/** Whether a line runs upright: at least 100 px tall and ten times taller than wide. */
function isUpright(l: LinearElement): boolean {
  const b = boundsOf(l);
  const height = b.maxY - b.minY;
  return height >= 100 && boxWidth(b) <= 0.1 * height;
}

/** Whether a path's end (0 = start, 1 = end) leaves it level: a message arriving or leaving sideways. */
export function leavesLevel(pts: Point[], which: 0 | 1): boolean {
  if (pts.length < 2) return false;
  const end = which === 0 ? pts[0]! : pts.at(-1)!;
  const next = which === 0 ? pts[1]! : pts.at(-2)!;
  return Math.abs(next.x - end.x) > 2 * Math.abs(next.y - end.y);
}

const within = (p: Point, b: Box) => pointBoxDistance(p, b) === 0;

/**
 * The lifelines of a scene: participants are named figures, stick figures and words standing
 * free; the empty boxes drawn on a line are its activations.
 */
export function lifelinesOf(
  r: Reading,
  connectors: LinearElement[],
  names: Map<Figure, TextElement[]>,
): Lifeline<Figure | TextElement>[] {
  const maybe = connectors.some((l) => l.height >= 100 && l.width <= 0.1 * l.height);
  if (!maybe) return [];
  const hasText = new Set<Figure>();
  for (const t of r.pool) {
    const owner = r.ownerOf.get(t);
    if (owner) hasText.add(owner);
  }
  const headers = [
    ...r.figures
      .filter((f) => r.bound.has(f) || hasText.has(f) || names.has(f) || f.kind === 'person')
      .map((f) => ({ header: f as Figure | TextElement, box: boundsOf(f.geom), reads: readsOf(f) })),
    ...[...r.pool]
      .filter((t) => r.ownerOf.get(t) === null)
      .map((t) => ({ header: t as Figure | TextElement, box: headerBox(t), reads: normal(t.text) })),
  ];
  const emptyRects = r.figures.filter((f) => f.kind === 'shape' && !r.bound.has(f)).map((f) => f.geom);
  return findLifelines(connectors, headers, emptyRects, (l) => r.placement.polyline(l));

  function readsOf(f: Figure): string {
    const texts = [...(r.bound.get(f) ?? []), ...(names.get(f) ?? [])];
    for (const t of r.pool) if (r.ownerOf.get(t) === f) texts.push(t);
    return normal(texts.map((t) => t.text).join(' '));
  }
}

/** The lifeline an arrow end at `p` reaches (within `reach` of it or its activations), if one. */
export function lifelineAt<H>(p: Point, lifelines: Lifeline<H>[], reach = REACH): Lifeline<H> | null {
  const near = lifelines.filter((ll) => {
    if (p.y < ll.top - REACH || p.y > ll.bottom + REACH) return false;
    if (Math.abs(p.x - lifelineX(ll, p.y)) <= reach) return true;
    return ll.activations.some((a) => {
      const box = grow(boundsOf(a), reach);
      return p.x >= box.minX && p.x <= box.maxX && p.y >= box.minY && p.y <= box.maxY;
    });
  });
  if (near.length === 0) return null;
  const off = (ll: Lifeline<H>) => Math.abs(p.x - lifelineX(ll, p.y));
  near.sort((a, b) => off(a) - off(b));
  if (near[1] && Math.abs(off(near[1]) - off(near[0]!)) < 1) return null;
  return near[0]!;
}

/** Where a lifeline runs at height `y`. */
export function lifelineX(ll: { x: number; slope: number; top: number; bottom: number }, y: number): number {
  return ll.x + ll.slope * (y - (ll.top + ll.bottom) / 2);
}

const normal = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

export const headerBox = (el: TextElement | ShapeElement): Box =>
  boxOf([
    { x: el.x, y: el.y },
    { x: el.x + el.width, y: el.y + el.height },
  ]);
