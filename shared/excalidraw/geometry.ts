/** Plane geometry for Excalidraw elements: rotation-aware outlines, containment and distances. */

import type { Element, LinearElement } from './model.ts';

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export type Outline = 'rectangle' | 'ellipse' | 'diamond';

/** Where a point lies relative to an element's outline. */
export interface OutlineDistance {
  /** Distance to the outline, ≥ 0. */
  distance: number;
  inside: boolean;
}

export function centerOf(el: Element): Point {
  return { x: el.x + el.width / 2, y: el.y + el.height / 2 };
}

function rotate(p: Point, c: Point, angle: number): Point {
  if (angle === 0) return p;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  return { x: c.x + dx * cos - dy * sin, y: c.y + dx * sin + dy * cos };
}

/** A line's box, by element: asked for again and again, and long pen strokes have many points. */
const lineBoxes = new WeakMap<LinearElement, Box>();

/** The element's axis-aligned bounding box, rotation included. */
export function boundsOf(el: Element): Box {
  // A line's x and y are its first point, not its corner: its points say where it lies.
  if (el.type === 'arrow' || el.type === 'line') {
    let box = lineBoxes.get(el);
    if (!box) {
      box = boxOf(absolutePoints(el));
      lineBoxes.set(el, box);
    }
    return { ...box };
  }
  if (el.angle === 0) return { minX: el.x, minY: el.y, maxX: el.x + el.width, maxY: el.y + el.height };
  const c = centerOf(el);
  const corners = [
    { x: el.x, y: el.y },
    { x: el.x + el.width, y: el.y },
    { x: el.x, y: el.y + el.height },
    { x: el.x + el.width, y: el.y + el.height },
  ].map((p) => rotate(p, c, el.angle));
  return boxOf(corners);
}

export function boxOf(points: Point[]): Box {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    if (p.x < minX) minX = p.x;
    if (p.y < minY) minY = p.y;
    if (p.x > maxX) maxX = p.x;
    if (p.y > maxY) maxY = p.y;
  }
  return { minX, minY, maxX, maxY };
}

/** The polyline of an arrow or line in scene coordinates. */
export function absolutePoints(el: LinearElement): Point[] {
  // Excalidraw rotates a linear element around the centre of its points' bounds, not of (width, height).
  const local = boxOf(el.points.map(([x, y]) => ({ x, y })));
  const c = { x: el.x + (local.minX + local.maxX) / 2, y: el.y + (local.minY + local.maxY) / 2 };
  return el.points.map(([x, y]) => rotate({ x: el.x + x, y: el.y + y }, c, el.angle));
}

/** Whether a point lies inside the outline of a rectangle, ellipse or diamond element. */
export function insideOutline(p: Point, el: Element, outline: Outline): boolean {
  const polygon = polygonOf(el);
  if (polygon) return insidePolygon(p, polygon);
  const local = el.angle === 0 ? p : rotate(p, centerOf(el), -el.angle);
  const a = el.width / 2;
  const b = el.height / 2;
  const px = Math.abs(local.x - (el.x + a));
  const py = Math.abs(local.y - (el.y + b));
  if (outline === 'ellipse' && a > 0 && b > 0) return (px / a) ** 2 + (py / b) ** 2 <= 1;
  if (outline === 'diamond' && a > 0 && b > 0) return px / a + py / b <= 1;
  return px <= a && py <= b;
}

/** Distance from a point to the outline of a rectangle, ellipse or diamond element. */
export function outlineDistance(p: Point, el: Element, outline: Outline): OutlineDistance {
  const polygon = polygonOf(el);
  if (polygon) return { distance: polygonDistance(p, polygon), inside: insidePolygon(p, polygon) };
  const c = centerOf(el);
  const local = rotate(p, c, -el.angle);
  const px = Math.abs(local.x - c.x);
  const py = Math.abs(local.y - c.y);
  const a = el.width / 2;
  const b = el.height / 2;
  if (outline === 'ellipse' && a > 0 && b > 0) return ellipseDistance(px, py, a, b);
  if (outline === 'diamond' && a > 0 && b > 0) {
    const inside = px / a + py / b <= 1;
    return { distance: segmentDistance({ x: px, y: py }, { x: a, y: 0 }, { x: 0, y: b }), inside };
  }
  const qx = px - a;
  const qy = py - b;
  if (qx <= 0 && qy <= 0) return { distance: -Math.max(qx, qy), inside: true };
  return { distance: Math.hypot(Math.max(qx, 0), Math.max(qy, 0)), inside: false };
}

function polygonOf(el: Element): readonly Point[] | undefined {
  return 'polygon' in el ? el.polygon : undefined;
}

/** Whether a point lies inside a closed polygon (even-odd rule). */
export function insidePolygon(p: Point, corners: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = corners.length - 1; i < corners.length; j = i++) {
    const a = corners[i]!;
    const b = corners[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

function polygonDistance(p: Point, corners: readonly Point[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0, j = corners.length - 1; i < corners.length; j = i++)
    best = Math.min(best, segmentDistance(p, corners[j]!, corners[i]!));
  return best;
}

/** Area of a closed polygon (shoelace formula). */
export function polygonArea(corners: readonly Point[]): number {
  let twice = 0;
  for (let i = 0, j = corners.length - 1; i < corners.length; j = i++)
    twice += corners[j]!.x * corners[i]!.y - corners[i]!.x * corners[j]!.y;
  return Math.abs(twice) / 2;
}

// Closest point on an ellipse by a few steps of the evolute iteration; exact enough (< 0.1 px)
// for snapping, and it never diverges.
function ellipseDistance(px: number, py: number, a: number, b: number): OutlineDistance {
  const inside = (px / a) ** 2 + (py / b) ** 2 <= 1;
  let tx = Math.SQRT1_2;
  let ty = Math.SQRT1_2;
  for (let i = 0; i < 4; i++) {
    const x = a * tx;
    const y = b * ty;
    const ex = ((a * a - b * b) * tx ** 3) / a;
    const ey = ((b * b - a * a) * ty ** 3) / b;
    const r = Math.hypot(x - ex, y - ey);
    const q = Math.hypot(px - ex, py - ey);
    if (q === 0) break;
    tx = Math.min(1, Math.max(0, ((px - ex) * r) / q + ex) / a);
    ty = Math.min(1, Math.max(0, ((py - ey) * r) / q + ey) / b);
    const t = Math.hypot(tx, ty);
    tx /= t;
    ty /= t;
  }
  return { distance: Math.hypot(px - a * tx, py - b * ty), inside };
}

export function segmentDistance(p: Point, s: Point, e: Point): number {
  const dx = e.x - s.x;
  const dy = e.y - s.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((p.x - s.x) * dx + (p.y - s.y) * dy) / len2));
  return Math.hypot(p.x - (s.x + t * dx), p.y - (s.y + t * dy));
}

/** Distance from a point to a polyline, and how far along it (0..1) the nearest point lies. */
export function polylineDistance(p: Point, points: Point[]): { distance: number; along: number } {
  let best = Number.POSITIVE_INFINITY;
  let bestIndex = 0;
  for (let i = 1; i < points.length; i++) {
    const d = segmentDistance(p, points[i - 1]!, points[i]!);
    if (d < best) {
      best = d;
      bestIndex = i;
    }
  }
  return { distance: best, along: points.length > 1 ? bestIndex / (points.length - 1) : 0 };
}

/**
 * A uniform grid over the scene, so that "what is near this point" costs a few cells
 * instead of a scan of every element (scenes reach 100 000 elements).
 */
export class SpatialGrid<T> {
  private readonly cells = new Map<number, Entry<T>[]>();
  // Items spanning very many cells are kept apart and always checked, so one huge
  // rectangle cannot make insertion quadratic.
  private readonly huge: T[] = [];
  private readonly cellSize: number;

  constructor(cellSize = 256) {
    this.cellSize = cellSize;
  }

  insert(item: T, box: Box): void {
    const s = this.cellSize;
    const x0 = Math.floor(box.minX / s);
    const y0 = Math.floor(box.minY / s);
    const x1 = Math.floor(box.maxX / s);
    const y1 = Math.floor(box.maxY / s);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > 256) {
      this.huge.push(item);
      return;
    }
    const entry: Entry<T> = { item, x0, y0, x1, y1 };
    for (let gx = x0; gx <= x1; gx++) {
      for (let gy = y0; gy <= y1; gy++) {
        const key = cellKey(gx, gy);
        const list = this.cells.get(key);
        if (list) list.push(entry);
        else this.cells.set(key, [entry]);
      }
    }
  }

  /** Items whose box may intersect the given box, each once, in insertion-independent order. */
  query(box: Box): T[] {
    const s = this.cellSize;
    const x0 = Math.floor(box.minX / s);
    const y0 = Math.floor(box.minY / s);
    const x1 = Math.floor(box.maxX / s);
    const y1 = Math.floor(box.maxY / s);
    const found: T[] = this.huge.length > 0 ? [...this.huge] : [];
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > this.cells.size) {
      const seen = new Set<Entry<T>>();
      for (const list of this.cells.values()) {
        for (const e of list) {
          if (seen.has(e)) continue;
          seen.add(e);
          found.push(e.item);
        }
      }
      return found;
    }
    // An item spanning several cells is listed in each: it is taken from the first cell it
    // shares with the query, and passed over in the others.
    for (let gx = x0; gx <= x1; gx++) {
      for (let gy = y0; gy <= y1; gy++) {
        const list = this.cells.get(cellKey(gx, gy));
        if (!list) continue;
        for (const e of list) {
          if (e.x1 < gx || e.y1 < gy || e.x0 > gx || e.y0 > gy) continue; // another cell, same key
          if (Math.max(e.x0, x0) === gx && Math.max(e.y0, y0) === gy) found.push(e.item);
        }
      }
    }
    return found;
  }
}

interface Entry<T> {
  item: T;
  /** The cells the item lies in. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * A cell's key, small enough to stay a small integer (a Map keyed by doubles is several times
 * slower). Cells 32 768 apart share a key: whoever reads a cell checks the entry's own cells.
 */
export const cellKey = (gx: number, gy: number) => ((gx & 0x7fff) << 15) | (gy & 0x7fff);

/** Points sampled along each span of a curve drawn through points. */
const CURVE_STEPS = 8;

/**
 * The curve Excalidraw draws through a round stroke's points (a Catmull-Rom spline, its ends
 * doubled), as a polyline through the same points with samples between them.
 */
export function curveThrough(points: readonly Point[]): Point[] {
  if (points.length < 3) return [...points];
  const at = (i: number) => points[Math.max(0, Math.min(points.length - 1, i))]!;
  const out: Point[] = [points[0]!];
  for (let i = 0; i + 1 < points.length; i++) {
    const [p0, p1, p2, p3] = [at(i - 1), at(i), at(i + 1), at(i + 2)];
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    for (let k = 1; k <= CURVE_STEPS; k++) {
      const t = k / CURVE_STEPS;
      const u = 1 - t;
      const [a, b, c, d] = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
      out.push({
        x: a * p1.x + b * c1.x + c * c2.x + d * p2.x,
        y: a * p1.y + b * c1.y + c * c2.y + d * p2.y,
      });
    }
  }
  return out;
}

/** The box of a point, grown by `by` on every side. */
export function pointBox(p: Point, by = 0): Box {
  return { minX: p.x - by, minY: p.y - by, maxX: p.x + by, maxY: p.y + by };
}

export function grow(box: Box, by: number): Box {
  return { minX: box.minX - by, minY: box.minY - by, maxX: box.maxX + by, maxY: box.maxY + by };
}

export const boxWidth = (b: Box) => b.maxX - b.minX;
export const boxHeight = (b: Box) => b.maxY - b.minY;
export const boxArea = (b: Box) => Math.max(0, boxWidth(b)) * Math.max(0, boxHeight(b));
export const boxCenter = (b: Box): Point => ({ x: (b.minX + b.maxX) / 2, y: (b.minY + b.maxY) / 2 });

export function unionBox(boxes: Box[]): Box {
  return boxOf(
    boxes.flatMap((b) => [
      { x: b.minX, y: b.minY },
      { x: b.maxX, y: b.maxY },
    ]),
  );
}

/** The area two boxes share. */
export function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.maxX, b.maxX) - Math.max(a.minX, b.minX);
  const h = Math.min(a.maxY, b.maxY) - Math.max(a.minY, b.minY);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Whether `inner` lies inside `outer`, give or take `slack` pixels. */
export function boxInside(inner: Box, outer: Box, slack = 0): boolean {
  return (
    inner.minX >= outer.minX - slack &&
    inner.minY >= outer.minY - slack &&
    inner.maxX <= outer.maxX + slack &&
    inner.maxY <= outer.maxY + slack
  );
}

/** Gap between two boxes (0 when they touch or overlap). */
export function boxGap(a: Box, b: Box): number {
  const dx = Math.max(0, a.minX - b.maxX, b.minX - a.maxX);
  const dy = Math.max(0, a.minY - b.maxY, b.minY - a.maxY);
  return Math.hypot(dx, dy);
}

/** Distance from a point to a box (0 inside). */
export function pointBoxDistance(p: Point, b: Box): number {
  const dx = Math.max(0, b.minX - p.x, p.x - b.maxX);
  const dy = Math.max(0, b.minY - p.y, p.y - b.maxY);
  return Math.hypot(dx, dy);
}

/** Distance from a box to a polyline (0 when they cross), and how far along (0..1) it is nearest. */
export function boxPolylineDistance(b: Box, points: Point[]): { distance: number; along: number } {
  let best = Number.POSITIVE_INFINITY;
  let bestAlong = 0;
  const total = polylineLength(points);
  let walked = 0;
  for (let i = 1; i < points.length; i++) {
    const s = points[i - 1]!;
    const e = points[i]!;
    const len = Math.hypot(e.x - s.x, e.y - s.y);
    const { distance, t } = segmentBoxDistance(s, e, b);
    if (distance < best) {
      best = distance;
      bestAlong = total === 0 ? 0 : (walked + t * len) / total;
    }
    walked += len;
  }
  return { distance: best, along: bestAlong };
}

export function polylineLength(points: Point[]): number {
  let length = 0;
  for (let i = 1; i < points.length; i++) {
    length += Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  }
  return length;
}

// Exact: zero when the segment crosses the box, else the least of the distances from the
// segment's ends to the box and from the box's corners to the segment.
function segmentBoxDistance(s: Point, e: Point, b: Box): { distance: number; t: number } {
  if (segmentCrossesBox(s, e, b)) {
    return { distance: 0, t: projection((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2, s, e) };
  }
  let best = pointBoxDistance(s, b);
  let bestT = 0;
  const de = pointBoxDistance(e, b);
  if (de < best) {
    best = de;
    bestT = 1;
  }
  for (let k = 0; k < 4; k++) {
    const cx = k & 1 ? b.maxX : b.minX;
    const cy = k & 2 ? b.maxY : b.minY;
    const t = projection(cx, cy, s, e);
    const d = Math.hypot(cx - (s.x + (e.x - s.x) * t), cy - (s.y + (e.y - s.y) * t));
    if (d < best) {
      best = d;
      bestT = t;
    }
  }
  return { distance: best, t: bestT };
}

function projection(px: number, py: number, s: Point, e: Point): number {
  const dx = e.x - s.x;
  const dy = e.y - s.y;
  const len2 = dx * dx + dy * dy;
  return len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - s.x) * dx + (py - s.y) * dy) / len2));
}

// Liang–Barsky clipping: whether any part of the segment lies in the box.
function segmentCrossesBox(s: Point, e: Point, b: Box): boolean {
  const dx = e.x - s.x;
  const dy = e.y - s.y;
  let t0 = 0;
  let t1 = 1;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  return (
    clip(-dx, s.x - b.minX) && clip(dx, b.maxX - s.x) && clip(-dy, s.y - b.minY) && clip(dy, b.maxY - s.y)
  );
}

/** Where a ray from `p` along unit vector `d` first enters box `b` (distance), or null. */
export function rayBoxHit(p: Point, d: Point, b: Box): number | null {
  let tMin = 0;
  let tMax = Number.POSITIVE_INFINITY;
  for (const [o, v, lo, hi] of [
    [p.x, d.x, b.minX, b.maxX],
    [p.y, d.y, b.minY, b.maxY],
  ] as const) {
    if (Math.abs(v) < 1e-9) {
      if (o < lo || o > hi) return null;
      continue;
    }
    let t1 = (lo - o) / v;
    let t2 = (hi - o) / v;
    if (t1 > t2) [t1, t2] = [t2, t1];
    tMin = Math.max(tMin, t1);
    tMax = Math.min(tMax, t2);
    if (tMin > tMax) return null;
  }
  return tMin;
}

/** Distance along a ray to where it crosses a path's interior (away from its ends), or null. */
export function rayPolylineHit(o: Point, d: Point, pts: Point[]): number | null {
  let best: number | null = null;
  const total = polylineLength(pts);
  let walked = 0;
  for (let i = 1; i < pts.length; i++) {
    const s = pts[i - 1]!;
    const e = pts[i]!;
    const ex = e.x - s.x;
    const ey = e.y - s.y;
    const len = Math.hypot(ex, ey);
    const denom = d.x * ey - d.y * ex;
    if (Math.abs(denom) > 1e-9) {
      const tRay = ((s.x - o.x) * ey - (s.y - o.y) * ex) / denom;
      const u = ((s.x - o.x) * d.y - (s.y - o.y) * d.x) / denom;
      const along = (walked + u * len) / total;
      if (tRay >= 0 && u >= 0 && u <= 1 && along > 0.08 && along < 0.92 && (best === null || tRay < best)) {
        best = tRay;
      }
    }
    walked += len;
  }
  return best;
}

/** A point on a path: `i` indexes the path point after it, `at` is its length along the path. */
export interface PathPoint {
  i: number;
  p: Point;
  at: number;
}

/**
 * Where a path first goes into a region and last comes out of it, walked in steps of at most
 * `step`: null when either end of the path lies inside, or the path never enters.
 */
export function crossingOf(
  pts: Point[],
  inside: (p: Point) => boolean,
  step: number,
): { entry: PathPoint; exit: PathPoint } | null {
  if (inside(pts[0]!) || inside(pts.at(-1)!)) return null;
  let entry: PathPoint | null = null;
  let exit: PathPoint | null = null;
  let along = 0;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    const steps = Math.max(1, Math.ceil(len / step));
    for (let k = 0; k <= steps; k++) {
      const p = { x: a.x + ((b.x - a.x) * k) / steps, y: a.y + ((b.y - a.y) * k) / steps };
      if (!inside(p)) continue;
      const here = { i, p, at: along + (len * k) / steps };
      entry ??= here;
      exit = here;
    }
    along += len;
  }
  return entry && exit ? { entry, exit } : null;
}

/**
 * Disjoint sets: `join` puts two keys in one set, `find` names a key's set, and `sets` lists the
 * sets of the given keys, each in their order (keys never joined are sets of one).
 */
export function disjointSets<K>() {
  const parent = new Map<K, K>();
  const find = (k: K): K => {
    let root = k;
    for (let up = parent.get(root); up !== undefined && up !== root; up = parent.get(root)) root = up;
    if (root !== k) parent.set(k, root);
    return root;
  };
  return {
    find,
    join: (a: K, b: K) => {
      const ra = find(a);
      const rb = find(b);
      if (ra !== rb) parent.set(ra, rb);
    },
    sets: (keys: Iterable<K>): K[][] => {
      const of = new Map<K, K[]>();
      for (const k of keys) {
        const root = find(k);
        const list = of.get(root);
        if (list) list.push(k);
        else of.set(root, [k]);
      }
      return [...of.values()];
    },
  };
}
