/**
 * Items listed in a box: a class and its methods, the services of a host, an org chart drawn on
 * a page. When arrows or lines end on two or more of the free texts inside one box — bound to
 * them, or stopping inside the box right at them — those texts are nodes of their own and the
 * box groups them. (An arrow reaching the one text of a box means the box.)
 */

import { headsFor } from './ends.ts';
import type { Figure } from './figures.ts';
import {
  boundsOf,
  type Outline,
  outlineDistance,
  type Point,
  pointBox,
  pointBoxDistance,
  SpatialGrid,
} from './geometry.ts';
import type { LinearElement, TextElement } from './model.ts';
import type { Reading } from './reading.ts';
import type { Inference } from './report.ts';

/** An end this close to a text inside a box stops at that text. */
const AT_TEXT = 16;
/** An end this close to a box's outline stops at the box, not at what it holds. */
const AT_BORDER = 8;

export interface Items {
  /** Box → the free texts inside it that arrows reach: its items. */
  of: Map<Figure, TextElement[]>;
  inferences: Inference[];
}

/** Finds the boxes whose texts arrows reach one by one, and takes those texts out of the boxes. */
export function findItems(r: Reading, connectors: LinearElement[]): Items {
  const reached = new Map<Figure, Set<TextElement>>();
  const reach = (f: Figure | null | undefined, t: TextElement) => {
    if (!f || f.drawing) return;
    const set = reached.get(f);
    if (set) set.add(t);
    else reached.set(f, new Set([t]));
  };
  let grid: SpatialGrid<TextElement> | null = null;
  const texts = () => {
    if (!grid) {
      grid = new SpatialGrid<TextElement>();
      for (const t of r.pool) if (r.ownerOf.get(t)) grid.insert(t, boundsOf(t));
    }
    return grid;
  };
  for (const l of connectors) {
    const pts = r.placement.polyline(l);
    for (const [id, p, which] of [
      [l.startBindingId, pts[0]!, 0],
      [l.endBindingId, pts.at(-1)!, 1],
    ] as const) {
      const el = id ? r.byId.get(id) : undefined;
      if (el?.type === 'text' && r.pool.has(el)) {
        reach(r.ownerOf.get(el), el);
        continue;
      }
      if (el) continue;
      const t = textAt(r, p, texts);
      // A stroke running along a text (a table's rule under its header) does not reach it.
      if (t && headsFor(pts, which, t)) reach(r.ownerOf.get(t), t);
    }
  }
  const of = new Map<Figure, TextElement[]>();
  const inferences: Inference[] = [];
  for (const [f, set] of reached) {
    if (set.size < 2) continue;
    const items = [...set];
    of.set(f, items);
    for (const t of items) r.ownerOf.set(t, null);
    inferences.push({
      kind: 'container',
      what: `arrows reach ${items.length} texts inside ${f.geom.type} ${f.id} one by one: each is a node, the box groups them`,
      from: [f.id, ...items.map((t) => t.id)],
      confidence: 'medium',
    });
  }
  return { of, inferences };
}

/** The free text an unbound end stopping inside a box (not on its outline) is at, if one. */
function textAt(r: Reading, p: Point, texts: () => SpatialGrid<TextElement>): TextElement | null {
  const s = r.placement.shapeAt(p);
  if (!s || outlineDistance(p, s, s.type as Outline).distance < AT_BORDER) return null;
  let best: TextElement | null = null;
  let bestDistance = AT_TEXT;
  for (const t of texts().query(pointBox(p, AT_TEXT))) {
    const d = pointBoxDistance(p, boundsOf(t));
    if (d <= bestDistance && r.ownerOf.get(t)?.geom === s) {
      best = t;
      bestDistance = d;
    }
  }
  return best;
}
