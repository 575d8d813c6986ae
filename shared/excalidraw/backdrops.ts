/**
 * Backdrops: a grid of alike boxes laid behind a drawing (hatched tiles, one under each actor of
 * an architecture) is its background, not a set of nodes. A person sees the actors standing on
 * the tiles: the words on a tile label the arrows beside them, and an arrow leaving a tile
 * leaves the actor on it.
 */
import { boundsOf, boxArea, boxInside, SpatialGrid, unionBox } from './geometry.ts';
import type { Element, Scene, ShapeElement } from './model.ts';
import { boundIds } from './reading.ts';
import { type ConversionReport, recordGuess } from './report.ts';

/** A grid has at least this many tiles (and at most this many: a backdrop, not a pattern)… */
const MIN_TILES = 6;
const MAX_TILES = 64;
/** …alike in width and height to this share… */
const ALIKE = 0.06;
/** …in at least two rows and two columns, level to this share of a tile's size. */
const LEVEL = 0.1;
/** What stands on a tile covers at most this share of it. */
const CONTENT = 0.35;

/** The scene without the tiles of a backdrop grid, if it has one. */
export function dropBackdrops(scene: Scene, report: ConversionReport): Scene {
  const { worded, linked } = boundIds(scene.elements);
  const bound = new Set([...worded, ...linked]);
  const boxes = scene.elements.filter(
    (el): el is ShapeElement =>
      el.type === 'rectangle' && !el.invisible && !bound.has(el.id) && el.groupIds.length === 0,
  );
  if (boxes.length < MIN_TILES) return scene;
  // What may stand on a tile: a picture, a shape or a group of strokes. Words, arrows and a lone
  // rule (a table's line under its header) are none.
  let grid: SpatialGrid<Element> | null = null;
  const standing = () => {
    if (!grid) {
      grid = new SpatialGrid<Element>();
      for (const el of scene.elements) {
        if (el.type === 'text' || el.type === 'arrow' || (el.type === 'line' && el.groupIds.length === 0))
          continue;
        grid.insert(el, boundsOf(el));
      }
    }
    return grid;
  };
  const tiles = new Set<Element>();
  // Alike boxes lie together once sorted by width: each is looked at once.
  const byWidth = [...boxes].sort((a, b) => a.width - b.width);
  const seen = new Set<ShapeElement>();
  for (let i = 0; i < byWidth.length; i++) {
    const a = byWidth[i]!;
    if (seen.has(a) || a.width <= 0 || a.height <= 0) continue;
    const alike: ShapeElement[] = [];
    for (let j = i; j < byWidth.length && byWidth[j]!.width <= a.width * (1 + ALIKE); j++) {
      const b = byWidth[j]!;
      if (!seen.has(b) && Math.abs(b.height - a.height) <= ALIKE * a.height) alike.push(b);
    }
    for (const b of alike) seen.add(b);
    if (alike.length < MIN_TILES || alike.length > MAX_TILES) continue;
    if (!isGrid(alike) || !actorsOn(alike, standing())) continue;
    for (const b of alike) tiles.add(b);
    recordGuess(
      report,
      'decoration',
      'medium',
      alike.map((b) => b.id),
      () => `${alike.length} alike boxes laid in a grid behind the drawing are its backdrop`,
    );
  }
  if (tiles.size === 0) return scene;
  return { ...scene, elements: scene.elements.filter((el) => !tiles.has(el)) };
}

/** Tiles apart from one another, in two rows or more and two columns or more. */
function isGrid(tiles: ShapeElement[]): boolean {
  const boxes = tiles.map(boundsOf);
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i]!, boxes[j]!];
      if (a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY) return false;
    }
  const levels = (key: (t: ShapeElement) => number, size: number) => {
    const found: number[] = [];
    for (const t of tiles) if (!found.some((v) => Math.abs(v - key(t)) <= LEVEL * size)) found.push(key(t));
    return found.length;
  };
  return levels((t) => t.y, tiles[0]!.height) >= 2 && levels((t) => t.x, tiles[0]!.width) >= 2;
}

/**
 * Whether most tiles carry one small actor each (a person, a can, an icon: all it carries lies
 * in a small part of it) and none carries more: actors standing on tiles, not boxes' contents.
 */
function actorsOn(tiles: ShapeElement[], standing: SpatialGrid<Element>): boolean {
  const set = new Set<Element>(tiles);
  let carrying = 0;
  for (const t of tiles) {
    const box = boundsOf(t);
    const on = [...standing.query(box)].filter((el) => !set.has(el) && boxInside(boundsOf(el), box, 2));
    if (on.length === 0) continue;
    if (boxArea(unionBox(on.map(boundsOf))) > CONTENT * boxArea(box)) return false;
    carrying++;
  }
  return carrying >= tiles.length / 2;
}
