/**
 * Cells drawn as nothing. Icon sets and careful authors lay a box out in shapes Excalidraw does
 * not draw (a clear outline and no fill, or no opacity): an icon's square, a cell for each line of
 * the name, all inside the box that is drawn. A person sees only the box: the words in its cells
 * are its name, and an arrow bound to a cell is bound to the box.
 */
import {
  absolutePoints,
  type Box,
  boundsOf,
  boxArea,
  boxInside,
  boxPolylineDistance,
  SpatialGrid,
} from './geometry.ts';
import type { Element, LinearElement, Scene, ShapeElement } from './model.ts';
import { isShape } from './reading.ts';
import { type ConversionReport, recordGuess } from './report.ts';

/** A cell lies inside the box it belongs to, give or take this much. */
const SLACK = 2;
/** A shape thinner than this is a mark (a boundary, an anchor), not a cell. */
const MIN_CELL = 2;

/**
 * Whether a cell is part of the box around it: grouped with it (the box's own group holds the
 * cell), or neither grouped. An icon's area, grouped with the icon alone, lying in a box is the
 * icon's, not the box's.
 */
function sameWhole(cell: ShapeElement, box: ShapeElement): boolean {
  const group = box.groupIds[0];
  return group === undefined ? cell.groupIds.length === 0 : cell.groupIds.includes(group);
}

/**
 * The scene with each invisible shape that lies inside a drawn one folded into it: left out, its
 * text bound to the drawn shape, arrows bound to it bound to the drawn shape. An invisible shape
 * inside nothing drawn that holds only its words is left out, its words free and the arrows bound
 * to it loose; one holding more (the area an icon's arrows bind to) is left as it is.
 */
export function foldInvisible(scene: Scene, report: ConversionReport): Scene {
  const cells: ShapeElement[] = [];
  for (const el of scene.elements) {
    if (isShape(el) && el.invisible && el.width >= MIN_CELL && el.height >= MIN_CELL) cells.push(el);
  }
  if (cells.length === 0 && !scene.elements.some((el) => isShape(el) && el.mask)) return scene;
  const grid = new SpatialGrid<{ shape: ShapeElement; box: Box }>();
  for (const el of scene.elements) {
    if (isShape(el) && !el.invisible) grid.insert({ shape: el, box: boundsOf(el) }, boundsOf(el));
  }
  const into = new Map<string, ShapeElement>();
  for (const cell of cells) {
    const box = boundsOf(cell);
    let best: { shape: ShapeElement; box: Box } | null = null;
    for (const c of grid.query(box)) {
      if (!boxInside(box, c.box, SLACK) || boxArea(c.box) <= boxArea(box) * 1.001) continue;
      if (!sameWhole(cell, c.shape)) continue;
      if (!best || boxArea(c.box) < boxArea(best.box)) best = c;
    }
    if (!best) continue;
    const outer = best.shape;
    into.set(cell.id, outer);
    recordGuess(
      report,
      'decoration',
      'high',
      [cell.id, outer.id],
      () => `invisible ${cell.type} ${cell.id} is part of ${outer.type} ${outer.id}`,
    );
  }
  const bare = bareHolders(scene, cells, into, report);
  if (into.size === 0 && bare.size === 0) return scene;
  // What a folded cell's words and arrows are bound to now: the drawn box around it, or nothing.
  const rebound = (id: string | null) => (id === null || bare.has(id) ? null : (into.get(id)?.id ?? id));
  const elements: Element[] = [];
  for (const el of scene.elements) {
    if (into.has(el.id) || bare.has(el.id)) continue;
    if (el.type === 'text' && el.containerId !== rebound(el.containerId)) {
      elements.push({ ...el, containerId: rebound(el.containerId) });
    } else if (
      (el.type === 'arrow' || el.type === 'line') &&
      (el.startBindingId !== rebound(el.startBindingId) || el.endBindingId !== rebound(el.endBindingId))
    ) {
      elements.push({
        ...el,
        startBindingId: rebound(el.startBindingId),
        endBindingId: rebound(el.endBindingId),
      });
    } else elements.push(el);
  }
  return { ...scene, elements };
}

/**
 * Invisible shapes inside nothing drawn that hold only their words (a label set in a clear box
 * beside an arrow): a person sees the words alone, floating free. One holding anything else (an
 * icon's area, which arrows bind to) stays. So does a clear-outlined box filled white (which
 * shows on the white page only as the gap it masks) holding only its words over an arrow's shaft:
 * the words are set on the arrow, hiding the shaft behind them.
 */
function bareHolders(
  scene: Scene,
  cells: ShapeElement[],
  into: Map<string, ShapeElement>,
  report: ConversionReport,
): Set<string> {
  const holders = new Set<string>();
  const words = new SpatialGrid<Element>();
  // How many elements each group holds: a box and its words grouped alone are one label.
  const sizes = new Map<string, number>();
  for (const el of scene.elements) {
    for (const g of el.groupIds) sizes.set(g, (sizes.get(g) ?? 0) + 1);
    if (el.type !== 'text') continue;
    if (el.containerId) holders.add(el.containerId);
    else if (el.groupIds.length > 0) words.insert(el, boundsOf(el));
  }
  // Its words bound to it, or set in it free, grouped with it alone to move together.
  const holdsWords = (c: ShapeElement) =>
    holders.has(c.id) ||
    (c.groupIds.length > 0 &&
      sizes.get(c.groupIds[0]!) === 2 &&
      words
        .query(boundsOf(c))
        .some((t) => t.groupIds[0] === c.groupIds[0] && boxInside(boundsOf(t), boundsOf(c), SLACK)));
  const masks = scene.elements.filter(
    (el): el is ShapeElement => isShape(el) && !el.invisible && el.mask === true && holdsWords(el),
  );
  const loose = [...cells.filter((c) => !into.has(c.id) && holdsWords(c)), ...masks];
  if (loose.length === 0) return new Set();
  const grid = new SpatialGrid<Element>();
  const strokes = new SpatialGrid<LinearElement>();
  for (const el of scene.elements) {
    if (el.type === 'arrow' || el.type === 'line') strokes.insert(el, boundsOf(el));
    else if (el.type !== 'text') grid.insert(el, boundsOf(el));
  }
  const bare = new Set<string>();
  for (const cell of loose) {
    const box = boundsOf(cell);
    const holds = [...grid.query(box)].some((el) => el !== cell && boxInside(boundsOf(el), box, SLACK));
    if (holds) continue;
    if (!cell.invisible && !strokes.query(box).some((l) => crosses(l, cell))) continue;
    bare.add(cell.id);
    recordGuess(report, 'decoration', 'high', [cell.id], () =>
      cell.invisible
        ? `invisible ${cell.type} ${cell.id} holds only its words: they float free`
        : `${cell.type} ${cell.id}, filled white with no outline, masks an arrow under its words: they float free`,
    );
  }
  return bare;
}

/** Whether a stroke runs through a box: in on one side and out on another, neither end inside. */
function crosses(l: LinearElement, s: ShapeElement): boolean {
  if (l.startBindingId === s.id || l.endBindingId === s.id) return false;
  const pts = absolutePoints(l);
  const b = boundsOf(s);
  const inside = (p: { x: number; y: number }) =>
    p.x > b.minX && p.x < b.maxX && p.y > b.minY && p.y < b.maxY;
  if (inside(pts[0]!) || inside(pts.at(-1)!)) return false;
  return boxPolylineDistance(b, pts).distance === 0;
}
