/**
 * Containers: a box that holds other nodes and carries a title becomes a subgraph, nested when
 * boxes nest, whether or not anything groups or frames it. A title is text inside the box above
 * (or below) everything it holds, its bound text, or a caption just outside it.
 */

import type { Figure } from './figures.ts';
import {
  type Box,
  boundsOf,
  boxArea,
  boxGap,
  boxHeight,
  boxInside,
  boxOf,
  boxWidth,
  centerOf,
  grow,
  insideOutline,
  type Outline,
  overlapArea,
  type Point,
  pointBox,
  SpatialGrid,
  unionBox,
} from './geometry.ts';
import { reachOf } from './labels.ts';
import type { Lane } from './lanes.ts';
import type { FrameElement, ShapeElement, TextElement } from './model.ts';
import type { Inference } from './report.ts';
import { headingOf } from './text-blocks.ts';

/** A caption outside a box names it when it is at most this far from the box. */
export const CAPTION_GAP = 40;
/** A title under what a box holds is at most this many lines. */
const TITLE_LINES = 3;
/** A tab sits at most this far above a box's top edge, and this far left of its corner. */
const TAB_GAP = 16;
/** Boxes drawn alike differ in size, and their titles in place, by at most this share. */
const TWIN_SLACK = 0.1;
/** A frame's top bar (a screen's title beside its back button) is at most this share of its height. */
const TOP_BAR = 0.1;

/** A title inside a box's corner starts at most this far under its top edge. */
const TOP_STRIP = 24;
/** A line of text is about this many times its font size tall. */
const LINE_HEIGHT = 1.25;

/** Whether a text starts in a box's top-left corner: a little under its top, near its left edge. */
function startsInTopLeft(tb: Box, box: Box, down: number): boolean {
  return (
    tb.minY >= box.minY - 2 &&
    tb.minY - box.minY <= down &&
    tb.minX - box.minX <= Math.max(40, 0.1 * boxWidth(box))
  );
}
/**
 * Whether a text is the title written in the top-left corner of the box around a shape: it names
 * that box, never the shape inside it under it, unless it sits on that shape's own corner as its
 * tab.
 */
export function titlesBoxAround(t: TextElement, box: Box, around: Figure | null): boolean {
  return around !== null && inTitleCorner(t, boundsOf(around.geom)) && !isTab(t, box);
}
/** Whether a text starts in a box's top-left corner, where its title is written. */
export function inTitleCorner(t: TextElement, box: Box): boolean {
  return startsInTopLeft(boundsOf(t), box, reachOf(t, TOP_STRIP));
}
/** A caption under a box wins over one above it that is at most this much nearer. */
const CAPTION_BIAS = 12;
/** A heading centred over a box names it from at most this far up. */
const HEADING_GAP = 64;
/** A section's name in the margin beside a group is at most this far from its left side. */
const SIDE_HEADING_GAP = 40;
/** A stroke ending this far inside a box starts within it, not on its border. */
const STROKE_INSET = 12;
/** A shape or a word sticking out of a box by more than this lies across its border, not in it. */
const BADGE_SLACK = 4;

export interface Container {
  /** The figure, or the frame, that draws the region. */
  figure: Figure | null;
  frame: FrameElement | null;
  id: string;
  title: string | null;
  /** The texts that gave the title (none for a frame's name). */
  titleTexts: TextElement[];
  parent: Container | null;
  box: Box;
}

export interface Regions {
  containers: Container[];
  /** Cards: each box drawn with a name bar across its top and only words under it, with its bar. */
  cards: Map<Figure, Figure>;
  /** The container a figure or text belongs to, if any. */
  containerOf(figure: Figure): Container | null;
  containerAt(box: Box, frameId: string | null): Container | null;
  inferences: Inference[];
}

/** A lane, and the figure whose box its dividers split (null: they split the drawing). */
export type FramedLane = Lane & { frameFigure: Figure | null };

export interface RegionInput {
  figures: Figure[];
  /** Whether a text is written as a heading: one short line, larger than the usual text. */
  isHeading: (t: TextElement) => boolean;
  frames: FrameElement[];
  /** What each figure lies in (see nestFigures). */
  parentOf: Map<Figure, Figure | null>;
  /** The free texts inside each figure (and in no smaller one) still unused. */
  ownTexts: Map<Figure, TextElement[]>;
  /** Bound text of each figure. */
  bound: Map<Figure, TextElement[]>;
  /** Whether a figure will be a node even without a container around it (named or connected). */
  nodeish: (f: Figure) => boolean;
  /** Free texts not owned by any figure (captions, headings, labels of arrows). */
  looseTexts: TextElement[];
  /** Every free text still unused, and the figure it lies in (null: none). */
  texts: TextElement[];
  textOwner: (t: TextElement) => Figure | null;
  /** Whether a text lies on or beside an arrow (an arrow's label, not a title). */
  nearArrow: (t: TextElement, facingToo?: boolean) => boolean;
  /** Whether two strokes or more end right at a text (a word written in the middle of a link). */
  onLink: (t: TextElement) => boolean;
  /** Whether a text faces an arrow, or lies beside it, that ends at a shape's outline. */
  labelsArrowTo: (t: TextElement, shape: ShapeElement) => boolean;
  /** The caption already read as naming a figure (text just outside it), if any. */
  captionOf: (f: Figure) => TextElement | undefined;
  braces: Brace[];
  /** Bands of the drawing, or of a box (`frameFigure`), between long lines, each named (see lanes.ts). */
  lanes: FramedLane[];
  /** The texts inside a box that are nodes of their own (see items.ts). */
  items: (f: Figure) => TextElement[];
  /** Whether a stroke ends at a text, at a point inside `within` (it is a node, not a title). */
  strokeEndAt: (t: TextElement, within: Box) => boolean;
  /** Whether an arrow is bound to a figure. */
  reached: (f: Figure) => boolean;
}

/**
 * What each figure lies in: the smallest bigger figure (not a drawing) whose outline holds its
 * centre and whose box holds most of it.
 */
export function nestFigures(figures: Figure[]): Map<Figure, Figure | null> {
  const grid = new SpatialGrid<Figure>();
  for (const f of figures) if (!f.drawing) grid.insert(f, boundsOf(f.geom));
  const area = (f: Figure) => Math.max(1, f.geom.width * f.geom.height);
  const parentOf = new Map<Figure, Figure | null>();
  for (const f of figures) {
    const c = centerOf(f.geom);
    const own = boundsOf(f.geom);
    let best: Figure | null = null;
    for (const g of grid.query(pointBox(c))) {
      if (g === f || area(g) < area(f) * 1.2) continue;
      if (!insideOutline(c, g.geom, g.geom.type as Outline)) continue;
      if (overlapArea(own, boundsOf(g.geom)) < 0.5 * boxArea(own)) continue;
      if (!best || area(g) < area(best)) best = g;
    }
    parentOf.set(f, best);
  }
  return parentOf;
}

/** The figures each figure holds directly, from what each lies in (see nestFigures). */
export function childrenOf(parentOf: Map<Figure, Figure | null>): Map<Figure, Figure[]> {
  const children = new Map<Figure, Figure[]>();
  for (const [f, p] of parentOf) {
    if (!p) continue;
    const list = children.get(p);
    if (list) list.push(f);
    else children.set(p, [f]);
  }
  return children;
}

/** Reads boxes that hold other nodes as containers, and frames as containers too. */
export function findRegions(input: RegionInput): Regions {
  const inferences: Inference[] = [];
  const area = (f: Figure) => Math.max(1, f.geom.width * f.geom.height);
  const parentOf = input.parentOf;
  const children = childrenOf(parentOf);
  const ownTexts = input.ownTexts;

  let grid: SpatialGrid<TextElement> | null = null;
  const captionGrid = () => {
    if (!grid) {
      grid = new SpatialGrid<TextElement>();
      for (const t of input.texts) grid.insert(t, boundsOf(t));
    }
    return grid;
  };
  const usedCaptions = new Set<TextElement>(input.lanes.map((l) => l.title));

  const outermost = (f: Figure) => {
    let top = f;
    for (let p = parentOf.get(f) ?? null; p; p = parentOf.get(p) ?? null) top = p;
    return top;
  };
  /** Whether a box of the outermost ones has words centred just over it, outside any box. */
  const namedFromAbove = (f: Figure) => {
    const box = boundsOf(f.geom);
    return [...captionGrid().query(grow(box, CAPTION_GAP))].some(
      (t) => input.textOwner(t) === null && captionsFromAbove(t, box),
    );
  };

  const topLevel = input.figures.filter((f) => !parentOf.get(f));
  /**
   * Whether a box as large as this one, in the same region, has a word of the same size at the
   * same place inside it, lying on no arrow: the words are the titles of boxes drawn alike.
   */
  const titledLikeTwin = (f: Figure, t: TextElement) => {
    const box = boundsOf(f.geom);
    const [w, h] = [boxWidth(box), boxHeight(box)];
    const at = { x: t.x - box.minX, y: t.y - box.minY };
    const region = parentOf.get(f) ?? null;
    return (region ? (children.get(region) ?? []) : topLevel).some((g) => {
      if (g === f || g.kind !== f.kind) return false;
      const gb = boundsOf(g.geom);
      if (Math.abs(boxWidth(gb) - w) > TWIN_SLACK * w || Math.abs(boxHeight(gb) - h) > TWIN_SLACK * h)
        return false;
      return (ownTexts.get(g) ?? []).some(
        (u) =>
          u.fontSize === t.fontSize &&
          Math.abs(u.x - gb.minX - at.x) <= TWIN_SLACK * w &&
          Math.abs(u.y - gb.minY - at.y) <= TWIN_SLACK * h &&
          !input.nearArrow(u, false),
      );
    });
  };

  const byFigure = new Map<Figure, Container>();
  const isContainer = new Map<Figure, boolean>();
  const cards = new Map<Figure, Figure>();
  // Decide innermost boxes first, so that a box holding a container counts it as a node.
  const order = [...input.figures].sort((a, b) => area(a) - area(b));
  for (const f of order) {
    if (f.drawing || (f.kind !== 'shape' && f.kind !== 'outline')) continue;
    const held = (children.get(f) ?? []).filter((c) => input.nodeish(c) || isContainer.get(c));
    const items = input.items(f);
    if (held.length === 0 && items.length === 0) continue;
    // A card: a box whose only part is a bar across its top holding one name, words under it (a
    // service drawn as a header and its notes). The box is one node, named by its bar.
    const bar = held.length === 1 ? held[0]! : null;
    if (bar && !input.bound.get(f)?.length && nameBar(bar, f, input)) {
      cards.set(f, bar);
      inferences.push({
        kind: 'card',
        what: `${f.geom.type} ${f.id}, holding only the bar ${bar.id} across its top, is one node named by the bar`,
        from: [f.id, bar.id],
        confidence: 'medium',
      });
      continue;
    }
    const region = unionBox([...held.map((c) => boundsOf(c.geom)), ...items.map((t) => boundsOf(t))]);
    // Lanes split the box: the words in them are theirs, not the box's title.
    const split = input.lanes.filter((l) => l.frameFigure === f);
    const inLane = (t: TextElement) => {
      const c = centerOf(t);
      return split.some(
        (l) =>
          l.title === t || (c.x > l.box.minX && c.x < l.box.maxX && c.y > l.box.minY && c.y < l.box.maxY),
      );
    };
    // (A tab already naming a box inside is that box's, too.)
    const texts = [
      ...(input.bound.get(f) ?? []),
      ...(ownTexts.get(f) ?? []).filter((t) => !inLane(t) && !usedCaptions.has(t)),
    ];
    // A caption just outside the box, in the region the box itself lies in, and not the label
    // of an arrow passing by, nor the title in the top-left corner of the box around.
    const outside = parentOf.get(f) ?? null;
    const outsideWord = (t: TextElement) =>
      input.textOwner(t) === outside &&
      !(t.text.length <= 30 && input.nearArrow(t, false)) &&
      // A word facing an arrow that ends at the box is the arrow's label ("Runs" by an arrow
      // into a group), not the box's name.
      !(t.text.length <= 30 && input.labelsArrowTo(t, f.geom)) &&
      // Nor a word two strokes run up to (a word written in the middle of a link).
      !input.onLink(t) &&
      !titlesBoxAround(t, boundsOf(f.geom), outside);
    const own = input.captionOf(f);
    // A tab on the box's top-left corner names it before any text inside it.
    const tab = tabAbove(
      boundsOf(f.geom),
      [...captionGrid().query(grow(boundsOf(f.geom), TAB_GAP)), ...(own ? [own] : [])],
      (t) => t === own || (!usedCaptions.has(t) && input.textOwner(t) === outside),
    );
    const inner = pickTitle(
      // A title is level, and not a short word lying on an arrow (that is the arrow's label),
      // unless it is centred along the box's top edge, where a title goes, or written where the
      // box's twins beside it have their titles (`AZ A`, `AZ B`, `AZ C`).
      texts.filter(
        (t) =>
          t.angle === 0 &&
          (centredAtTop(t, boundsOf(f.geom)) ||
            !(t.text.length <= 30 && input.nearArrow(t, false)) ||
            titledLikeTwin(f, t)),
      ),
      region,
      input.bound.get(f) ?? [],
      held.length + items.length >= 2 ? boundsOf(f.geom) : null,
      input.strokeEndAt,
    );
    // A word inside under what the box holds is a weak title (a footnote, a remark): a heading
    // just over the box outside it names the box first.
    const footnote =
      inner !== null && !input.bound.get(f)?.includes(inner) && centerOf(inner).y > region.maxY;
    const over = footnote ? headingAbove(boundsOf(f.geom), captionGrid(), usedCaptions, outsideWord) : null;
    // A title written inside the box's top-left corner is its own: a word over that corner is a
    // tab only for a box without one there. So is one centred inside its top when the word over
    // the corner lies in the corner of the box around: that word names the box around both.
    const tabIsOuters =
      tab !== null && outside !== null && startsInTopLeft(boundsOf(tab), boundsOf(outside.geom), TOP_STRIP);
    // A large title may start a line of its own size under the top, unless it is the tab of a
    // box the box holds.
    const topTitle =
      inner !== null &&
      (startsInTopLeft(boundsOf(inner), boundsOf(f.geom), TOP_STRIP) ||
        (startsInTopLeft(boundsOf(inner), boundsOf(f.geom), LINE_HEIGHT * inner.fontSize) &&
          !held.some((c) => isTab(inner, boundsOf(c.geom)))) ||
        (tabIsOuters && centredAtTop(inner, boundsOf(f.geom))));
    // Words inside the box's top centred right over a box it holds caption that box, when the
    // drawing names its boxes from above: the outermost box of this nest has its name over it,
    // outside. Then a heading just over this box names it.
    const capsHeld =
      inner !== null &&
      !topTitle &&
      !input.bound.get(f)?.includes(inner) &&
      held.some((c) => captionsFromAbove(inner, boundsOf(c.geom))) &&
      namedFromAbove(outermost(f));
    const overAll = capsHeld
      ? headingAbove(boundsOf(f.geom), captionGrid(), usedCaptions, outsideWord)
      : null;
    const title = (topTitle ? inner : tab) ?? over ?? overAll ?? inner;
    // A box holding one named box and, beside it, a word of its own at most half that box's size:
    // the word names the group (a word as large as what it sits beside is a label with a mark).
    const named = (c: Figure) => (input.bound.get(c)?.length ?? 0) + (ownTexts.get(c)?.length ?? 0) > 0;
    const besideOne =
      !title &&
      held.length === 1 &&
      items.length === 0 &&
      texts.length === 1 &&
      !input.bound.get(f)?.length &&
      named(held[0]!) &&
      area(held[0]!) >= 2 * boxArea(boundsOf(texts[0]!)) &&
      boxGap(boundsOf(texts[0]!), boundsOf(held[0]!.geom)) > 0
        ? texts[0]!
        : null;
    const caption =
      title || besideOne
        ? null
        : (input.captionOf(f) ??
          captionFor(boundsOf(f.geom), captionGrid(), usedCaptions, outsideWord, true) ??
          headingAbove(boundsOf(f.geom), captionGrid(), usedCaptions, outsideWord) ??
          (held.length + items.length >= 2
            ? (headingBeside(boundsOf(f.geom), captionGrid(), usedCaptions, outsideWord) ??
              nameAlongSide(boundsOf(f.geom), captionGrid(), usedCaptions, outsideWord) ??
              nameLeftOf(boundsOf(f.geom), captionGrid(), usedCaptions, outsideWord) ??
              nameRightOf(
                boundsOf(f.geom),
                captionGrid(),
                usedCaptions,
                (t) => outsideWord(t) && input.isHeading(t),
              ))
            : null));
    // One node in a box is a container only when a title says so: inside, or a caption outside
    // the box naming it while it holds one box at most a quarter its size and no words of its own.
    const small = held.length === 1 && area(held[0]!) * 4 < area(f) && texts.length === 0;
    // So is an unnamed box that arrows reach, holding one named box at most a quarter its size:
    // the arrows mean the region, not an empty node beside the box it holds.
    const region1 = small && !caption && input.reached(f) && named(held[0]!);
    // So is a box holding one named box and tabbed like a frame (its name on its top-left corner).
    const tabbed =
      tab !== null && title === tab && held.length === 1 && items.length === 0 && named(held[0]!);
    // So is a box named (from outside, or over its corner) around one titled container and
    // nothing else: a region around its one region (a cluster around its node pool).
    const aroundOne =
      !!(title || caption) &&
      held.length === 1 &&
      items.length === 0 &&
      texts.length === 0 &&
      (byFigure.get(held[0]!)?.titleTexts.length ?? 0) > 0;
    if (
      held.length + items.length < 2 &&
      !inner &&
      !(caption && small) &&
      !besideOne &&
      !region1 &&
      !tabbed &&
      !aroundOne
    )
      continue;
    // A named box whose one shape sticks out over its border wears a badge (a tag on its corner
    // naming its language): one node beside another, not a group.
    if (
      held.length === 1 &&
      items.length === 0 &&
      input.bound.get(f)?.length &&
      !boxInside(boundsOf(held[0]!.geom), boundsOf(f.geom), BADGE_SLACK)
    )
      continue;
    if (tab && title === tab) usedCaptions.add(tab);
    if (over) usedCaptions.add(over);
    if (overAll && title === overAll) usedCaptions.add(overAll);
    const titleTexts = title ? [title] : besideOne ? [besideOne] : caption ? [caption] : [];
    if (caption) usedCaptions.add(caption);
    isContainer.set(f, true);
    const container: Container = {
      figure: f,
      frame: null,
      id: f.id,
      title: titleTexts.length > 0 ? headingOf(titleTexts[0]!) : null,
      titleTexts,
      parent: null,
      box: boundsOf(f.geom),
    };
    byFigure.set(f, container);
    inferences.push({
      kind: 'container',
      what: `${f.geom.type} ${f.id} holds ${held.length + items.length} node${held.length + items.length === 1 ? '' : 's'}${
        titleTexts.length > 0 ? ` under the title “${short(titleTexts[0]!.text)}”` : ''
      }: a subgraph`,
      from: [f.id, ...titleTexts.map((t) => t.id)],
      confidence: titleTexts.length > 0 ? 'high' : 'medium',
    });
  }

  const frameContainers = input.frames.map<Container>((frame) => ({
    figure: null,
    frame,
    id: frame.id,
    title: frame.name,
    titleTexts: [],
    parent: null,
    box: boundsOf(frame),
  }));
  const frameById = new Map(frameContainers.map((c) => [c.id, c]));
  // An unnamed frame takes the heading written at its top, as a person would title the slide.
  for (const fc of frameContainers) {
    if (fc.title !== null) continue;
    const inside = input.looseTexts.filter(
      (t) => !usedCaptions.has(t) && (t.frameId === fc.id || (t.frameId === null && contains(fc.box, t))),
    );
    const members = input.figures.filter((f) => f.geom.frameId === fc.id || contains(fc.box, f.geom));
    if (members.length === 0) continue;
    const region = unionBox(members.map((f) => boundsOf(f.geom)));
    const heading = pickTitle(
      inside.filter((t) => t.angle === 0 && !(t.text.length <= 40 && input.nearArrow(t))),
      region,
      [],
      fc.box,
      input.strokeEndAt,
    );
    // Above all the frame holds, or in its top bar beside buttons no larger than itself (a screen
    // drawn with a back button and its title).
    const inBar = (t: TextElement) => {
      const tb = boundsOf(t);
      if (tb.minY - fc.box.minY > TOP_BAR * (fc.box.maxY - fc.box.minY)) return false;
      return members.every((f) => {
        const b = boundsOf(f.geom);
        if (b.minY >= tb.maxY) return true;
        return boxArea(b) <= 2 * boxArea(tb) && b.maxY - b.minY <= 2.5 * (tb.maxY - tb.minY);
      });
    };
    if (heading && (centerOf(heading).y < region.minY || inBar(heading))) {
      fc.title = headingOf(heading);
      fc.titleTexts = [heading];
      usedCaptions.add(heading);
    }
  }

  const braceOf = new Map<Figure, Container>();
  const braceContainers = input.braces.map<Container>((b) => {
    const c: Container = {
      figure: null,
      frame: null,
      id: b.line.id,
      title: headingOf(b.title),
      titleTexts: [b.title],
      parent: null,
      box: unionBox(b.members.map((m) => boundsOf(m.geom))),
    };
    for (const m of b.members) if (!braceOf.has(m)) braceOf.set(m, c);
    inferences.push({
      kind: 'container',
      what: b.row
        ? `${b.members.length} boxes side by side, named “${short(b.title.text)}” at their left, are a group: a subgraph`
        : `a brace beside ${b.members.length} nodes, captioned “${short(b.title.text)}”, groups them: a subgraph`,
      from: [b.line.id, b.title.id, ...b.members.map((m) => m.id)],
      confidence: 'medium',
    });
    return c;
  });
  const laneContainers = input.lanes.map<Container>((lane) => {
    inferences.push({
      kind: 'lane',
      what: `long lines across ${lane.frameFigure ? 'a box' : 'the drawing'} split it in bands; “${short(lane.title.text)}” by a line names one: a subgraph`,
      from: [...lane.lineIds, lane.title.id],
      confidence: 'medium',
    });
    return {
      figure: null,
      frame: null,
      id: lane.title.id,
      title: headingOf(lane.title),
      titleTexts: [lane.title],
      parent: null,
      box: lane.box,
    };
  });
  // Lanes across the drawing, or across one box (`within`, then the lanes split that box).
  const laneAt = (box: Box, within: Container | null = null): Container | null => {
    const c = { x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2 };
    return (
      laneContainers.find(
        (l, i) =>
          input.lanes[i]!.frameFigure === (within?.figure ?? null) &&
          c.x > l.box.minX - 1 &&
          c.x < l.box.maxX + 1 &&
          c.y > l.box.minY &&
          c.y < l.box.maxY,
      ) ?? null
    );
  };
  const containers = [...frameContainers, ...byFigure.values(), ...braceContainers, ...laneContainers];
  const boxGrid = new SpatialGrid<Container>();
  for (const c of byFigure.values()) boxGrid.insert(c, c.box);
  const containerOf = (figure: Figure): Container | null => {
    const own = boundsOf(figure.geom);
    // The smallest container holding its centre, or holding much of it when it sits on the
    // container's border (a box drawn across the edge of the box it belongs to).
    let best: Container | null = null;
    for (let p = parentOf.get(figure) ?? null; p; p = parentOf.get(p) ?? null) {
      const c = byFigure.get(p);
      if (c) {
        best = c;
        break;
      }
    }
    for (const c of boxGrid.query(own)) {
      if (c.figure === figure || (best && boxArea(c.box) >= boxArea(best.box))) continue;
      if (isInside(c.figure!, figure)) continue;
      if (overlapArea(own, c.box) >= 0.3 * boxArea(own) && !contains(own, c.figure!.geom)) best = c;
    }
    if (best) return laneAt(own, best) ?? best;
    const brace = braceOf.get(figure);
    if (brace) return brace;
    const frameId = figure.geom.frameId;
    return frameId ? (frameById.get(frameId) ?? null) : (frameHolding(own) ?? laneAt(own));
  };
  const isInside = (outer: Figure, inner: Figure): boolean => {
    for (let p = parentOf.get(outer) ?? null; p; p = parentOf.get(p) ?? null) if (p === inner) return true;
    return false;
  };
  const frameHolding = (box: Box) =>
    frameContainers.find(
      (fc) =>
        box.minX >= fc.box.minX &&
        box.maxX <= fc.box.maxX &&
        box.minY >= fc.box.minY &&
        box.maxY <= fc.box.maxY,
    ) ?? null;
  for (const c of byFigure.values()) c.parent = containerOf(c.figure!);
  // Lanes split a box: the box's container holds them.
  input.lanes.forEach((lane, i) => {
    if (lane.frameFigure) laneContainers[i]!.parent = byFigure.get(lane.frameFigure) ?? null;
  });
  for (const c of braceContainers) {
    const first = [...braceOf].find(([, b]) => b === c)?.[0];
    const frameId = first?.geom.frameId ?? null;
    c.parent = frameId ? (frameById.get(frameId) ?? null) : (frameHolding(c.box) ?? laneAt(c.box));
  }
  const containerAt = (box: Box, frameId: string | null): Container | null => {
    let best: Container | null = null;
    const c = { x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2 };
    for (const k of boxGrid.query(box)) {
      if (!insideOutline(c, k.figure!.geom, k.figure!.geom.type as Outline)) continue;
      if (!best || boxArea(k.box) < boxArea(best.box)) best = k;
    }
    if (best) return laneAt(box, best) ?? best;
    return frameId ? (frameById.get(frameId) ?? null) : (frameHolding(box) ?? laneAt(box));
  };
  return { containers, cards, containerOf, containerAt, inferences };
}

const short = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 30 ? `${line.slice(0, 29)}…` : line;
};

function contains(box: Box, el: { x: number; y: number; width: number; height: number }): boolean {
  const c = { x: el.x + el.width / 2, y: el.y + el.height / 2 };
  return c.x >= box.minX && c.x <= box.maxX && c.y >= box.minY && c.y <= box.maxY;
}

/**
 * The title among a box's texts: one above everything the box holds (the first in reading
 * order), else one below it; bound text aligned to the top or bottom counts as such.
 */
function pickTitle(
  texts: TextElement[],
  region: Box,
  bound: TextElement[],
  box: Box | null,
  strokeEndAt: (t: TextElement, within: Box) => boolean,
): TextElement | null {
  // A mark with no word in it (the `…` under a list, a lone `+`) names nothing; nor does a
  // remark that says it is one (`Note: …`).
  texts = texts.filter((t) => hasWord(t) && !saysNote(t));
  bound = bound.filter(hasWord);
  // Bound text set to the top or bottom of its box is a title by the author's own choice.
  const aligned = bound.find((t) => t.verticalAlign !== 'middle');
  if (aligned) return aligned;
  // Text written along the box's top edge (its top-left corner, often) is its title, even when
  // what the box holds reaches as high.
  if (box) {
    const strip = Math.max(24, 0.08 * (box.maxY - box.minY));
    const atTop = texts.filter((t) => !bound.includes(t) && boundsOf(t).minY - box.minY <= strip);
    if (atTop.length > 0) return readingOrder(atTop)[0]!;
  }
  const above = texts.filter((t) =>
    bound.includes(t)
      ? t.verticalAlign === 'top' || centerOf(t).y < region.minY
      : centerOf(t).y < region.minY,
  );
  // Under what the box holds, a few lines name it; a block of many (a listing, a paragraph) is
  // a remark on it.
  const below = texts.filter(
    (t) =>
      !above.includes(t) &&
      (bound.includes(t) ? t.verticalAlign === 'bottom' : centerOf(t).y > region.maxY) &&
      t.text.trim().split('\n').length <= TITLE_LINES,
  );
  // The one word written to the side of what the box holds names it too (a group's name at its
  // left, the boxes at its right).
  const beside = texts.filter(
    (t) => !bound.includes(t) && (centerOf(t).x < region.minX || centerOf(t).x > region.maxX),
  );
  // A stroke ending at the word from inside the box makes it a node; one ending on the border
  // beside it means the box. A word across the box's border is no name written in it.
  const aside =
    box &&
    beside.length === 1 &&
    texts.length === 1 &&
    boxInside(boundsOf(beside[0]!), box, BADGE_SLACK) &&
    !strokeEndAt(beside[0]!, grow(box, -STROKE_INSET))
      ? beside
      : [];
  // Else the one short line of words the box holds, wherever it lies among what it holds (no
  // node's name and no arrow's label: those are taken before).
  const lone =
    box &&
    texts.length === 1 &&
    bound.length === 0 &&
    !texts[0]!.text.trim().includes('\n') &&
    texts[0]!.text.trim().length <= 40 &&
    boxInside(boundsOf(texts[0]!), box, BADGE_SLACK) &&
    !strokeEndAt(texts[0]!, grow(box, -STROKE_INSET))
      ? texts
      : [];
  const pool = [above, below, bound, aside, lone].find((list) => list.length > 0) ?? [];
  return readingOrder(pool)[0] ?? null;
}

const hasWord = (t: TextElement) => /[\p{L}\p{N}]/u.test(t.text);

/** Whether a text opens by calling itself a remark: `Note:`, `NB:`, `TODO:`, `Hint -`. */
const saysNote = (t: TextElement) => /^\s*(notes?|nb|n\.b\.|todo|hint|tip|remark)\s*[:\-–]/iu.test(t.text);

/** Whether a text is centred along a box's top edge, inside it: where a box's title is written. */
function centredAtTop(t: TextElement, box: Box): boolean {
  const tb = boundsOf(t);
  const strip = Math.max(24, 0.08 * (box.maxY - box.minY));
  const middle = (box.minX + box.maxX) / 2;
  return (
    tb.minY >= box.minY &&
    tb.minY - box.minY <= strip &&
    Math.abs(centerOf(t).x - middle) <= 0.1 * (box.maxX - box.minX)
  );
}

/** Whether a text lies just over a box, within a caption's reach, centred over it. */
function captionsFromAbove(t: TextElement, box: Box): boolean {
  const tb = boundsOf(t);
  const off = Math.abs(centerOf(t).x - (box.minX + box.maxX) / 2);
  return tb.maxY <= box.minY + 2 && box.minY - tb.maxY <= CAPTION_GAP && off <= 0.1 * boxWidth(box);
}

/** Texts in reading order: rows from the top (centres within half a line), each left to right. */
export function readingOrder<T extends TextElement>(texts: T[]): T[] {
  return [...texts].sort((a, b) => {
    const ca = centerOf(a);
    const cb = centerOf(b);
    const row = Math.min(a.height, b.height) / 2;
    if (Math.abs(ca.y - cb.y) > row) return ca.y - cb.y;
    return ca.x - cb.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

/** A caption just above or just below a box, overlapping it sideways (the nearer). */
function captionFor(
  box: Box,
  texts: SpatialGrid<TextElement>,
  used: Set<TextElement>,
  allowed: (t: TextElement) => boolean = () => true,
  /** A group's caption wider than the group is centred on it, or it heads more than the group. */
  group = false,
): TextElement | null {
  let best: { t: TextElement; score: number } | null = null;
  for (const t of texts.query(grow(box, CAPTION_GAP))) {
    if (used.has(t) || t.text.trim() === '' || !allowed(t)) continue;
    const tb = boundsOf(t);
    const c = centerOf(t);
    if (c.x < box.minX || c.x > box.maxX) continue;
    const middle = (box.minX + box.maxX) / 2;
    // A caption may be wider than three of a narrow shape when centred on it (a tall slim store
    // with its name under it).
    const centred = Math.abs(c.x - middle) <= 0.1 * boxWidth(tb);
    if (boxWidth(tb) > Math.max(boxWidth(box) * 3, centred ? 200 : 80)) continue;
    if (group && boxWidth(tb) > boxWidth(box) && Math.abs(c.x - middle) > 0.25 * boxWidth(box)) continue;
    // Touching the box, or overlapping its edge by a little (a picture's padding), or written
    // across the edge with its middle outside.
    const overlap = Math.max(4, 0.35 * boxHeight(tb));
    const below = tb.minY >= box.maxY - overlap || c.y >= box.maxY;
    const above = tb.maxY <= box.minY + overlap || c.y <= box.minY;
    if (!below && !above) continue;
    const gap = boxGap(tb, box);
    if (gap > CAPTION_GAP) continue;
    // The nearer wins; under the box by a little more still wins (where captions usually go).
    // A setting written as `key: value` (its port, its version) names it only if nothing else does.
    const score = (below ? gap - CAPTION_BIAS : gap) + (isSetting(t.text) ? 2 * CAPTION_GAP : 0);
    if (!best || score < best.score) best = { t, score };
  }
  return best?.t ?? null;
}

export { captionFor };

/** Whether every line of a text reads `key: value`, a setting rather than a name. */
function isSetting(text: string): boolean {
  return text
    .trim()
    .split('\n')
    .every((line) => /^\s*\p{L}[\p{L} _-]{0,20}:\s*\S/u.test(line));
}

/**
 * A heading centred over a box or written from its left end, a little farther up than a caption:
 * a group's name.
 */
function headingAbove(
  box: Box,
  texts: SpatialGrid<TextElement>,
  used: Set<TextElement>,
  allowed: (t: TextElement) => boolean,
): TextElement | null {
  return nearestText(box, texts, HEADING_GAP, used, allowed, (t, tb) => {
    if (tb.maxY > box.minY + 2 || boxWidth(tb) > boxWidth(box)) return null;
    // Centred over the box, or written from its left end as a heading is.
    const centred = Math.abs(centerOf(t).x - (box.minX + box.maxX) / 2) <= 0.25 * boxWidth(box);
    const fromLeft = Math.abs(tb.minX - box.minX) <= Math.max(24, 0.1 * boxWidth(box));
    if (!centred && !fromLeft) return null;
    const gap = box.minY - tb.maxY;
    return gap > Math.max(CAPTION_GAP, Math.min(HEADING_GAP, 2.5 * boxHeight(tb))) ? null : gap;
  });
}

/**
 * A heading written in the margin left of a group, level with its top (a whiteboard's section
 * name): its right end close to the box's left side, its first line within the top quarter.
 */
function headingBeside(
  box: Box,
  texts: SpatialGrid<TextElement>,
  used: Set<TextElement>,
  allowed: (t: TextElement) => boolean,
): TextElement | null {
  return nearestText(box, texts, SIDE_HEADING_GAP, used, allowed, (_t, tb) => {
    if (tb.maxX > box.minX + 2 || tb.minY < box.minY - CAPTION_GAP / 2) return null;
    if (tb.minY > box.minY + 0.25 * boxHeight(box)) return null;
    const gap = box.minX - tb.maxX;
    return gap > SIDE_HEADING_GAP ? null : Math.max(0, gap);
  });
}

/**
 * A name written upright along a group's left or right side (turned a quarter, as a lane or a
 * whole flow is titled), level with the group's body, as far out as its letters are large.
 */
function nameAlongSide(
  box: Box,
  texts: SpatialGrid<TextElement>,
  used: Set<TextElement>,
  allowed: (t: TextElement) => boolean,
): TextElement | null {
  return nearestText(
    box,
    texts,
    SIDE_HEADING_GAP + MAX_UPRIGHT_REACH,
    used,
    (t) => upright(t) && !t.text.includes('\n') && allowed(t),
    (t, tb) =>
      boxHeight(tb) <= boxHeight(box)
        ? levelGap(t, tb, box, Math.max(SIDE_HEADING_GAP, 1.25 * t.fontSize))
        : null,
    true,
  );
}

/** An upright name reaches a group from at most this far out, however large its letters. */
const MAX_UPRIGHT_REACH = 240;

/** Whether a text is turned a quarter either way, reading up or down the page. */
function upright(t: TextElement): boolean {
  const turn = ((t.angle % Math.PI) + Math.PI) % Math.PI;
  return Math.abs(turn - Math.PI / 2) <= 0.05;
}

/** How far off a band's middle, as a share of its height, a name at its left may sit. */
const LEVEL_SLACK = 0.15;
/** A band's name at its left ends at most this far from it (a word farther out stands alone). */
const BAND_NAME_GAP = 24;

/**
 * A band's name written in the margin left of it, level with its middle, its right end close to
 * the band's left side (the layers of a stack, each named at the left). A note beside the lower
 * or upper part of a group names nothing.
 */
function nameLeftOf(
  box: Box,
  texts: SpatialGrid<TextElement>,
  used: Set<TextElement>,
  allowed: (t: TextElement) => boolean,
): TextElement | null {
  return nearestText(box, texts, BAND_NAME_GAP, used, allowed, (t, tb) => {
    if (tb.maxX > box.minX || tb.minY < box.minY || tb.maxY > box.maxY) return null;
    const off = Math.abs(centerOf(t).y - (box.minY + box.maxY) / 2);
    if (off > Math.max(LEVEL_SLACK * boxHeight(box), boxHeight(tb) / 2)) return null;
    return levelGap(t, tb, box, BAND_NAME_GAP);
  });
}

/**
 * A section's name written in the margin right of a group, level with its body (an endpoint's
 * path beside the box it serves); `allowed` says which texts are written as names.
 */
function nameRightOf(
  box: Box,
  texts: SpatialGrid<TextElement>,
  used: Set<TextElement>,
  allowed: (t: TextElement) => boolean,
): TextElement | null {
  return nearestText(box, texts, SIDE_HEADING_GAP, used, allowed, (t, tb) =>
    tb.minX < box.maxX ? null : levelGap(t, tb, box, SIDE_HEADING_GAP),
  );
}

/** How far a text written level with a box, at its side, lies from it (within `reach`), or null. */
export function levelGap(t: TextElement, tb: Box, box: Box, reach: number): number | null {
  const c = centerOf(t);
  if (c.y < box.minY || c.y > box.maxY) return null;
  const gap = tb.minX >= box.maxX ? tb.minX - box.maxX : tb.maxX <= box.minX ? box.minX - tb.maxX : -1;
  return gap < 0 || gap > reach ? null : gap;
}

/**
 * The unused level text nearest a box within `reach`, by `gapOf` (null: not placed as wanted).
 */
export function nearestText(
  box: Box,
  texts: SpatialGrid<TextElement>,
  reach: number,
  used: Set<TextElement>,
  allowed: (t: TextElement) => boolean,
  gapOf: (t: TextElement, tb: Box) => number | null,
  /** Texts turned at an angle count too (their bounds are the turned box). */
  turned = false,
): TextElement | null {
  let best: { t: TextElement; gap: number } | null = null;
  for (const t of texts.query(grow(box, reach))) {
    if (used.has(t) || (!turned && t.angle !== 0) || t.text.trim() === '' || !allowed(t)) continue;
    const gap = gapOf(t, boundsOf(t));
    if (gap !== null && (!best || gap < best.gap)) best = { t, gap };
  }
  return best?.t ?? null;
}

/**
 * A tab: a short text sitting on a box's top edge from outside, at its top-left corner, as
 * frames are named and as people title a group drawn as a box.
 */
export function tabAbove(
  box: Box,
  texts: Iterable<TextElement>,
  allowed: (t: TextElement) => boolean = () => true,
): TextElement | null {
  let best: TextElement | null = null;
  for (const t of texts) {
    // A tab is a line or two, not a block of lines (a legend's list ending over the corner).
    if (t.angle !== 0 || t.text.trim() === '' || t.text.trim().split('\n').length > 2 || !allowed(t))
      continue;
    if (!isTab(t, box)) continue;
    if (!best || boundsOf(t).maxY > boundsOf(best).maxY) best = t;
  }
  return best;
}

/** Whether a text sits on a box's top edge from outside, at its top-left corner, no wider than it. */
export function isTab(t: TextElement, box: Box): boolean {
  const tb = boundsOf(t);
  return (
    tb.maxY <= box.minY + 2 &&
    tb.maxY >= box.minY - reachOf(t, TAB_GAP) &&
    // At the corner: a title centred over a box inside another is the outer box's title.
    Math.abs(tb.minX - box.minX) <= Math.max(TAB_GAP, 0.1 * boxWidth(box)) &&
    boxWidth(tb) <= boxWidth(box)
  );
}

/** A curly brace drawn beside several nodes, with its caption at its tip: they are one group. */
export interface Brace {
  line: { id: string };
  title: TextElement;
  members: Figure[];
  /** A row of boxes side by side named by a word at its left, not a drawn brace. */
  row?: true;
}

/** Boxes of a row stand at most this share of their height apart… */
const ROW_GAP = 0.25;
/** …and a row's name ends at most this many of its heights left of its first box. */
const ROW_NAME_GAP = 2;
/** A named row holds at least this many boxes. */
const ROW_BOXES = 3;

/**
 * Rows of boxes drawn side by side, touching or nearly (a record's fields, the cells of a
 * layout), with a word just left of the row, level with it: the word names the row, a group of
 * its boxes (`logRecord [key][value][type]`).
 */
export function findNamedRows(
  texts: TextElement[],
  figures: Figure[],
  parentOf: Map<Figure, Figure | null>,
): Brace[] {
  const boxes = figures
    .filter((f) => f.kind === 'shape' && f.geom.type === 'rectangle' && f.geom.angle === 0)
    .sort((a, b) => a.geom.x - b.geom.x);
  if (boxes.length < ROW_BOXES) return [];
  const grid = new SpatialGrid<Figure>();
  for (const f of boxes) grid.insert(f, boundsOf(f.geom));
  const next = new Map<Figure, Figure>();
  const hasPrev = new Set<Figure>();
  for (const f of boxes) {
    const b = boundsOf(f.geom);
    const h = boxHeight(b);
    const reach = Math.max(12, ROW_GAP * h);
    const after = grid
      .query({ minX: b.maxX - 4, minY: b.minY, maxX: b.maxX + reach, maxY: b.maxY })
      .filter((g) => {
        const gb = boundsOf(g.geom);
        return (
          g !== f &&
          gb.minX >= b.maxX - 4 &&
          gb.minX - b.maxX <= reach &&
          Math.abs(gb.minY - b.minY) <= 0.15 * h &&
          Math.abs(boxHeight(gb) - h) <= 0.2 * h
        );
      });
    if (after.length !== 1 || hasPrev.has(after[0]!)) continue;
    next.set(f, after[0]!);
    hasPrev.add(after[0]!);
  }
  const rows: Brace[] = [];
  const holders = new Set([...parentOf.values()]);
  let textGrid: SpatialGrid<TextElement> | null = null;
  for (const first of boxes) {
    if (hasPrev.has(first) || !next.has(first)) continue;
    const members = [first];
    for (let f = next.get(first); f; f = next.get(f)) members.push(f);
    if (members.length < ROW_BOXES) continue;
    const fb = boundsOf(first.geom);
    const row = unionBox(members.map((m) => boundsOf(m.geom)));
    // Cells hold nothing (boxes holding others are groups of their own).
    if (members.some((m) => holders.has(m))) continue;
    // A row drawn in a box of its own: the word names that box, a container already.
    const around = parentOf.get(first) ?? null;
    if (
      around &&
      members.every((m) => parentOf.get(m) === around) &&
      boxArea(boundsOf(around.geom)) <= 2 * boxArea(row)
    )
      continue;
    const h = boxHeight(fb);
    if (!textGrid) {
      textGrid = new SpatialGrid<TextElement>();
      for (const t of texts) textGrid.insert(t, boundsOf(t));
    }
    const reach = ROW_NAME_GAP * h;
    const name = textGrid
      .query({ minX: fb.minX - reach, minY: row.minY, maxX: fb.minX, maxY: row.maxY })
      .filter((t) => {
        const tb = boundsOf(t);
        const c = centerOf(t);
        return (
          t.angle === 0 &&
          tb.maxX <= fb.minX + 2 &&
          fb.minX - tb.maxX <= reach &&
          c.y >= row.minY &&
          c.y <= row.maxY &&
          boxHeight(tb) <= 2 * h &&
          // Nothing drawn between the word and the row.
          !grid.query({ minX: tb.maxX, minY: tb.minY, maxX: fb.minX - 1, maxY: tb.maxY }).some((g) => {
            const gb = boundsOf(g.geom);
            return gb.minX < fb.minX - 1 && gb.maxX > tb.maxX && gb.minY < tb.maxY && gb.maxY > tb.minY;
          })
        );
      })
      .sort((p, q) => boundsOf(q).maxX - boundsOf(p).maxX)[0];
    if (!name) continue;
    rows.push({ line: { id: `row_${first.id}` }, title: name, members, row: true });
  }
  return rows;
}

/**
 * Braces: an open stroke of five or more points, much taller than wide (or wider than tall),
 * touching nothing, with a text just past its middle on one side. The nodes on the other side,
 * within its span, are what it gathers.
 */
export function findBraces(
  strokes: { id: string; points: Point[] }[],
  texts: TextElement[],
  figures: Figure[],
): Brace[] {
  const braces: Brace[] = [];
  // Most drawings have no brace: the grids are built only once a stroke could be one.
  let grids: { texts: SpatialGrid<TextElement>; figures: SpatialGrid<Figure> } | null = null;
  const gridsOf = () => {
    if (!grids) {
      grids = { texts: new SpatialGrid<TextElement>(), figures: new SpatialGrid<Figure>() };
      for (const t of texts) grids.texts.insert(t, boundsOf(t));
      for (const f of figures) grids.figures.insert(f, boundsOf(f.geom));
    }
    return grids;
  };
  for (const s of strokes) {
    if (s.points.length < 5) continue;
    const b = boxOf(s.points);
    const w = b.maxX - b.minX;
    const h = b.maxY - b.minY;
    const upright = h >= 3 * w;
    if (!upright && w < 3 * h) continue;
    const span = upright ? h : w;
    if (span < 40) continue;
    // The tip: the point farthest from the line joining the brace's two ends.
    const [a, z] = [s.points[0]!, s.points.at(-1)!];
    const mid = upright ? (b.minY + b.maxY) / 2 : (b.minX + b.maxX) / 2;
    const tip = s.points.reduce((best, p) => (offAxis(p, a, z) > offAxis(best, a, z) ? p : best));
    const side = upright ? Math.sign(tip.x - (a.x + z.x) / 2) : Math.sign(tip.y - (a.y + z.y) / 2);
    if (side === 0 || Math.abs((upright ? tip.y : tip.x) - mid) > span / 4) continue;
    const { texts: textGrid, figures: figureGrid } = gridsOf();
    const title = textGrid
      .query(grow(pointBox(tip), 60))
      .filter((t) => {
        const tb = boundsOf(t);
        const c = centerOf(t);
        const near = upright
          ? (side > 0 ? tb.minX - tip.x : tip.x - tb.maxX) >= -4 && boxGap(tb, pointBox(tip)) <= 40
          : (side > 0 ? tb.minY - tip.y : tip.y - tb.maxY) >= -4 && boxGap(tb, pointBox(tip)) <= 40;
        return near && Math.abs((upright ? c.y : c.x) - (upright ? tip.y : tip.x)) <= span / 4;
      })
      .sort((p, q) => boxGap(boundsOf(p), pointBox(tip)) - boxGap(boundsOf(q), pointBox(tip)))[0];
    if (!title) continue;
    const reach = upright
      ? {
          minX: side > 0 ? b.minX - 2000 : b.maxX,
          maxX: side > 0 ? b.minX : b.maxX + 2000,
          minY: b.minY,
          maxY: b.maxY,
        }
      : {
          minY: side > 0 ? b.minY - 2000 : b.maxY,
          maxY: side > 0 ? b.minY : b.maxY + 2000,
          minX: b.minX,
          maxX: b.maxX,
        };
    const members = figureGrid.query(reach).filter((f) => {
      const fb = boundsOf(f.geom);
      const c = centerOf(f.geom);
      const across = upright
        ? side > 0
          ? fb.maxX <= b.minX + 4
          : fb.minX >= b.maxX - 4
        : side > 0
          ? fb.maxY <= b.minY + 4
          : fb.minY >= b.maxY - 4;
      const within = upright ? c.y >= b.minY && c.y <= b.maxY : c.x >= b.minX && c.x <= b.maxX;
      return across && within;
    });
    if (members.length >= 2) braces.push({ line: s, title, members });
  }
  return braces;
}

function offAxis(p: Point, a: Point, z: Point): number {
  const dx = z.x - a.x;
  const dy = z.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  return Math.abs((p.x - a.x) * dy - (p.y - a.y) * dx) / len;
}

/** A name bar spans at least this share of its box's width. */
const NAME_BAR_SPAN = 0.9;
/** And is at most this share of its box's height. */
const NAME_BAR_HEIGHT = 0.35;

/** Whether a box is a bar across another's top, holding one line of words and nothing else. */
function nameBar(bar: Figure, box: Figure, input: RegionInput): boolean {
  if (bar.kind !== 'shape' || bar.drawing) return false;
  const words = [...(input.bound.get(bar) ?? []), ...(input.ownTexts.get(bar) ?? [])];
  if (words.length !== 1 || words[0]!.text.trim().includes('\n')) return false;
  // The bar's name is the card's heading: no word under it is written larger.
  if ((input.ownTexts.get(box) ?? []).some((t) => t.fontSize > words[0]!.fontSize)) return false;
  const b = boundsOf(bar.geom);
  const f = boundsOf(box.geom);
  const height = f.maxY - f.minY;
  return (
    b.maxX - b.minX >= NAME_BAR_SPAN * (f.maxX - f.minX) &&
    Math.abs(b.minY - f.minY) <= Math.max(8, 0.05 * height) &&
    b.maxY - b.minY <= NAME_BAR_HEIGHT * height
  );
}
