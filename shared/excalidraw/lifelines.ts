/**
 * Sequence diagrams drawn by hand: a participant (a word, a box or a figure) with a dashed line
 * hanging under it. Messages are arrows between those lifelines, often ending on the narrow
 * activation boxes drawn on them: an arrow reaching a lifeline reaches its participant.
 */

import type { Figure } from './figures.ts';
import { type Box, boundsOf, boxOf, boxWidth, centerOf, grow, type Point, SpatialGrid } from './geometry.ts';
import type { LinearElement, ShapeElement, TextElement } from './model.ts';
import type { Reading } from './reading.ts';

/** An arrow end this close to a lifeline (or an activation box on it) reaches its participant. */
const REACH = 16;

export interface Lifeline<H> {
  line: LinearElement;
  header: H;
  x: number;
  top: number;
  bottom: number;
  /** Narrow boxes drawn on the line (activations): part of the participant, not nodes. */
  activations: ShapeElement[];
}

/**
 * Finds lifelines: dashed or dotted upright lines, connecting nothing, whose top is just under a
 * header. `headers` are the things a lifeline can hang from, with their boxes.
 */
export function findLifelines<H>(
  lines: LinearElement[],
  headers: { header: H; box: Box }[],
  emptyShapes: ShapeElement[],
): Lifeline<H>[] {
  const grid = new SpatialGrid<{ header: H; box: Box }>();
  for (const h of headers) grid.insert(h, h.box);
  const shapeGrid = new SpatialGrid<ShapeElement>();
  for (const s of emptyShapes) shapeGrid.insert(s, boundsOf(s));
  const found: Lifeline<H>[] = [];
  for (const l of lines) {
    if (l.type !== 'line' || l.strokeStyle === 'solid' || l.points.length > 3) continue;
    const b = boundsOf(l);
    const height = b.maxY - b.minY;
    if (height < 100 || boxWidth(b) > 0.1 * height) continue;
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
        Math.abs(c.x - x) <= Math.max(6, s.width / 2) &&
        c.y >= b.minY &&
        c.y <= b.maxY
      );
    });
    found.push({ line: l, header: above[0]!.header, x, top: b.minY, bottom: b.maxY, activations });
  }
  return found;
}

/**
 * The lifelines of a scene: participants are named figures, stick figures and words standing
 * free; the empty boxes drawn on a line are its activations.
 */
export function lifelinesOf(
  r: Reading,
  connectors: LinearElement[],
  names: Map<Figure, TextElement[]>,
): Lifeline<Figure | TextElement>[] {
  const maybe = connectors.some(
    (l) => l.type === 'line' && l.strokeStyle !== 'solid' && l.height >= 100 && l.width <= 0.1 * l.height,
  );
  if (!maybe) return [];
  const hasText = new Set<Figure>();
  for (const t of r.pool) {
    const owner = r.ownerOf.get(t);
    if (owner) hasText.add(owner);
  }
  const headers = [
    ...r.figures
      .filter((f) => r.bound.has(f) || hasText.has(f) || names.has(f) || f.kind === 'person')
      .map((f) => ({ header: f as Figure | TextElement, box: boundsOf(f.geom) })),
    ...[...r.pool]
      .filter((t) => r.ownerOf.get(t) === null)
      .map((t) => ({ header: t as Figure | TextElement, box: headerBox(t) })),
  ];
  const emptyRects = r.figures.filter((f) => f.kind === 'shape' && !r.bound.has(f)).map((f) => f.geom);
  return findLifelines(connectors, headers, emptyRects);
}

/** The lifeline an arrow end at `p` reaches, if exactly one. */
export function lifelineAt<H>(p: Point, lifelines: Lifeline<H>[]): Lifeline<H> | null {
  const near = lifelines.filter((ll) => {
    if (p.y < ll.top - REACH || p.y > ll.bottom + REACH) return false;
    if (Math.abs(p.x - ll.x) <= REACH) return true;
    return ll.activations.some((a) => {
      const box = grow(boundsOf(a), REACH);
      return p.x >= box.minX && p.x <= box.maxX && p.y >= box.minY && p.y <= box.maxY;
    });
  });
  if (near.length === 0) return null;
  near.sort((a, b) => Math.abs(p.x - a.x) - Math.abs(p.x - b.x));
  if (near[1] && Math.abs(Math.abs(p.x - near[1].x) - Math.abs(p.x - near[0]!.x)) < 1) return null;
  return near[0]!;
}

export const headerBox = (el: TextElement | ShapeElement): Box =>
  boxOf([
    { x: el.x, y: el.y },
    { x: el.x + el.width, y: el.y + el.height },
  ]);
