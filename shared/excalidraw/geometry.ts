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

/** The element's axis-aligned bounding box, rotation included. */
export function boundsOf(el: Element): Box {
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

/** Distance from a point to the outline of a rectangle, ellipse or diamond element. */
export function outlineDistance(p: Point, el: Element, outline: Outline): OutlineDistance {
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
  private readonly cells = new Map<number, T[]>();
  // Items spanning very many cells are kept apart and always checked, so one huge
  // rectangle cannot make insertion quadratic.
  private readonly huge: T[] = [];
  private readonly cellSize: number;

  constructor(cellSize = 256) {
    this.cellSize = cellSize;
  }

  insert(item: T, box: Box): void {
    const [x0, y0, x1, y1] = this.range(box);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > 256) {
      this.huge.push(item);
      return;
    }
    for (let gx = x0; gx <= x1; gx++) {
      for (let gy = y0; gy <= y1; gy++) {
        const key = cellKey(gx, gy);
        const list = this.cells.get(key);
        if (list) list.push(item);
        else this.cells.set(key, [item]);
      }
    }
  }

  /** Items whose box may intersect the given box, each once, in insertion-independent order. */
  query(box: Box): Set<T> {
    const found = new Set<T>(this.huge);
    const [x0, y0, x1, y1] = this.range(box);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > this.cells.size) {
      for (const list of this.cells.values()) for (const item of list) found.add(item);
      return found;
    }
    for (let gx = x0; gx <= x1; gx++) {
      for (let gy = y0; gy <= y1; gy++) {
        for (const item of this.cells.get(cellKey(gx, gy)) ?? []) found.add(item);
      }
    }
    return found;
  }

  private range(box: Box): [number, number, number, number] {
    const s = this.cellSize;
    return [
      Math.floor(box.minX / s),
      Math.floor(box.minY / s),
      Math.floor(box.maxX / s),
      Math.floor(box.maxY / s),
    ];
  }
}

// Cell coordinates stay within ±40 000 (coordinates are clamped to ±1e7, cells are 256 px).
const cellKey = (gx: number, gy: number) => (gx + 65_536) * 131_072 + (gy + 65_536);

export function grow(box: Box, by: number): Box {
  return { minX: box.minX - by, minY: box.minY - by, maxX: box.maxX + by, maxY: box.maxY + by };
}
