/**
 * What can become a node: shapes, closed outlines, pictures, and drawings made of several
 * elements — a cloud of circles, a cylinder of an ellipse and lines, a stick figure, a table of
 * cells, an icon grouped from strokes. Each becomes one figure with one outline, so that arrows,
 * labels and containers treat it like a shape.
 */

import {
  absolutePoints,
  type Box,
  boundsOf,
  boxArea,
  boxCenter,
  boxGap,
  boxHeight,
  boxInside,
  boxWidth,
  centerOf,
  disjointSets,
  grow,
  insideOutline,
  type Outline,
  outlineDistance,
  overlapArea,
  type Point,
  pointBox,
  polygonArea,
  polylineDistance,
  polylineLength,
  SpatialGrid,
  unionBox,
} from './geometry.ts';
import type { Element, LinearElement, ShapeElement, SkippedElement, TextElement } from './model.ts';
import type { Inference } from './report.ts';

export type FigureKind =
  | 'shape'
  | 'outline'
  | 'cloud'
  | 'cylinder'
  | 'person'
  | 'table'
  | 'drawing'
  | 'image'
  | 'embed';

export interface Figure {
  /** The id of the element it is named after (its Mermaid id derives from it). */
  id: string;
  /** Its outline, for snapping and containment: the shape itself, or a box around a drawing. */
  geom: ShapeElement;
  kind: FigureKind;
  /** Every element it stands for: an arrow bound to any of them is bound to the figure. */
  members: string[];
  /** A drawing or picture is a node only when a label, a caption or an arrow gives it a role. */
  drawing: boolean;
  /** The name it carries itself (an embed's link, an SVG picture's title), used when nothing else names it. */
  ownName: string | null;
  /** Its own name was read from a picture's pixels rather than written in the file. */
  namePrinted?: boolean;
  /** Corners of a closed outline (a hexagon has six). */
  corners?: number;
  /** Its boxes' words all name it, read top to bottom (a table's name over its fields). */
  namedByAll?: boolean;
}

export interface Figures {
  list: Figure[];
  /** Element id → the figure it belongs to. */
  of: Map<string, Figure>;
  /** Texts a table swallowed (cell contents, row and column headings): not labels or notes. */
  tableTexts: Set<TextElement>;
  /** Lines that are strokes of a drawing, not connectors. */
  strokes: Set<string>;
  inferences: Inference[];
}

export interface FigureInput {
  elements: Element[];
  shapes: ShapeElement[];
  /** Texts not bound to a shape or arrow. */
  freeTexts: TextElement[];
  /** Shapes with bound text. */
  boundLabelled: Set<string>;
  connectors: LinearElement[];
  outlines: LinearElement[];
  pictures: SkippedElement[];
}

const DEFAULT_STYLE = {
  angle: 0,
  groupIds: [],
  frameId: null,
  strokeColor: '#1e1e1e',
  backgroundColor: 'transparent',
  strokeStyle: 'solid' as const,
  strokeWidth: 1,
};

/** A shape standing in for a drawing, with the look of `like` when given. */
export function syntheticShape(
  id: string,
  box: Box,
  type: ShapeElement['type'] = 'rectangle',
  like?: Element,
): ShapeElement {
  return {
    ...DEFAULT_STYLE,
    ...(like
      ? {
          groupIds: like.groupIds,
          frameId: like.frameId,
          strokeColor: like.strokeColor,
          backgroundColor: like.backgroundColor,
          strokeStyle: like.strokeStyle,
          strokeWidth: like.strokeWidth,
        }
      : {}),
    id,
    type,
    x: box.minX,
    y: box.minY,
    width: boxWidth(box),
    height: boxHeight(box),
    angle: 0,
    rounded: false,
  };
}

/** Builds the figures of a scene; see the file comment for what each rule recognises. */
export function buildFigures(input: FigureInput): Figures {
  const of = new Map<string, Figure>();
  const list: Figure[] = [];
  const inferences: Inference[] = [];
  const strokes = new Set<string>();
  const tableTexts = new Set<TextElement>();
  const consumed = new Set<string>();
  const duplicateOf = new Map<string, string>();
  const add = (f: Figure) => {
    list.push(f);
    for (const id of f.members) {
      of.set(id, f);
      consumed.add(id);
    }
  };
  let grid: SpatialGrid<ShapeElement> | null = null;
  const shapeGrid = () => {
    if (!grid) {
      grid = new SpatialGrid<ShapeElement>();
      for (const s of input.shapes) grid.insert(s, boundsOf(s));
    }
    return grid;
  };
  // Which shapes hold a free text: computed on first need, since bound labels answer most asks.
  const ownersOf = (texts: TextElement[]) =>
    freeTextOwners(texts, shapeGrid(), new Map(input.shapes.map((sh, i) => [sh, i])));
  let owners: Set<string> | null = null;
  const hasFreeTextInside = (id: string) => {
    owners ??= ownersOf(input.freeTexts);
    return owners.has(id);
  };
  // Words to read, not a library icon's lettering shrunk with it.
  let wordOwners: Set<string> | null = null;
  const hasWordsInside = (id: string) => {
    wordOwners ??= ownersOf(input.freeTexts.filter((t) => t.fontSize > LETTERING));
    return wordOwners.has(id);
  };
  const labelled = (s: ShapeElement) => input.boundLabelled.has(s.id) || hasFreeTextInside(s.id);
  const worded = (s: ShapeElement) => input.boundLabelled.has(s.id) || hasWordsInside(s.id);
  // Where arrows end (and what they are bound to): boxes each reached by their own arrows are
  // boxes, not the cells of a table.
  let ends: { grid: SpatialGrid<{ x: number; y: number }>; bound: Set<string> } | null = null;
  const arrowEnds = () => {
    if (!ends) {
      ends = { grid: new SpatialGrid(), bound: new Set() };
      for (const l of input.connectors) {
        if (l.type !== 'arrow') continue;
        for (const p of endsOf(l)) ends.grid.insert(p, { minX: p.x, minY: p.y, maxX: p.x, maxY: p.y });
        if (l.startBindingId) ends.bound.add(l.startBindingId);
        if (l.endBindingId) ends.bound.add(l.endBindingId);
      }
    }
    return ends;
  };
  const lines = input.connectors.filter((l) => l.type === 'line');
  // Any stroke a drawing is made of, including a line that a drawn arrowhead turned into an arrow.
  const linesById = new Map(input.connectors.map((l) => [l.id, l]));
  // Built on first use: most scenes have no group or table that needs them.
  let endGrid: SpatialGrid<ConnectorEnd> | null = null;
  const connectorEnds = () => {
    if (!endGrid) {
      endGrid = new SpatialGrid<ConnectorEnd>(64);
      for (const l of input.connectors)
        endsOf(l).forEach((p, end) => {
          endGrid!.insert({ l, p, end }, pointBox(p));
        });
    }
    return endGrid;
  };
  let freeTextGrid: SpatialGrid<TextElement> | null = null;
  const textGrid = () => {
    if (!freeTextGrid) {
      freeTextGrid = new SpatialGrid<TextElement>();
      for (const t of input.freeTexts) freeTextGrid.insert(t, boundsOf(t));
    }
    return freeTextGrid;
  };

  const free = (el: Element) => !consumed.has(el.id);
  // The text bound in each shape, as typed (its lines), and read on one line (to compare copies).
  const boundRaw = new Map<string, string>();
  for (const el of input.elements)
    if (el.type === 'text' && el.containerId) boundRaw.set(el.containerId, el.text);
  const boundText = (id: string) => boundRaw.get(id)?.replace(/\s+/g, ' ').trim();
  // Words a box holds: its bound text, else the free texts set in it, top to bottom (a class
  // box's fields typed one to a text).
  const wordsIn = (sh: ShapeElement) => {
    const bound = boundRaw.get(sh.id);
    if (bound !== undefined || !hasWordsInside(sh.id)) return bound;
    const b = boundsOf(sh);
    const inside = textGrid()
      .query(b)
      .filter((t) => {
        const c = centerOf(t);
        // (A mark of one or two letters is an arrow's: `1`, `N`.)
        return (
          t.fontSize > LETTERING &&
          t.text.trim().length > 2 &&
          c.x > b.minX &&
          c.x < b.maxX &&
          c.y > b.minY &&
          c.y < b.maxY
        );
      })
      .sort((p, q) => p.y - q.y || p.x - q.x);
    if (inside.length === 0) return undefined;
    // Lines of free text read as a box's fields only when they are fields (`id: String`,
    // `+ save()`), not notes typed under a card's name.
    const words = inside.map((t) => t.text).join('\n');
    return !words.trim().includes('\n') || declarations(words) ? words : undefined;
  };
  // Compartments: a named box with empty boxes of its width stacked right under it (a class box's
  // empty compartments, a state drawn with a tall body), or boxes listing fields under a name: one
  // node the size of them all.
  // A box named only by tiny lettering heads no compartments (an icon's rows).
  for (const c of compartments(input.shapes, shapeGrid, worded, wordsIn)) {
    const [head, ...body] = c as [ShapeElement, ...ShapeElement[]];
    const fields = body.some(labelled);
    add({
      id: head.id,
      geom: syntheticShape(head.id, unionBox(c.map(boundsOf)), 'rectangle', head),
      kind: 'shape',
      members: c.map((s) => s.id),
      drawing: false,
      ownName: null,
      ...(fields ? { namedByAll: true } : {}),
    });
    const what = fields ? 'listing fields' : 'empty';
    inferences.push({
      kind: 'composite',
      what: `${body.length} ${what} box${body.length === 1 ? '' : 'es'} stacked under ${head.type} ${head.id}, as wide, ${body.length === 1 ? 'is' : 'are'} its body: one node`,
      from: c.map((s) => s.id),
      confidence: 'medium',
    });
  }
  // Tables: three or more cells side by side or stacked, the same height in a row and the same
  // width in a column.
  for (const t of tables(
    input.shapes,
    (s) => free(s) && !input.boundLabelled.has(s.id),
    shapeGrid,
    (s) => hasFreeTextInside(s.id),
    arrowEnds,
  )) {
    // Empty cells grouped with other marks are a part of a drawing (the racks of a server icon).
    const outer = t[0]!.groupIds.at(-1);
    if (
      outer &&
      t.every((s) => s.groupIds.at(-1) === outer && !hasFreeTextInside(s.id)) &&
      input.elements.some((el) => el.groupIds.at(-1) === outer && !t.includes(el as ShapeElement))
    )
      continue;
    const box = unionBox(t.map(boundsOf));
    for (const text of textGrid().query(grow(box, 22))) if (tableText(text, t, box)) tableTexts.add(text);
    const main = t.reduce((a, b) => (a.y + a.x <= b.y + b.x ? a : b));
    add({
      id: main.id,
      geom: syntheticShape(main.id, box, 'rectangle', main),
      kind: 'table',
      members: t.map((s) => s.id),
      drawing: true,
      ownName: null,
    });
    inferences.push({
      kind: 'composite',
      what: `${t.length} touching cells are one table`,
      from: t.map((s) => s.id),
      confidence: 'medium',
    });
  }

  // Grouped drawings: an icon, a cylinder, a cloud or a figure drawn from several elements.
  const grouped: { kind: FigureKind; parts: Element[] }[] = [];
  // A group that is a part of the diagram (boxes and the arrows between them, grouped to move
  // together) may hold drawings grouped inside it: its groups one level in are read in turn.
  const queue = groupsOf(input.elements).map((g) => ({ g, depth: 1 }));
  // Each group read once: a row of drawings reads its groups before they come up in the queue.
  const readings = new Map<Element[], GroupReading | null>();
  const readGroup = (g: Element[]) => {
    let r = readings.get(g);
    if (r === undefined) {
      r = groupDrawing(g, worded, shapeGrid, linesById, connectorEnds);
      readings.set(g, r);
    }
    return r;
  };
  for (let i = 0; i < queue.length; i++) {
    const { g, depth } = queue[i]!;
    if (g.some((el) => consumed.has(el.id))) continue;
    const found = readGroup(g);
    // A row of drawings grouped to move together (four people side by side) is so many drawings.
    if (found && found.kind !== 'decorated' && depth < MAX_GROUP_LEVELS) {
      const inner = severalDrawings(g, depth, readGroup);
      if (inner) {
        for (const ig of inner) queue.push({ g: ig, depth: depth + 1 });
        continue;
      }
    }
    if (!found) {
      if (depth < MAX_GROUP_LEVELS)
        for (const inner of groupsWithin(g, depth)) queue.push({ g: inner, depth: depth + 1 });
      continue;
    }
    if (found.kind === 'decorated') {
      const main = found.main;
      const extra = g.filter((el) => el !== main && el.type !== 'text').map((el) => el.id);
      for (const id of extra) if (linesById.has(id)) strokes.add(id);
      add({
        id: main.id,
        geom: main,
        kind: 'shape',
        members: [main.id, ...extra],
        drawing: false,
        ownName: null,
      });
      if (extra.length > 0) {
        inferences.push({
          kind: 'decoration',
          what: `${extra.length === 1 ? 'a mark' : `${extra.length} marks`} grouped with ${main.type} ${main.id} ${extra.length === 1 ? 'is' : 'are'} drawn on it`,
          from: extra,
          confidence: 'medium',
        });
      }
      continue;
    }
    const parts = g.filter((el) => el.type !== 'text');
    for (const el of parts) if (linesById.has(el.id)) strokes.add(el.id);
    grouped.push({ kind: found.kind, parts });
  }
  for (const set of overlapping(grouped)) {
    if (set.length === 1) addDrawing(set[0]!.kind, set[0]!.parts, 'an Excalidraw group');
    else
      addDrawing(
        'drawing',
        set.flatMap((d) => d.parts),
        `${set.length} Excalidraw groups drawn one over the other`,
      );
  }

  // Stacked duplicates: an empty copy under (or over) a labelled one, a shadow or a stack.
  for (const [copy, kept] of decks(input.shapes, shapeGrid, labelled, boundText)) {
    consumed.add(copy.id);
    duplicateOf.set(copy.id, kept.id);
    inferences.push({
      kind: 'duplicate',
      what: `${copy.type} ${copy.id} is a card of the deck ${kept.id} stands for: one shape`,
      from: [copy.id, kept.id],
      confidence: 'medium',
    });
  }
  for (const d of stackedDuplicates(input.shapes, shapeGrid, labelled, (s) => consumed.has(s.id))) {
    consumed.add(d.copy.id);
    duplicateOf.set(d.copy.id, d.kept.id);
    inferences.push({
      kind: 'duplicate',
      what: d.around
        ? `${d.copy.type} ${d.copy.id} is a second border drawn with ${d.kept.id}: one shape`
        : `${d.copy.type} ${d.copy.id} is a copy drawn ${d.below ? 'under' : 'over'} ${d.kept.id}: one shape`,
      from: [d.copy.id, d.kept.id],
      confidence: 'high',
    });
  }

  // Ungrouped drawings of the same kinds.
  const ellipses = input.shapes.filter((s) => s.type === 'ellipse' && free(s) && !labelled(s));
  for (const c of ringClouds(input.freeTexts, ellipses.filter(free))) {
    if (c.rings.some((e) => consumed.has(e.id))) continue;
    addDrawing('cloud', c.rings, `${c.rings.length} small circles around the text “${short(c.text.text)}”`);
  }
  // A cylinder's name is often written in its top or its lower ellipse.
  const stores = cylinders(
    input.shapes.filter((s) => s.type === 'ellipse' && free(s)),
    lines.filter(free),
  );
  for (const c of stores.flat()) if (c.type === 'line') strokes.add(c.id);
  for (const stack of stacked(stores, (el) => (el.type !== 'line' ? boundText(el.id) : undefined))) {
    addDrawing(
      'cylinder',
      stack.flat(),
      stack.length === 1
        ? 'an ellipse on two upright lines'
        : `${stack.length} cylinders stacked one behind the other`,
    );
  }
  for (const p of stickFigures(ellipses.filter(free), lines.filter(free))) {
    for (const l of p.filter((el) => el.type === 'line')) strokes.add(l.id);
    addDrawing('person', p, 'a circle with limbs drawn as lines');
  }
  // A small empty circle a line runs through (a crow's foot's "zero" drawn by hand) is a mark on
  // the line, not a node the line passes through.
  for (const { mark, line } of marksOnLines(
    input.shapes.filter((s) => free(s) && !labelled(s)),
    input.connectors,
    arrowEnds().bound,
  )) {
    consumed.add(mark.id);
    inferences.push({
      kind: 'decoration',
      what: `the small ${mark.type} ${mark.id} that ${line.type} ${line.id} runs through is a mark on it`,
      from: [mark.id, line.id],
      confidence: 'medium',
    });
  }
  for (const x of crossMarks(lines.filter(free))) {
    for (const l of x) strokes.add(l.id);
    addDrawing('drawing', x, 'two short strokes crossed in their middles (an X mark)');
  }

  for (const s of input.shapes) {
    if (consumed.has(s.id)) continue;
    add({ id: s.id, geom: s, kind: 'shape', members: [s.id], drawing: false, ownName: null });
  }
  // An outline or picture a drawing above took in is part of it, not a figure of its own.
  for (const o of input.outlines) {
    if (consumed.has(o.id)) continue;
    add({
      id: o.id,
      geom: outlineShape(o),
      kind: 'outline',
      members: [o.id],
      // A large one is a box like any shape (it may hold others); a small one may be an icon.
      drawing: Math.min(boxWidth(boundsOf(o)), boxHeight(boundsOf(o))) < LARGE_OUTLINE,
      ownName: null,
      corners: cornerCount(o),
    });
  }
  // A picture laid over a drawing, as large as it (a product's logo on a cylinder), is drawn on
  // it: one node, and what is bound to the picture is bound to the drawing.
  const drawn = new SpatialGrid<Figure>();
  if (input.pictures.length > 0)
    for (const f of list) if (f.drawing && f.kind !== 'table') drawn.insert(f, boundsOf(f.geom));
  for (const p of input.pictures) {
    if (consumed.has(p.id)) continue;
    const pb = boundsOf(p);
    const under = drawn.query(pb).find((f) => {
      const fb = boundsOf(f.geom);
      const shared = overlapArea(pb, fb);
      return shared >= SAME_PLACE * boxArea(pb) && shared >= SAME_PLACE * boxArea(fb);
    });
    if (under && p.groupIds.length === 0) {
      under.members.push(p.id);
      of.set(p.id, under);
      consumed.add(p.id);
      inferences.push({
        kind: 'decoration',
        what: `the picture ${p.id} lies over the ${KIND_WORD[under.kind]} ${under.id}, as large as it: drawn on it`,
        from: [p.id, under.id],
        confidence: 'medium',
      });
      continue;
    }
    add({
      id: p.id,
      geom: syntheticShape(p.id, boundsOf(p), 'rectangle', p),
      kind: p.type === 'image' ? 'image' : 'embed',
      members: [p.id],
      drawing: true,
      ownName: p.type === 'image' ? (p.title ?? null) : p.link,
      ...(p.titlePrinted ? { namePrinted: true } : {}),
    });
  }
  // A duplicate stands for the shape it copies.
  for (const [copy, first] of duplicateOf) {
    // A copy of a copy (a deck of cards) stands for the card on top.
    let kept = first;
    for (let hops = 0; duplicateOf.has(kept) && hops < duplicateOf.size; hops++)
      kept = duplicateOf.get(kept)!;
    const f = of.get(kept);
    if (f) {
      f.members.push(copy);
      of.set(copy, f);
    }
  }
  return { list, of, tableTexts, strokes, inferences };

  function addDrawing(kind: FigureKind, parts: Element[], from: string): void {
    const box = unionBox(parts.map(boundsOf));
    const main = parts.reduce((a, b) => (boxArea(boundsOf(a)) >= boxArea(boundsOf(b)) ? a : b));
    add({
      id: main.id,
      geom: syntheticShape(main.id, box, kind === 'cloud' ? 'ellipse' : 'rectangle', main),
      kind,
      members: parts.map((el) => el.id),
      drawing: true,
      ownName: null,
    });
    inferences.push({
      kind: 'composite',
      what: `${from} is one ${KIND_WORD[kind]}`,
      from: parts.map((el) => el.id),
      confidence: kind === 'drawing' ? 'medium' : 'high',
    });
  }
}

/** A picture and a drawing each lie this share of their area, at least, in the other: one place. */
const SAME_PLACE = 0.7;

const KIND_WORD: Record<FigureKind, string> = {
  shape: 'shape',
  outline: 'outline',
  cloud: 'cloud',
  cylinder: 'cylinder (a store)',
  person: 'person',
  table: 'table',
  drawing: 'drawing',
  image: 'image',
  embed: 'embed',
};

const short = (text: string) => (text.length > 24 ? `${text.slice(0, 23)}…` : text).replace(/\s+/g, ' ');

// The shapes that own a free text: the smallest around its centre (the last drawn of equals).
function freeTextOwners(
  texts: TextElement[],
  shapes: SpatialGrid<ShapeElement>,
  order: Map<ShapeElement, number>,
): Set<string> {
  const owners = new Set<string>();
  for (const t of texts) {
    if (t.text.trim() === '') continue;
    const c = centerOf(t);
    let best: ShapeElement | null = null;
    for (const s of shapes.query(pointBox(c, 0))) {
      if (!insideOutline(c, s, s.type as Outline)) continue;
      const area = s.width * s.height;
      const bestArea = best ? best.width * best.height : Number.POSITIVE_INFINITY;
      if (area < bestArea || (area === bestArea && order.get(s)! > order.get(best!)!)) best = s;
    }
    if (best) owners.add(best.id);
  }
  return owners;
}

function stackedDuplicates(
  shapes: ShapeElement[],
  grid: () => SpatialGrid<ShapeElement>,
  labelled: (s: ShapeElement) => boolean,
  skip: (s: ShapeElement) => boolean,
): { copy: ShapeElement; kept: ShapeElement; below: boolean; around: boolean }[] {
  const order = new Map(shapes.map((s, i) => [s, i]));
  const found: { copy: ShapeElement; kept: ShapeElement; below: boolean; around: boolean }[] = [];
  const gone = new Set<ShapeElement>();
  for (const a of shapes) {
    if (gone.has(a) || labelled(a) || skip(a)) continue;
    const size = Math.max(a.width, a.height);
    const slack = Math.max(24, 0.15 * size);
    for (const b of grid().query(grow(boundsOf(a), slack))) {
      if (b === a || gone.has(b) || skip(b) || b.type !== a.type) continue;
      const alike = copyOf(a, b, slack, slack, 0.5);
      // An empty box drawn close around a labelled one, or close inside it, is its second border.
      const around = !alike && labelled(b) && (doubleBorder(a, b) || doubleBorder(b, a));
      if (!alike && !around) continue;
      // Keep the labelled one; between two alike, keep the one drawn last (on top).
      const keepB = labelled(b) || (!labelled(a) && order.get(b)! > order.get(a)!);
      if (!keepB) continue;
      gone.add(a);
      found.push({ copy: a, kept: b, below: order.get(a)! < order.get(b)!, around });
      break;
    }
  }
  return found;
}

/**
 * Decks: copies of one box fanned out like cards (service replicas drawn behind the service),
 * each overlapping the next by half or more (shifted by up to half its size), with at most
 * one label among them (or the same label on each). The labelled card, or the top one, stands
 * for the deck; the map sends each other card to it.
 */
function decks(
  shapes: ShapeElement[],
  grid: () => SpatialGrid<ShapeElement>,
  labelled: (s: ShapeElement) => boolean,
  boundText: (id: string) => string | undefined,
): Map<ShapeElement, ShapeElement> {
  const cards = disjointSets<ShapeElement>();
  const order = new Map(shapes.map((s, i) => [s, i]));
  // A card's label hidden under a solid copy drawn over it (a shadow made by copying the box,
  // its words and all) is not read: that card is as empty as a shadow.
  const hidden = new Set<ShapeElement>();
  for (const a of shapes) {
    if (!labelled(a)) continue;
    const c = centerOf(a);
    const [sx, sy] = [Math.max(24, 0.5 * a.width), Math.max(24, 0.5 * a.height)];
    for (const b of grid().query(pointBox(c))) {
      if (b === a || !b.opaque || order.get(b)! < order.get(a)! || !labelled(b)) continue;
      if (copyOf(a, b, sx, sy, 0.5) && insideOutline(c, b, b.type as Outline)) hidden.add(a);
    }
  }
  const text = (s: ShapeElement) => (hidden.has(s) ? '' : labelled(s) ? (boundText(s.id) ?? null) : '');
  for (const a of shapes) {
    const [sx, sy] = [Math.max(24, 0.5 * a.width), Math.max(24, 0.5 * a.height)];
    for (const b of grid().query(grow(boundsOf(a), Math.max(sx, sy)))) {
      if (b === a || b.type !== a.type) continue;
      const ta = text(a);
      const tb = text(b);
      // Two labelled cards must say the same; an unread label (free text) never joins a deck.
      if (ta === null || tb === null || (ta !== '' && tb !== '' && ta !== tb)) continue;
      if (copyOf(a, b, sx, sy, ta !== '' && tb !== '' ? 0.3 : 0.5)) cards.join(a, b);
    }
  }
  const keptOf = new Map<ShapeElement, ShapeElement>();
  for (const deck of cards.sets(shapes)) {
    if (deck.length < 2) continue;
    // Empty copies alone are a stack the next rule reads; two different labels are two boxes.
    if (new Set(deck.map(text).filter((t) => t !== '')).size !== 1) continue;
    const named = deck.filter((s) => text(s) !== '');
    const kept = named.reduce((a, b) => (order.get(b)! > order.get(a)! ? b : a));
    for (const s of deck) if (s !== kept) keptOf.set(s, kept);
  }
  return keptOf;
}

/**
 * Named rectangles each with one or more empty rectangles of the same width stacked right under
 * it, touching; nothing drawn inside those. Each list starts with the named box.
 */
function compartments(
  shapes: ShapeElement[],
  grid: () => SpatialGrid<ShapeElement>,
  labelled: (s: ShapeElement) => boolean,
  wordsIn: (s: ShapeElement) => string | undefined,
): ShapeElement[][] {
  const level = (s: ShapeElement) => s.type === 'rectangle' && s.angle === 0;
  const lines = (s: ShapeElement) =>
    (wordsIn(s)?.trim() ?? '').split('\n').filter((l) => l.trim() !== '').length;
  // A table of fields: under a box named in one line, boxes each listing two lines or more.
  // A box touching another at its side is a cell of a wider table (an id column beside it).
  const flanked = (s: ShapeElement) => {
    const b = boundsOf(s);
    return grid()
      .query(grow(b, 6))
      .some((o) => {
        if (o === s || !level(o)) return false;
        const ob = boundsOf(o);
        const overlap = Math.min(ob.maxY, b.maxY) - Math.max(ob.minY, b.minY);
        return (
          overlap > 0.5 * (b.maxY - b.minY) &&
          (Math.abs(ob.maxX - b.minX) <= 6 || Math.abs(ob.minX - b.maxX) <= 6)
        );
      });
  };
  const fields = (head: ShapeElement, s: ShapeElement) =>
    lines(head) === 1 &&
    lines(s) >= 2 &&
    head.height <= 1.2 * s.height &&
    fieldList(wordsIn(s)!) &&
    !flanked(head) &&
    !flanked(s);
  const found: ShapeElement[][] = [];
  const used = new Set<ShapeElement>();
  for (const head of shapes) {
    if (!level(head) || !labelled(head) || used.has(head) || head.width < 60) continue;
    const stack = [head];
    for (let last = head; ; ) {
      const b = boundsOf(last);
      const slack = Math.max(6, 0.05 * (b.maxX - b.minX));
      // Right under the last box, or (under the named box) starting at its top, behind it.
      const from = last === head ? b.minY - 6 : b.maxY - 6;
      const next = grid()
        .query({ minX: b.minX, minY: from, maxX: b.maxX, maxY: b.maxY + 6 })
        .find((s) => {
          if (s === last || used.has(s) || stack.includes(s) || !level(s)) return false;
          if (labelled(s) && !fields(head, s)) return false;
          const o = boundsOf(s);
          return (
            Math.abs(o.minX - b.minX) <= slack &&
            Math.abs(o.maxX - b.maxX) <= slack &&
            o.minY >= from &&
            o.minY <= b.maxY + 6 &&
            o.maxY > b.maxY + 0.5 * (b.maxY - b.minY) &&
            !grid()
              .query(o)
              .some((k) => k !== s && !stack.includes(k) && boxInside(boundsOf(k), o, 2))
          );
        });
      if (!next) break;
      stack.push(next);
      last = next;
    }
    if (stack.length < 2) continue;
    for (const s of stack) used.add(s);
    found.push(stack);
  }
  return found;
}

/** A member declared the way code declares one: `id: String`, `+ getAll(): User[]`, `name`. */
const DECLARATION = /^[+\-#~]?\s*[\p{L}_$][\p{L}\p{N}_$.<>[\],?]*\s*(\([^)]*\))?\s*(:\s*\S.{0,40})?$/u;

/** Whether most lines of a text declare typed members (a class's `id: String`, `save()`). */
function declarations(text: string): boolean {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const typed = (l: string) => DECLARATION.test(l) && /[:(]/.test(l);
  return lines.length >= 2 && lines.filter(typed).length >= 0.8 * lines.length;
}

/** A field is named in a few words (`id`, `day: date`, `+ getAll(): User[]`), not told in a sentence. */
const FIELD_WORDS = 3;

/** Whether a text lists fields, one to a line: no line reads as a sentence. */
function fieldList(text: string): boolean {
  return text
    .split('\n')
    .every((line) => line.split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w)).length <= FIELD_WORDS);
}

/**
 * Whether `outer` is drawn around `inner` as a second border: the same kind of shape, close
 * around it on every side.
 */
function doubleBorder(outer: ShapeElement, inner: ShapeElement): boolean {
  if (outer.angle !== 0 || inner.angle !== 0) return false;
  const o = boundsOf(outer);
  const i = boundsOf(inner);
  if (!boxInside(i, o)) return false;
  const across = Math.max(24, 0.15 * outer.width);
  const down = Math.max(24, 0.15 * outer.height);
  return (
    Math.max(i.minX - o.minX, o.maxX - i.maxX) <= across && Math.max(i.minY - o.minY, o.maxY - i.maxY) <= down
  );
}

/**
 * Whether `b` is a copy of `a`: same type and angle, the same size (within a tenth), shifted by
 * at most `sx` across and `sy` down, and overlapping it by `share` of the smaller.
 */
function copyOf(a: ShapeElement, b: ShapeElement, sx: number, sy: number, share: number): boolean {
  return (
    b.type === a.type &&
    Math.abs(a.width - b.width) <= 0.1 * Math.max(a.width, b.width) + 2 &&
    Math.abs(a.height - b.height) <= 0.1 * Math.max(a.height, b.height) + 2 &&
    Math.abs(a.x - b.x) <= sx &&
    Math.abs(a.y - b.y) <= sy &&
    Math.abs(a.angle - b.angle) < 0.05 &&
    overlapArea(boundsOf(a), boundsOf(b)) >= share * Math.min(a.width * a.height, b.width * b.height)
  );
}

// Elements grouped together, whole groups at a time. Group ids are joined when an element lists
// two of them: files are not always consistent about listing every enclosing group.
function groupsOf(elements: Element[]): Element[][] {
  const ids = disjointSets<string>();
  for (const el of elements) {
    for (let i = 1; i < el.groupIds.length; i++) ids.join(el.groupIds[i]!, el.groupIds[0]!);
  }
  const groups = new Map<string, Element[]>();
  for (const el of elements) {
    const first = el.groupIds[0];
    if (!first) continue;
    const root = ids.find(first);
    const list = groups.get(root);
    if (list) list.push(el);
    else groups.set(root, [el]);
  }
  return [...groups.values()].filter((g) => g.length >= 2);
}

/** Groups are read this many levels in from the outermost. */
const MAX_GROUP_LEVELS = 8;

/** The groups `depth` levels in from the outermost that hold elements of `group`, of two or more. */
function groupsWithin(group: Element[], depth: number): Element[][] {
  const inner = new Map<string, Element[]>();
  for (const el of group) {
    const id = el.groupIds.at(-1 - depth);
    if (!id) continue;
    const list = inner.get(id);
    if (list) list.push(el);
    else inner.set(id, [el]);
  }
  return [...inner.values()].filter((g) => g.length >= 2);
}

/**
 * The groups one level in, when they are two or more drawings apart from one another that hold
 * every mark of the group between them; else null.
 */
function severalDrawings(
  group: Element[],
  depth: number,
  read: (g: Element[]) => GroupReading | null,
): Element[][] | null {
  const inner = groupsWithin(group, depth);
  if (inner.length < 2) return null;
  const held = new Set(inner.flat());
  if (group.some((el) => el.type !== 'text' && !held.has(el))) return null;
  const boxes = inner.map((g) => unionBox(g.filter((el) => el.type !== 'text').map(boundsOf)));
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) if (overlapArea(boxes[i]!, boxes[j]!) > 0) return null;
  return inner.every((g) => {
    const r = read(g);
    return r !== null && r.kind !== 'decorated';
  })
    ? inner
    : null;
}

type ConnectorEnd = { l: LinearElement; p: { x: number; y: number }; end: number };

type GroupReading = { kind: 'decorated'; main: ShapeElement } | { kind: FigureKind };

// A group of more marks than this is a part of the diagram, not a drawing of one thing.
const MAX_DRAWING_MARKS = 200;

function groupDrawing(
  group: Element[],
  labelled: (s: ShapeElement) => boolean,
  shapes: () => SpatialGrid<ShapeElement>,
  lines: Map<string, LinearElement>,
  connectorEnds: () => SpatialGrid<ConnectorEnd>,
): GroupReading | null {
  if (group.some((el) => el.type === 'frame')) return null;
  const inGroup = group.filter(isShape);
  if (group.some((el) => el.type === 'arrow') && !iconArrows(group, inGroup)) return null;
  const marks = group.filter((el) => el.type !== 'text');
  if (marks.length > MAX_DRAWING_MARKS || inGroup.filter(labelled).length >= 2) return null;
  // A line reaching two shapes outside the group connects them: the group is not one drawing.
  // One running between two of its own shapes (the link of a tiny icon) stays inside it.
  const members = new Set(group.map((el) => el.id));
  for (const el of group) {
    const l = lines.get(el.id);
    if (l && !joinsOwnShapes(l, inGroup) && reachesOutside(l, shapes(), members)) return null;
  }
  // Arrows joining two of its shapes make it a part of the diagram, not one drawing.
  const touching = new Map<LinearElement, [Set<string>, Set<string>]>();
  for (const s of inGroup) {
    for (const { l, p, end } of connectorEnds().query(grow(boundsOf(s), 24))) {
      if (members.has(l.id) || outlineDistance(p, s, s.type as Outline).distance > 24) continue;
      const sets = touching.get(l) ?? [new Set<string>(), new Set<string>()];
      sets[end]!.add(s.id);
      touching.set(l, sets);
      const [a, b] = sets;
      if (a.size > 0 && b.size > 0 && [...a].some((id) => [...b].some((other) => other !== id))) return null;
    }
  }
  const main = inGroup.reduce<ShapeElement | null>(
    (best, s) => (!best || s.width * s.height > best.width * best.height ? s : best),
    null,
  );
  if (main) {
    const box = boundsOf(main);
    const others = marks.filter((el) => el !== main);
    // Marks grouped with words of their own apart from the shape (icons and their captions,
    // each pair grouped, then grouped with the box they sit in), two or more, are things in the
    // box, not marks on it: the group is a part of the diagram, its groups inside are read in
    // turn. (One captioned icon in a box is the box's picture.)
    const outer = new Set(main.groupIds);
    const worded = new Set(group.flatMap((el) => (el.type === 'text' ? el.groupIds : [])));
    const captionedBy = new Set<string>();
    for (const el of others) {
      const own = el.groupIds.find((id) => !outer.has(id) && worded.has(id));
      if (own) captionedBy.add(own);
    }
    if (captionedBy.size >= 2) return null;
    const inside = others.every((el) => {
      const c = centerOf(el);
      return c.x >= box.minX && c.x <= box.maxX && c.y >= box.minY && c.y <= box.maxY;
    });
    if (inside && others.every((el) => boxArea(boundsOf(el)) * 2 <= boxArea(box))) {
      return { kind: 'decorated', main };
    }
    if (labelled(main)) return null;
  }
  // Rectangles alone are a layout (a table, a row of boxes), not a drawing of one thing.
  if (marks.length < 2 || marks.every((el) => el.type === 'rectangle')) return null;
  return { kind: classify(marks) };
}

/** An icon's frame is at most this wide and high. */
const ICON_SIZE = 160;
/** An arrow at most this share of an icon's frame long is one of its marks, whatever it links. */
const ICON_STROKE = 0.25;
/** Words this small (a library icon's lettering, shrunk with it) are part of its picture. */
export const LETTERING = 10;

/**
 * Whether the arrows of a group are strokes of an icon: all drawn inside its largest shape, an
 * icon-sized frame with no words in it, none linking two of its shapes (the arrows around a
 * database in a cloud service's icon). Arrows grouped with boxes are otherwise a part of the
 * diagram.
 */
function iconArrows(group: Element[], shapes: ShapeElement[]): boolean {
  if (shapes.length === 0) return false;
  if (glyph(group, shapes)) return true;
  const frame = shapes.reduce((a, b) => (a.width * a.height >= b.width * b.height ? a : b));
  if (Math.max(frame.width, frame.height) > ICON_SIZE) return false;
  const box = boundsOf(frame);
  const ids = new Set(shapes.map((s) => s.id));
  // Strokes far shorter than the frame (a key pointing at its value in a store's icon) are marks.
  const tiny = (l: LinearElement) =>
    polylineLength(absolutePoints(l)) <= ICON_STROKE * Math.max(frame.width, frame.height);
  return group.every((el) => {
    if (el.type === 'text') return !boxInside(boundsOf(el), box, 0) || el.fontSize <= LETTERING;
    if (el.type !== 'arrow') return true;
    const l = el as LinearElement;
    const linking =
      l.startBindingId !== null &&
      l.endBindingId !== null &&
      l.startBindingId !== l.endBindingId &&
      ids.has(l.startBindingId) &&
      ids.has(l.endBindingId);
    return (!linking || tiny(l)) && boxInside(boundsOf(l), box, 2);
  });
}

/** A dot of a glyph is at most this wide and high. */
const GLYPH_DOT = 48;
/** A glyph spans at most this far along its longer side. */
const GLYPH_SPAN = 1.5 * ICON_SIZE;
/** A glyph has a few dots; a group of many is a small diagram of its own. */
const GLYPH_DOTS = 6;

/**
 * Whether a group draws a wordless glyph of dots and links (a network, a tree or a share icon):
 * no words, a few small shapes only, the whole no larger than an icon, every link among the dots.
 */
function glyph(group: Element[], shapes: ShapeElement[]): boolean {
  if (shapes.length < 3 || shapes.length > GLYPH_DOTS || group.some((el) => el.type === 'text')) return false;
  if (shapes.some((sh) => Math.max(sh.width, sh.height) > GLYPH_DOT)) return false;
  const box = unionBox(shapes.map(boundsOf));
  // Dots spread along one side (a load balancer's fan of three) reach a little farther.
  if (
    Math.max(boxWidth(box), boxHeight(box)) > GLYPH_SPAN ||
    Math.min(boxWidth(box), boxHeight(box)) > ICON_SIZE
  )
    return false;
  return group.every((el) => el.type !== 'arrow' || boxInside(boundsOf(el), box, 2));
}

/** Whether both ends of a line lie on shapes of its own group. */
function joinsOwnShapes(l: LinearElement, own: ShapeElement[]): boolean {
  return endsOf(l).every((p) =>
    own.some(
      (s) => outlineDistance(p, s, s.type as Outline).distance <= 2 || insideOutline(p, s, s.type as Outline),
    ),
  );
}

function reachesOutside(l: LinearElement, shapes: SpatialGrid<ShapeElement>, members: Set<string>): boolean {
  const touched = new Set<string>();
  for (const p of endsOf(l)) {
    for (const s of shapes.query(pointBox(p, 24))) {
      if (members.has(s.id)) continue;
      if (outlineDistance(p, s, s.type as Outline).distance <= 24) touched.add(s.id);
    }
  }
  return touched.size >= 2;
}

const isShape = (el: Element): el is ShapeElement =>
  el.type === 'rectangle' || el.type === 'ellipse' || el.type === 'diamond';

/** What a group of marks draws: a cylinder, a cloud, a person, or some other drawing. */
function classify(marks: Element[]): FigureKind {
  const box = unionBox(marks.map(boundsOf));
  const w = boxWidth(box);
  const h = boxHeight(box);
  const ellipses = marks.filter((el) => el.type === 'ellipse');
  const top = ellipses.find(
    (e) =>
      e.width >= 0.7 * w && e.width > 1.2 * e.height && e.y - box.minY <= 0.2 * h && e.height <= 0.45 * h,
  );
  if (top && h >= 1.5 * top.height) return 'cylinder';
  if (ellipses.length >= 4 && ellipses.length >= marks.length * 0.6) return 'cloud';
  const head = ellipses.find(
    (e) => e.y - box.minY <= 0.1 * h && e.height <= 0.45 * h && Math.abs(e.width - e.height) <= 0.4 * e.width,
  );
  if (head && marks.filter((el) => el.type === 'line').length >= 3 && h >= 2 * head.height) return 'person';
  return 'drawing';
}

/** Texts ringed by six or more small circles: a drawn cloud named by the text. */
function ringClouds(
  texts: TextElement[],
  ellipses: ShapeElement[],
): { text: TextElement; rings: ShapeElement[] }[] {
  const found: { text: TextElement; rings: ShapeElement[] }[] = [];
  // Cloud circles are small: bigger ellipses are shapes of their own.
  const small = ellipses.filter((e) => Math.max(e.width, e.height) <= 150);
  if (small.length < 6) return found;
  const grid = new SpatialGrid<ShapeElement>();
  for (const e of small) grid.insert(e, boundsOf(e));
  for (const t of texts) {
    if (t.text.trim() === '') continue;
    const c = centerOf(t);
    const reach = Math.max(t.width, t.height) * 0.9 + 80;
    const rings = [...grid.query(pointBox(c, reach))].filter((e) => {
      const ec = centerOf(e);
      const small = Math.max(e.width, e.height) <= Math.max(60, 1.5 * t.height);
      return small && Math.hypot(ec.x - c.x, ec.y - c.y) <= reach && !insideOutline(c, e, 'ellipse');
    });
    if (rings.length < 6) continue;
    const box = unionBox(rings.map(boundsOf));
    if (c.x < box.minX || c.x > box.maxX || c.y < box.minY || c.y > box.maxY) continue;
    found.push({ text: t, rings });
  }
  return found;
}

/**
 * An ellipse with two upright lines hanging from its sides, and maybe another ellipse at their
 * foot. Either ellipse may hold the name.
 */
function cylinders(ellipses: ShapeElement[], lines: LinearElement[]): Element[][] {
  const found: Element[][] = [];
  const used = new Set<Element>();
  const grid = new SpatialGrid<LinearElement>();
  for (const l of lines) grid.insert(l, boundsOf(l));
  for (const e of ellipses) {
    if (used.has(e) || e.width < 1.2 * e.height) continue;
    const cy = e.y + e.height / 2;
    const tol = Math.max(6, e.width * 0.08);
    const sides = [...grid.query(grow(boundsOf(e), tol + e.height * 4))].filter((l) => {
      if (used.has(l) || l.points.length > 3) return false;
      const b = boundsOf(l);
      const upright = boxWidth(b) <= Math.max(4, 0.15 * boxHeight(b)) && boxHeight(b) >= e.height;
      const atSide = Math.abs(b.minX - e.x) <= tol || Math.abs(b.maxX - (e.x + e.width)) <= tol;
      return upright && atSide && Math.abs(b.minY - cy) <= tol + e.height / 2;
    });
    const left = sides.find((l) => Math.abs(boundsOf(l).minX - e.x) <= tol);
    const right = sides.find((l) => l !== left && Math.abs(boundsOf(l).maxX - (e.x + e.width)) <= tol);
    if (!left || !right) continue;
    const bottomY = Math.max(boundsOf(left).maxY, boundsOf(right).maxY);
    const bottom = ellipses.find(
      (o) =>
        o !== e &&
        !used.has(o) &&
        Math.abs(o.width - e.width) <= tol &&
        Math.abs(o.y + o.height / 2 - bottomY) <= o.height &&
        Math.abs(o.x - e.x) <= tol,
    );
    // Rings drawn across it between its ends (a stack of disks) are part of it.
    const rings = ellipses.filter(
      (o) =>
        o !== e &&
        o !== bottom &&
        !used.has(o) &&
        Math.abs(o.width - e.width) <= tol &&
        Math.abs(o.x - e.x) <= tol &&
        o.y + o.height / 2 > cy &&
        o.y + o.height / 2 < bottomY,
    );
    const parts: Element[] = [e, left, right, ...(bottom ? [bottom] : []), ...rings];
    for (const p of parts) used.add(p);
    found.push(parts);
  }
  return found;
}

/**
 * Grouped drawings laid one over the other, covering a quarter or more of the smaller (a picture
 * drawn as two groups, a stack of layers grouped in two halves), are one picture. Only plain
 * drawings join: a person or a cylinder over a picture stays itself.
 */
/** Two grouped drawings one over the other are halves of one picture only when this alike in size. */
const PICTURE_HALVES = 0.33;

function overlapping<D extends { kind: FigureKind; parts: Element[] }>(drawings: D[]): D[][] {
  const plain = drawings.filter((d) => d.kind === 'drawing');
  if (plain.length < 2) return drawings.map((d) => [d]);
  const boxes = new Map(drawings.map((d) => [d, unionBox(d.parts.map(boundsOf))]));
  const sets = disjointSets<D>();
  for (let i = 0; i < plain.length; i++) {
    const a = boxes.get(plain[i]!)!;
    for (let j = i + 1; j < plain.length; j++) {
      const b = boxes.get(plain[j]!)!;
      const [small, large] = [Math.min(boxArea(a), boxArea(b)), Math.max(boxArea(a), boxArea(b))];
      // Halves of one picture are alike in size; an icon on a large backdrop stays an icon.
      if (small >= PICTURE_HALVES * large && overlapArea(a, b) >= 0.25 * small)
        sets.join(plain[i]!, plain[j]!);
    }
  }
  return sets.sets(drawings);
}

/**
 * Drawings of one kind stacked one behind the other (three cylinders for the repositories):
 * copies of about the same size, each shifted both across and down from the next, close enough
 * to touch, with at most one label among them (or the same on each).
 */
function stacked(drawings: Element[][], label: (el: Element) => string | undefined): Element[][][] {
  if (drawings.length < 2) return drawings.map((d) => [d]);
  const boxes = drawings.map((d) => unionBox(d.map(boundsOf)));
  const labels = drawings.map((d) => new Set(d.map(label).filter((t) => t !== undefined)));
  const sets = disjointSets<number>();
  const near = (a: number, b: number) => Math.abs(a - b) <= 0.15 * Math.max(a, b);
  for (let i = 0; i < drawings.length; i++) {
    const a = boxes[i]!;
    for (let j = i + 1; j < drawings.length; j++) {
      const b = boxes[j]!;
      if (!near(boxWidth(a), boxWidth(b)) || !near(boxHeight(a), boxHeight(b))) continue;
      const [w, h] = [boxWidth(a), boxHeight(a)];
      const dx = Math.abs(boxCenter(a).x - boxCenter(b).x);
      const dy = Math.abs(boxCenter(a).y - boxCenter(b).y);
      if (dx < 0.2 * w || dy < 0.2 * h || dx > 1.4 * w || dy > h) continue;
      if (boxGap(a, b) > 0.35 * Math.min(w, h)) continue;
      const both = new Set([...labels[i]!, ...labels[j]!]);
      if (both.size > 1) continue;
      sets.join(i, j);
    }
  }
  // A chain joining two different labels through an unlabelled copy is separate drawings.
  return sets
    .sets(drawings.keys())
    .flatMap((set) =>
      set.length > 1 && new Set(set.flatMap((i) => [...labels[i]!])).size <= 1
        ? [set.map((i) => drawings[i]!)]
        : set.map((i) => [drawings[i]!]),
    );
}

/** A mark on a line is at most this big across. */
const LINE_MARK = 32;

/**
 * Small empty ellipses, ungrouped and bound to by no arrow, that a line at least three times as
 * long runs straight through, away from both of its ends.
 */
function marksOnLines(
  shapes: ShapeElement[],
  connectors: LinearElement[],
  bound: Set<string>,
): { mark: ShapeElement; line: LinearElement }[] {
  const small = shapes.filter(
    (s) =>
      s.type === 'ellipse' &&
      s.groupIds.length === 0 &&
      Math.max(s.width, s.height) <= LINE_MARK &&
      !bound.has(s.id),
  );
  if (small.length === 0) return [];
  const grid = new SpatialGrid<LinearElement>();
  for (const l of connectors) grid.insert(l, boundsOf(l));
  const found: { mark: ShapeElement; line: LinearElement }[] = [];
  for (const s of small) {
    const c = centerOf(s);
    const r = Math.min(s.width, s.height) / 2;
    const line = grid.query(pointBox(c, r)).find((l) => {
      const pts = absolutePoints(l);
      if (polylineLength(pts) < 3 * Math.max(s.width, s.height)) return false;
      const away = (p: Point) => Math.hypot(p.x - c.x, p.y - c.y) > r;
      return polylineDistance(c, pts).distance <= Math.max(2, 0.25 * r) && away(pts[0]!) && away(pts.at(-1)!);
    });
    if (line) found.push({ mark: s, line });
  }
  return found;
}

/** How long each stroke of an X mark may be. */
const CROSS_STROKE = 80;

/**
 * X marks: two short straight strokes of about the same length crossing near both their middles,
 * well apart in direction (a cross drawn on a timeline, a failed step, a point on a plan).
 */
function crossMarks(lines: LinearElement[]): LinearElement[][] {
  const straight = lines.filter((l) => {
    if (l.points.length !== 2 || l.startArrowhead !== null || l.endArrowhead !== null) return false;
    const len = Math.hypot(l.width, l.height);
    return len >= 8 && len <= CROSS_STROKE;
  });
  if (straight.length < 2) return [];
  const grid = new SpatialGrid<LinearElement>();
  for (const l of straight) grid.insert(l, boundsOf(l));
  const used = new Set<LinearElement>();
  const marks: LinearElement[][] = [];
  for (const a of straight) {
    if (used.has(a)) continue;
    const [p, q] = absolutePoints(a) as [Point, Point];
    for (const b of grid.query(boundsOf(a))) {
      if (b === a || used.has(b)) continue;
      const [r, t] = absolutePoints(b) as [Point, Point];
      const la = Math.hypot(q.x - p.x, q.y - p.y);
      const lb = Math.hypot(t.x - r.x, t.y - r.y);
      if (Math.max(la, lb) > 1.6 * Math.min(la, lb)) continue;
      const cos = Math.abs((q.x - p.x) * (t.x - r.x) + (q.y - p.y) * (t.y - r.y)) / (la * lb);
      if (cos > Math.cos(Math.PI / 4)) continue;
      const at = crossing(p, q, r, t);
      if (!at || at.s < 0.25 || at.s > 0.75 || at.u < 0.25 || at.u > 0.75) continue;
      used.add(a).add(b);
      marks.push([a, b]);
      break;
    }
  }
  return marks;
}

/** Where segments p–q and r–t cross, as fractions along each, or null when they do not. */
function crossing(p: Point, q: Point, r: Point, t: Point): { s: number; u: number } | null {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const ex = t.x - r.x;
  const ey = t.y - r.y;
  const den = dx * ey - dy * ex;
  if (Math.abs(den) < 1e-9) return null;
  const s = ((r.x - p.x) * ey - (r.y - p.y) * ex) / den;
  const u = ((r.x - p.x) * dy - (r.y - p.y) * dx) / den;
  return s >= 0 && s <= 1 && u >= 0 && u <= 1 ? { s, u } : null;
}

/** A round head with three or more short lines under it, touching it or each other. */
function stickFigures(ellipses: ShapeElement[], lines: LinearElement[]): Element[][] {
  const found: Element[][] = [];
  const grid = new SpatialGrid<LinearElement>(64);
  for (const l of lines) grid.insert(l, boundsOf(l));
  const used = new Set<Element>();
  for (const head of ellipses) {
    const size = Math.max(head.width, head.height);
    if (size > 80 || Math.abs(head.width - head.height) > 0.4 * size) continue;
    const region: Box = {
      minX: head.x - 1.5 * size,
      minY: head.y,
      maxX: head.x + head.width + 1.5 * size,
      maxY: head.y + head.height + 5 * size,
    };
    const near = [...grid.query(region)].filter((l) => !used.has(l) && boxInside(boundsOf(l), region, 2));
    const limbs: LinearElement[] = [];
    const touches = (p: { x: number; y: number }) =>
      outlineDistance(p, head, 'ellipse').distance <= 6 ||
      limbs.some((o) => endsOf(o).some((q) => Math.hypot(q.x - p.x, q.y - p.y) <= 6));
    for (let grew = true; grew; ) {
      grew = false;
      for (const l of near) {
        if (limbs.includes(l)) continue;
        const len = Math.hypot(boxWidth(boundsOf(l)), boxHeight(boundsOf(l)));
        if (len > 4 * size) continue;
        if (endsOf(l).some(touches)) {
          limbs.push(l);
          grew = true;
        }
      }
    }
    if (limbs.length < 3 || !limbs.some((l) => boundsOf(l).minY >= head.y + head.height * 0.8)) continue;
    // Eyes and a mouth drawn inside the head belong to it too.
    const face = ellipses.filter((e) => e !== head && boxInside(boundsOf(e), boundsOf(head), 1));
    const parts: Element[] = [head, ...limbs, ...face];
    for (const p of parts) used.add(p);
    found.push(parts);
  }
  return found;
}

function endsOf(l: LinearElement): { x: number; y: number }[] {
  const [sx, sy] = l.points[0]!;
  const [ex, ey] = l.points.at(-1)!;
  return [
    { x: l.x + sx, y: l.y + sy },
    { x: l.x + ex, y: l.y + ey },
  ];
}

function tables(
  shapes: ShapeElement[],
  eligible: (s: ShapeElement) => boolean,
  shapeGrid: () => SpatialGrid<ShapeElement>,
  hasText: (s: ShapeElement) => boolean,
  arrowEnds: () => { grid: SpatialGrid<{ x: number; y: number }>; bound: Set<string> },
): ShapeElement[][] {
  const cells = shapes.filter(
    // Marks smaller than a word are dots of a drawing, not cells.
    (s) =>
      s.type === 'rectangle' && Math.abs(s.angle) < 0.01 && s.width >= 12 && s.height >= 12 && eligible(s),
  );
  if (cells.length < 3) return [];
  const grid = shapeGrid();
  const isCell = new Set(cells);
  const rows = disjointSets<ShapeElement>();
  const tol = 4;
  for (const a of cells) {
    const ba = boundsOf(a);
    for (const b of grid.query(grow(ba, 8))) {
      if (b === a || !isCell.has(b)) continue;
      // Rounded boxes of different colours side by side are boxes, not the cells of one table.
      if ((a.rounded || b.rounded) && a.strokeColor.toLowerCase() !== b.strokeColor.toLowerCase()) continue;
      const sameRow = Math.abs(a.height - b.height) <= tol && Math.abs(a.y - b.y) <= tol;
      const sameColumn = Math.abs(a.width - b.width) <= tol && Math.abs(a.x - b.x) <= tol;
      if (!sameRow && !sameColumn) continue;
      const close = boxGap(ba, boundsOf(b)) <= 8;
      const row = sameRow && close && (a.x + a.width <= b.x + tol || b.x + b.width <= a.x + tol);
      const column = sameColumn && close && (a.y + a.height <= b.y + tol || b.y + b.height <= a.y + tol);
      if (row || column) rows.join(a, b);
    }
  }
  const components = rows.sets(cells);
  // An arrow ends at the cell (bound to it, or at its outline from outside).
  const reached = (c: ShapeElement) => {
    const { grid: endGrid, bound } = arrowEnds();
    if (bound.has(c.id)) return true;
    const b = boundsOf(c);
    return endGrid.query(grow(b, 8)).some((p) => {
      const inside = p.x > b.minX + 8 && p.x < b.maxX - 8 && p.y > b.minY + 8 && p.y < b.maxY - 8;
      return !inside;
    });
  };
  // One row or one column of boxes, not a grid.
  const straight = (t: ShapeElement[]) =>
    t.every((c) => Math.abs(c.x - t[0]!.x) <= tol) || t.every((c) => Math.abs(c.y - t[0]!.y) <= tol);
  // Three cells make a table; two make one when they are empty (a stack of slots). A row or a
  // column of named boxes each with arrows of their own is boxes side by side, not cells.
  return components.filter(
    (t) =>
      (t.length >= 3 || (t.length === 2 && t.every((c) => !hasText(c)))) &&
      !(straight(t) && t.filter((c) => hasText(c) && reached(c)).length >= Math.max(2, t.length / 2)),
  );
}

// Cell contents, and short one-line headings just outside the cells (column names, row numbers).
function tableText(t: TextElement, cells: ShapeElement[], box: Box): boolean {
  const c = centerOf(t);
  if (cells.some((s) => insideOutline(c, s, 'rectangle'))) return true;
  const tb = boundsOf(t);
  // Mostly over the cells (a word straddling two rows of a table is still in the table).
  const covered = cells.reduce((sum, s) => sum + overlapArea(tb, boundsOf(s)), 0);
  if (covered >= 0.5 * boxArea(tb)) return true;
  const cellHeight = cells.map((s) => s.height).sort((a, b) => a - b)[Math.floor(cells.length / 2)]!;
  const lines = t.text.trim().split('\n').length;
  return (
    boxInside(tb, grow(box, 22)) &&
    lines === 1 &&
    Math.min(boxHeight(tb), t.fontSize * 1.5) <= cellHeight * 1.3 &&
    boxWidth(tb) <= boxWidth(box) / 2
  );
}

/**
 * The shape of a closed outline: its box, and its corners when it is far from a box (a hexagon,
 * a triangle), so that what lies in the box's corners is not inside it.
 */
function outlineShape(o: LinearElement): ShapeElement {
  const box = boundsOf(o);
  const shape = syntheticShape(o.id, box, 'rectangle', o);
  const corners = absolutePoints(o);
  if (corners.length >= 4 && polygonArea(corners) < 0.85 * boxArea(box)) shape.polygon = corners;
  return shape;
}

/** An outline this wide and high is a box, not a piece of an icon. */
const LARGE_OUTLINE = 160;

function cornerCount(o: LinearElement): number {
  const pts = o.points;
  const closedRepeat = pts.length > 1 && pts[0]![0] === pts.at(-1)![0] && pts[0]![1] === pts.at(-1)![1];
  return pts.length - (closedRepeat ? 1 : 0);
}
