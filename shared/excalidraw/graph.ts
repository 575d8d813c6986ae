/**
 * A scene read as a flowchart: which elements are nodes, which arrows connect which nodes, which
 * labels belong where, and which boxes are containers. The reading follows how people draw (see
 * issue 17): each rule lives in its own module, runs in its own function (so that a huge scene
 * stays fast), and reports every guess it makes.
 */

import {
  arrowLabelledBy,
  besideInterior,
  freeArrowLabels,
  looksLikeArrowLabel,
  runsAlongArrow,
} from './arrow-labels.ts';
import { dropBackdrops } from './backdrops.ts';
import { barsAsLines } from './bars.ts';
import { bindPastHeadings } from './caption-bindings.ts';
import {
  type Cover,
  connect,
  labelCrossings,
  labelLoops,
  type Target,
  Targets,
  targetBox,
} from './connections.ts';
import {
  CAPTION_GAP,
  type Container,
  childrenOf,
  type FramedLane,
  findBraces,
  findNamedRows,
  findRegions,
  nestFigures,
  readingOrder,
} from './containers.ts';
import type { EndContext } from './ends.ts';
import { buildFigures, type Figure } from './figures.ts';
import { assembleGraph, type FlowGraph, sortByPosition } from './flow-graph.ts';
import {
  absolutePoints,
  type Box,
  boundsOf,
  boxArea,
  boxCenter,
  boxGap,
  boxHeight,
  boxInside,
  boxOf,
  boxPolylineDistance,
  boxWidth,
  centerOf,
  crossingOf,
  grow,
  insideOutline,
  type Outline,
  outlineDistance,
  overlapArea,
  type Point,
  pointBox,
  pointBoxDistance,
  polylineDistance,
  polylineLength,
  rayBoxHit,
  SpatialGrid,
  unionBox,
} from './geometry.ts';
import { foldInvisible } from './invisible.ts';
import { findItems } from './items.ts';
import { numbersStep, readableText } from './labels.ts';
import { dividerFrames, findLanes } from './lanes.ts';
import { findLegends } from './legend.ts';
import { lifelinesOf } from './lifelines.ts';
import { readLinework, type Token } from './linework.ts';
import type { Element, LinearElement, Scene, ShapeElement, SkippedElement, TextElement } from './model.ts';
import {
  findBodies,
  findCaptions,
  findDecorations,
  groupNames,
  nodeLabels,
  ownTextsOf,
  sideNotes,
  textOwners,
} from './node-names.ts';
import { Placement, SNAP_DISTANCE } from './placement.ts';
import { isShape, type Reading, sceneParts, short } from './reading.ts';
import { emptyReport, recordGuess } from './report.ts';
import { atDefaultScale } from './scale.ts';
import { stepMarkOf, tagOf } from './step-marks.ts';
import { headingSize, stackTexts, underHeading } from './text-blocks.ts';
import { inTopLeftCorner, titlePlates } from './title-plates.ts';

/** A word this close to a named box's edge, outside it, hugs the box. */
const HUG = 10;
/** An author's caption outweighs a picture's own lettering written at most 1/this as large. */
const LARGER_CAPTION = 1.5;
/** A library icon's lettering spans at most this share of the icon's width… */
const LETTERING_SPAN = 0.6;
/** …and its caption is written at least this large beside it (a little smaller, as a caption is). */
const SMALLER_CAPTION = 0.85;
/** A lane's name lies at least this far from any stroke but the lines bounding lanes. */
const LANE_CLEAR = 16;

/** Reads a scene as a flowchart graph. */
export function buildGraph(drawn: Scene): FlowGraph {
  // The rules measure at Excalidraw's default scale (see scale.ts).
  const report = emptyReport();
  // Cells drawn as nothing inside a drawn box are that box's parts; a grid of alike tiles behind
  // the drawing is its background; an arrow bound to the heading over a box means the box.
  const folded = barsAsLines(foldInvisible(atDefaultScale(drawn), report), report);
  const scene = bindPastHeadings(dropBackdrops(folded, report), report);
  report.dropped.deleted = scene.deletedCount;
  const parts = sceneParts(scene, report);
  const { byId, shapes, linears, frames, pictures, boundTo } = parts;
  // Texts stacked under one another read as one block (a heading and the lines under it).
  const stack = stackTexts(parts.free, shapes, linears, absolutePoints);
  const free = stack.texts;
  for (const i of stack.inferences) recordGuess(report, i.kind, i.confidence, i.from, () => i.what);
  for (const [id, block] of stack.blockOf) byId.set(id, block);
  const elements =
    stack.blockOf.size === 0
      ? scene.elements
      : scene.elements.flatMap((el) => {
          const block = stack.blockOf.get(el.id);
          return !block ? [el] : block.id === el.id ? [block] : [];
        });

  // Lines as drawn: arrowheads drawn by hand, strokes drawn end to end or through a picture on
  // the path, closed outlines.
  // Images whose file is missing count too: the author put something there (an Obsidian formula).
  const images = elements.filter((el): el is SkippedElement => el.type === 'image');
  const tokens = wordlessTokens(elements, free);
  const tokenParts = new Set(tokens.flatMap((t) => [...t.members]));
  const outlines = outlineAt(shapes);
  const linework = readLinework(
    linears,
    (p) => outlines(p) !== null,
    images,
    inOpenSpace(shapes, free),
    tokens,
    tokens.length > 0 ? onAnOutline(shapes.filter((sh) => !tokenParts.has(sh.id))) : undefined,
    outlines,
  );
  for (const i of linework.inferences) recordGuess(report, i.kind, i.confidence, i.from, () => i.what);
  chainLabels(linework, boundTo, byId);

  const figures = buildFigures({
    elements,
    shapes,
    freeTexts: free,
    boundLabelled: new Set(shapes.filter((s) => boundTo.has(s.id)).map((s) => s.id)),
    connectors: linework.linears,
    outlines: linework.outlines,
    pictures,
  });
  for (const i of figures.inferences) recordGuess(report, i.kind, i.confidence, i.from, () => i.what);
  const connectors = linework.linears.filter((l) => !figures.strokes.has(l.id));
  // A binding to a shape's label text, or to a stroke a chain absorbed, is a binding to the shape.
  const bindingOf = (id: string) => {
    const el = byId.get(id);
    if (el?.type === 'text' && el.containerId && isShape(byId.get(el.containerId) ?? el))
      return el.containerId;
    return linework.absorbed.get(id) ?? id;
  };
  const boundFigures = new Set<Figure>();
  for (const l of connectors) {
    for (const id of [l.startBindingId, l.endBindingId]) {
      const f = id ? figures.of.get(bindingOf(id)) : undefined;
      if (f) boundFigures.add(f);
    }
  }

  const geomFigure = new Map<ShapeElement, Figure>(figures.list.map((f) => [f.geom, f]));
  const placement = new Placement(
    figures.list.map((f) => f.geom),
    connectors,
    linework.points,
  );
  const bound = new Map<Figure, TextElement[]>();
  for (const [id, list] of boundTo) {
    const f = figures.of.get(id);
    if (!f) continue;
    // A figure of several labelled boxes (a table's name over its fields) reads top to bottom.
    const before = f.namedByAll ? bound.get(f) : undefined;
    bound.set(f, before ? readingOrder([...before, ...list]) : list);
  }
  const pool = new Set(free.filter((t) => !figures.tableTexts.has(t)));
  const ownerOf = textOwners(pool, placement, geomFigure);

  // Legends stay out of the graph.
  const legends = findLegends(
    [...pool],
    figures.list,
    connectors,
    (f) => boundFigures.has(f),
    (t) => ownerOf.get(t) ?? null,
  );
  for (const i of legends.inferences) recordGuess(report, i.kind, i.confidence, i.from, () => i.what);
  const legendNotes = [...legends.texts].map((t) => `legend: ${readableText(t.text)}`);
  for (const t of legends.texts) pool.delete(t);
  const liveFigures = legends.figures.size
    ? figures.list.filter((f) => !legends.figures.has(f))
    : figures.list;
  const liveConnectors = legends.linears.size
    ? connectors.filter((l) => !legends.linears.has(l))
    : connectors;
  const r: Reading = { report, byId, placement, figures: liveFigures, bound, pool, ownerOf };
  // Texts in a box that arrows reach one by one are nodes of their own; the box groups them.
  const items = findItems(r, liveConnectors);
  for (const i of items.inferences) recordGuess(report, i.kind, i.confidence, i.from, () => i.what);
  const itemTexts = new Set([...items.of.values()].flat());

  const names = groupNames(r);
  // A picture's own lettering gives way to the author's caption over or under it: the caption
  // names it, the lettering is a note. Its lettering is the words grouped with it (a library
  // icon's `Database`), or all the words inside it when they share its group (the `pod` in a
  // Kubernetes icon). A caption is one written larger than grouped words; one grouped with the
  // icon one group out (the icon and its lettering grouped, then grouped again with it); or, for
  // words inside, one centred on the icon when those words are a library's small lettering —
  // narrow beside it and no larger than the caption. A larger word over a drawing named across
  // its width may name the box the drawing sits in, and does not count.
  const unnamedIcons = new Map<Figure, TextElement[]>();
  const lettering = new Map<Figure, TextElement[]>();
  for (const t of pool) {
    const f = ownerOf.get(t);
    if (!f?.drawing || names.has(f)) continue;
    const list = lettering.get(f);
    if (list) list.push(t);
    else lettering.set(f, [t]);
  }
  for (const [f, words] of lettering) {
    const groups = byId.get(f.id)?.groupIds ?? [];
    if (!words.every((t) => t.groupIds.some((g) => groups.includes(g)))) lettering.delete(f);
  }
  // The words a caption may be, found by place: a scene holds many icons and many words.
  const words = new SpatialGrid<TextElement>();
  if (names.size + lettering.size > 0) for (const t of pool) words.insert(t, boundsOf(t));
  for (const [f, lettered] of [...names, ...lettering]) {
    if (!f.drawing) continue;
    const size = Math.max(...lettered.map(headingSize));
    const box = boundsOf(f.geom);
    const groups = byId.get(f.id)?.groupIds ?? [];
    const own = groups.findIndex((g) => lettered[0]!.groupIds.includes(g));
    const next = own >= 0 ? groups[own + 1] : undefined;
    const inside = lettering.has(f);
    const small = lettered.every((t) => boxWidth(boundsOf(t)) <= LETTERING_SPAN * boxWidth(box));
    const captioned = words.query(grow(box, CAPTION_GAP)).some((t) => {
      const tb = boundsOf(t);
      return (
        pool.has(t) &&
        ((!inside && headingSize(t) >= LARGER_CAPTION * size) ||
          (inside &&
            small &&
            headingSize(t) >= SMALLER_CAPTION * size &&
            Math.abs(boxCenter(tb).x - boxCenter(box).x) <= boxWidth(box) / 2) ||
          (next !== undefined && t.groupIds.includes(next) && !t.groupIds.includes(groups[own]!))) &&
        tb.minX < box.maxX &&
        tb.maxX > box.minX &&
        (tb.maxY <= box.minY || tb.minY >= box.maxY) &&
        boxGap(tb, box) <= CAPTION_GAP
      );
    });
    if (!captioned) continue;
    names.delete(f);
    for (const t of lettered) pool.delete(t);
    unnamedIcons.set(f, lettered);
  }
  // Lifelines hang under a participant (a word, a box or a figure); the narrow activation
  // boxes drawn on them are part of the participant, not nodes.
  const lifelines = lifelinesOf(r, liveConnectors, names);
  const lifelineIds = new Set(lifelines.map((ll) => ll.line.id));
  // A participant drawn again at the foot of its lifeline is the same participant.
  const footers = lifelines.flatMap((ll) =>
    ll.footer && 'geom' in ll.footer ? [{ geom: ll.footer.geom, header: ll.header }] : [],
  );
  const activations = new Set<ShapeElement>([
    ...lifelines.flatMap((ll) => ll.activations),
    ...footers.map((f) => f.geom),
  ]);
  const headerTexts = new Set(
    lifelines.flatMap((ll) => ('text' in ll.header && ll.header.type === 'text' ? [ll.header] : [])),
  );
  if (lifelines.length > 0) {
    recordGuess(
      report,
      'lifeline-end',
      'medium',
      lifelines.map((ll) => ll.line.id),
      () =>
        `${lifelines.length} lines under participants are lifelines` +
        (footers.length > 0 ? `, ${footers.length} participants drawn again at their feet` : ''),
    );
  }

  // A picture laid along an arrow, beside its middle, shows what flows along it (a file, a
  // message): not a node, and the words beyond it label the arrow.
  const alongArrow = (f: Figure) => {
    if ((f.kind !== 'image' && f.kind !== 'embed') || boundFigures.has(f)) return false;
    const box = boundsOf(f.geom);
    return placement.linearsNear(box, ALONG).some((l) => {
      // A plain line bound to nothing (a rule under a box's heading) carries nothing.
      if (!l.startArrowhead && !l.endArrowhead && !l.startBindingId && !l.endBindingId) return false;
      const pts = placement.polyline(l);
      return boxPolylineDistance(box, pts).distance <= ALONG && besideInterior(centerOf(f.geom), pts);
    });
  };
  const parentOf = nestFigures(liveFigures);
  const children = childrenOf(parentOf);
  const asides = sideNotes(r, children, names);
  const adopted = new Set<Figure>();
  const bodyOf = findBodies(r, children, names, adopted);
  const namesOver = new Map<Figure, TextElement>();
  const captions = findCaptions(
    r,
    (f) => bound.has(f) || names.has(f) || activations.has(f.geom) || bodyOf.has(f) || alongArrow(f),
    parentOf,
    headerTexts,
    namesOver,
  );
  // Words over a picture captioned under it begin its name.
  for (const [f, t] of namesOver) names.set(f, [t]);
  // An icon no caption named after all keeps its own lettering.
  const iconWords: TextElement[] = [];
  for (const [f, words] of unnamedIcons) {
    if (captions.has(f)) iconWords.push(...words);
    else names.set(f, words);
  }
  // Words turned to run along an arrow label it, whatever box they lie in.
  const ownTexts = ownTextsOf(
    r,
    (f) => legends.figures.has(f),
    (t) => runsAlongArrow(t, placement),
  );
  const named = (f: Figure) => bound.has(f) || ownTexts.has(f) || names.has(f);

  // Braces: a curly stroke beside several nodes, captioned at its tip, groups them.
  const braceStrokes = liveConnectors
    .filter((l) => l.type === 'line' && !l.startBindingId && !l.endBindingId && l.points.length >= 5)
    .map((l) => ({ id: l.id, points: placement.polyline(l) }));
  const braces =
    braceStrokes.length === 0
      ? []
      : findBraces(
          braceStrokes,
          [...pool].filter((t) => ownerOf.get(t) === null),
          liveFigures.filter((f) => named(f) || captions.has(f)),
        );
  for (const b of braces) pool.delete(b.title);
  // Rows of boxes named at their left group like braces.
  const rows = findNamedRows(
    [...pool].filter((t) => !ownerOf.get(t) && !runsAlongArrow(t, placement)),
    liveFigures.filter((f) => named(f) && !braces.some((b) => b.members.includes(f))),
    parentOf,
  );
  for (const b of rows) {
    pool.delete(b.title);
    braces.push(b);
  }

  // Pictures count only when an arrow is bound to them (a caption alone names a screenshot), or
  // when a box holds two or more captioned ones side by side (the services of a platform). A
  // caption grouped with its picture names it as well.
  const captionedPictures = new Map<Figure | null, number>();
  const captioned = (f: Figure) => captions.has(f) || names.has(f);
  for (const f of liveFigures)
    if ((f.kind === 'image' || f.kind === 'embed') && captioned(f)) {
      const p = parentOf.get(f) ?? null;
      captionedPictures.set(p, (captionedPictures.get(p) ?? 0) + 1);
    }
  const grouped = (f: Figure) => {
    const p = parentOf.get(f);
    return p !== undefined && p !== null && captioned(f) && (captionedPictures.get(p) ?? 0) >= 2;
  };
  const placeholders = rowPlaceholders(
    liveFigures,
    parentOf,
    children,
    (f) => named(f) || boundFigures.has(f),
  );
  const nodeishAlone = (f: Figure) =>
    bodyOf.has(f)
      ? false
      : f.kind === 'image' || f.kind === 'embed'
        ? boundFigures.has(f) || grouped(f)
        : named(f) || captions.has(f) || boundFigures.has(f) || placeholders.has(f);
  // An icon whose name is printed in it, in a box beside other parts, is one more part of what the
  // box stands for (a service in a cloud account), as an author's caption would make it: a reader
  // sees the name. Alone in a box of logos, it is the box's decoration.
  const printedInBox = (f: Figure) => {
    const p = parentOf.get(f);
    return (
      f.namePrinted === true &&
      p !== undefined &&
      p !== null &&
      // A logo in the box's top-left corner heads it: its title, or its brand.
      !inTopLeftCorner(boundsOf(f.geom), boundsOf(p.geom)) &&
      (children.get(p) ?? []).some((g) => g !== f && nodeishAlone(g))
    );
  };
  const nodeish = (f: Figure) => nodeishAlone(f) || (!bodyOf.has(f) && printedInBox(f));
  const strokeEndAt = (t: TextElement, within: Box) => placement.strokeEndsAt(boundsOf(t), within);
  // Long lines across the drawing split it in named bands (not in a sequence diagram, whose
  // lifelines run across it too).
  const lanes = lifelines.length > 0 ? [] : drawingLanes();
  function drawingLanes(): FramedLane[] {
    const dividers = liveConnectors
      .filter(
        (l) =>
          !l.startBindingId &&
          !l.endBindingId &&
          (l.type === 'line' || (!l.startArrowhead && !l.endArrowhead)) &&
          !braces.some((b) => b.line.id === l.id),
      )
      .map((l) => ({ id: l.id, points: placement.polyline(l) }));
    if (dividers.length === 0) return [];
    const captionTexts = new Set(captions.values());
    const dividerIds = new Set(dividers.map((d) => d.id));
    // A lane's name is often written up to the divider's end: only other strokes count here.
    const byStroke = (t: TextElement) =>
      placement
        .linearsNear(grow(boundsOf(t), SNAP_DISTANCE), 0)
        .some(
          (l) =>
            !dividerIds.has(l.id) &&
            boxPolylineDistance(boundsOf(t), placement.polyline(l)).distance <= LANE_CLEAR,
        );
    // A box dividers are drawn in is split in lanes like the drawing: the words in it may name them.
    const frames = liveFigures.filter((f) => !f.drawing && (f.kind === 'shape' || f.kind === 'outline'));
    // One box object a figure: a lane's frame is the very box of the figure it splits.
    const boxOfFigure = new Map(liveFigures.map((f) => [f, boundsOf(f.geom)]));
    const figureOfBox = new Map([...boxOfFigure].map(([f, b]) => [b, f]));
    const frameOf = dividerFrames(
      dividers,
      frames.map((f) => boxOfFigure.get(f)!),
    );
    const framed = new Set(frameOf.values());
    const splits = new Set(frames.filter((f) => framed.has(boxOfFigure.get(f)!)));
    const names = [...pool].filter((t) => {
      const owner = ownerOf.get(t) ?? null;
      return (owner === null || splits.has(owner)) && !captionTexts.has(t) && !byStroke(t);
    });
    const nameSet = new Set(names);
    return findLanes(
      dividers,
      liveFigures.filter((f) => !f.drawing && nodeish(f)).map((f) => boxOfFigure.get(f)!),
      names,
      [...pool].filter((t) => !nameSet.has(t)).map((t) => boundsOf(t)),
      frameOf,
    ).map((lane) => ({ ...lane, frameFigure: lane.frame ? (figureOfBox.get(lane.frame) ?? null) : null }));
  }
  const laneLines = new Set(lanes.flatMap((l) => l.lineIds));
  const isHeading = largerThanUsual(parts.free, boundTo);
  const regions = findRegions({
    figures: liveFigures,
    frames,
    parentOf,
    ownTexts,
    bound,
    nodeish,
    looseTexts: [...pool].filter((t) => ownerOf.get(t) === null),
    texts: [...pool],
    textOwner: (t) => ownerOf.get(t) ?? null,
    nearArrow: (t, facingToo) => looksLikeArrowLabel(t, placement, facingToo),
    onLink: (t) => placement.onLink(boundsOf(t)),
    labelsArrowTo: (t, shape) => {
      const l = arrowLabelledBy(t, placement);
      if (!l) return false;
      const pts = placement.polyline(l);
      return [pts[0]!, pts.at(-1)!].some(
        (p) => outlineDistance(p, shape, shape.type as Outline).distance <= END_AT_BORDER,
      );
    },
    captionOf: (f) => captions.get(f),
    braces,
    items: (f) => items.of.get(f) ?? [],
    strokeEndAt,
    lanes,
    reached: (f) => boundFigures.has(f),
    isHeading,
  });
  for (const i of regions.inferences) recordGuess(report, i.kind, i.confidence, i.from, () => i.what);
  const containerOfFigure = new Map<Figure, Container>();
  // A subtitle under a container's heading is a note.
  const subtitles: string[] = [];
  for (const c of regions.containers) {
    if (c.figure) containerOfFigure.set(c.figure, c);
    for (const t of c.titleTexts) {
      pool.delete(t);
      const rest = underHeading(t);
      if (rest) subtitles.push(readableText(rest));
    }
    // Words bound to a container titled otherwise are drawn in its middle, as free words are:
    // an arrow's label there, or a note.
    if (!c.figure) continue;
    for (const t of bound.get(c.figure) ?? []) {
      if (c.titleTexts.includes(t)) continue;
      pool.add(t);
      ownerOf.set(t, c.figure);
    }
  }
  const isContainer = (f: Figure) => containerOfFigure.has(f);

  const labels = nodeLabels(r, {
    ownTexts,
    names,
    captions,
    parentOf,
    bodyOf,
    isContainer,
    nodeish,
    adopted,
  });
  const namedByLink = (f: Figure) => f.ownName !== null && f.kind === 'embed';
  const labelOf = new Map<TextElement, Figure>();
  for (const [f, parts] of labels) for (const t of parts) labelOf.set(t, f);
  for (const [f, c] of containerOfFigure) for (const t of c.titleTexts) labelOf.set(t, f);
  const standIn = findDecorations(r, labels, isContainer, boundFigures, liveConnectors, namedByLink);
  // A card is named by its bar, which stands for it; the words under the bar are its notes.
  for (const [card, bar] of regions.cards) {
    for (const t of labels.get(card) ?? []) pool.add(t);
    const name = labels.get(bar);
    if (name) labels.set(card, name);
    labels.delete(bar);
    standIn.set(bar, card);
  }
  const labelled = (f: Figure) => labels.has(f) || namedByLink(f);

  // Free text beside an arrow labels it; a label does not reach across a node.
  const arrowLabels = freeArrowLabels(
    r,
    liveConnectors,
    // A line between lanes labels nothing: the words by it name a lane, or lie in one.
    (l) => !legends.linears.has(l) && !laneLines.has(l.id),
    liveFigures.filter((f) => labelled(f) && !isContainer(f)).map((f) => solidPart(f.geom)),
    (t) => headerTexts.has(t) || itemTexts.has(t),
    // An arrow whose own label only numbers its step still takes the words written beside it.
    (l) => boundTo.has(l.id) && !stepOnly(boundTo.get(l.id)!),
    // A lifeline takes a label only when no message would: a message's words may touch the
    // lifeline where the message ends.
    (l) => lifelineIds.has(l.id),
    (l) => linework.forks.get(l.id)?.shared ?? null,
  );

  // Texts arrows may point at: what no rule has used, and captions and names (which stand for
  // the drawing they name).
  placement.addTextTargets([...pool, ...captions.values(), ...[...names.values()].flat()]);
  const targets = new Targets(frames, (f) => standIn.get(f) ?? bodyOf.get(f) ?? f);
  const headerTarget = (h: Figure | TextElement): Target =>
    'geom' in h ? targets.figure(h) : targets.text(h);
  const huggedBy = (t: TextElement): Figure | null => {
    const tb = boundsOf(t);
    for (const s of placement.shapesNear(grow(tb, HUG))) {
      const f = geomFigure.get(s);
      if (!f || isContainer(f) || !labels.has(f)) continue;
      const b = boundsOf(s);
      const under = tb.minY - b.maxY;
      const over = b.minY - tb.maxY;
      const overlap = Math.min(tb.maxX, b.maxX) - Math.max(tb.minX, b.minX);
      if (
        overlap >= 0.5 * (tb.maxX - tb.minX) &&
        ((under >= -2 && under <= HUG) || (over >= -2 && over <= HUG))
      )
        return f;
    }
    return null;
  };
  const activationOf = new Map<ShapeElement, Target>();
  for (const ll of lifelines) for (const a of ll.activations) activationOf.set(a, headerTarget(ll.header));
  for (const f of footers) activationOf.set(f.geom, headerTarget(f.header));
  // Labels written at an arrow's loose end, which name that end instead.
  const namingEnds = new Set<TextElement>();
  const ctx: EndContext<Target> = {
    placement,
    bound: (id) => {
      const real = bindingOf(id);
      const f = figures.of.get(real);
      if (f) return legends.figures.has(f) ? undefined : (activationOf.get(f.geom) ?? targets.figure(f));
      const el = byId.get(real);
      if (el?.type === 'frame') return targets.ofFrame.get(el.id);
      if (el?.type !== 'text') return undefined;
      if (pool.has(el)) return targets.text(el);
      // Text that names a node (inside it, its caption, its title) stands for that node.
      const owner = labelOf.get(el);
      return owner ? targets.figure(owner) : undefined;
    },
    ofShape: (s) => {
      const activation = activationOf.get(s);
      if (activation) return activation;
      const f = geomFigure.get(s);
      return f && !legends.figures.has(f) ? targets.figure(f) : undefined;
    },
    ofText: (t) => {
      const owner = labelOf.get(t);
      if (owner && !pool.has(t)) return targets.figure(owner);
      // A word hugging a named box's edge from outside (its port, its caption) stands for it.
      const hugged = huggedBy(t);
      return hugged ? targets.figure(hugged) : targets.text(t);
    },
    distanceAlong: (t, p, dir) => rayBoxHit(p, dir, targetBox(t)),
    distanceTo: (t, p) => {
      if (t.kind !== 'figure') return pointBoxDistance(p, targetBox(t));
      const g = t.figure.geom;
      const od = outlineDistance(p, g, g.type as Outline);
      return od.inside && !isContainer(t.figure) ? 0 : od.distance;
    },
    ignoreBinding: (l, which) => arrowLabels.ownLabelBinding.has(`${l.id}\u0000${which}`),
    isRegion: (t) => t.kind === 'frame' || (t.kind === 'figure' && isContainer(t.figure)),
    lifelines: lifelines.map((ll) => ({ ...ll, header: headerTarget(ll.header), footer: null })),
    isLifeline: (l) => lifelineIds.has(l.id),
    isHeading,
    labelsOtherArrow: (t, l) =>
      t.kind === 'text' &&
      arrowLabelledBy(
        t.text,
        placement,
        false,
        (a) => a.id !== l.id && (a.startArrowhead !== null || a.endArrowhead !== null),
      ) !== null,
    labelAtLooseEnd: (l, which) => {
      const pts = placement.polyline(l);
      const p = which === 0 ? pts[0]! : pts.at(-1)!;
      let best: { t: TextElement; d: number } | null = null;
      for (const { text } of arrowLabels.labels.get(l.id) ?? []) {
        const d = pointBoxDistance(p, boundsOf(text));
        if (d <= SNAP_DISTANCE && !isHeading(text) && (!best || d < best.d)) best = { t: text, d };
      }
      if (!best) return undefined;
      namingEnds.add(best.t);
      return targets.text(best.t);
    },
  };
  const bodies = new Set(bodyOf.values());
  // How many strokes run under a solid box, right across it: one that several run under is
  // something they pass through.
  const strokesUnder = new Map<ShapeElement, number>();
  const liveSet = new Set(liveConnectors);
  // Strokes running under a row of two boxes or more, each at least half the largest: boxes
  // along a flow, not a stroke's label.
  const rowStrokes = new Set<string>();
  const inRow = (boxes: ShapeElement[]) => {
    if (boxes.length < 2) return false;
    const largest = Math.max(...boxes.map((b) => b.width * b.height));
    return boxes.every((b) => 2 * b.width * b.height >= largest);
  };
  const crossings = (s: ShapeElement) => {
    let n = strokesUnder.get(s);
    if (n === undefined) {
      n = placement
        .linearsNear(boundsOf(s), 0)
        .filter((l) => liveSet.has(l) && cutBy(placement.polyline(l), s) !== null).length;
      strokesUnder.set(s, n);
    }
    return n;
  };
  // Which element is drawn over which: asked only of strokes that run under a solid box.
  let zOrder: Map<string, number> | null = null;
  const zOf = () => {
    zOrder ??= new Map(scene.elements.map((el, i) => [el.id, i]));
    return zOrder;
  };
  const links = connect({
    report,
    placement,
    connectors: liveConnectors,
    ctx,
    isLifeline: (l) => lifelineIds.has(l.id),
    ownsInnerArrows: (f) => f.drawing || bodies.has(f),
    isContainer,
    drawnInNode: (l, from, to) => {
      const box = boundsOf(l);
      return placement.shapesNear(box).some((s) => {
        const f = geomFigure.get(s);
        if (!f || f.geom !== s || f.drawing || isContainer(f)) return false;
        const sb = boundsOf(s);
        const within = (t: Target) =>
          (t.kind === 'figure' && t.figure === f) || boxInside(targetBox(t), sb, 2);
        return boxInside(box, sb, 2) && from !== to && within(from) && within(to);
      });
    },
    // In a sequence diagram messages run between lifelines: a box drawn over some is a remark.
    // The first box along the stroke: one cut at a time, so that a stroke under a row of boxes
    // runs into each in turn. A stroke running under a row of boxes alike passes through each.
    coveredBy: (l, from, to) => {
      if (lifelines.length > 0) return null;
      const pts = placement.polyline(l);
      const covers: { cover: Cover; s: ShapeElement }[] = [];
      for (const s of placement.shapesNear(boxOf(pts))) {
        const f = geomFigure.get(s);
        if (!s.opaque || !f || f.geom !== s || isContainer(f) || !labels.has(f)) continue;
        const by = targets.figure(f);
        if (by === from || by === to || (zOf().get(s.id) ?? -1) < (zOf().get(l.id) ?? 0)) continue;
        const cut = cutBy(pts, s);
        if (cut) covers.push({ cover: { by, ...cut }, s });
      }
      const stroke = l.pieceOf ?? l.id;
      if (!l.pieceOf && inRow(covers.map((c) => c.s))) rowStrokes.add(stroke);
      let first: Cover | null = null;
      for (const { cover, s } of covers) {
        // A box only this stroke runs under is a step on it when nothing else reaches the box (a
        // transition drawn on the flow); one that arrows reach is a node the stroke passes behind.
        if (!rowStrokes.has(stroke) && crossings(s) < 2 && placement.strokeEndsAt(boundsOf(s))) continue;
        if (!first || polylineLength(cover.before) < polylineLength(first.before)) first = cover;
      }
      return first;
    },
  });
  // The pieces of strokes split where a box is drawn over them, by the stroke's id.
  const piecesOf = new Map<string, LinearElement[]>();
  for (const { l } of links) if (l.pieceOf) piecesOf.set(l.pieceOf, [...(piecesOf.get(l.pieceOf) ?? []), l]);
  // Two arrows each with a label of their own, to a word and back, are a pair, not a loop.
  const loopLabels = labelLoops(
    report,
    links,
    targets.ofText,
    (l) => boundTo.has(l.id) || arrowLabels.labels.has(l.id),
    (l) => placement.polyline(l),
  );
  const crossed = labelCrossings(report, links, targets.ofText, (l) => placement.polyline(l));
  for (const [l, t] of crossed) loopLabels.set(l, t);
  // A word read as a loop's or a crossing's label is no note, nor an item of a box.
  for (const t of loopLabels.values()) pool.delete(t);

  // Which figures and texts are nodes.
  const connected = new Set<Target>();
  for (const e of links) connected.add(e.from).add(e.to);
  const nodeFigures: Figure[] = [];
  const reached: Container[] = [];
  // A step mark (a small numbered mark beside one edge, linked to nothing) labels that edge.
  const stepLabels = new Map<string, TextElement[]>();
  // So does a box of words along one arrow's shaft, linked to nothing (a tag on the arrow).
  const tagLabels = new Map<string, TextElement[]>();
  const linked = new Set(links.map((e) => e.l));
  const plates = titlePlates(
    regions.containers,
    liveFigures,
    labels,
    (f) => {
      const target = targets.ofFigure.get(f);
      return !isContainer(f) && !(target && connected.has(target));
    },
    parentOf,
    isHeading,
    (f) => (f.namePrinted ? f.ownName : null),
  );
  for (const [plate, c] of plates) {
    const parts = labels.get(plate) ?? [];
    // A caption the plate displaces is a note.
    for (const t of c.titleTexts) if (!parts.includes(t)) pool.add(t);
    c.title = parts.length > 0 ? parts.map((t) => readableText(t.text)).join(' ') : plate.ownName;
    c.titleTexts = parts;
    recordGuess(
      report,
      'title-plate',
      'medium',
      [plate.id, c.id],
      () =>
        `the unlinked ${plate.kind === 'image' || plate.kind === 'embed' ? 'picture' : 'shape'} ${plate.id} titles container ${c.id}: “${short(c.title ?? '')}”`,
    );
  }
  // A labelled box in the margin of a sequence diagram, left or right of all the lifelines, names
  // a section or remarks on one; between the lifelines it may stand for something (a cache).
  const participants = new Set<Figure | TextElement>(lifelines.map((ll) => ll.header));
  const left = Math.min(...lifelines.map((ll) => ll.x));
  const right = Math.max(...lifelines.map((ll) => ll.x));
  const besideLifelines = (f: Figure) => {
    if (lifelines.length < 2 || f.kind !== 'shape' || participants.has(f) || !labelled(f)) return false;
    const box = boundsOf(f.geom);
    return !parentOf.get(f) && (box.maxX < left || box.minX > right);
  };
  // A title box lies above everything else: its bottom above every other figure's top.
  const titleBox = (f: Figure) => {
    const parts = labels.get(f);
    if (f.kind !== 'shape' || parentOf.get(f) || parts?.length !== 1 || !isHeading(parts[0]!)) return false;
    const bottom = boundsOf(f.geom).maxY;
    return liveFigures.every((o) => o === f || boundsOf(o.geom).minY >= bottom);
  };
  const samples = sampleKey(
    liveFigures,
    labels,
    (f) => {
      const target = targets.ofFigure.get(f);
      return target !== undefined && connected.has(target);
    },
    parentOf,
    pool,
  );
  for (const [f, says] of samples) {
    for (const t of [...(labels.get(f) ?? []), says]) {
      legendNotes.push(`legend: ${readableText(t.text)}`);
      pool.delete(t);
    }
    recordGuess(
      report,
      'legend',
      'medium',
      [f.id, says.id],
      () =>
        `${f.id}, unlinked, is a sample of the boxes linked elsewhere under its name, “${short(says.text)}” beside it says what they are: a legend`,
    );
  }
  for (const f of liveFigures) {
    if (standIn.has(f) || bodyOf.has(f) || activations.has(f.geom) || plates.has(f) || samples.has(f))
      continue;
    const target = targets.ofFigure.get(f);
    const c = containerOfFigure.get(f);
    if (c) {
      if (target && connected.has(target)) reached.push(c);
      continue;
    }
    // A freehand outline or a cloud with words in it is a thought or a note unless an arrow
    // reaches it; a labelled box, a named store or a named figure is a node on its own.
    if (!(target && connected.has(target))) {
      const on = stepMarkOf(f, labels.get(f), linked, placement);
      if (on) {
        addTo(stepLabels, on.id, labels.get(f)!);
        recordGuess(
          report,
          'edge-label',
          'medium',
          [f.id, on.id],
          () => `the small mark ${f.id} on ${on.type} ${on.id} numbers it: its label`,
        );
        continue;
      }
      const tagged = tagOf(f, labels.get(f), linked, placement, (l) =>
        links.filter((e) => e.l === l).flatMap((e) => [targetBox(e.from), targetBox(e.to)]),
      );
      if (tagged) {
        addTo(tagLabels, tagged.id, labels.get(f)!);
        recordGuess(
          report,
          'edge-label',
          'medium',
          [f.id, tagged.id],
          () => `the box ${f.id}, linked to nothing, lies along ${tagged.type} ${tagged.id}: its label`,
        );
        continue;
      }
    }
    // A box at the top of the drawing holding only a heading, or one in the margin of a sequence
    // diagram, linked to nothing, is the title or a section's name: a note.
    const aside = titleBox(f)
      ? 'above everything, holding a heading: the title'
      : besideLifelines(f)
        ? 'beside the lifelines, reached by no message: a note'
        : null;
    if (aside && !(target && connected.has(target))) {
      for (const t of labels.get(f) ?? []) pool.add(t);
      recordGuess(report, 'aside', 'medium', [f.id], () => `${f.id} ${aside}`);
      continue;
    }
    const needsArrow =
      !printedInBox(f) &&
      (f.kind === 'cloud' ||
        f.kind === 'outline' ||
        ((f.kind === 'image' || f.kind === 'embed') && !grouped(f)) ||
        (!labelled(f) && !placeholders.has(f)));
    if (!needsArrow || (target && connected.has(target))) nodeFigures.push(f);
    else if (captions.has(f) && !labelOf.has(captions.get(f)!)) {
      pool.add(captions.get(f)!);
      if (namesOver.has(f)) pool.add(namesOver.get(f)!);
    } else report.dropped.emptyShapes += f.kind === 'shape' || f.kind === 'outline' ? 1 : 0;
  }
  // A library item or a sketch of lone shapes: each shape is the drawing's content.
  if (nodeFigures.length === 0 && links.length === 0 && pool.size === 0) {
    for (const f of liveFigures) {
      if (parentOf.get(f) || standIn.has(f) || f.kind === 'image' || f.kind === 'embed') continue;
      nodeFigures.push(f);
      report.dropped.emptyShapes -= f.kind === 'shape' || f.kind === 'outline' ? 1 : 0;
      recordGuess(
        report,
        'lone-shape',
        'medium',
        [f.id],
        () => `${f.kind} ${f.id} is the drawing's only content: a node`,
      );
    }
  }
  for (const [frameId, target] of targets.ofFrame) {
    if (connected.has(target)) reached.push(regions.containers.find((c) => c.frame?.id === frameId)!);
  }
  const textNodes = [...targets.ofText].filter(([, target]) => connected.has(target)).map(([t]) => t);
  // The items a box lists are nodes, linked or not.
  for (const t of itemTexts) if (pool.has(t) && !textNodes.includes(t)) textNodes.push(t);
  for (const t of textNodes) {
    pool.delete(t);
    recordGuess(
      report,
      'text-node',
      'medium',
      [t.id],
      () => `arrows point at the free text “${short(t.text)}”: a node`,
    );
  }

  // Labels on arrows that did not become edges are notes after all.
  const freeLabels = arrowLabels.labels;
  /**
   * A branch of a fork reads the words by the stretch all its branches share first, then its own:
   * words nearer the shared arrow than the branch they were given to label every branch.
   */
  const forkLabel = (id: string, own: TextElement[] | undefined): TextElement[] | undefined => {
    const fork = linework.forks.get(id);
    if (!fork) return own;
    const sharedBy = (branch: string) =>
      (freeLabels.get(branch) ?? [])
        .map(({ text }) => text)
        .filter((t) => {
          const c = centerOf(t);
          const path = linework.forks.get(branch)!.own;
          return polylineDistance(c, fork.shared).distance < polylineDistance(c, path).distance;
        });
    const shared = [...new Set(fork.branches.flatMap(sharedBy))];
    if (shared.length === 0) return own;
    // One label, the shared words first (reading order would put a branch's words above them).
    const words = [...readingOrder(shared), ...readingOrder((own ?? []).filter((t) => !shared.includes(t)))];
    return [oneLabel(words)];
  };
  const edgeIds = new Set(links.map((e) => e.l.id));
  for (const [id, list] of freeLabels) {
    if (!edgeIds.has(id)) {
      for (const { text } of list) pool.add(text);
      continue;
    }
    for (const { text, confidence } of list) {
      if (namingEnds.has(text)) continue;
      recordGuess(
        report,
        'edge-label',
        confidence,
        [text.id, id],
        () => `free text “${short(text.text)}” beside ${byId.get(id)?.type ?? 'arrow'} ${id} is its label`,
      );
    }
  }
  for (const t of textNodes) pool.delete(t);
  const notes = [
    ...sortByPosition(
      // The words in a table's cells are part of its picture, but kept: nothing written is lost.
      [...pool, ...asides, ...iconWords, ...figures.tableTexts].map((el) => ({ el })),
      'TD',
    ).map(({ el }) => readableText(el.text)),
    ...subtitles,
    ...legendNotes,
  ];

  return assembleGraph({
    report,
    byId,
    nodeFigures,
    textNodes,
    labels,
    links,
    edgeLabel: (l: LinearElement) => {
      const loop = loopLabels.get(l);
      const whole = l.pieceOf ?? l.id;
      // A piece of a stroke split by boxes drawn over it takes the words nearest it.
      const siblings = l.pieceOf ? (piecesOf.get(l.pieceOf) ?? []).filter((p) => p !== l) : [];
      const mine = (t: TextElement) => {
        const c = centerOf(t);
        const near = (p: LinearElement) => polylineDistance(c, placement.polyline(p)).distance;
        return siblings.every((p) => near(l) <= near(p));
      };
      const free = freeLabels
        .get(whole)
        ?.map(({ text }) => text)
        .filter((t) => !namingEnds.has(t) && mine(t));
      const bound = boundTo.get(whole)?.filter(mine);
      // A step number beside words bound to the arrow reads first.
      const label =
        bound && free && stepOnly(bound)
          ? [...bound, ...free]
          : bound && free && stepOnly(free)
            ? [...free, ...bound]
            : (bound ?? (loop ? [loop] : free));
      const step = stepLabels.get(l.id);
      const tag = tagLabels.get(l.id);
      const words = tag ? [...(label ?? []), ...tag] : label;
      const own = step ? [...step, ...(words ?? [])] : words;
      return forkLabel(l.id, own);
    },
    targets,
    regions,
    reached: reached.filter(Boolean),
    notes,
    pictures,
  });
}

/** A sample's words start this near its right side. */
const SAMPLE_GAP = 80;

/**
 * A key of sample boxes: unlinked boxes, each named and filled like boxes linked elsewhere in the
 * drawing, each with words just to its right saying what such a box is — two or more of them.
 * Each sample maps to the words beside it.
 */
function sampleKey(
  figures: Figure[],
  labels: Map<Figure, TextElement[]>,
  linked: (f: Figure) => boolean,
  parentOf: Map<Figure, Figure | null>,
  pool: Set<TextElement>,
): Map<Figure, TextElement> {
  const found = new Map<Figure, TextElement>();
  const kind = (f: Figure) =>
    `${(labels.get(f) ?? []).map((t) => readableText(t.text)).join(' ')}\u0000${f.geom.backgroundColor}`;
  const linkedKinds = new Set(figures.filter((f) => labels.has(f) && linked(f)).map(kind));
  if (linkedKinds.size === 0) return found;
  const texts = [...pool];
  for (const f of figures) {
    if (f.kind !== 'shape' || !labels.has(f) || linked(f) || parentOf.get(f) || !linkedKinds.has(kind(f)))
      continue;
    const box = boundsOf(f.geom);
    const says = texts.find((t) => {
      const tb = boundsOf(t);
      const gap = tb.minX - box.maxX;
      return gap >= 0 && gap <= SAMPLE_GAP && tb.minY < box.maxY && tb.maxY > box.minY;
    });
    if (says) found.set(f, says);
  }
  return found.size >= 2 ? found : new Map();
}

/** A path is tried for lying inside a shape at points this far apart. */
const CUT_STEP = 8;

/**
 * Where a path runs under a shape: the path up to where it goes in and from where it comes out,
 * when both its ends lie outside the shape and it crosses it.
 */
function cutBy(pts: Point[], s: ShapeElement): { before: Point[]; after: Point[] } | null {
  const cut = crossingOf(pts, (p) => insideOutline(p, s, s.type as Outline), CUT_STEP);
  if (!cut) return null;
  const { entry, exit } = cut;
  return { before: [...pts.slice(0, entry.i), entry.p], after: [exit.p, ...pts.slice(exit.i)] };
}

/** Whether an arrow's own label only numbers its step. */
function stepOnly(label: TextElement[]): boolean {
  return label.length === 1 && numbersStep(label[0]!.text);
}

/**
 * The part of a shape's box its outline fills, for what may stand between a text and an arrow:
 * the corners of a circle's or a diamond's box are empty.
 */
function solidPart(s: ShapeElement): Box {
  const box = boundsOf(s);
  const keep = s.type === 'ellipse' ? 0.75 : s.type === 'diamond' ? 0.55 : 1;
  if (keep === 1) return box;
  const cx = (box.minX + box.maxX) / 2;
  const cy = (box.minY + box.maxY) / 2;
  const hw = ((box.maxX - box.minX) / 2) * keep;
  const hh = ((box.maxY - box.minY) / 2) * keep;
  return { minX: cx - hw, minY: cy - hh, maxX: cx + hw, maxY: cy + hh };
}

/** A picture this close to an arrow's path lies along it. */
const ALONG = 24;

/** Whether a point lies in open space: no shape and no text within 24 px of it. */
function inOpenSpace(shapes: ShapeElement[], texts: TextElement[]): (p: { x: number; y: number }) => boolean {
  let grid: SpatialGrid<ShapeElement | TextElement> | null = null;
  return (p) => {
    if (!grid) {
      grid = new SpatialGrid<ShapeElement | TextElement>();
      for (const s of shapes) grid.insert(s, boundsOf(s));
      for (const t of texts) grid.insert(t, boundsOf(t));
    }
    return !grid.query(pointBox(p, SNAP_DISTANCE)).some((el) => {
      if (el.type === 'text') return pointBoxDistance(p, boundsOf(el)) <= SNAP_DISTANCE;
      const outline = outlineDistance(p, el, el.type as Outline);
      return outline.inside || outline.distance <= SNAP_DISTANCE;
    });
  };
}

/** A token a flow may carry is at most this big across. */
const TOKEN_SIZE = 90;
/** A group of things and the arrows between them spanning more than this is a section. */
const SECTION_SIZE = 4 * TOKEN_SIZE;

/**
 * Small groups of shapes and strokes with no words in or on them, nor a name right under or over
 * them: marks a flow may carry. Each is
 * a group of its own, or one inside sections of the drawing grouped whole.
 */
function wordlessTokens(elements: Element[], texts: TextElement[]): Token[] {
  const groups = new Map<string, Element[]>();
  /** Group → the group holding it. */
  const parent = new Map<string, string>();
  for (const el of elements) {
    for (const [i, g] of el.groupIds.entries()) {
      const list = groups.get(g);
      if (list) list.push(el);
      else groups.set(g, [el]);
      const up = el.groupIds[i + 1];
      if (up) parent.set(g, up);
    }
  }
  const tokens: Token[] = [];
  let textGrid: SpatialGrid<TextElement> | null = null;
  const wordsOn = (box: Box) => {
    if (!textGrid) {
      textGrid = new SpatialGrid<TextElement>();
      for (const t of texts) textGrid.insert(t, boundsOf(t));
    }
    // Words on it, or a caption right under or over it (an icon's name: a thing, not a mark).
    const gap = Math.max(8, boxHeight(box) / 4);
    return textGrid.query({ ...box, minY: box.minY - gap, maxY: box.maxY + gap }).some((t) => {
      const b = boundsOf(t);
      if (overlapArea(b, box) > 0) return true;
      const across = Math.min(b.maxX, box.maxX) - Math.max(b.minX, box.minX);
      return across >= (b.maxX - b.minX) / 2;
    });
  };
  // A group holding arrows and spanning a stretch of the drawing is a section of it, not a thing.
  const sections = new Map<string, boolean>();
  const isSection = (g: string): boolean => {
    let section = sections.get(g);
    if (section === undefined) {
      const list = groups.get(g)!;
      const b = unionBox(list.map(boundsOf));
      section = Math.max(boxWidth(b), boxHeight(b)) > SECTION_SIZE && list.some((el) => el.type === 'arrow');
      sections.set(g, section);
    }
    return section;
  };
  const inSections = (g: string): boolean => {
    for (let up = parent.get(g), hops = 0; up !== undefined && hops < 64; up = parent.get(up), hops++)
      if (!isSection(up)) return false;
    return true;
  };
  for (const [g, list] of groups) {
    if (list.length < 2 || !list.every((el) => isShape(el) || el.type === 'line')) continue;
    const box = unionBox(list.map(boundsOf));
    if (Math.max(boxWidth(box), boxHeight(box)) > TOKEN_SIZE || wordsOn(box) || !inSections(g)) continue;
    tokens.push({ box, members: new Set(list.map((el) => el.id)) });
  }
  return tokens;
}

/** Whether a point lies on (within 6 px of) the outline of one of the shapes. */
function onAnOutline(shapes: ShapeElement[]): (p: { x: number; y: number }) => boolean {
  const at = outlineAt(shapes);
  return (p) => at(p) !== null;
}

/** The shape whose outline a point lies on (within 6 px), the nearest if several. */
function outlineAt(shapes: ShapeElement[]): (p: { x: number; y: number }) => ShapeElement | null {
  let grid: SpatialGrid<ShapeElement> | null = null;
  return (p) => {
    if (!grid) {
      grid = new SpatialGrid<ShapeElement>();
      for (const s of shapes) grid.insert(s, boundsOf(s));
    }
    let best: { s: ShapeElement; d: number } | null = null;
    for (const s of grid.query(pointBox(p, 6))) {
      const d = outlineDistance(p, s, s.type as Outline).distance;
      if (d <= 6 && (!best || d < best.d)) best = { s, d };
    }
    return best?.s ?? null;
  };
}

/** A text this many times the drawing's usual size (or larger) is a heading. */
const HEADING_SIZE = 1.35;

/** Whether a free text is written as a heading: one short line, larger than the usual text. */
function largerThanUsual(
  free: TextElement[],
  boundTo: Map<string, TextElement[]>,
): (t: TextElement) => boolean {
  const sizes = [...free, ...[...boundTo.values()].flat()].map((t) => t.fontSize).sort((a, b) => a - b);
  const usual = sizes[Math.floor(sizes.length / 2)] ?? 20;
  return (t) =>
    t.fontSize >= HEADING_SIZE * usual && !t.text.trim().includes('\n') && t.text.trim().length <= 40;
}

/**
 * The words on each stroke of a chain label the one edge it makes, in order along it: one text,
 * so that no later reading order undoes it (a bound label is drawn at its stroke's middle,
 * wherever the file stores it).
 */
function chainLabels(
  linework: { absorbed: Map<string, string>; linears: LinearElement[] },
  boundTo: Map<string, TextElement[]>,
  byId: Map<string, Element>,
): void {
  const chained = new Set<string>();
  for (const [member, owner] of linework.absorbed) {
    const words = boundTo.get(member);
    if (!words) continue;
    let whole = owner;
    for (let guard = 0; guard < 64 && linework.absorbed.has(whole); guard++)
      whole = linework.absorbed.get(whole)!;
    boundTo.delete(member);
    boundTo.set(whole, [...(boundTo.get(whole) ?? []), ...words]);
    chained.add(whole);
  }
  if (chained.size === 0) return;
  for (const l of linework.linears) {
    const words = chained.has(l.id) ? boundTo.get(l.id)! : [];
    if (words.length < 2) continue;
    const path = absolutePoints(l);
    const along = (t: TextElement) => {
      const stroke = t.containerId ? byId.get(t.containerId) : undefined;
      return polylineDistance(centerOf(stroke ?? t), path).along;
    };
    const ordered = [...words].sort((a, b) => along(a) - along(b));
    boundTo.set(l.id, [oneLabel(ordered)]);
  }
}

/** An arrow ends at a shape when its end lies this near the shape's outline, inside or out. */
const END_AT_BORDER = 12;

/** An empty box this high or higher may be a slot in a row of named boxes. */
const MIN_SLOT = 40;

/** …and this wide (a narrower one is a bar of a chart drawn in the box, or a queue's cell). */
const MIN_SLOT_WIDTH = 24;

/** A cell of a drawn queue or array is at most this wide, in a share of its height. */
const CELL_WIDTH = 0.5;

/**
 * Three or more narrow cells side by side in a named box draw what the box is (a queue's or an
 * array's cells), not parts of it.
 */
const cellsPicture = (row: Figure[]) =>
  row.length >= 3 &&
  row.every((f) => {
    const b = boundsOf(f.geom);
    return boxWidth(b) <= CELL_WIDTH * boxHeight(b);
  });

/** Boxes in a row lie this level with one another, in a share of their height, at most. */
const ROW_LEVEL = 0.15;

/** …and this far apart at most, or half the named box's width when that is more. */
const ROW_GAP = 40;

/**
 * Empty boxes drawn in a row with named boxes of their height, in the same region (more of the
 * same to come, or slots yet to fill): nodes without a name, as a person redraws them.
 */
function rowPlaceholders(
  figures: Figure[],
  parentOf: Map<Figure, Figure | null>,
  children: Map<Figure, Figure[]>,
  named: (f: Figure) => boolean,
): Set<Figure> {
  // Boxes, not marks: a chart's cells, a legend's swatches and a bucket's tokens are no slots.
  const empty = figures.filter(
    (f) =>
      f.kind === 'shape' &&
      f.geom.type === 'rectangle' &&
      !f.drawing &&
      f.members.length === 1 &&
      boxHeight(boundsOf(f.geom)) >= MIN_SLOT &&
      boxWidth(boundsOf(f.geom)) >= MIN_SLOT_WIDTH &&
      !children.has(f) &&
      !named(f),
  );
  const found = new Set<Figure>();
  if (empty.length === 0) return found;
  const grid = new SpatialGrid<Figure>();
  for (const f of figures) if (f.kind === 'shape' && !f.drawing && named(f)) grid.insert(f, boundsOf(f.geom));
  const beside = (f: Figure, g: Figure) => {
    const a = boundsOf(f.geom);
    const b = boundsOf(g.geom);
    const h = Math.max(boxHeight(a), boxHeight(b));
    if (Math.abs(a.minY - b.minY) > ROW_LEVEL * h || Math.abs(a.maxY - b.maxY) > ROW_LEVEL * h) return false;
    const gap = Math.max(a.minX - b.maxX, b.minX - a.maxX);
    return gap >= 0 && gap <= Math.max(ROW_GAP, 0.5 * boxWidth(b)) && boxArea(a) <= 1.2 * boxArea(b);
  };
  // Two or more alike in a row in a named box (a layer's parts left unnamed) are its parts too.
  const byParent = new Map<Figure, Figure[]>();
  for (const f of empty) {
    const p = parentOf.get(f);
    if (!p || !named(p)) continue;
    const list = byParent.get(p);
    if (list) list.push(f);
    else byParent.set(p, [f]);
  }
  for (const row of byParent.values()) {
    if (row.length < 2 || cellsPicture(row)) continue;
    const near = new SpatialGrid<Figure>();
    for (const f of row) near.insert(f, boundsOf(f.geom));
    for (const f of row) {
      const reach = grow(boundsOf(f.geom), Math.max(ROW_GAP, boxWidth(boundsOf(f.geom))));
      if ([...near.query(reach)].some((g) => g !== f && beside(f, g))) found.add(f);
    }
  }
  for (const f of found) grid.insert(f, boundsOf(f.geom));
  // Next to a named box, then next to one found so.
  let frontier = empty;
  for (let round = 0; round < 4 && frontier.length > 0; round++) {
    const next: Figure[] = [];
    for (const f of frontier) {
      if (found.has(f)) continue;
      const region = parentOf.get(f) ?? null;
      const near = grid.query(grow(boundsOf(f.geom), Math.max(ROW_GAP, boxWidth(boundsOf(f.geom)))));
      if ([...near].some((g) => g !== f && (parentOf.get(g) ?? null) === region && beside(f, g))) {
        found.add(f);
        grid.insert(f, boundsOf(f.geom));
      } else next.push(f);
    }
    if (next.length === frontier.length) break;
    frontier = next;
  }
  return found;
}

/** Words kept in their given order as one label, its lines in that order (the first's place). */
function oneLabel(words: TextElement[]): TextElement {
  return { ...words[0]!, text: words.map((t) => t.text).join('\n') };
}

/** Adds values to a key's list, starting the list if it has none. */
function addTo<K, V>(map: Map<K, V[]>, key: K, values: V[]): void {
  const list = map.get(key);
  if (list) list.push(...values);
  else map.set(key, [...values]);
}
