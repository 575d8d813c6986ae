/**
 * Items listed in a box: a class and its methods, the services of a host, an org chart drawn on
 * a page. When arrows or lines end on two or more of the free texts inside one box — bound to
 * them, or stopping inside the box right at them — those texts are nodes of their own and the
 * box groups them. (An arrow reaching the one text of a box means the box.)
 */

import { boundByAccident, looksLikeArrowLabel } from './arrow-labels.ts';
import { inTitleCorner, tabAbove } from './containers.ts';
import { headsFor } from './ends.ts';
import type { Figure } from './figures.ts';
import {
  type Box,
  boundsOf,
  boxInside,
  grow,
  type Outline,
  outlineDistance,
  type Point,
  pointBox,
  pointBoxDistance,
  SpatialGrid,
} from './geometry.ts';
import type { LinearElement, TextElement } from './model.ts';
import { type Reading, short } from './reading.ts';
import type { Inference } from './report.ts';
import { headingSize } from './text-blocks.ts';

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
  // Texts a stroke arrives at (its head, or a plain line's end), not only leaves from.
  const arrivedAt = new Set<TextElement>();
  // Texts a stroke links with something else inside the same box: never the box itself.
  const linkedWithin = new Set<TextElement>();
  const reach = (l: LinearElement, which: 0 | 1, t: TextElement) => {
    const f = r.ownerOf.get(t);
    if (!f || f.drawing || captionOver(r, t, f)) return;
    const heads = [l.startArrowhead, l.endArrowhead];
    if (heads[which] !== null || heads[1 - which] === null) arrivedAt.add(t);
    const pts = r.placement.polyline(l);
    const other = which === 0 ? pts.at(-1)! : pts[0]!;
    const box = boundsOf(f.geom);
    const at = r.placement.snapToShape(other);
    if (
      at.kind === 'hit' &&
      at.target !== f.geom &&
      boxInside(boundsOf(at.target), box) &&
      pointBoxDistance(other, grow(box, -AT_BORDER)) === 0
    )
      linkedWithin.add(t);
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
      // A text bound by accident (the arrow's label, beside its path) is read as if unbound.
      const accident = el?.type === 'text' && boundByAccident(el, pts);
      if (el?.type === 'text' && r.pool.has(el) && !accident) {
        reach(l, which, el);
        continue;
      }
      if (el && !accident) continue;
      const t = textAt(r, p, texts);
      // A stroke running along a text (a table's rule under its header) does not reach it.
      if (t && headsFor(pts, which, t)) reach(l, which, t);
    }
  }
  const of = new Map<Figure, TextElement[]>();
  const inferences: Inference[] = [];
  listed(r, of, inferences);
  const take = (f: Figure, items: TextElement[]) => {
    of.set(f, items);
    for (const t of items) r.ownerOf.set(t, null);
    inferences.push({
      kind: 'container',
      what: `arrows reach ${items.length} text${items.length === 1 ? '' : 's'} inside ${f.geom.type} ${f.id} one by one: each is a node, the box groups them`,
      from: [f.id, ...items.map((t) => t.id)],
      confidence: 'medium',
    });
  };
  const singles: [Figure, TextElement][] = [];
  for (const [f, set] of reached) {
    // A text arrows only leave, lying beside another arrow, is that arrow's label with a callout.
    for (const t of set) if (!arrivedAt.has(t) && looksLikeArrowLabel(t, r.placement, false)) set.delete(t);
    // A table's cells are not items.
    if (set.size === 0 || of.has(f) || ruled(r, boundsOf(f.geom))) continue;
    if (set.size >= 2 && !headingAndBody(r, f, set)) take(f, [...set]);
    else if (set.size === 1) singles.push([f, [...set][0]!]);
  }
  // Where other boxes list items, a titled box with the one text an arrow arrives at lists one
  // item (a class with one method); elsewhere the arrow means the box.
  for (const [f, t] of singles) {
    if (of.has(f)) continue;
    // A stroke from the box's one text to something else in the box: the text is an item.
    if (linkedWithin.has(t) && onlyText(r, f, t) && !looksLikeArrowLabel(t, r.placement, false)) take(f, [t]);
    else if (
      of.size > 0 &&
      arrivedAt.has(t) &&
      titledAbove(r, f, t) &&
      !looksLikeArrowLabel(t, r.placement, false)
    )
      take(f, [t]);
  }
  return { of, inferences };
}

/** Whether a text is the only free text a box holds, but for the labels of arrows in it. */
function onlyText(r: Reading, f: Figure, t: TextElement): boolean {
  for (const u of r.pool) {
    if (u !== t && r.ownerOf.get(u) === f && !looksLikeArrowLabel(u, r.placement, false)) return false;
  }
  return true;
}

/**
 * Whether the two texts arrows reach in a box are all it holds, a heading and the words under it
 * in a smaller size: the box's own label, whichever part an arrow meets.
 */
function headingAndBody(r: Reading, f: Figure, reached: Set<TextElement>): boolean {
  if (reached.size !== 2) return false;
  for (const t of r.pool) if (r.ownerOf.get(t) === f && !reached.has(t)) return false;
  const [a, b] = [...reached].sort((x, y) => boundsOf(x).minY - boundsOf(y).minY);
  return boundsOf(a!).maxY <= boundsOf(b!).minY && headingSize(a!) > 1.1 * headingSize(b!);
}

/** A caption this far from the box it names, at most. */
const CAPTION_GAP = 16;

/**
 * Whether a text inside a box is the caption of another shape it holds, written just over or
 * under it: an arrow reaching the caption reaches that shape, not an item of the outer box.
 */
function captionOver(r: Reading, t: TextElement, outer: Figure): boolean {
  const tb = boundsOf(t);
  const mid = (tb.minX + tb.maxX) / 2;
  return r.placement.shapesNear(grow(tb, CAPTION_GAP)).some((s) => {
    const b = boundsOf(s);
    if (s === outer.geom || mid <= b.minX || mid >= b.maxX || !boxInside(b, boundsOf(outer.geom)))
      return false;
    const over =
      b.minY >= tb.maxY - 2 && b.minY - tb.maxY <= CAPTION_GAP && b.maxX - b.minX >= tb.maxX - tb.minX;
    const under =
      tb.minY >= b.maxY - 2 &&
      tb.minY - b.maxY <= CAPTION_GAP &&
      tb.maxX - tb.minX <= Math.max(3 * (b.maxX - b.minX), 80);
    return over || under;
  });
}

/** Whether a box holds, over the one text arrows reach in it, another text of its own: a title. */
function titledAbove(r: Reading, f: Figure, item: TextElement): boolean {
  const top = boundsOf(item).minY;
  for (const t of r.pool) if (r.ownerOf.get(t) === f && t !== item && boundsOf(t).maxY <= top) return true;
  return false;
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

/**
 * A group drawn as a box: a tab on its top-left corner names it, and it holds two or more texts
 * (blocks: see text-blocks.ts) written alike, their first lines the same size — each is an item
 * of the group.
 */
function listed(r: Reading, of: Map<Figure, TextElement[]>, inferences: Inference[]): void {
  const owned = new Map<Figure, TextElement[]>();
  for (const t of r.pool) {
    const f = r.ownerOf.get(t);
    if (!f || f.drawing || f.kind !== 'shape') continue;
    const list = owned.get(f);
    if (list) list.push(t);
    else owned.set(f, [t]);
  }
  let grid: SpatialGrid<TextElement> | null = null;
  const named = new Set([...owned.keys(), ...r.bound.keys()].map((f) => f.geom));
  const labelled = new Set([...r.bound.keys()].map((f) => f.geom));
  for (const [f, all] of owned) {
    if (all.length < 2 || r.bound.has(f)) continue;
    const box = boundsOf(f.geom);
    const inner = r.placement.shapesNear(box).filter((s) => s !== f.geom && boxInside(boundsOf(s), box));
    // The tab of a box inside names that box, not an item.
    const tabs = new Set(inner.map((s) => tabAbove(boundsOf(s), all)));
    let list = all.filter((t) => !tabs.has(t));
    if (list.length < 2) continue;
    // A title in the box's corner, in letters much larger than the words scattered under it
    // (ideas on a board under "Features"): the words are items, the title the box's.
    const title = boardTitle(list, box);
    if (title) list = list.filter((t) => t !== title);
    const size = headingSize(list[0]!);
    if (list.some((t) => Math.abs(headingSize(t) - size) > 0.1 * size)) continue;
    // Words beside empty marks annotate the marks; words among named boxes annotate the boxes
    // (a replica count under a pod), the box is a group of them.
    const marks = inner.some((s) => !named.has(s) || labelled.has(s));
    // Strokes inside: a flow or a table, whose words are arrow labels and cells.
    const strokes = r.placement.linearsNear(box, 0).some((l) => boxInside(boundsOf(l), box));
    if (marks || strokes) continue;
    if (!grid) {
      grid = new SpatialGrid<TextElement>();
      for (const t of r.pool) grid.insert(t, boundsOf(t));
    }
    const tab = title ?? tabAbove(box, grid.query(grow(box, 16)), (t) => r.ownerOf.get(t) !== f);
    if (!tab) continue;
    of.set(f, list);
    for (const t of list) r.ownerOf.set(t, null);
    inferences.push({
      kind: 'container',
      what: `${f.geom.type} ${f.id}, named “${short(tab.text)}” on its corner, lists ${list.length} items: each is a node`,
      from: [f.id, tab.id, ...list.map((t) => t.id)],
      confidence: 'medium',
    });
  }
}

/** A board's title is at least this many times as large as the items under it… */
const BOARD_TITLE = 1.5;
/** …of which there are at least this many, not all in one column. */
const BOARD_ITEMS = 3;

/** The title in a box's top-left corner over items scattered under it in much smaller letters. */
function boardTitle(texts: TextElement[], box: Box): TextElement | null {
  const title = texts.find((t) => inTitleCorner(t, box));
  if (!title) return null;
  const items = texts.filter((t) => t !== title);
  if (items.length < BOARD_ITEMS) return null;
  if (items.some((t) => BOARD_TITLE * headingSize(t) > headingSize(title))) return null;
  const line = boundsOf(title);
  const below = items.every((t) => boundsOf(t).minY >= (line.minY + line.maxY) / 2);
  const left = Math.min(...items.map((t) => t.x));
  const scattered = items.some((t) => t.x - left > 0.1 * (box.maxX - box.minX));
  return below && scattered ? title : null;
}

/**
 * Whether a box is ruled like a table: a level or upright line inside it across most of it (a
 * plain line: an arrow across a box links what it holds).
 */
function ruled(r: Reading, box: Box): boolean {
  return r.placement.linearsNear(box, 0).some((l) => {
    if (l.startArrowhead !== null || l.endArrowhead !== null) return false;
    const b = boundsOf(l);
    if (!boxInside(b, box)) return false;
    const w = b.maxX - b.minX;
    const h = b.maxY - b.minY;
    return (h <= 4 && w >= 0.6 * (box.maxX - box.minX)) || (w <= 4 && h >= 0.6 * (box.maxY - box.minY));
  });
}
