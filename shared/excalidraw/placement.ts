/**
 * Meaning from position: which shape an unbound arrow end points at, and which shape or arrow
 * a free-floating text labels. Excalidraw files bind only what the user happened to drop onto a
 * shape; older files and other tools bind nothing at all.
 */

import {
  absolutePoints,
  type Box,
  boundsOf,
  boxOf,
  centerOf,
  grow,
  type Outline,
  outlineDistance,
  type Point,
  polylineDistance,
  SpatialGrid,
} from './geometry.ts';
import type { LinearElement, ShapeElement, TextElement } from './model.ts';

/** An arrow end within this distance of a shape's outline is attached to it. */
export const SNAP_DISTANCE = 24;
// Two candidates closer to each other than this are a tie: the end is rejected, not guessed.
const TIE_TOLERANCE = 1;

export type Snap<T> = { kind: 'hit'; target: T } | { kind: 'none' } | { kind: 'tie'; targets: [T, T] };

const pointBox = (p: Point, by: number): Box => grow({ minX: p.x, minY: p.y, maxX: p.x, maxY: p.y }, by);
const area = (el: { width: number; height: number }) => el.width * el.height;

/** Answers "what is near here" for shapes, free texts and arrows of one scene. */
export class Placement {
  private readonly shapes = new SpatialGrid<ShapeElement>();
  private readonly texts = new SpatialGrid<TextElement>();
  private readonly linears = new SpatialGrid<LinearElement>();
  private readonly polylines = new Map<LinearElement, Point[]>();
  private readonly order = new Map<object, number>();
  private readonly holding = new Map<ShapeElement, boolean>();

  constructor(shapes: ShapeElement[], linears: LinearElement[]) {
    shapes.forEach((s, i) => {
      this.shapes.insert(s, boundsOf(s));
      this.order.set(s, i);
    });
    linears.forEach((l, i) => {
      const points = absolutePoints(l);
      this.polylines.set(l, points);
      this.linears.insert(l, boxOf(points));
      this.order.set(l, i);
    });
  }

  polyline(l: LinearElement): Point[] {
    return this.polylines.get(l)!;
  }

  /** Free texts become snap targets of last resort (arrows pointing at a bare word). */
  addTextTargets(texts: TextElement[]): void {
    texts.forEach((t, i) => {
      this.texts.insert(t, boundsOf(t));
      this.order.set(t, i);
    });
  }

  /** The shape an arrow end at `p` points at: the nearest outline within 24 px, else the smallest shape around it. */
  snapToShape(p: Point): Snap<ShapeElement> {
    const near: { s: ShapeElement; d: number }[] = [];
    let around: ShapeElement | null = null;
    for (const s of this.shapes.query(pointBox(p, SNAP_DISTANCE))) {
      const od = outlineDistance(p, s, s.type as Outline);
      if (od.distance <= SNAP_DISTANCE) near.push({ s, d: od.distance });
      if (od.inside && (!around || this.smaller(s, around))) around = s;
    }
    if (near.length > 0) {
      near.sort((a, b) => a.d - b.d || area(a.s) - area(b.s) || this.rank(a.s) - this.rank(b.s));
      const [first, second] = near;
      if (second && second.d - first!.d < TIE_TOLERANCE && !nested(first!.s, second.s)) {
        return { kind: 'tie', targets: [first!.s, second.s] };
      }
      return { kind: 'hit', target: first!.s };
    }
    return around ? { kind: 'hit', target: around } : { kind: 'none' };
  }

  /** A free text within 24 px of `p`, for arrows that point at a bare word. */
  snapToText(p: Point): Snap<TextElement> {
    const near: { t: TextElement; d: number }[] = [];
    for (const t of this.texts.query(pointBox(p, SNAP_DISTANCE))) {
      const d = outlineDistance(p, t, 'rectangle').distance;
      if (d <= SNAP_DISTANCE) near.push({ t, d });
    }
    if (near.length === 0) return { kind: 'none' };
    near.sort((a, b) => a.d - b.d || this.rank(a.t) - this.rank(b.t));
    const [first, second] = near;
    if (second && second.d - first!.d < TIE_TOLERANCE) return { kind: 'tie', targets: [first!.t, second.t] };
    return { kind: 'hit', target: first!.t };
  }

  /** The smallest shape whose outline contains the text's centre. */
  shapeAround(t: TextElement): ShapeElement | null {
    const c = centerOf(t);
    let best: ShapeElement | null = null;
    for (const s of this.shapes.query(pointBox(c, 0))) {
      if (outlineDistance(c, s, s.type as Outline).inside && (!best || this.smaller(s, best))) best = s;
    }
    return best;
  }

  /** The arrow or line a text sits on (centre within half its height plus 12 px), if exactly one. */
  linearUnder(t: TextElement): { linear: LinearElement; along: number } | null {
    const c = centerOf(t);
    const reach = Math.min(40, t.height / 2 + 12);
    let best: { linear: LinearElement; along: number; d: number } | null = null;
    let tied = false;
    for (const l of this.linears.query(pointBox(c, reach))) {
      const { distance, along } = polylineDistance(c, this.polyline(l));
      if (distance > reach) continue;
      if (!best || distance < best.d - TIE_TOLERANCE) {
        best = { linear: l, along, d: distance };
        tied = false;
      } else if (distance < best.d + TIE_TOLERANCE) {
        tied = true;
      }
    }
    return best && !tied ? { linear: best.linear, along: best.along } : null;
  }

  /** Whether the linear element lies entirely inside the shape (so a text on it labels the arrow, not the shape). */
  linearInside(l: LinearElement, s: ShapeElement): boolean {
    const points = this.polyline(l);
    const ends = [points[0]!, points.at(-1)!];
    return ends.every((p) => outlineDistance(p, s, s.type as Outline).inside);
  }

  /** Whether another shape's centre lies inside this one (a region or container, not a box). */
  holdsShapes(s: ShapeElement): boolean {
    let holds = this.holding.get(s);
    if (holds === undefined) {
      holds = false;
      for (const other of this.shapes.query(boundsOf(s))) {
        if (other !== s && outlineDistance(centerOf(other), s, s.type as Outline).inside) {
          holds = true;
          break;
        }
      }
      this.holding.set(s, holds);
    }
    return holds;
  }

  private smaller(a: ShapeElement, b: ShapeElement): boolean {
    return area(a) < area(b) || (area(a) === area(b) && this.rank(a) < this.rank(b));
  }

  private rank(el: object): number {
    return this.order.get(el) ?? 0;
  }
}

// A shape drawn inside another is not a tie with it: the inner one is the more specific target.
function nested(a: ShapeElement, b: ShapeElement): boolean {
  const ba = boundsOf(a);
  const bb = boundsOf(b);
  const contains = (o: Box, i: Box) =>
    o.minX <= i.minX && o.minY <= i.minY && o.maxX >= i.maxX && o.maxY >= i.maxY;
  return contains(ba, bb) || contains(bb, ba);
}
