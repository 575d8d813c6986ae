/**
 * An arrow bound to a heading written just over a box that has words of its own ("Data
 * Collection:" over the box listing how) means the box; over a list, the heading begins the box's
 * name (see node-names.ts). The file says the arrow is bound to the heading only because the
 * heading is what the arrow touched first, coming down onto the box.
 */
import { boundsOf, centerOf, grow, pointBoxDistance, SpatialGrid } from './geometry.ts';
import type { Element, LinearElement, Scene, ShapeElement, TextElement } from './model.ts';
import { isShape } from './reading.ts';
import { type ConversionReport, recordGuess } from './report.ts';

/** A heading sits at most this far over its box (or overlaps its top edge this much). */
const OVER = 16;
const INTO = 4;

/** The scene with arrow ends bound to the heading over a worded box bound to that box instead. */
export function bindPastHeadings(scene: Scene, report: ConversionReport): Scene {
  const byId = new Map<string, Element>(scene.elements.map((el) => [el.id, el]));
  const ends: { l: LinearElement; which: 0 | 1; heading: TextElement }[] = [];
  for (const el of scene.elements) {
    if (el.type !== 'arrow') continue;
    for (const which of [0, 1] as const) {
      const id = which === 0 ? el.startBindingId : el.endBindingId;
      const t = id ? byId.get(id) : undefined;
      if (t?.type === 'text' && t.containerId === null) ends.push({ l: el, which, heading: t });
    }
  }
  if (ends.length === 0) return scene;
  const shapes = new SpatialGrid<ShapeElement>();
  for (const el of scene.elements) if (isShape(el)) shapes.insert(el, boundsOf(el));
  const texts = new SpatialGrid<TextElement>();
  for (const el of scene.elements) if (el.type === 'text') texts.insert(el, boundsOf(el));
  const worded = (s: ShapeElement, heading: TextElement) => {
    const b = boundsOf(s);
    return [...texts.query(b)].some((u) => {
      if (u === heading) return false;
      if (u.containerId === s.id) return true;
      return u.containerId === null && pointBoxDistance(centerOf(u), b) === 0;
    });
  };
  const boxUnder = (t: TextElement) => {
    const tb = boundsOf(t);
    return [...shapes.query(grow(tb, OVER))].find((s) => {
      const b = boundsOf(s);
      const gap = b.minY - tb.maxY;
      return (
        gap >= -INTO && gap <= OVER && tb.minX >= b.minX - OVER && tb.maxX <= b.maxX + OVER && worded(s, t)
      );
    });
  };
  const rebind = new Map<string, [string | null, string | null]>();
  for (const { l, which, heading } of ends) {
    // Coming down onto the heading, from above it.
    const pts = l.points;
    const [end, before] = which === 0 ? [pts[0]!, pts[1]!] : [pts.at(-1)!, pts.at(-2)!];
    if (end[1] <= before[1]) continue;
    const box = boxUnder(heading);
    if (!box) continue;
    const pair = rebind.get(l.id) ?? [l.startBindingId, l.endBindingId];
    pair[which] = box.id;
    rebind.set(l.id, pair);
    recordGuess(
      report,
      'snapped-end',
      'medium',
      [l.id, heading.id, box.id],
      () => `${l.type} ${l.id} comes down onto the heading over ${box.type} ${box.id}: it means the box`,
    );
  }
  if (rebind.size === 0) return scene;
  return {
    ...scene,
    elements: scene.elements.map((el) => {
      const pair = rebind.get(el.id);
      return pair && el.type === 'arrow' ? { ...el, startBindingId: pair[0], endBindingId: pair[1] } : el;
    }),
  };
}
