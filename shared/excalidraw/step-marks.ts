/**
 * Step marks: a small mark with a number or a letter in it (1, 2, 3 … or A, B), drawn on or
 * beside one arrow and linked to nothing, numbers that arrow's step. It labels the arrow.
 */

import type { Figure } from './figures.ts';
import { boundsOf, boxPolylineDistance } from './geometry.ts';
import { readableText } from './labels.ts';
import type { LinearElement, TextElement } from './model.ts';
import type { Placement } from './placement.ts';

/** A step mark is at most this wide and tall… */
const MARK_SIZE = 60;
/** …and lies on its arrow's path or beside it, at most this far. */
const MARK_REACH = 48;

/** The one linked arrow a figure is a step mark of, if it is one. */
export function stepMarkOf(
  f: Figure,
  label: TextElement[] | undefined,
  linked: Set<LinearElement>,
  placement: Placement,
): LinearElement | null {
  const words = (label ?? []).map((t) => readableText(t.text)).join(' ');
  if (f.kind !== 'shape' || words === '' || words.length > 3) return null;
  const box = boundsOf(f.geom);
  if (Math.max(box.maxX - box.minX, box.maxY - box.minY) > MARK_SIZE) return null;
  const near = placement
    .linearsNear(box, MARK_REACH)
    .filter((l) => linked.has(l))
    .map((l) => ({ l, d: boxPolylineDistance(box, placement.polyline(l)).distance }))
    .filter((n) => n.d <= MARK_REACH)
    .sort((a, b) => a.d - b.d);
  // One arrow clearly nearest: a mark between two arrows numbers neither.
  if (near.length === 0 || (near[1] && near[1].d < 1.5 * near[0]!.d + 4)) return null;
  return near[0]!.l;
}
