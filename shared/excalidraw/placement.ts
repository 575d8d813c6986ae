/**
 * Meaning from position: which shape an unbound arrow end points at, what lies around a point,
 * and what an arrow points at when its end stops short. Excalidraw files bind only what the
 * user happened to drop onto a shape; older files and other tools bind nothing at all.
 */

import {
  absolutePoints,
  type Box,
  boundsOf,
  boxArea,
  boxOf,
  centerOf,
  curveThrough,
  grow,
  insideOutline,
  type Outline,
  outlineDistance,
  overlapArea,
  type Point,
  pointBoxDistance,
  polylineDistance,
  rayBoxHit,
  rayPolylineHit,
  SpatialGrid,
} from './geometry.ts';
import type { LinearElement, ShapeElement, TextElement } from './model.ts';

/** An arrow end within this distance of a shape's outline is attached to it. */
export const SNAP_DISTANCE = 24;
// Two candidates closer to each other than this are a tie: the end is rejected, not guessed.
const TIE_TOLERANCE = 1;
/** A word is written in a link when strokes end this near it on opposite sides. */
const LINK_REACH = 12;

export type Snap<T> = { kind: 'hit'; target: T } | { kind: 'none' } | { kind: 'tie'; targets: [T, T] };

const pointBox = (p: Point, by: number): Box => grow({ minX: p.x, minY: p.y, maxX: p.x, maxY: p.y }, by);
const area = (el: { width: number; height: number }) => el.width * el.height;

/** Answers "what is near here" for the shapes (and figures), free texts and arrows of one scene. */
export class Placement {
  private readonly shapes = new SpatialGrid<ShapeElement>();
  private readonly texts = new SpatialGrid<TextElement>();
  private readonly linears = new SpatialGrid<LinearElement>();
  private readonly polylines = new Map<LinearElement, Point[]>();
  private readonly curves = new Map<LinearElement, Point[]>();
  private readonly order = new Map<object, number>();

  constructor(shapes: ShapeElement[], linears: LinearElement[], paths?: Map<LinearElement, Point[]>) {
    shapes.forEach((s, i) => {
      this.shapes.insert(s, boundsOf(s));
      this.order.set(s, i);
    });
    linears.forEach((l, i) => {
      const points = paths?.get(l) ?? absolutePoints(l);
      this.polylines.set(l, points);
      this.linears.insert(l, boxOf(points));
      this.order.set(l, i);
    });
  }

  polyline(l: LinearElement): Point[] {
    let points = this.polylines.get(l);
    // A stroke made after the scene was placed (a fork's branch) is drawn where its points say.
    if (!points) {
      points = absolutePoints(l);
      this.polylines.set(l, points);
    }
    return points;
  }

  /**
   * Where a stroke is drawn: a round one along the curve Excalidraw draws through its points,
   * others as its polyline (a chain joined from pieces keeps its joined path).
   */
  path(l: LinearElement): Point[] {
    const points = this.polyline(l);
    if (!l.curved || points.length !== l.points.length) return points;
    let curve = this.curves.get(l);
    if (!curve) {
      curve = curveThrough(points);
      this.curves.set(l, curve);
    }
    return curve;
  }

  /** A path of a stroke made here (a piece of one split where a box is drawn over it). */
  addPath(l: LinearElement, points: Point[]): void {
    this.polylines.set(l, points);
    this.linears.insert(l, boxOf(points));
  }

  /** Free texts become snap targets of last resort (arrows pointing at a bare word). */
  addTextTargets(texts: TextElement[]): void {
    texts.forEach((t, i) => {
      this.texts.insert(t, boundsOf(t));
      this.order.set(t, i);
    });
  }

  /**
   * The shape an arrow end at `p` points at: the nearest outline within 24 px (a shape drawn
   * inside another wins a tie with it), else none. `skip` leaves shapes out (a loop's own shape).
   */
  snapToShape(p: Point, skip: (s: ShapeElement) => boolean = () => false): Snap<ShapeElement> {
    const near: { s: ShapeElement; d: number }[] = [];
    for (const s of this.shapes.query(pointBox(p, SNAP_DISTANCE))) {
      if (!withinBox(p, s, SNAP_DISTANCE)) continue;
      const od = outlineDistance(p, s, s.type as Outline);
      if (od.distance <= SNAP_DISTANCE && !skip(s)) near.push({ s, d: od.distance });
    }
    if (near.length === 0) return { kind: 'none' };
    near.sort((a, b) => a.d - b.d || area(a.s) - area(b.s) || this.rank(a.s) - this.rank(b.s));
    const [first, second] = near;
    if (second && second.d - first!.d < TIE_TOLERANCE) {
      if (!nested(first!.s, second.s)) return { kind: 'tie', targets: [first!.s, second.s] };
      // Equally close to a shape and the shape around it: the inner one is meant.
      return { kind: 'hit', target: area(second.s) < area(first!.s) ? second.s : first!.s };
    }
    return { kind: 'hit', target: first!.s };
  }

  /** The smallest shape whose outline contains `p`. */
  shapeAt(p: Point, skip: (s: ShapeElement) => boolean = () => false): ShapeElement | null {
    let best: ShapeElement | null = null;
    for (const s of this.shapes.query(pointBox(p, 0))) {
      if (!withinBox(p, s, 0) || !insideOutline(p, s, s.type as Outline) || skip(s)) continue;
      if (!best || this.smaller(s, best)) best = s;
    }
    return best;
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
    return this.shapeAt(centerOf(t));
  }

  /**
   * What a ray from `p` along unit vector `dir` reaches first within `reach`: a shape's box or a
   * free text's box. Shapes around `p` itself (regions it starts in) are passed over.
   */
  rayHit(
    p: Point,
    dir: Point,
    reach: number,
    skip: (s: ShapeElement) => boolean,
  ): { target: ShapeElement | TextElement; distance: number } | 'tie' | null {
    const box = boxOf([p, { x: p.x + dir.x * reach, y: p.y + dir.y * reach }]);
    const hits: { target: ShapeElement | TextElement; distance: number }[] = [];
    const consider = (target: ShapeElement | TextElement) => {
      const b = boundsOf(target);
      if (p.x >= b.minX && p.x <= b.maxX && p.y >= b.minY && p.y <= b.maxY) return;
      const d = rayBoxHit(p, dir, b);
      if (d !== null && d <= reach) hits.push({ target, distance: d });
    };
    for (const s of this.shapes.query(box)) if (!skip(s)) consider(s);
    for (const t of this.texts.query(box)) consider(t);
    if (hits.length === 0) return null;
    hits.sort((a, b) => a.distance - b.distance);
    const [first, second] = hits;
    if (second && second.distance - first!.distance < 2 && !overlaps(first!.target, second.target))
      return 'tie';
    return first!;
  }

  /** Shapes (and figures) whose boxes meet the box. */
  shapesNear(box: Box): ShapeElement[] {
    return this.shapes.query(box);
  }

  /** Arrows and lines whose boxes come within `reach` of the box. */
  linearsNear(box: Box, reach: number): LinearElement[] {
    return this.linears.query(grow(box, reach));
  }

  /**
   * Whether an arrow or a line ends within SNAP_DISTANCE of a box (what it reaches); with
   * `within`, only an end inside that box counts.
   */
  strokeEndsAt(box: Box, within: Box | null = null): boolean {
    const near = grow(box, SNAP_DISTANCE);
    const at = (p: Point) =>
      pointBoxDistance(p, near) === 0 && (!within || pointBoxDistance(p, within) === 0);
    return this.linears.query(near).some((l) => {
      const pts = this.polyline(l);
      return at(pts[0]!) || at(pts.at(-1)!);
    });
  }

  /**
   * Whether strokes end within `reach` of a box on two opposite sides, straight across from it: a
   * word written in the middle of a link, a line running up to it and an arrow going on.
   */
  onLink(box: Box, reach = LINK_REACH): boolean {
    const sides = new Set<string>();
    for (const l of this.linears.query(grow(box, reach))) {
      const pts = this.polyline(l);
      for (const p of [pts[0]!, pts.at(-1)!]) {
        if (pointBoxDistance(p, box) > reach) continue;
        if (p.y < box.minY && p.x >= box.minX && p.x <= box.maxX) sides.add('above');
        else if (p.y > box.maxY && p.x >= box.minX && p.x <= box.maxX) sides.add('below');
        else if (p.x < box.minX && p.y >= box.minY && p.y <= box.maxY) sides.add('left');
        else if (p.x > box.maxX && p.y >= box.minY && p.y <= box.maxY) sides.add('right');
      }
    }
    return (sides.has('above') && sides.has('below')) || (sides.has('left') && sides.has('right'));
  }

  /** The first other arrow or line a ray from `p` along `dir` crosses (away from its ends), within `reach`. */
  rayLinear(
    p: Point,
    dir: Point,
    reach: number,
    self: LinearElement,
    skip: (l: LinearElement) => boolean = () => false,
  ): number | null {
    const box = boxOf([p, { x: p.x + dir.x * reach, y: p.y + dir.y * reach }]);
    let best: number | null = null;
    for (const l of this.linears.query(box)) {
      if (l === self || skip(l)) continue;
      const d = rayPolylineHit(p, dir, this.polyline(l));
      if (d !== null && d <= reach && (best === null || d < best)) best = d;
    }
    return best;
  }

  /** Another arrow or line whose path passes within `reach` of `p` (an arrow starting on it). */
  linearThrough(
    p: Point,
    reach: number,
    self: LinearElement,
    skip: (l: LinearElement) => boolean = () => false,
  ): LinearElement | null {
    let best: { l: LinearElement; d: number } | null = null;
    for (const l of this.linears.query(pointBox(p, reach))) {
      if (l === self || skip(l)) continue;
      const pts = this.polyline(l);
      const { distance } = polylineDistance(p, pts);
      const nearEnd = [pts[0]!, pts.at(-1)!].some((q) => Math.hypot(q.x - p.x, q.y - p.y) <= reach);
      if (distance <= reach && !nearEnd && (!best || distance < best.d)) best = { l, d: distance };
    }
    return best?.l ?? null;
  }

  private smaller(a: ShapeElement, b: ShapeElement): boolean {
    return area(a) < area(b) || (area(a) === area(b) && this.rank(a) < this.rank(b));
  }

  private rank(el: object): number {
    return this.order.get(el) ?? 0;
  }
}

// A quick test before the exact one: the point is near the shape's (unrotated) box.
function withinBox(p: Point, s: ShapeElement, by: number): boolean {
  if (s.angle !== 0) return true;
  return p.x >= s.x - by && p.x <= s.x + s.width + by && p.y >= s.y - by && p.y <= s.y + s.height + by;
}

// A shape drawn inside another (mostly: it may cross the border) is not a tie with it: the
// inner one is the more specific target.
function nested(a: ShapeElement, b: ShapeElement): boolean {
  const ba = boundsOf(a);
  const bb = boundsOf(b);
  const smaller = Math.min(boxArea(ba), boxArea(bb));
  return smaller > 0 && overlapArea(ba, bb) >= 0.8 * smaller;
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
