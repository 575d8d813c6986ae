/**
 * Title plates: a box with words in it, linked to nothing, just above an untitled container and
 * no wider than it, is the container's title drawn as a box (a banner over a group); so is a box
 * holding only a heading, centred in the container's top strip, a bar across the container's top
 * over all it holds, a small named box drawn across the container's top edge (a tag), a
 * small named mark (a logo and its name) in the container's top-left corner, and a picture with
 * its name printed in it there (a product's logo and word mark).
 */

import type { Container } from './containers.ts';
import type { Figure } from './figures.ts';
import { type Box, boundsOf, boxInside, centerOf, pointBox } from './geometry.ts';
import { numbersStep } from './labels.ts';
import type { TextElement } from './model.ts';

/** A title plate sits at most this far above its container. */
const PLATE_GAP = 40;

/** Each title plate, with the container it titles. */
export function titlePlates(
  containers: Container[],
  figures: Figure[],
  labels: Map<Figure, TextElement[]>,
  free: (f: Figure) => boolean,
  parentOf: Map<Figure, Figure | null>,
  isHeading: (t: TextElement) => boolean = () => false,
  /** The name printed in a picture, read from its pixels. */
  printed: (f: Figure) => string | null = () => null,
): Map<Figure, Container> {
  const plates = new Map<Figure, Container>();
  // A title written under all a container holds (a caption in its bottom half) gives way to a tag.
  const low = (c: Container) =>
    c.titleTexts.length > 0 && c.titleTexts.every((t) => centerOf(t).y > (c.box.minY + c.box.maxY) / 2);
  const untitled = containers.filter(
    (c) => c.figure && (c.title === null || c.title.trim() === '' || low(c)),
  );
  const groups = new Set(containers.map((c) => c.figure));
  if (untitled.length === 0) return plates;
  // A plate holds its words (a shape named by a caption outside is a drawing of its own); a
  // mark holding only a number numbers a step (an arrow's label), it titles nothing.
  const words = (f: Figure) =>
    labels
      .get(f)!
      .every((t) => t.containerId !== null || boxInside(pointBox(centerOf(t)), boundsOf(f.geom))) &&
    !labels.get(f)!.every((t) => numbersStep(t.text));
  const candidates = figures.filter((f) => f.kind === 'shape' && labels.has(f) && free(f) && words(f));
  // What each container holds that could title it from inside: named boxes and pictures.
  const inside = new Map<Figure, Figure[]>();
  const wordMarks = new Map<Figure, Figure[]>();
  for (const f of figures) {
    const p = parentOf.get(f);
    if (!p || !free(f)) continue;
    const into =
      labels.has(f) && ['shape', 'image', 'embed', 'drawing'].includes(f.kind)
        ? inside
        : !labels.has(f) && printed(f) !== null
          ? wordMarks
          : null;
    if (!into) continue;
    const list = into.get(p);
    if (list) list.push(f);
    else into.set(p, [f]);
  }
  for (const c of untitled) {
    const tag = tagOnBorder(
      c,
      [...candidates, ...(inside.get(c.figure!) ?? [])].filter((f) => !plates.has(f)),
      labels,
    );
    // A container titled by a caption under what it holds takes only a tag, or a plate in its
    // top-left corner.
    if (low(c)) {
      const all = figures.filter((f) => parentOf.get(f) === c.figure);
      const over = tag ?? cornerPlate(c, inside.get(c.figure!) ?? [], all, labels, isHeading);
      if (over) plates.set(over.f, c);
      continue;
    }
    let best =
      nearest(candidates, (f) => {
        if (plates.has(f) || (parentOf.get(f) ?? null) !== (parentOf.get(c.figure!) ?? null)) return null;
        const b = boundsOf(f.geom);
        const gap = c.box.minY - b.maxY;
        if (gap < 0 || gap > PLATE_GAP) return null;
        const overlap = Math.min(b.maxX, c.box.maxX) - Math.max(b.minX, c.box.minX);
        if (overlap < 0.5 * (b.maxX - b.minX) || b.maxX - b.minX > c.box.maxX - c.box.minX) return null;
        return gap;
      }) ?? tag;
    if (!best) {
      const held = (inside.get(c.figure!) ?? []).filter((f) => !plates.has(f));
      const all = figures.filter((f) => parentOf.get(f) === c.figure);
      // A header bar heads named boxes or groups, not a sketch of unnamed shapes.
      const heads = all.some((f) => labels.has(f) || groups.has(f));
      best =
        bannerInside(c, held, heads ? all : [], labels, isHeading) ??
        cornerPlate(c, held, heads ? all : [], labels, isHeading) ??
        cornerBadge(c, held, labels) ??
        cornerWordMark(c, wordMarks.get(c.figure!) ?? []);
    }
    if (best) plates.set(best.f, c);
  }
  return plates;
}

/**
 * The box holding only a heading centred in a container's top quarter, linked to nothing; or a
 * bar across the container's top, above all else it holds (its header).
 */
function bannerInside(
  c: Container,
  held: Figure[],
  /** Everything the container holds, named or not. */
  all: Figure[],
  labels: Map<Figure, TextElement[]>,
  isHeading: (t: TextElement) => boolean,
): { f: Figure; gap: number } | null {
  const width = c.box.maxX - c.box.minX;
  const middle = (c.box.minX + c.box.maxX) / 2;
  return nearest(held, (f) => {
    const parts = labels.get(f)!;
    if (f.kind !== 'shape' || parts.length !== 1) return null;
    const b = boundsOf(f.geom);
    const header = all.length >= 2 && b.maxX - b.minX >= HEADER_SPAN * width && overAll(f, all, () => true);
    if (!header && !isHeading(parts[0]!)) return null;
    const gap = b.minY - c.box.minY;
    if (gap > 0.25 * (c.box.maxY - c.box.minY) || Math.abs((b.minX + b.maxX) / 2 - middle) > 0.15 * width)
      return null;
    return gap;
  });
}

/**
 * Whether a box lies over all else a container holds, and is not the first of a list of boxes
 * alike: each of the others that `counts` is narrower.
 */
function overAll(f: Figure, all: Figure[], counts: (g: Figure) => boolean): boolean {
  const b = boundsOf(f.geom);
  const width = b.maxX - b.minX;
  return all.every((g) => {
    if (g === f) return true;
    const o = boundsOf(g.geom);
    return o.minY >= b.maxY && (!counts(g) || o.maxX - o.minX < 0.8 * width);
  });
}

/**
 * The box holding only a heading in a container's top-left corner, linked to nothing, over all
 * else the container holds and wider than each named part (a coloured plate naming a slide).
 */
function cornerPlate(
  c: Container,
  held: Figure[],
  /** Everything the container holds, named or not. */
  all: Figure[],
  labels: Map<Figure, TextElement[]>,
  isHeading: (t: TextElement) => boolean,
): { f: Figure; gap: number } | null {
  return nearest(held, (f) => {
    const parts = labels.get(f)!;
    if (f.kind !== 'shape' || parts.length !== 1 || !isHeading(parts[0]!)) return null;
    const b = boundsOf(f.geom);
    if (!inTopLeftCorner(b, c.box) || all.length < 3 || !overAll(f, all, (g) => labels.has(g))) return null;
    return b.minX - c.box.minX + (b.minY - c.box.minY);
  });
}

/** A tag is at most this share of its container's width. */
const TAG_SPAN = 0.6;

/**
 * A tag: a small named box, linked to nothing, drawn across the container's top edge (a label
 * pinned to the group's border).
 */
function tagOnBorder(
  c: Container,
  figures: Figure[],
  labels: Map<Figure, TextElement[]>,
): { f: Figure; gap: number } | null {
  const width = c.box.maxX - c.box.minX;
  return nearest(figures, (f) => {
    if (f.kind !== 'shape' || labels.get(f)!.length !== 1) return null;
    const b = boundsOf(f.geom);
    // A tag hugs its one line of words (a tall box reaching down into the group is a part of it).
    if (b.minY >= c.box.minY || b.maxY <= c.box.minY) return null;
    // (or reaches into it no deeper than a tenth of the group's height: a plate on its top edge).
    if (
      b.maxY - b.minY > 2 * labels.get(f)![0]!.height &&
      b.maxY - c.box.minY > 0.1 * (c.box.maxY - c.box.minY)
    )
      return null;
    if (b.minX < c.box.minX - TAG_OUT || b.maxX > c.box.maxX + TAG_OUT || b.maxX - b.minX > TAG_SPAN * width)
      return null;
    return Math.abs((b.minY + b.maxY) / 2 - c.box.minY);
  });
}

/** A tag may stick out this far past its container's side. */
const TAG_OUT = 10;

/** A header bar spans at least this share of its container's width. */
const HEADER_SPAN = 0.7;

/** A named mark this small, at most, titles a group from its corner. */
const BADGE = 120;

/**
 * The small named logo in a container's top-left corner, or at its top over all else it holds
 * with its name written after it or under it (a logo and its name as the group's heading), linked
 * to nothing.
 */
function cornerBadge(
  c: Container,
  held: Figure[],
  labels: Map<Figure, TextElement[]>,
): { f: Figure; gap: number } | null {
  return nearest(held, (f) => {
    if (labels.get(f)!.length !== 1) return null;
    // A logo: a picture, a drawing or a box with marks drawn in it, not a plain named box.
    const logo = f.kind === 'image' || f.kind === 'embed' || f.drawing || f.members.length > 1;
    const b = boundsOf(f.geom);
    if (!logo || b.maxX - b.minX > BADGE || b.maxY - b.minY > BADGE) return null;
    const name = labels.get(f)![0]!;
    if (
      !inTopLeftCorner(b, c.box) &&
      !(headsGroup(f, held, c.box) && (nameBeside(name, b) || nameUnder(name, b)))
    )
      return null;
    return b.minX - c.box.minX + (b.minY - c.box.minY);
  });
}

/** A word mark (a logo with its name) is at most this share of its container's width. */
const WORD_MARK_SPAN = 0.4;

/**
 * The picture in a container's top-left corner, linked to nothing, whose name is printed in it: a
 * product's logo and word mark heading the group. It may be wider than a badge, by its words.
 */
function cornerWordMark(c: Container, marks: Figure[]): { f: Figure; gap: number } | null {
  return nearest(marks, (f) => {
    const b = boundsOf(f.geom);
    if (b.maxY - b.minY > BADGE * 1.5 || b.maxX - b.minX > WORD_MARK_SPAN * (c.box.maxX - c.box.minX))
      return null;
    if (!inTopLeftCorner(b, c.box)) return null;
    return b.minX - c.box.minX + (b.minY - c.box.minY);
  });
}

/** Whether a figure sits at the top of a container, over all else it holds. */
function headsGroup(f: Figure, held: Figure[], box: Box): boolean {
  const b = boundsOf(f.geom);
  const reach = Math.max(40, 0.1 * (box.maxY - box.minY));
  return b.minY - box.minY <= reach && held.every((g) => g === f || boundsOf(g.geom).minY >= b.maxY);
}

/** Whether a name is written just right of a logo, level with it: a heading's words after its icon. */
function nameBeside(t: TextElement, logo: Box): boolean {
  const tb = boundsOf(t);
  const middle = (tb.minY + tb.maxY) / 2;
  const gap = tb.minX - logo.maxX;
  const size = logo.maxX - logo.minX;
  return gap >= -0.25 * size && gap <= size && middle >= logo.minY && middle <= logo.maxY;
}

/** Whether a name is written just under a logo, centred on it: an icon captioned as a heading. */
function nameUnder(t: TextElement, logo: Box): boolean {
  const tb = boundsOf(t);
  const gap = tb.minY - logo.maxY;
  const size = logo.maxY - logo.minY;
  const off = Math.abs((tb.minX + tb.maxX) / 2 - (logo.minX + logo.maxX) / 2);
  return (
    gap >= -0.25 * size && gap <= size / 2 && off <= Math.max(logo.maxX - logo.minX, tb.maxX - tb.minX) / 4
  );
}

/** The figure with the smallest gap, by `gapOf` (null: not placed as a title is), first on ties. */
function nearest(figures: Figure[], gapOf: (f: Figure) => number | null): { f: Figure; gap: number } | null {
  let best: { f: Figure; gap: number } | null = null;
  for (const f of figures) {
    const gap = gapOf(f);
    if (gap !== null && (!best || gap < best.gap)) best = { f, gap };
  }
  return best;
}

/** Whether a box lies in another's top-left corner: within 40, or a tenth of its size, of it. */
export function inTopLeftCorner(inner: Box, outer: Box): boolean {
  const reach = (size: number) => Math.max(40, 0.1 * size);
  return (
    inner.minX - outer.minX <= reach(outer.maxX - outer.minX) &&
    inner.minY - outer.minY <= reach(outer.maxY - outer.minY)
  );
}
