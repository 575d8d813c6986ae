/**
 * What names a node: its bound text, free text inside it, a text grouped with a drawing, a
 * caption just under (or over) it. And what does not: a word beside a small mark inside a box,
 * a badge or an icon sitting across a node's border (part of that node).
 */

import { arrowLabelledBy } from './arrow-labels.ts';
import {
  CAPTION_GAP,
  captionFor,
  inTitleCorner,
  isTab,
  levelGap,
  nearestText,
  readingOrder,
  titlesBoxAround,
} from './containers.ts';
import { type Figure, LETTERING } from './figures.ts';
import {
  type Box,
  boundsOf,
  boxArea,
  boxGap,
  boxHeight,
  boxInside,
  boxPolylineDistance,
  centerOf,
  grow,
  overlapArea,
  type Point,
  pointBox,
  pointBoxDistance,
  SpatialGrid,
  unionBox,
} from './geometry.ts';
import { numbersStep } from './labels.ts';
import type { LinearElement, ShapeElement, TextElement } from './model.ts';
import type { Placement } from './placement.ts';
import { isShape, type Reading, short } from './reading.ts';
import { recordGuess } from './report.ts';
import { inTopLeftCorner } from './title-plates.ts';

/** The figure each free text lies in; a word across a box's edge on an arrow labels the arrow. */
export function textOwners(
  texts: Iterable<TextElement>,
  placement: Placement,
  geomFigure: Map<ShapeElement, Figure>,
): Map<TextElement, Figure | null> {
  const ownerOf = new Map<TextElement, Figure | null>();
  const all = [...texts];
  for (const t of all) {
    const s = placement.shapeAround(t);
    let owner = s ? geomFigure.get(s)! : null;
    // A rule drawn inside the box (under its heading) is part of its look, not an arrow.
    const box = owner ? boundsOf(owner.geom) : null;
    const across = (l: LinearElement) => box === null || !boxInside(boundsOf(l), box, 4);
    if (owner && !boxInside(boundsOf(t), box!) && arrowLabelledBy(t, placement, false, across) !== null) {
      owner = s ? (geomFigure.get(placement.shapeAt(centerOf(t), (g) => g === s) ?? s) ?? null) : null;
      if (owner?.geom === s) owner = null;
    }
    if (owner && labelsArrowThrough(t, owner, placement, all)) owner = null;
    ownerOf.set(t, owner);
  }
  return ownerOf;
}

/**
 * Whether a text inside a box is the label of an arrow passing through the box beside it (both
 * its ends outside), while a caption just outside names the box.
 */
function labelsArrowThrough(
  t: TextElement,
  owner: Figure,
  placement: Placement,
  texts: TextElement[],
): boolean {
  const l = arrowLabelledBy(t, placement, false);
  if (l?.type !== 'arrow') return false;
  const box = boundsOf(owner.geom);
  const pts = placement.polyline(l);
  if ([pts[0]!, pts.at(-1)!].some((p) => pointBoxDistance(p, box) <= 4)) return false;
  // A label lies beside its arrow (a curve may clip its corner), not across it.
  const tb = boundsOf(t);
  if (boxPolylineDistance(grow(tb, -0.3 * boxHeight(tb)), pts).distance === 0) return false;
  return texts.some((o) => {
    if (o === t) return false;
    const ob = boundsOf(o);
    const c = centerOf(o);
    return (
      c.x >= box.minX &&
      c.x <= box.maxX &&
      (ob.minY >= box.maxY || ob.maxY <= box.minY) &&
      Math.min(Math.abs(ob.minY - box.maxY), Math.abs(box.minY - ob.maxY)) <= CAPTION_GAP
    );
  });
}

/**
 * Group texts name the drawing they are grouped with (a database icon and its caption): the
 * texts of the smallest group around the drawing that holds any, so that a whole diagram grouped
 * together does not lend all its words to one icon in it.
 */
/** How far from a plain shape the words grouped with it may lie to name it. */
const GROUP_NAME_GAP = 40;

export function groupNames(r: Reading): Map<Figure, TextElement[]> {
  const names = new Map<Figure, TextElement[]>();
  const textsOfGroup = new Map<string, TextElement[]>();
  for (const t of r.pool) {
    for (const g of t.groupIds) {
      const list = textsOfGroup.get(g);
      if (list) list.push(t);
      else textsOfGroup.set(g, [t]);
    }
  }
  if (textsOfGroup.size === 0) return names;
  // What else each group holds: a group with shapes or strokes in it that are no part of a
  // drawing is a diagram, not an icon and its caption.
  // (A shape's marks drawn on it, an icon's glyph, are part of it too.)
  const drawn = new Set(
    r.figures.flatMap((f) => (f.drawing ? f.members : f.members.filter((m) => m !== f.id))),
  );
  const othersOfGroup = new Map<string, string[]>();
  for (const el of r.byId.values()) {
    if (el.type === 'text' || drawn.has(el.id)) continue;
    for (const g of el.groupIds) {
      const list = othersOfGroup.get(g);
      if (list) list.push(el.id);
      else othersOfGroup.set(g, [el.id]);
    }
  }
  for (const f of r.figures) {
    if (f.kind === 'table') continue;
    const group = r.byId.get(f.id)?.groupIds.find((g) => textsOfGroup.has(g));
    if (!group) continue;
    // A plain shape grouped with level words beside it and nothing else (a small mark and its
    // name), that a stroke reaches, is named by them, as a drawing is; a shape with words of its
    // own is named already, and a dot on a flow with a tilted word is a token and its label.
    const plain =
      !f.drawing &&
      f.kind === 'shape' &&
      !r.bound.get(f)?.length &&
      othersOfGroup.get(group)?.length === 1 &&
      textsOfGroup
        .get(group)!
        .every(
          (t) =>
            t.angle === 0 &&
            r.ownerOf.get(t) !== f &&
            boxGap(boundsOf(t), boundsOf(f.geom)) <= GROUP_NAME_GAP,
        ) &&
      r.placement.strokeEndsAt(boundsOf(f.geom)) &&
      // A box holding others is a group, its grouped word the group's title.
      !r.placement
        .shapesNear(boundsOf(f.geom))
        .some((s) => s !== f.geom && boxInside(boundsOf(s), boundsOf(f.geom)));
    if (!f.drawing && !plain) continue;
    if (f.drawing && othersOfGroup.has(group)) continue;
    const named = textsOfGroup.get(group)!.filter((t) => r.pool.has(t) && r.ownerOf.get(t) !== f);
    if (named.length === 0) continue;
    names.set(f, named);
    for (const t of named) r.pool.delete(t);
  }
  return names;
}

/** Marks enough on a box that its one word names the box rather than one of them. */
const MANY_MARKS = 3;

/**
 * A word right beside a small empty mark inside a box annotates the mark (s0, s1 … beside
 * slots), not the box: it stays a note and leaves the box to its caption. A mark grouped with
 * words of its own is named, not empty; a picture or a drawing is no mark (the word beside a
 * logo is its name). A mark that arrows reach is a node, and the word its name (see markGap).
 */
export function sideNotes(
  r: Reading,
  childrenOf: Map<Figure, Figure[]>,
  names: Map<Figure, TextElement[]>,
): TextElement[] {
  const notes: TextElement[] = [];
  // A picture or a drawing is no mark: the word beside a logo is its name (and, with the logo,
  // may title the group; see title-plates.ts).
  const marksOf = (f: Figure): Box[] => [
    ...(childrenOf.get(f) ?? [])
      .filter(
        (k) => !k.drawing && !r.bound.has(k) && !names.has(k) && !r.placement.strokeEndsAt(boundsOf(k.geom)),
      )
      .map((k) => boundsOf(k.geom)),
    ...f.members.flatMap((id) => {
      const el = id === f.id ? undefined : r.byId.get(id);
      // A badge drawn in the box's top-left corner (a cloud's icon on a group) is no mark: the
      // word after it heads the box.
      const badge =
        el !== undefined &&
        childrenOf.has(f) &&
        inTopLeftCorner(boundsOf(el), boundsOf(f.geom)) &&
        boxArea(boundsOf(el)) * 16 <= boxArea(boundsOf(f.geom));
      return el && isShape(el) && !badge ? [boundsOf(el)] : [];
    }),
  ];
  // How many words each box holds: the one word among many marks drawn on a box (the slots of a
  // queue drawn as a bar) names the box; one word cannot annotate one slot of many.
  const wordsIn = new Map<Figure, number>();
  for (const t of r.pool) {
    const owner = r.ownerOf.get(t);
    if (owner) wordsIn.set(owner, (wordsIn.get(owner) ?? 0) + 1);
  }
  for (const t of [...r.pool]) {
    const owner = r.ownerOf.get(t);
    if (!owner || owner.drawing || (!childrenOf.has(owner) && owner.members.length < 2)) continue;
    const marks = marksOf(owner);
    if (marks.length === 0) continue;
    if (wordsIn.get(owner) === 1 && marks.length >= MANY_MARKS && !r.bound.get(owner)?.length) continue;
    const tb = boundsOf(t);
    const c = centerOf(t);
    const beside = marks.some((kb) => {
      const gap = Math.max(tb.minX - kb.maxX, kb.minX - tb.maxX);
      return (
        gap >= -2 && gap <= 16 && c.y >= kb.minY && c.y <= kb.maxY && t.height <= 2 * (kb.maxY - kb.minY)
      );
    });
    if (beside) {
      notes.push(t);
      r.pool.delete(t);
    }
  }
  return notes;
}

/**
 * A box whose only content is a table, a picture or an unnamed drawing is one node: the content
 * is its body, and arrows reaching the body reach the box.
 */
export function findBodies(
  r: Reading,
  childrenOf: Map<Figure, Figure[]>,
  names: Map<Figure, TextElement[]>,
  /** Filled with the boxes that took the name of the icon they hold. */
  adopted?: Set<Figure>,
): Map<Figure, Figure> {
  const bodyOf = new Map<Figure, Figure>();
  const textOwners = new Map<Figure | null | undefined, TextElement[]>();
  for (const t of r.pool) {
    const owner = r.ownerOf.get(t);
    const list = textOwners.get(owner);
    if (list) list.push(t);
    else textOwners.set(owner, [t]);
  }
  for (const [box, kids] of childrenOf) {
    const [kid] = kids;
    if (box.drawing || kids.length !== 1 || !kid!.drawing) continue;
    if (r.bound.has(kid!) || textOwners.has(kid)) continue;
    if (names.has(kid!)) {
      // A named icon alone in a box, with at most one more line of words beside it and no arrow
      // of its own, is the box's picture: the box is the node, named by both.
      const words = textOwners.get(box) ?? [];
      const b = boundsOf(box.geom);
      const titled = words.some((t) => inTitleCorner(t, b));
      if (r.bound.has(box) || words.length > 1 || titled || r.placement.strokeEndsAt(boundsOf(kid!.geom), b))
        continue;
      names.set(box, names.get(kid!)!);
      names.delete(kid!);
      adopted?.add(box);
    }
    bodyOf.set(kid!, box);
  }
  return bodyOf;
}

/**
 * Captions: a text just under (or over) a drawing, a picture or an empty shape names it. The
 * text lies outside it, in the region that holds it (or in none).
 */
export function findCaptions(
  r: Reading,
  skip: (f: Figure) => boolean,
  parentOf: Map<Figure, Figure | null>,
  headerTexts: Set<TextElement>,
  /** Filled with the first line of a picture's name written over it, when a caption is under it. */
  over: Map<Figure, TextElement> = new Map(),
): Map<Figure, TextElement> {
  const hasOwnText = new Set<Figure>();
  for (const t of r.pool) {
    const owner = r.ownerOf.get(t);
    if (owner) hasOwnText.add(owner);
  }
  const holders = new Set(parentOf.values());
  // The figures that name themselves (pictures with a title), which a caption may name in pairs.
  const selfNamed = r.figures.filter((f) => f.ownName !== null);
  const captions = new Map<Figure, TextElement>();
  const captioned = new Set<TextElement>();
  let grid: SpatialGrid<TextElement> | null = null;
  const name = (f: Figure, c: TextElement, how: () => string, into = captions) => {
    into.set(f, c);
    captioned.add(c);
    r.pool.delete(c);
    recordGuess(r.report, 'caption', 'medium', [c.id, f.id], () => `“${short(c.text)}” ${how()}`);
  };
  for (const f of r.figures) {
    if (!grid) {
      grid = new SpatialGrid<TextElement>();
      for (const t of r.pool) grid.insert(t, boundsOf(t));
    }
    const region = parentOf.get(f) ?? null;
    const box = boundsOf(f.geom);
    if (hasOwnText.has(f) || r.bound.has(f)) {
      const heading = listHeading(r, f, box, grid, captioned, region, holders.has(f));
      if (heading)
        name(f, heading, () => `on the corner of ${f.kind} ${f.id}, which lists items, is its heading`);
      continue;
    }
    if (skip(f)) continue;
    const labelsArrow = (t: TextElement) => {
      // Strokes drawn inside the shape are its picture, not arrows a word could label.
      const l = arrowLabelledBy(t, r.placement, false, (a) => !boxInside(boundsOf(a), box, 4));
      const byMark = centredUnderMark(t, box) || (isMark(f, box) && markGap(t, box) !== null);
      if (!l || !byMark) return l !== null;
      // Centred under a small mark, or written by it, beside an arrow leaving or reaching that
      // mark: its name.
      const pts = r.placement.polyline(l);
      return ![pts[0]!, pts.at(-1)!].some((p) => pointBoxDistance(p, box) <= 12);
    };
    const allowed = (t: TextElement) =>
      (r.ownerOf.get(t) ?? null) === region &&
      !headerTexts.has(t) &&
      !titlesBoxAround(t, box, region) &&
      // Under an empty box, a word beside the arrow leaving it ("true", "no") labels the arrow;
      // a word centred under a small mark names the mark.
      !(f.kind === 'shape' && t.text.length <= 30 && labelsArrow(t)) &&
      // Under a picture, a word off its middle and beside an arrow's shaft labels the arrow.
      !(f.kind !== 'shape' && t.text.length <= 30 && offMiddle(t, box) && labelsArrow(t)) &&
      // A word two strokes run up to is written in the middle of a link.
      !r.placement.onLink(boundsOf(t));
    const c =
      captionFor(box, grid, captioned, allowed) ??
      ((f.drawing && f.kind !== 'table') || (isBar(f, box) && r.placement.strokeEndsAt(box))
        ? sideCaption(box, grid, captioned, allowed)
        : null) ??
      (isMark(f, box) && r.placement.strokeEndsAt(box)
        ? nearestText(box, grid, MARK_GAP, captioned, allowed, (t) => markGap(t, box))
        : null);
    if (!c) continue;
    const pair = f.ownName ? namesTwoPictures(c, f, selfNamed) : null;
    if (pair) {
      recordGuess(
        r.report,
        'caption',
        'medium',
        [c.id, f.id, pair.id],
        () =>
          `“${short(c.text)}” names both ${f.id} and ${pair.id}: it captions the two, each keeps its own name`,
      );
      continue;
    }
    name(f, c, () => `${centerOf(c).y > centerOf(f.geom).y ? 'under' : 'over'} ${f.kind} ${f.id} names it`);
    const top = f.drawing ? nameOver(r, box, c, grid, captioned, allowed) : null;
    if (top) name(f, top, () => `over ${f.kind} ${f.id}, captioned under it too, begins its name`, over);
  }
  return captions;
}

/**
 * The other named picture near a caption when the caption says both pictures' names ("ETL w/
 * Lambda & Glue" over the AWS Lambda and Amazon Glue icons): a word of each name that the other
 * name lacks. Such words caption the pair; neither picture takes them for its name.
 */
function namesTwoPictures(caption: TextElement, f: Figure, selfNamed: Figure[]): Figure | null {
  const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);
  const said = words(caption.text);
  const own = words(f.ownName!);
  const cb = boundsOf(caption);
  const box = boundsOf(f.geom);
  const reach = Math.max(boxHeight(box), box.maxX - box.minX);
  for (const g of selfNamed) {
    if (g === f || g.kind !== f.kind || boxGap(boundsOf(g.geom), cb) > 2 * reach) continue;
    const theirs = words(g.ownName!);
    const mine = [...own].some((w) => !theirs.has(w) && said.has(w));
    const other = [...theirs].some((w) => !own.has(w) && said.has(w));
    if (mine && other) return g;
  }
  return null;
}

/** Whether a word's middle lies off a box's middle by over a quarter of the wider of the two. */
function offMiddle(t: TextElement, box: Box): boolean {
  const tb = boundsOf(t);
  const width = Math.max(box.maxX - box.minX, tb.maxX - tb.minX);
  return Math.abs(centerOf(t).x - (box.minX + box.maxX) / 2) > 0.25 * width;
}

/** Words over a picture begin its name from at most this far above it. */
const OVER_GAP = 24;

/**
 * A picture named on both sides (a database icon with its product over it and its role under
 * it): one line of words centred right over it, no larger than the caption, labelling no arrow,
 * and not one of a row of headings over pictures side by side (the stages of a pipeline).
 */
function nameOver(
  r: Reading,
  box: Box,
  under: TextElement,
  grid: SpatialGrid<TextElement>,
  taken: Set<TextElement>,
  allowed: (t: TextElement) => boolean,
): TextElement | null {
  if (centerOf(under).y <= box.maxY) return null;
  const mid = (box.minX + box.maxX) / 2;
  const width = box.maxX - box.minX;
  for (const t of grid.query(grow(box, OVER_GAP))) {
    if (taken.has(t) || t.angle !== 0 || t.text.trim() === '' || t.text.trim().includes('\n')) continue;
    if (t.fontSize > under.fontSize) continue;
    const tb = boundsOf(t);
    if (tb.maxY > box.minY + 2 || box.minY - tb.maxY > OVER_GAP) continue;
    if (Math.abs(centerOf(t).x - mid) > 0.25 * Math.max(width, tb.maxX - tb.minX)) continue;
    if (!allowed(t) || arrowLabelledBy(t, r.placement, false, (a) => !boxInside(boundsOf(a), box, 4)))
      continue;
    const c = centerOf(t);
    const row = [...grid.query(grow(tb, 3 * width))].some(
      (u) => u !== t && u.fontSize === t.fontSize && Math.abs(centerOf(u).y - c.y) <= ROW_SLACK,
    );
    if (!row) return t;
  }
  return null;
}

/** Headings in a row lie this level with one another, at most. */
const ROW_SLACK = 6;

/** A box holding this many lines of words or more lists items (a table's fields). */
const LIST_LINES = 3;

/**
 * A heading over a list: one line of words in larger letters on the top-left corner of a box, or
 * centred on its top edge, whose words list items (an entity's name over its fields, a module's
 * over its parts behind bullets), outside it, in the region that holds it. A box holding shapes is
 * no list.
 */
function listHeading(
  r: Reading,
  f: Figure,
  box: Box,
  grid: SpatialGrid<TextElement>,
  taken: Set<TextElement>,
  region: Figure | null,
  holds: boolean,
): TextElement | null {
  if (f.drawing || f.kind !== 'shape' || holds) return null;
  const inside = [...(r.bound.get(f) ?? []), ...[...grid.query(box)].filter((t) => r.ownerOf.get(t) === f)];
  const lines = inside.flatMap((t) => t.text.trim().split('\n'));
  // One block of lines, or items each behind a bullet: a box holding several texts of no list may
  // be a group of items.
  const bullets = lines.length >= 2 && lines.every((l) => BULLET.test(l));
  if (inside.length === 0 || !(bullets || (inside.length === 1 && lines.length >= LIST_LINES))) return null;
  const largest = Math.max(...inside.map((t) => t.fontSize));
  for (const t of grid.query(grow(box, CAPTION_GAP))) {
    // A heading has words: a mark (a cardinality's `*`, a step's `1`) names nothing.
    if (taken.has(t) || t.angle !== 0 || !/\p{L}/u.test(t.text) || t.text.trim().includes('\n')) continue;
    if ((r.ownerOf.get(t) ?? null) !== region || titlesBoxAround(t, box, region)) continue;
    // Large lettering well over the box (a column's name over the first of its boxes) is no tab.
    const tab = isTab(t, box) && box.minY - boundsOf(t).maxY <= LIST_HEADING_GAP;
    // Larger than the words under it, or as large and ending in a colon (`Data Collection:`).
    const heads = largest < t.fontSize || (largest === t.fontSize && /:\s*$/.test(t.text));
    if ((tab || onTopEdge(t, box)) && heads) return t;
  }
  return null;
}

/** A heading over a list sits at most this far over the box. */
const LIST_HEADING_GAP = 16;

/** An item of a list: a line behind a dash, a dot, a star or a number (`1.`, `2)`). */
const BULLET = /^\s*([-•*·]|\d{1,2}[.)])\s/u;

/** A heading centred over a box sits on its top edge: at most this far over it. */
const ON_EDGE = 8;

/** Whether a text is written centred on a box's top edge, as a class's or a table's name is. */
function onTopEdge(t: TextElement, box: Box): boolean {
  const tb = boundsOf(t);
  const w = box.maxX - box.minX;
  return (
    tb.maxY <= box.minY + 4 &&
    tb.maxY >= box.minY - ON_EDGE &&
    Math.abs(centerOf(t).x - (box.minX + box.maxX) / 2) <= 0.15 * w &&
    tb.maxX - tb.minX <= w
  );
}

/** A shape this wide and high or smaller is a mark (an icon), not a box. */
const MARK = 60;

/** Whether a figure is a small empty shape: a mark (a dot, a small circle, a diamond). */
function isMark(f: Figure, box: Box): boolean {
  return f.kind === 'shape' && !f.drawing && Math.max(box.maxX - box.minX, box.maxY - box.minY) <= MARK;
}

/** A bar is at most this thick, and at least three times as long. */
const BAR = 32;

/** An empty bar (a buffer, a queue drawn as a slot), named by the words level with it at its side. */
function isBar(f: Figure, box: Box): boolean {
  const [w, h] = [box.maxX - box.minX, box.maxY - box.minY];
  return f.kind === 'shape' && !f.drawing && Math.min(w, h) <= BAR && Math.max(w, h) >= 3 * Math.min(w, h);
}

/** How far from a mark its name may be written. */
const MARK_GAP = 24;

/**
 * How far a text lies from a small mark it may name, or null: just over or under it, starting
 * over it (left-aligned with it, as a label of a dot is), or beside it, level with it.
 */
function markGap(t: TextElement, box: Box): number | null {
  const tb = boundsOf(t);
  const c = centerOf(t);
  if (c.y >= box.minY && c.y <= box.maxY) return levelGap(t, tb, box, MARK_GAP);
  if (tb.minX < box.minX - 12 || tb.minX > box.maxX) return null;
  const gap =
    tb.minY >= box.maxY - 4 ? tb.minY - box.maxY : tb.maxY <= box.minY + 4 ? box.minY - tb.maxY : -1;
  return gap < -4 || gap > MARK_GAP ? null : Math.max(0, gap);
}

/** Whether a text is written centred under a small mark, as its name is. */
function centredUnderMark(t: TextElement, box: Box): boolean {
  const tb = boundsOf(t);
  const offset = Math.abs(centerOf(t).x - (box.minX + box.maxX) / 2);
  return (
    Math.max(box.maxX - box.minX, box.maxY - box.minY) <= MARK &&
    tb.minY >= box.maxY - 4 &&
    offset <= Math.max(12, 0.25 * (tb.maxX - tb.minX))
  );
}

/** How far beside a drawing its name may be written. */
const SIDE_GAP = 32;

/**
 * A name written beside an icon, level with it (a server drawn with its description to the
 * right): the nearer text whose middle row lies within the icon's height.
 */
function sideCaption(
  box: Box,
  texts: SpatialGrid<TextElement>,
  used: Set<TextElement>,
  allowed: (t: TextElement) => boolean,
): TextElement | null {
  return nearestText(box, texts, SIDE_GAP, used, allowed, (t, tb) => levelGap(t, tb, box, SIDE_GAP));
}

/** The free texts still unused inside each figure (and in no smaller one). */
export function ownTextsOf(
  r: Reading,
  skip: (f: Figure) => boolean,
  /** Texts no figure owns, wherever they lie. */
  loose: (t: TextElement) => boolean = () => false,
): Map<Figure, TextElement[]> {
  const ownTexts = new Map<Figure, TextElement[]>();
  for (const t of r.pool) {
    const owner = r.ownerOf.get(t);
    if (!owner || skip(owner) || loose(t)) continue;
    const list = ownTexts.get(owner);
    if (list) list.push(t);
    else ownTexts.set(owner, [t]);
  }
  return ownTexts;
}

export interface Naming {
  ownTexts: Map<Figure, TextElement[]>;
  names: Map<Figure, TextElement[]>;
  captions: Map<Figure, TextElement>;
  parentOf: Map<Figure, Figure | null>;
  bodyOf: Map<Figure, Figure>;
  isContainer: (f: Figure) => boolean;
  nodeish: (f: Figure) => boolean;
  /** Boxes named by the icon they hold: their words read top to bottom. */
  adopted?: Set<Figure>;
}

/**
 * Labels of nodes: bound text and the texts inside, in reading order, then the names and
 * captions. A box whose inside is a table or a drawing is named by its title; its other texts go
 * back to the pool.
 */
export function nodeLabels(r: Reading, n: Naming): Map<Figure, TextElement[]> {
  const labels = new Map<Figure, TextElement[]>();
  const inside = new Map<Figure, Figure[]>();
  for (const g of r.figures) {
    const p = n.parentOf.get(g);
    if (!p) continue;
    const list = inside.get(p);
    if (list) list.push(g);
    else inside.set(p, [g]);
  }
  for (const f of r.figures) {
    const bound = r.bound.get(f);
    const own = n.ownTexts.get(f);
    if (n.isContainer(f)) continue;
    if (!bound && !own && !n.names.has(f) && !n.captions.has(f)) {
      // A box holding a captioned picture that is no node of its own (a logo with its name
      // beside it) is named by that caption.
      const pictures = (inside.get(f) ?? []).filter(
        (g) => (g.kind === 'image' || g.kind === 'embed') && n.captions.has(g) && !n.nodeish(g),
      );
      const caption = pictures.length === 1 ? n.captions.get(pictures[0]!)! : null;
      if (caption && !f.drawing) {
        labels.set(f, [caption]);
        recordGuess(
          r.report,
          'caption',
          'medium',
          [caption.id, f.id],
          () => `“${short(caption.text)}” names the picture in ${f.kind} ${f.id}, and so the box`,
        );
      }
      continue;
    }
    const kids = inside.get(f) ?? [];
    // Lettering grouped with the strokes of a picture drawn in the box (a file icon's type) is the
    // picture's, not the box's name.
    const marks = new Map<string, Box>();
    const area = boxArea(boundsOf(f.geom));
    for (const id of f.members) {
      const el = id === f.geom.id ? undefined : r.byId.get(id);
      // Small marks only: a box the figure is made of (a compartment) is no picture.
      if (!el || el.type === 'text' || boxArea(boundsOf(el)) * 4 > area) continue;
      for (const g of el.groupIds) {
        const b = marks.get(g);
        marks.set(g, b ? unionBox([b, boundsOf(el)]) : boundsOf(el));
      }
    }
    for (const g of f.geom.groupIds) marks.delete(g);
    const lettering = (t: TextElement) => {
      const on = t.groupIds.length > 0 ? marks.get(t.groupIds[0]!) : undefined;
      return on !== undefined && boxInside(boundsOf(t), on, 2);
    };
    let parts = [...(bound ?? []), ...(own ?? [])].filter(
      (t) => (r.pool.has(t) && !lettering(t)) || bound?.includes(t),
    );
    // Tiny words beside words over twice their size are a drawn icon's lettering: part of its look.
    const largest = Math.max(0, ...parts.map((t) => t.fontSize));
    const tiny = (t: TextElement) =>
      !bound?.includes(t) && t.fontSize <= LETTERING && 2 * t.fontSize <= largest;
    if (parts.some(tiny)) {
      for (const t of parts) if (tiny(t)) r.pool.delete(t);
      parts = parts.filter((t) => !tiny(t));
    }
    const body = kids.some((g) => n.bodyOf.get(g) === f || (g.drawing && !n.nodeish(g)));
    let chosen = parts;
    if (body && parts.length > 1) {
      const top = Math.min(...kids.map((g) => boundsOf(g.geom).minY));
      const title = readingOrder(parts).find((t) => centerOf(t).y < top);
      // Words under the picture that arrows point at stay: the arrows mean the box they name.
      if (title)
        chosen = [title, ...parts.filter((t) => t !== title && r.placement.strokeEndsAt(boundsOf(t)))];
    }
    for (const t of n.names.get(f) ?? []) chosen.push(t);
    if (n.adopted?.has(f)) chosen = readingOrder(chosen);
    const caption = n.captions.get(f);
    // A heading over the words inside reads first.
    if (caption && parts.length > 0 && centerOf(caption).y < boundsOf(f.geom).minY) chosen.unshift(caption);
    else if (caption) chosen.push(caption);
    for (const t of chosen) r.pool.delete(t);
    if (chosen.length > 0) labels.set(f, chosen);
    for (const t of own ?? []) {
      if (!chosen.includes(t)) continue;
      recordGuess(
        r.report,
        'shape-label',
        'high',
        [t.id, f.id],
        () => `free text “${short(t.text)}” inside ${f.kind} ${f.id} is its label`,
      );
    }
  }
  return labels;
}

/**
 * Decorations: an unnamed drawing, picture or dashed outline on a named shape's edge, or a small named badge
 * sitting across a node's border with nothing connected to it, is part of that node. Returns the
 * node each decoration stands for; a badge's words go back to the pool.
 */
export function findDecorations(
  r: Reading,
  labels: Map<Figure, TextElement[]>,
  isContainer: (f: Figure) => boolean,
  boundFigures: Set<Figure>,
  connectors: LinearElement[],
  extraLabelled: (f: Figure) => boolean,
): Map<Figure, Figure> {
  const standIn = new Map<Figure, Figure>();
  const labelled = (f: Figure) => labels.has(f) || extraLabelled(f);
  const nodeGrid = new SpatialGrid<Figure>();
  for (const f of r.figures)
    if (labelled(f) && !isContainer(f) && !f.drawing) nodeGrid.insert(f, boundsOf(f.geom));
  let ends: SpatialGrid<Point> | null = null;
  const endGrid = () => {
    if (!ends) {
      ends = new SpatialGrid<Point>(64);
      for (const l of connectors) {
        const pts = r.placement.polyline(l);
        ends.insert(pts[0]!, pointBox(pts[0]!));
        ends.insert(pts.at(-1)!, pointBox(pts.at(-1)!));
      }
    }
    return ends;
  };
  for (const f of r.figures) {
    // An unnamed dashed outline drawn across a box's edge marks something about the box (a
    // boundary, a highlight): an arrow stopping on it, even bound to it, means the box.
    const mark = !f.drawing && f.geom.strokeStyle !== 'solid' && !labelled(f);
    if (isContainer(f) || (boundFigures.has(f) && !mark)) continue;
    const unnamedDrawing = (f.drawing || mark) && !labelled(f);
    if (!unnamedDrawing && !labelled(f)) continue;
    const box = boundsOf(f.geom);
    const area = Math.max(1, (box.maxX - box.minX) * (box.maxY - box.minY));
    for (const host of nodeGrid.query(box)) {
      if (host === f) continue;
      const hb = boundsOf(host.geom);
      const hostArea = Math.max(1, (hb.maxX - hb.minX) * (hb.maxY - hb.minY));
      const shared = overlapArea(box, hb);
      const across = shared > 0.1 * area && shared < 0.95 * area;
      // Smaller than half the box it sits on (a diamond or an ellipse covers less than its box).
      const drawn = area * (f.geom.type === 'diamond' ? 0.5 : f.geom.type === 'ellipse' ? 0.785 : 1);
      if (!across || drawn > 0.5 * hostArea) continue;
      const badge = !unnamedDrawing;
      // A badge an arrow ends at (nearer it than the box it sits on) is a node of its own; so is
      // one named outside that box (an icon captioned under it, drawn across the box's corner).
      if (
        badge &&
        (endGrid()
          .query(grow(box, 24))
          .some((p) => pointBoxDistance(p, box) < pointBoxDistance(p, hb)) ||
          (labels.get(f) ?? []).some((t) => !numbersStep(t.text) && !boxInside(pointBox(centerOf(t)), hb)))
      )
        continue;
      standIn.set(f, host);
      if (badge) for (const t of labels.get(f) ?? []) r.pool.add(t);
      labels.delete(f);
      recordGuess(
        r.report,
        'decoration',
        'medium',
        [f.id, host.id],
        () => `${f.kind} ${f.id} ${badge ? 'is a badge on' : 'decorates'} ${host.kind} ${host.id}`,
      );
      break;
    }
  }
  return standIn;
}
