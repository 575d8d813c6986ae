/**
 * Step marks: a small mark with a number or a letter in it (1, 2, 3 … or A, B), drawn on or
 * beside one arrow and linked to nothing, numbers that arrow's step. It labels the arrow.
 */

import type { Figure } from './figures.ts';
import {
  type Box,
  boundsOf,
  boxArea,
  boxCenter,
  boxPolylineDistance,
  type Point,
  pointBox,
  polylineLength,
} from './geometry.ts';
import { readableText } from './labels.ts';
import type { LinearElement, TextElement } from './model.ts';
import type { Placement } from './placement.ts';

/** A step mark is at most this wide and tall… */
const MARK_SIZE = 60;
/** …and lies on its arrow's path or beside it, at most this far. */
const MARK_REACH = 48;

/** A figure's label read on one line. */
const wordsOf = (label: TextElement[] | undefined) =>
  (label ?? []).map((t) => readableText(t.text)).join(' ');

/** The one linked arrow a figure is a step mark of, if it is one. */
export function stepMarkOf(
  f: Figure,
  label: TextElement[] | undefined,
  linked: Set<LinearElement>,
  placement: Placement,
): LinearElement | null {
  const words = wordsOf(label);
  if (f.kind !== 'shape' || words === '' || words.length > 3) return null;
  const box = boundsOf(f.geom);
  if (Math.max(box.maxX - box.minX, box.maxY - box.minY) > MARK_SIZE) return null;
  return clearlyNearest(box, MARK_REACH, linked, placement)?.l ?? null;
}

/**
 * The one linked arrow within `reach` of a box clearly nearer than any other (a mark or a tag
 * between two arrows belongs to neither), with its path.
 */
function clearlyNearest(
  box: Box,
  reach: number,
  linked: Set<LinearElement>,
  placement: Placement,
): { l: LinearElement; pts: Point[] } | null {
  const near = placement
    .linearsNear(box, reach)
    .filter((l) => linked.has(l))
    .map((l) => {
      const pts = placement.polyline(l);
      return { l, pts, d: boxPolylineDistance(box, pts).distance };
    })
    .filter((n) => n.d <= reach)
    .sort((a, b) => a.d - b.d);
  if (near.length === 0 || (near[1] && near[1].d < 1.5 * near[0]!.d + 4)) return null;
  return near[0]!;
}

/** A tag of words in a box lies beside its arrow's shaft at most this far… */
const TAG_REACH = 24;
/** …away from the arrow's ends by this share of its length at least… */
const TAG_END_SHARE = 0.15;
/** …as long as this share of the arrow at least… */
const TAG_SPAN = 0.6;
/** …and is at most this share of the smaller of the boxes the arrow joins. */
const TAG_SHARE = 0.6;

/**
 * A tag: a box of words linked to nothing, lying along one arrow's shaft for most of its length and
 * smaller than the boxes that arrow joins (`HTTPS PutObject` in a pill over the short arrow from an
 * uploader to a bucket). It is the arrow's label, drawn in a box. The arrow it labels, if one.
 */
export function tagOf(
  f: Figure,
  label: TextElement[] | undefined,
  linked: Set<LinearElement>,
  placement: Placement,
  /** The boxes of what an arrow joins. */
  endsOf: (l: LinearElement) => Box[],
): LinearElement | null {
  const words = wordsOf(label);
  if (f.kind !== 'shape' || f.drawing || words === '') return null;
  const box = boundsOf(f.geom);
  const nearest = clearlyNearest(box, TAG_REACH, linked, placement);
  if (!nearest) return null;
  const { l, pts } = nearest;
  // Beside the shaft's middle stretch, not by an end (a box an arrow nearly reaches is its end).
  const length = polylineLength(pts);
  const along = boxPolylineDistance(pointBox(boxCenter(box)), pts).along * length;
  const margin = Math.max(TAG_REACH, TAG_END_SHARE * length);
  if (along < margin || along > length - margin) return null;
  // All of it alongside the shaft: a box reaching past an arrow's end stands beside it.
  const corners = [
    { x: box.minX, y: box.minY },
    { x: box.maxX, y: box.minY },
    { x: box.minX, y: box.maxY },
    { x: box.maxX, y: box.maxY },
  ];
  const [s, e] = [pts[0]!, pts.at(-1)!];
  const dir = { x: e.x - s.x, y: e.y - s.y };
  const span = Math.hypot(dir.x, dir.y);
  if (span < 0.9 * length) return null;
  const onAxis = (p: Point) => ((p.x - s.x) * dir.x + (p.y - s.y) * dir.y) / span;
  const reach = corners.map(onAxis);
  if (reach.some((a) => a < -4 || a > span + 4)) return null;
  // Most of the shaft long: a tag fills the gap the arrow crosses (a box much shorter than the
  // arrow, beside it, is a thing of its own placed there).
  if (Math.max(...reach) - Math.min(...reach) < TAG_SPAN * span) return null;
  const ends = endsOf(l);
  if (ends.length < 2 || ends.some((e) => boxArea(box) > TAG_SHARE * boxArea(e))) return null;
  return l;
}
