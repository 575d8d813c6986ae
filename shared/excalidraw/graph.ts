/**
 * A scene read as a flowchart: which elements are nodes, which arrows connect which nodes, which
 * labels belong where, and which boxes are containers. Mermaid ids are assigned here, from
 * element ids only. The reading follows how people draw (see issue 17): each rule lives in its
 * own module and reports every guess it makes.
 */

import { besideInterior, labelArrows, looksLikeArrowLabel } from './arrow-labels.ts';
import type { Container } from './containers.ts';
import { captionFor, findBraces, findRegions, nestFigures, readingOrder } from './containers.ts';
import { type End, leavesAndReturns, resolveEnd } from './ends.ts';
import { buildFigures, type Figure } from './figures.ts';
import {
  type Box,
  boundsOf,
  boxCenter,
  boxOf,
  boxPolylineDistance,
  centerOf,
  grow,
  boxInside as insideBox,
  type Outline,
  outlineDistance,
  overlapArea,
  pointBox,
  pointBoxDistance,
  rayBoxHit,
  SpatialGrid,
} from './geometry.ts';
import { readableText } from './labels.ts';
import { findLegends } from './legend.ts';
import { findLifelines, headerBox, type Lifeline } from './lifelines.ts';
import { readLinework } from './linework.ts';
import type {
  Arrowhead,
  Element,
  FrameElement,
  LinearElement,
  Scene,
  ShapeElement,
  SkippedElement,
  TextElement,
} from './model.ts';
import { Placement } from './placement.ts';
import {
  type Confidence,
  type ConversionReport,
  emptyReport,
  type Inference,
  recordGuess,
} from './report.ts';
import { buildStyles, type NodeStyle } from './styles.ts';
import { buildSubgraphs, type FlowSubgraph } from './subgraphs.ts';

export type NodeShape = 'rect' | 'round' | 'circle' | 'stadium' | 'diamond' | 'text' | 'cylinder' | 'hexagon';
export type LinkStroke = 'normal' | 'dotted' | 'thick';

export interface FlowNode {
  id: string;
  elementId: string;
  shape: NodeShape;
  label: string;
}

export interface FlowEdge {
  from: string;
  to: string;
  elementId: string;
  stroke: LinkStroke;
  /** Heads after orientation: an arrow with only a start head is turned around. */
  startHead: Arrowhead | null;
  endHead: Arrowhead | null;
  label: string | null;
}

export interface FlowGraph {
  direction: 'TD' | 'LR';
  nodes: FlowNode[];
  edges: FlowEdge[];
  subgraphs: FlowSubgraph[];
  styles: NodeStyle[];
  /** Free text that labels nothing, in reading order. */
  notes: string[];
  /** Element id → Mermaid id, for every element that became a node or a subgraph. */
  ids: Map<string, string>;
  report: ConversionReport;
}

/** What an arrow end can reach: a figure (a node or a container), a bare text, or a frame. */
type Target =
  | { kind: 'figure'; figure: Figure }
  | { kind: 'text'; text: TextElement }
  | { kind: 'frame'; frame: FrameElement };

interface Part {
  text: TextElement;
}

/** Reads a scene as a flowchart graph. */
export function buildGraph(scene: Scene): FlowGraph {
  const report = emptyReport();
  report.dropped.deleted = scene.deletedCount;
  const infer = (i: Inference) => recordGuess(report, i.kind, i.confidence, i.from, () => i.what);
  const guess = (kind: Inference['kind'], confidence: Confidence, from: string[], what: () => string) =>
    recordGuess(report, kind, confidence, from, what);
  const byId = new Map<string, Element>();
  const shapes: ShapeElement[] = [];
  const texts: TextElement[] = [];
  const linears: LinearElement[] = [];
  const frames: FrameElement[] = [];
  const pictures: SkippedElement[] = [];
  for (const el of scene.elements) {
    byId.set(el.id, el);
    if (el.type === 'rectangle' || el.type === 'ellipse' || el.type === 'diamond') shapes.push(el);
    else if (el.type === 'text') texts.push(el);
    else if (el.type === 'arrow' || el.type === 'line') linears.push(el);
    else if (el.type === 'frame') frames.push(el);
    else if (el.type === 'image' && el.fileMissing) report.dropped.images++;
    else if (el.type === 'image' || el.type === 'embeddable' || el.type === 'iframe') pictures.push(el);
    else if (el.type === 'freedraw') report.dropped.freedraw++;
    else if (el.type === 'other') {
      report.dropped.otherElements++;
      report.warnings.push(`${el.id}: ${el.originalType} elements cannot be shown in a flowchart, skipped`);
    }
  }

  // Text bound to a shape or arrow (containerId) is its label; anything else floats free.
  const boundTo = new Map<string, TextElement[]>();
  const free: TextElement[] = [];
  for (const t of texts) {
    if (readableText(t.text) === '') continue;
    const container = t.containerId ? byId.get(t.containerId) : undefined;
    if (container && (isShape(container) || container.type === 'arrow' || container.type === 'line')) {
      boundTo.set(container.id, [...(boundTo.get(container.id) ?? []), t]);
    } else {
      free.push(t);
    }
  }

  // Lines as drawn: arrowheads drawn by hand, strokes drawn end to end, closed outlines.
  let outlines: SpatialGrid<ShapeElement> | null = null;
  const outlineGrid = () => {
    if (!outlines) {
      outlines = new SpatialGrid<ShapeElement>();
      for (const s of shapes) outlines.insert(s, boundsOf(s));
    }
    return outlines;
  };
  const onShape = (p: { x: number; y: number }) =>
    outlineGrid()
      .query(pointBox(p, 6))
      .some((s) => outlineDistance(p, s, s.type as Outline).distance <= 6);
  const linework = readLinework(linears, onShape);
  for (const i of linework.inferences) infer(i);

  const figures = buildFigures({
    elements: scene.elements,
    shapes,
    freeTexts: free,
    boundLabelled: new Set(shapes.filter((s) => boundTo.has(s.id)).map((s) => s.id)),
    connectors: linework.linears,
    outlines: linework.outlines,
    pictures,
  });
  for (const i of figures.inferences) infer(i);
  const connectors = linework.linears.filter((l) => !figures.strokes.has(l.id));
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
    if (f) bound.set(f, list);
  }
  const pool = new Set(free.filter((t) => !figures.tableTexts.has(t)));
  const ownerOf = new Map<TextElement, Figure | null>();
  for (const t of pool) {
    const s = placement.shapeAround(t);
    let owner = s ? geomFigure.get(s)! : null;
    // A word sticking out across a box's edge and lying on an arrow is the arrow's label.
    if (owner && !insideBox(boundsOf(t), boundsOf(owner.geom)) && looksLikeArrowLabel(t, placement, false)) {
      owner = s ? (geomFigure.get(placement.shapeAt(centerOf(t), (g) => g === s) ?? s) ?? null) : null;
      if (owner?.geom === s) owner = null;
    }
    ownerOf.set(t, owner);
  }

  // Legends stay out of the graph.
  const legends = findLegends(
    [...pool],
    figures.list,
    connectors,
    (f) => boundFigures.has(f),
    (t) => ownerOf.get(t) ?? null,
  );
  for (const i of legends.inferences) infer(i);
  const legendNotes = [...legends.texts].map((t) => t.text);
  for (const t of legends.texts) pool.delete(t);
  const liveFigures = figures.list.filter((f) => !legends.figures.has(f));
  const liveConnectors = connectors.filter((l) => !legends.linears.has(l));

  // Group texts name the drawing they are grouped with (a database icon and its caption).
  const names = new Map<Figure, TextElement[]>();
  const textsOfGroup = new Map<string, TextElement[]>();
  for (const t of pool) {
    const g = t.groupIds.at(-1);
    if (g) textsOfGroup.set(g, [...(textsOfGroup.get(g) ?? []), t]);
  }
  for (const f of liveFigures) {
    if (!f.drawing || f.kind === 'table') continue;
    const group = byId.get(f.id)?.groupIds.at(-1);
    if (!group) continue;
    const named = (textsOfGroup.get(group) ?? []).filter((t) => pool.has(t) && ownerOf.get(t) !== f);
    if (named.length === 0) continue;
    names.set(f, named);
    for (const t of named) pool.delete(t);
  }
  // Lifelines hang under a participant (a word, a box or a figure); the narrow activation
  // boxes drawn on them are part of the participant, not nodes.
  const maybeLifelines = liveConnectors.some(
    (l) => l.type === 'line' && l.strokeStyle !== 'solid' && l.height >= 100 && l.width <= 0.1 * l.height,
  );
  let lifelines: Lifeline<Figure | TextElement>[] = [];
  if (maybeLifelines) {
    const hasText = new Set<Figure>();
    for (const t of pool) {
      const owner = ownerOf.get(t);
      if (owner) hasText.add(owner);
    }
    const headers = [
      ...liveFigures
        .filter((f) => bound.has(f) || hasText.has(f) || names.has(f) || f.kind === 'person')
        .map((f) => ({ header: f as Figure | TextElement, box: boundsOf(f.geom) })),
      ...[...pool]
        .filter((t) => ownerOf.get(t) === null)
        .map((t) => ({ header: t as Figure | TextElement, box: headerBox(t) })),
    ];
    const emptyRects = liveFigures.filter((f) => f.kind === 'shape' && !bound.has(f)).map((f) => f.geom);
    lifelines = findLifelines(liveConnectors, headers, emptyRects);
  }
  const lifelineIds = new Set(lifelines.map((ll) => ll.line.id));
  const activations = new Set<ShapeElement>(lifelines.flatMap((ll) => ll.activations));
  const headerTexts = new Set(
    lifelines.flatMap((ll) => ('text' in ll.header && ll.header.type === 'text' ? [ll.header] : [])),
  );
  if (lifelines.length > 0) {
    guess(
      'lifeline-end',
      'medium',
      lifelines.map((ll) => ll.line.id),
      () => `${lifelines.length} dashed lines under participants are lifelines`,
    );
  }

  const parentOf = nestFigures(liveFigures);

  // A word right beside a small empty mark inside a box annotates the mark (s0, s1 … beside
  // slots), not the box: it stays a note and leaves the box to its caption.
  const childrenOf = new Map<Figure, Figure[]>();
  for (const [f, p] of parentOf) if (p) childrenOf.set(p, [...(childrenOf.get(p) ?? []), f]);
  const sideNotes: TextElement[] = [];
  const marksOf = (f: Figure): Box[] => [
    ...(childrenOf.get(f) ?? []).filter((k) => !bound.has(k)).map((k) => boundsOf(k.geom)),
    ...f.members.flatMap((id) => {
      const el = id === f.id ? undefined : byId.get(id);
      return el && isShape(el) ? [boundsOf(el)] : [];
    }),
  ];
  for (const t of [...pool]) {
    const owner = ownerOf.get(t);
    if (!owner || owner.drawing) continue;
    const marks = marksOf(owner);
    if (marks.length === 0) continue;
    const tb = boundsOf(t);
    const c = centerOf(t);
    const beside = marks.some((kb) => {
      const gap = Math.max(tb.minX - kb.maxX, kb.minX - tb.maxX);
      return (
        gap >= -2 && gap <= 16 && c.y >= kb.minY && c.y <= kb.maxY && t.height <= 2 * (kb.maxY - kb.minY)
      );
    });
    if (beside) {
      sideNotes.push(t);
      pool.delete(t);
    }
  }

  // A box whose only content is a table, a picture or an unnamed drawing is one node: the
  // content is its body, and arrows reaching the body reach the box.
  const bodyOf = new Map<Figure, Figure>();
  const textOwners = new Set<Figure | null | undefined>([...pool].map((t) => ownerOf.get(t)));
  for (const [box, kids] of childrenOf) {
    const [kid] = kids;
    if (box.drawing || kids.length !== 1 || !kid!.drawing) continue;
    if (bound.has(kid!) || names.has(kid!) || textOwners.has(kid)) continue;
    bodyOf.set(kid!, box);
  }

  const hasOwnText = new Set<Figure>();
  for (const t of pool) {
    const owner = ownerOf.get(t);
    if (owner) hasOwnText.add(owner);
  }
  const namedHere = (f: Figure) => bound.has(f) || hasOwnText.has(f) || names.has(f);

  // Captions: a text just under (or over) a drawing, a picture or an empty shape names it. The
  // text lies outside it, in the region that holds it (or in none).
  const captions = new Map<Figure, TextElement>();
  const captioned = new Set<TextElement>();
  let captionGrid: SpatialGrid<TextElement> | null = null;
  for (const f of liveFigures) {
    if (namedHere(f) || activations.has(f.geom) || bodyOf.has(f)) continue;
    if (!captionGrid) {
      captionGrid = new SpatialGrid<TextElement>();
      for (const t of pool) captionGrid.insert(t, boundsOf(t));
    }
    const region = parentOf.get(f) ?? null;
    const c = captionFor(
      boundsOf(f.geom),
      captionGrid,
      captioned,
      (t) => (ownerOf.get(t) ?? null) === region && !headerTexts.has(t),
    );
    if (!c) continue;
    captions.set(f, c);
    captioned.add(c);
    pool.delete(c);
    guess(
      'caption',
      'medium',
      [c.id, f.id],
      () =>
        `“${short(c.text)}” ${centerOf(c).y > centerOf(f.geom).y ? 'under' : 'over'} ${f.kind} ${f.id} names it`,
    );
  }
  const ownTexts = new Map<Figure, TextElement[]>();
  for (const t of pool) {
    const owner = ownerOf.get(t);
    if (owner && !legends.figures.has(owner)) ownTexts.set(owner, [...(ownTexts.get(owner) ?? []), t]);
  }
  const named = (f: Figure) => bound.has(f) || ownTexts.has(f) || names.has(f);

  // Pictures count only when an arrow is bound to them; a caption alone names a screenshot.
  // Braces: a curly stroke beside several nodes, captioned at its tip, groups them.
  const braces = findBraces(
    liveConnectors
      .filter((l) => l.type === 'line' && !l.startBindingId && !l.endBindingId && l.points.length >= 5)
      .map((l) => ({ id: l.id, points: placement.polyline(l) })),
    [...pool].filter((t) => ownerOf.get(t) === null),
    liveFigures.filter((f) => bound.has(f) || ownTexts.has(f) || captions.has(f) || names.has(f)),
  );
  for (const b of braces) pool.delete(b.title);

  const nodeish = (f: Figure) =>
    bodyOf.has(f)
      ? false
      : f.kind === 'image' || f.kind === 'embed'
        ? boundFigures.has(f)
        : named(f) || captions.has(f) || boundFigures.has(f);
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
    braces,
  });
  for (const i of regions.inferences) infer(i);
  const containerOfFigure = new Map<Figure, Container>();
  for (const c of regions.containers) {
    if (c.figure) containerOfFigure.set(c.figure, c);
    for (const t of c.titleTexts) pool.delete(t);
  }
  const isContainer = (f: Figure) => containerOfFigure.has(f);

  // Labels of nodes: bound text and the texts inside, in reading order. A box whose inside is a
  // table or a drawing is named by its title; its other texts go back to the pool.
  const labels = new Map<Figure, Part[]>();
  const inside = new Map<Figure, Figure[]>();
  for (const g of liveFigures) {
    const p = parentOf.get(g);
    if (p) inside.set(p, [...(inside.get(p) ?? []), g]);
  }
  for (const f of liveFigures) {
    if (isContainer(f) || (!bound.has(f) && !ownTexts.has(f) && !names.has(f) && !captions.has(f))) continue;
    const parts = [...(bound.get(f) ?? []), ...(ownTexts.get(f) ?? [])].filter(
      (t) => pool.has(t) || bound.get(f)?.includes(t),
    );
    const body = (inside.get(f) ?? []).some((g) => bodyOf.get(g) === f || (g.drawing && !nodeish(g)));
    let chosen = parts;
    if (body && parts.length > 1) {
      const inner = (inside.get(f) ?? []).map((g) => boundsOf(g.geom));
      const top = Math.min(...inner.map((b) => b.minY));
      const title = readingOrder(parts).find((t) => centerOf(t).y < top);
      if (title) chosen = [title];
    }
    for (const t of [...(names.get(f) ?? []), ...(captions.has(f) ? [captions.get(f)!] : [])]) chosen.push(t);
    for (const t of chosen) pool.delete(t);
    if (chosen.length > 0)
      labels.set(
        f,
        chosen.map((text) => ({ text })),
      );
    for (const t of ownTexts.get(f) ?? []) {
      if (chosen.includes(t)) {
        guess(
          'shape-label',
          'high',
          [t.id, f.id],
          () => `free text “${short(t.text)}” inside ${f.kind} ${f.id} is its label`,
        );
      }
    }
  }
  const labelled = (f: Figure) => labels.has(f) || (f.link !== null && f.kind === 'embed');
  const labelOf = new Map<TextElement, Figure>();
  for (const [f, parts] of labels) for (const p of parts) labelOf.set(p.text, f);
  for (const [f, c] of containerOfFigure) for (const t of c.titleTexts) labelOf.set(t, f);

  // Decorations: an unnamed drawing or picture on a named shape's edge, or a small named badge
  // sitting across a node's border with nothing connected to it, is part of that node.
  const standIn = new Map<Figure, Figure>();
  const nodeGrid = new SpatialGrid<Figure>();
  for (const f of liveFigures)
    if (labelled(f) && !isContainer(f) && !f.drawing) nodeGrid.insert(f, boundsOf(f.geom));
  let ends: SpatialGrid<true> | null = null;
  const endGrid = () => {
    if (!ends) {
      ends = new SpatialGrid<true>(64);
      for (const l of liveConnectors) {
        const pts = placement.polyline(l);
        ends.insert(true, pointBox(pts[0]!));
        ends.insert(true, pointBox(pts.at(-1)!));
      }
    }
    return ends;
  };
  for (const f of liveFigures) {
    if (isContainer(f) || boundFigures.has(f)) continue;
    const unnamedDrawing = f.drawing && !labelled(f);
    if (!unnamedDrawing && !labelled(f)) continue;
    const box = boundsOf(f.geom);
    const area = Math.max(1, (box.maxX - box.minX) * (box.maxY - box.minY));
    for (const host of nodeGrid.query(box)) {
      if (host === f) continue;
      const hb = boundsOf(host.geom);
      const hostArea = Math.max(1, (hb.maxX - hb.minX) * (hb.maxY - hb.minY));
      const shared = overlapArea(box, hb);
      const across = shared > 0.1 * area && shared < 0.95 * area;
      if (!across || area > 0.5 * hostArea) continue;
      const badge = !unnamedDrawing;
      if (badge && endGrid().query(grow(box, 24)).length > 0) continue;
      standIn.set(f, host);
      if (badge) for (const p of labels.get(f) ?? []) pool.add(p.text);
      labels.delete(f);
      guess(
        'decoration',
        'medium',
        [f.id, host.id],
        () => `${f.kind} ${f.id} ${badge ? 'is a badge on' : 'decorates'} ${host.kind} ${host.id}`,
      );
      break;
    }
  }
  const resolveFigure = (f: Figure): Figure => standIn.get(f) ?? bodyOf.get(f) ?? f;
  const textTargets = new Map<TextElement, Target>();
  const figureTargets = new Map<Figure, Target>();

  // Free text beside an arrow labels it.
  const blocks = liveFigures.filter((f) => labelled(f) && !isContainer(f)).map((f) => boundsOf(f.geom));
  // Text an arrow points at is an endpoint, never a label. Text lying beside the arrow's own
  // path was bound to it by accident (its label), and an arrow only leaving a text that labels
  // another arrow is a callout: in both cases the binding is set aside and geometry decides.
  const ownLabelBinding = new Set<string>();
  const boundEnds = new Set<TextElement>();
  for (const l of liveConnectors) {
    ([l.startBindingId, l.endBindingId] as const).forEach((id, which) => {
      const el = id ? byId.get(id) : undefined;
      if (el?.type !== 'text' || !pool.has(el)) return;
      const pts = placement.polyline(l);
      if (besideInterior(centerOf(el), pts) && boxPolylineDistance(boundsOf(el), pts).distance <= 24) {
        ownLabelBinding.add(`${l.id}\u0000${which}`);
        return;
      }
      const heads = [l.startArrowhead, l.endArrowhead];
      const pointedAt = heads[which] !== null || heads[1 - which] === null;
      if (pointedAt) boundEnds.add(el);
    });
  }
  const arrowLabels = labelArrows(
    [...pool].filter((t) => !headerTexts.has(t) && !boundEnds.has(t)),
    placement,
    (l) => !legends.linears.has(l),
    blocks,
  );
  // One label on each side of an arrow at most (above and below it read as one label); a
  // farther text on the same side is a note.
  const freeLabels = new Map<string, { text: TextElement; confidence: Confidence }[]>();
  const bySide = new Map<string, (typeof arrowLabels)[number]>();
  for (const a of arrowLabels) {
    if (boundTo.has(a.linear.id)) continue;
    const pts = placement.polyline(a.linear);
    const [s0, e0] = [pts[0]!, pts.at(-1)!];
    const c = centerOf(a.text);
    const side = Math.sign((e0.x - s0.x) * (c.y - s0.y) - (e0.y - s0.y) * (c.x - s0.x));
    const key = `${a.linear.id}\u0000${side}`;
    const held = bySide.get(key);
    if (!held || a.distance < held.distance) bySide.set(key, a);
  }
  for (const a of bySide.values()) {
    freeLabels.set(a.linear.id, [
      ...(freeLabels.get(a.linear.id) ?? []),
      { text: a.text, confidence: a.confidence },
    ]);
    pool.delete(a.text);
  }

  // Texts arrows may point at: what no rule has used, and captions and names (which stand for
  // the drawing they name).
  placement.addTextTargets([...pool, ...captions.values(), ...[...names.values()].flat()]);
  function textTarget(t: TextElement): Target {
    let target = textTargets.get(t);
    if (!target) {
      target = { kind: 'text', text: t };
      textTargets.set(t, target);
    }
    return target;
  }
  function figureTarget(f: Figure): Target {
    const real = resolveFigure(f);
    let target = figureTargets.get(real);
    if (!target) {
      target = { kind: 'figure', figure: real };
      figureTargets.set(real, target);
    }
    return target;
  }
  const frameTargets = new Map(frames.map((f) => [f.id, { kind: 'frame', frame: f } as Target]));
  const headerTarget = (h: Figure | TextElement): Target => ('geom' in h ? figureTarget(h) : textTarget(h));
  const activationOf = new Map<ShapeElement, Target>();
  for (const ll of lifelines) for (const a of ll.activations) activationOf.set(a, headerTarget(ll.header));
  const ofShape = (s: ShapeElement): Target | undefined => {
    const activation = activationOf.get(s);
    if (activation) return activation;
    const f = geomFigure.get(s);
    return f && !legends.figures.has(f) ? figureTarget(f) : undefined;
  };
  const ctx = {
    placement,
    bound: (id: string): Target | undefined => {
      const real = bindingOf(id);
      const f = figures.of.get(real);
      if (f) return legends.figures.has(f) ? undefined : (activationOf.get(f.geom) ?? figureTarget(f));
      const el = byId.get(real);
      if (el?.type === 'frame') return frameTargets.get(el.id);
      if (el?.type !== 'text') return undefined;
      if (pool.has(el)) return textTarget(el);
      // Text that names a node (inside it, its caption, its title) stands for that node.
      const owner = labelOf.get(el);
      return owner ? figureTarget(owner) : undefined;
    },
    ofShape,
    ofText: (t: TextElement) => {
      const owner = labelOf.get(t);
      return owner && !pool.has(t) ? figureTarget(owner) : textTarget(t);
    },
    distanceAlong: (t: Target, p: { x: number; y: number }, dir: { x: number; y: number }) =>
      rayBoxHit(p, dir, targetBox(t)),
    distanceTo: (t: Target, p: { x: number; y: number }) => {
      if (t.kind === 'figure') {
        const g = t.figure.geom;
        const od = outlineDistance(p, g, g.type as Outline);
        return od.inside && isContainer(t.figure) ? od.distance : od.inside ? 0 : od.distance;
      }
      return pointBoxDistance(p, targetBox(t));
    },
    ignoreBinding: (l: LinearElement, which: 0 | 1) => ownLabelBinding.has(`${l.id}\u0000${which}`),
    isRegion: (t: Target) => t.kind === 'frame' || (t.kind === 'figure' && isContainer(t.figure)),
    lifelines: lifelines.map((ll) => ({ ...ll, header: headerTarget(ll.header) })),
    isLifeline: (l: LinearElement) => lifelineIds.has(l.id),
  };

  // Both ends of every connector.
  type Resolved = { l: LinearElement; ends: End<Target>[] };
  const resolved: Resolved[] = [];
  const onArrow: { l: LinearElement; which: 0 | 1 }[] = [];
  for (const l of liveConnectors) {
    if (lifelineIds.has(l.id)) continue;
    let start = resolveEnd(l, 0, ctx);
    let end = resolveEnd(l, 1, ctx);
    // Arrows drawn inside one drawing or table (between its own parts) are part of it.
    if (
      start.kind === 'ok' &&
      end.kind === 'ok' &&
      start.target === end.target &&
      start.target.kind === 'figure' &&
      (start.target.figure.drawing || [...bodyOf.values()].includes(start.target.figure)) &&
      !leavesAndReturns(placement.polyline(l), targetBox(start.target))
    ) {
      report.dropped.decorativeLines++;
      continue;
    }
    // One end on the other's target is a loop only if the path leaves it and comes back.
    if (start.kind === 'ok' && end.kind === 'ok' && start.target === end.target) {
      const box = targetBox(start.target);
      if (!leavesAndReturns(placement.polyline(l), box)) {
        const loop = start.target;
        const skip = (t: Target) => t === loop;
        if (end.how !== 'bound') end = resolveEnd(l, 1, ctx, skip);
        else if (start.how !== 'bound') start = resolveEnd(l, 0, ctx, skip);
      }
    }
    if (start.kind === 'on-arrow') onArrow.push({ l, which: 0 });
    resolved.push({ l, ends: [start, end] });
  }
  // An arrow starting on another arrow branches from that arrow's start.
  const sourceOf = new Map<LinearElement, Target>();
  for (const r of resolved) {
    const [s, e] = r.ends;
    if (s!.kind === 'ok' && e!.kind === 'ok') sourceOf.set(r.l, tail(r.l, s!.target, e!.target));
  }
  const resolvedOf = new Map(resolved.map((r) => [r.l, r]));
  for (const { l } of onArrow) {
    const r = resolvedOf.get(l)!;
    const host = placement.linearThrough(placement.polyline(l)[0]!, 8, l);
    const source = host ? sourceOf.get(host) : undefined;
    if (source) {
      r.ends[0] = { kind: 'ok', target: source, how: 'branch', confidence: 'medium' };
      guess(
        'branch',
        'medium',
        [l.id, host!.id],
        () => `${l.type} ${l.id} starts on ${host!.type} ${host!.id}: it branches from its start`,
      );
    }
  }

  const edgeTargets: { l: LinearElement; from: Target; to: Target }[] = [];
  for (const r of resolved) {
    const [start, end] = r.ends as [End<Target>, End<Target>];
    if (start.kind !== 'ok' || end.kind !== 'ok') {
      const bad =
        start.kind !== 'ok'
          ? { which: 'start', e: start }
          : { which: 'end', e: end as Exclude<End<Target>, { kind: 'ok' }> };
      if (r.l.type === 'line') {
        report.dropped.decorativeLines++;
        continue;
      }
      if (bad.e.kind === 'tie') report.dropped.ambiguousEnds++;
      else report.dropped.looseArrows++;
      report.warnings.push(`arrow ${r.l.id}: its ${bad.which} ${bad.e.why}; arrow dropped`);
      continue;
    }
    if (r.l.type === 'line' && (start.target === end.target || isClosedPath(placement.polyline(r.l)))) {
      report.dropped.decorativeLines++;
      continue;
    }
    // Mermaid cannot link a subgraph with what it holds.
    if (holds(start.target, end.target) || holds(end.target, start.target)) {
      report.warnings.push(`${r.l.type} ${r.l.id} links a container with what it holds; left out`);
      continue;
    }
    for (const [e, which] of [
      [start, 'start'],
      [end, 'end'],
    ] as const) {
      if (e.how === 'bound' || e.how === 'branch') continue;
      const target = e.target;
      guess(
        e.how === 'snapped' || e.how === 'inside'
          ? 'snapped-end'
          : e.how === 'lifeline'
            ? 'lifeline-end'
            : 'pointed-end',
        e.confidence,
        [r.l.id],
        () => `the ${which} of ${r.l.type} ${r.l.id} ${HOW_WORDS[e.how]} ${describe(target)}`,
      );
    }
    edgeTargets.push({ l: r.l, from: start.target, to: end.target });
  }

  // A word that an arrow leaves from and returns to (A → “loop” → A) labels a loop on A.
  const loopLabels = new Map<LinearElement, TextElement>();
  const intoOf = new Map<Target, typeof edgeTargets>();
  const outOf = new Map<Target, typeof edgeTargets>();
  for (const e of edgeTargets) {
    if (e.to.kind === 'text') intoOf.set(e.to, [...(intoOf.get(e.to) ?? []), e]);
    if (e.from.kind === 'text') outOf.set(e.from, [...(outOf.get(e.from) ?? []), e]);
  }
  for (const [t, target] of textTargets) {
    const into = intoOf.get(target) ?? [];
    const out = outOf.get(target) ?? [];
    if (into.length !== 1 || out.length !== 1 || into[0]!.from !== out[0]!.to || into[0]!.from === target)
      continue;
    const a = into[0]!;
    const b = out[0]!;
    edgeTargets.splice(edgeTargets.indexOf(b), 1);
    a.to = b.to;
    // The loop keeps the heads it is drawn with: the first part's start and the last part's end.
    a.l = { ...a.l, endArrowhead: tailHead(b.l) };
    loopLabels.set(a.l, t);
    guess(
      'loop-label',
      'medium',
      [t.id, a.l.id, b.l.id],
      () => `“${short(t.text)}” sits on a loop from ${describe(a.from)} back to it: the loop's label`,
    );
  }

  // Which figures and texts are nodes.
  const connected = new Set<Target>(edgeTargets.flatMap((e) => [e.from, e.to]));
  const nodeFigures: Figure[] = [];
  const containersUsed = new Set<Container>();
  for (const f of liveFigures) {
    if (standIn.has(f) || bodyOf.has(f) || activationOfFigure(f)) continue;
    const target = figureTargets.get(f);
    const c = containerOfFigure.get(f);
    if (c) {
      if (target && connected.has(target)) containersUsed.add(c);
      continue;
    }
    // A freehand outline or a cloud with words in it is a thought or a note unless an arrow
    // reaches it; a labelled box, a named store or a named figure is a node on its own.
    const needsArrow =
      f.kind === 'cloud' || f.kind === 'outline' || f.kind === 'image' || f.kind === 'embed' || !labelled(f);
    if (!needsArrow || (target && connected.has(target))) nodeFigures.push(f);
    else if (captions.has(f)) pool.add(captions.get(f)!);
    else report.dropped.emptyShapes += f.kind === 'shape' || f.kind === 'outline' ? 1 : 0;
  }
  // A library item or a sketch of lone shapes: each shape is the drawing's content.
  if (nodeFigures.length === 0 && edgeTargets.length === 0 && [...pool].length === 0) {
    for (const f of liveFigures) {
      if (parentOf.get(f) || standIn.has(f) || f.kind === 'image' || f.kind === 'embed') continue;
      nodeFigures.push(f);
      report.dropped.emptyShapes -= f.kind === 'shape' || f.kind === 'outline' ? 1 : 0;
      guess('lone-shape', 'medium', [f.id], () => `${f.kind} ${f.id} is the drawing's only content: a node`);
    }
  }
  const textNodes = [...textTargets].filter(([, target]) => connected.has(target)).map(([t]) => t);
  for (const t of textNodes) {
    pool.delete(t);
    guess('text-node', 'medium', [t.id], () => `arrows point at the free text “${short(t.text)}”: a node`);
  }

  // Labels on arrows that did not become edges are notes after all.
  const edgeIds = new Set(edgeTargets.map((e) => e.l.id));
  for (const [id, list] of freeLabels) {
    if (!edgeIds.has(id)) for (const { text } of list) pool.add(text);
    else {
      for (const { text, confidence } of list) {
        guess(
          'edge-label',
          confidence,
          [text.id, id],
          () => `free text “${short(text.text)}” beside ${byId.get(id)?.type ?? 'arrow'} ${id} is its label`,
        );
      }
    }
  }
  for (const [l, t] of loopLabels) freeLabels.set(l.id, [{ text: t, confidence: 'medium' }]);
  for (const t of textNodes) pool.delete(t);

  const notes = [
    ...sortByPosition([...pool, ...sideNotes], 'TD').map((t) => readableText(t.text)),
    ...legendNotes.map((n) => `legend: ${readableText(n)}`),
  ];
  const direction = inferDirection(edgeTargets.map((e) => ({ a: targetBox(e.from), b: targetBox(e.to) })));
  report.guessed.direction = direction;

  type NodeSource = { figure: Figure } | { text: TextElement };
  const sources: NodeSource[] = [
    ...nodeFigures.map((figure) => ({ figure })),
    ...textNodes.map((text) => ({ text })),
  ];
  const boxOfSource = (s: NodeSource) => ('figure' in s ? s.figure.geom : s.text);
  const keyed = sources.map((s) => ({ s, el: boxOfSource(s) }));
  const order = sortByPosition(
    keyed.map((k) => k.el),
    direction,
  );
  const rank = new Map(order.map((el, i) => [el, i]));
  keyed.sort((a, b) => rank.get(a.el)! - rank.get(b.el)!);

  const ids = new IdAllocator();
  const nodeId = new Map<string, string>();
  const targetId = new Map<Target, string>();
  const nodes: FlowNode[] = [];
  const placed: { id: string; groupIds: string[]; region: Container | null }[] = [];
  for (const { s } of keyed) {
    if ('figure' in s) {
      const f = s.figure;
      const id = ids.allocate('n', f.id);
      nodeId.set(f.id, id);
      for (const m of f.members) if (!nodeId.has(m)) nodeId.set(m, id);
      targetId.set(figureTarget(f), id);
      const label = labelText(labels.get(f)) || (f.kind === 'embed' && f.link ? f.link : '');
      nodes.push({ id, elementId: f.id, shape: figureShape(f), label });
      placed.push({ id, groupIds: byId.get(f.id)?.groupIds ?? [], region: regions.containerOf(f) });
    } else {
      const t = s.text;
      const id = ids.allocate('t', t.id);
      nodeId.set(t.id, id);
      targetId.set(textTarget(t), id);
      nodes.push({ id, elementId: t.id, shape: 'text', label: readableText(t.text) });
      placed.push({ id, groupIds: t.groupIds, region: regions.containerAt(boundsOf(t), t.frameId) });
    }
  }
  for (const [frameId, target] of frameTargets) {
    if (connected.has(target)) containersUsed.add(regions.containers.find((c) => c.frame?.id === frameId)!);
  }
  const subgraphs = buildSubgraphs(placed, [...containersUsed].filter(Boolean), ids, report);
  for (const [c, id] of subgraphs.idOf) {
    nodeId.set(c.id, id);
    if (c.figure) {
      const t = figureTargets.get(c.figure);
      if (t) targetId.set(t, id);
      for (const m of c.figure.members) if (!nodeId.has(m)) nodeId.set(m, id);
    }
    if (c.frame) targetId.set(frameTargets.get(c.frame.id)!, id);
  }

  const nodeRank = new Map(nodes.map((n, i) => [n.id, i]));
  const edges: FlowEdge[] = [];
  for (const { l, from, to } of edgeTargets) {
    const a = targetId.get(from);
    const b = targetId.get(to);
    if (!a || !b) {
      report.warnings.push(`${l.type} ${l.id}: one of its ends is a container without nodes; left out`);
      continue;
    }
    const parts =
      boundTo.get(l.id)?.map((text) => ({ text })) ?? freeLabels.get(l.id)?.map(({ text }) => ({ text }));
    edges.push(toEdge(l, a, b, parts));
  }
  edges.sort(
    (a, b) =>
      (nodeRank.get(a.from) ?? -1) - (nodeRank.get(b.from) ?? -1) ||
      (nodeRank.get(a.to) ?? -1) - (nodeRank.get(b.to) ?? -1) ||
      (a.elementId < b.elementId ? -1 : a.elementId > b.elementId ? 1 : 0),
  );

  report.converted.nodes = nodes.length;
  report.converted.edges = edges.length;
  report.converted.edgeLabels = edges.filter((e) => e.label !== null).length;
  report.converted.subgraphs = subgraphs.count;
  report.converted.notes = notes.length;
  const totals = report.guessTotals;
  report.guessed.snappedEnds = (totals['snapped-end'] ?? 0) + (totals['pointed-end'] ?? 0);
  report.guessed.shapeLabels = (totals['shape-label'] ?? 0) + (totals.caption ?? 0);
  report.guessed.edgeLabels = totals['edge-label'] ?? 0;
  report.guessed.textNodes = totals['text-node'] ?? 0;
  report.dropped.images += pictures.filter((p) => p.type === 'image' && !nodeId.has(p.id)).length;
  report.dropped.embeds = pictures.filter((p) => p.type !== 'image' && !nodeId.has(p.id)).length;
  const styled = keyed.map(({ s }) => ('figure' in s ? s.figure.geom : s.text));
  const styles = buildStyles(styled, nodeId, byId);
  return { direction, nodes, edges, subgraphs: subgraphs.roots, styles, notes, ids: nodeId, report };

  function activationOfFigure(f: Figure): boolean {
    return activations.has(f.geom);
  }
  function holds(outer: Target, inner: Target): boolean {
    if (outer.kind === 'text' || (outer.kind === 'figure' && !isContainer(outer.figure))) return false;
    const box = targetBox(outer);
    const ib = targetBox(inner);
    const c = boxCenter(ib);
    return c.x >= box.minX && c.x <= box.maxX && c.y >= box.minY && c.y <= box.maxY && outer !== inner;
  }
}

const HOW_WORDS: Record<string, string> = {
  snapped: 'is attached to the nearest outline,',
  inside: 'lies inside',
  lifeline: 'touches the lifeline of',
  pointed: 'points at',
};

function targetBox(t: Target) {
  if (t.kind === 'figure') return boundsOf(t.figure.geom);
  if (t.kind === 'text') return boundsOf(t.text);
  return boundsOf(t.frame);
}

function describe(t: Target): string {
  if (t.kind === 'text') return `the text “${short(t.text.text)}”`;
  if (t.kind === 'frame') return `frame ${t.frame.id}`;
  return `${t.figure.kind} ${t.figure.id}`;
}

// The head at the far end of a part, whichever way round it was drawn.
function tailHead(l: LinearElement): Arrowhead | null {
  return l.startArrowhead !== null && l.endArrowhead === null ? l.startArrowhead : l.endArrowhead;
}

function tail(l: LinearElement, from: Target, to: Target): Target {
  return l.startArrowhead !== null && l.endArrowhead === null ? to : from;
}

function isClosedPath(pts: { x: number; y: number }[]): boolean {
  return pts.length > 2 && Math.hypot(pts[0]!.x - pts.at(-1)!.x, pts[0]!.y - pts.at(-1)!.y) < 1;
}

const isBig = (f: Figure) => f.geom.width * f.geom.height > 200_000;
const short = (text: string) => {
  const line = text.length > 60 ? text.slice(0, 60) : text;
  const flat = /\s\s|[\n\t]/.test(line) ? line.replace(/\s+/g, ' ').trim() : line.trim();
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
};

function isShape(el: Element): el is ShapeElement {
  return el.type === 'rectangle' || el.type === 'ellipse' || el.type === 'diamond';
}

function figureShape(f: Figure): NodeShape {
  if (f.kind === 'cylinder') return 'cylinder';
  if (f.kind === 'cloud') return 'stadium';
  if (f.kind === 'outline') return (f.corners ?? 0) >= 5 ? 'hexagon' : 'rect';
  if (f.kind !== 'shape') return 'rect';
  const el = f.geom;
  if (el.type === 'diamond') return 'diamond';
  if (el.type === 'ellipse') {
    const ratio = el.height === 0 ? Number.POSITIVE_INFINITY : el.width / el.height;
    return ratio > 0.8 && ratio < 1.25 ? 'circle' : 'stadium';
  }
  return el.rounded ? 'round' : 'rect';
}

function labelText(parts: Part[] | undefined): string {
  if (!parts || parts.length === 0) return '';
  if (parts.length === 1) return readableText(parts[0]!.text.text);
  return readingOrder(parts.map((p) => p.text))
    .map((t) => readableText(t.text))
    .filter((t) => t !== '')
    .join('\n');
}

function toEdge(l: LinearElement, from: string, to: string, labelParts: Part[] | undefined): FlowEdge {
  const reversed = l.startArrowhead !== null && l.endArrowhead === null;
  const label = labelText(labelParts);
  return {
    from: reversed ? to : from,
    to: reversed ? from : to,
    elementId: l.id,
    stroke: l.strokeStyle !== 'solid' ? 'dotted' : l.strokeWidth >= 4 ? 'thick' : 'normal',
    startHead: reversed ? null : l.startArrowhead,
    endHead: reversed ? l.startArrowhead : l.endArrowhead,
    label: label === '' ? null : label,
  };
}

// Mermaid lays out by rank along one axis; pick the axis most edges run along in the drawing.
function inferDirection(
  edges: { a: ReturnType<typeof targetBox>; b: ReturnType<typeof targetBox> }[],
): 'TD' | 'LR' {
  let dx = 0;
  let dy = 0;
  for (const { a, b } of edges) {
    const ca = boxCenter(a);
    const cb = boxCenter(b);
    dx += Math.abs(cb.x - ca.x);
    dy += Math.abs(cb.y - ca.y);
  }
  return dx > dy ? 'LR' : 'TD';
}

// Reading order (top to bottom, then left to right), or column order for left-to-right charts,
// so the text follows the drawing.
function sortByPosition<T extends { x: number; y: number; width: number; height: number; id: string }>(
  elements: T[],
  direction: 'TD' | 'LR',
): T[] {
  const keyed = elements.map((el) => {
    const c = centerOf(el as unknown as Element);
    return { el, major: direction === 'LR' ? c.x : c.y, minor: direction === 'LR' ? c.y : c.x };
  });
  keyed.sort(
    (a, b) => a.major - b.major || a.minor - b.minor || (a.el.id < b.el.id ? -1 : a.el.id > b.el.id ? 1 : 0),
  );
  for (let i = 0; i < keyed.length; i++) elements[i] = keyed[i]!.el;
  return elements;
}

/**
 * Short, unique Mermaid ids derived from element ids: a kind prefix and the first characters of
 * the id, lengthened only when two ids would collide.
 */
export class IdAllocator {
  private readonly used = new Set<string>();

  allocate(prefix: string, elementId: string): string {
    const word = elementId.replace(/[^A-Za-z0-9_]/g, '_') || 'x';
    for (let length = Math.min(6, word.length); ; length += 2) {
      const candidate = `${prefix}_${word.slice(0, length)}`;
      if (!this.used.has(candidate)) return this.take(candidate);
      if (length >= word.length) break;
    }
    for (let n = 2; ; n++) {
      const candidate = `${prefix}_${word}_${n}`;
      if (!this.used.has(candidate)) return this.take(candidate);
    }
  }

  private take(id: string): string {
    this.used.add(id);
    return id;
  }
}
