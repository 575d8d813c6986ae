/**
 * A scene read as a flowchart: which elements are nodes, which arrows connect which nodes, and
 * which labels belong where. Mermaid ids are assigned here, from element ids only.
 */

import { centerOf, type Point } from './geometry.ts';
import type {
  Arrowhead,
  Element,
  FrameElement,
  LinearElement,
  Scene,
  ShapeElement,
  TextElement,
} from './model.ts';
import { Placement, type Snap } from './placement.ts';
import { type ConversionReport, emptyReport } from './report.ts';
import { buildStyles, type NodeStyle } from './styles.ts';
import { buildSubgraphs, type FlowSubgraph } from './subgraphs.ts';

export type NodeShape = 'rect' | 'round' | 'circle' | 'stadium' | 'diamond' | 'text';
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
  /** Element id → Mermaid id, for every element that became a node or a frame subgraph. */
  ids: Map<string, string>;
  report: ConversionReport;
}

type Target = ShapeElement | TextElement | FrameElement;
type End = { kind: 'ok'; target: Target; snapped: boolean } | { kind: 'loose' | 'tie'; why: string };

interface LabelPart {
  text: string;
  order: number;
}

/** Reads a scene as a flowchart graph. */
export function buildGraph(scene: Scene): FlowGraph {
  const report = emptyReport();
  report.dropped.deleted = scene.deletedCount;
  const byId = new Map<string, Element>();
  const shapes: ShapeElement[] = [];
  const texts: TextElement[] = [];
  const linears: LinearElement[] = [];
  for (const el of scene.elements) {
    byId.set(el.id, el);
    if (el.type === 'rectangle' || el.type === 'ellipse' || el.type === 'diamond') shapes.push(el);
    else if (el.type === 'text') texts.push(el);
    else if (el.type === 'arrow' || el.type === 'line') linears.push(el);
    else if (el.type === 'freedraw') report.dropped.freedraw++;
    else if (el.type === 'image') report.dropped.images++;
    else if (el.type === 'embeddable' || el.type === 'iframe') report.dropped.embeds++;
    else if (el.type === 'other') {
      report.dropped.otherElements++;
      report.warnings.push(`${el.id}: ${el.originalType} elements cannot be shown in a flowchart, skipped`);
    }
  }

  const labels = new Map<string, LabelPart[]>();
  const addLabel = (id: string, part: LabelPart) => {
    const list = labels.get(id);
    if (list) list.push(part);
    else labels.set(id, [part]);
  };

  // Text bound to a shape or arrow (containerId) is its label; anything else floats free.
  const free = new Set<TextElement>();
  for (const t of texts) {
    if (t.text.trim() === '') continue;
    const container = t.containerId ? byId.get(t.containerId) : undefined;
    if (container && (isShape(container) || container.type === 'arrow' || container.type === 'line')) {
      addLabel(container.id, { text: t.text, order: -1 });
    } else {
      free.add(t);
    }
  }

  const placement = new Placement(shapes, linears);
  // Resolved once, before free text is placed: placing text as labels must not change what an
  // arrow is bound to.
  const resolved = new Map<string, Element | undefined>();
  const bindingTarget = (id: string | null): Element | null | undefined => {
    if (!id) return null;
    if (!resolved.has(id)) resolved.set(id, resolveBinding(id));
    return resolved.get(id);
  };
  const resolveBinding = (id: string): Element | undefined => {
    const el = byId.get(id);
    if (el?.type !== 'text') return el;
    const container = el.containerId ? byId.get(el.containerId) : undefined;
    if (container && isShape(container)) return container;
    // An arrow bound to loose text drawn inside an unlabelled box means the box: the text is its
    // label in all but the containerId (common before bound text existed, 2020–2021). A box
    // holding other shapes is a region, not the thing the arrow points at.
    // Empty text, or text labelling an arrow, cannot be an endpoint: place the end by geometry.
    if (!free.has(el)) return undefined;
    const around = placement.shapeAround(el);
    return around && !labels.has(around.id) && !placement.holdsShapes(around) ? around : el;
  };

  // Free text that an arrow is bound to is an endpoint, never a label.
  const boundTexts = new Set<TextElement>();
  for (const l of linears) {
    for (const id of [l.startBindingId, l.endBindingId]) {
      const el = bindingTarget(id);
      if (el?.type === 'text' && free.has(el)) boundTexts.add(el);
    }
  }

  const linearLabelTexts = new Map<string, TextElement[]>();
  const unplaced: TextElement[] = [];
  for (const t of free) {
    if (boundTexts.has(t)) continue;
    const shape = placement.shapeAround(t);
    const under = placement.linearUnder(t);
    if (under && (!shape || placement.linearInside(under.linear, shape))) {
      addLabel(under.linear.id, { text: t.text, order: under.along });
      linearLabelTexts.set(under.linear.id, [...(linearLabelTexts.get(under.linear.id) ?? []), t]);
    } else if (shape) {
      addLabel(shape.id, { text: t.text, order: t.y * 1e6 + t.x });
      report.guessed.shapeLabels++;
    } else {
      unplaced.push(t);
    }
  }
  placement.addTextTargets([...boundTexts, ...unplaced]);

  const resolveEnd = (bindingId: string | null, p: Point): End => {
    const bound = bindingTarget(bindingId);
    if (bound) {
      if (isShape(bound) || bound.type === 'text' || bound.type === 'frame') {
        return { kind: 'ok', target: bound, snapped: false };
      }
      // Bound to an image, an embed or another arrow: none is a node, so the end is placed by
      // geometry like an unbound one (an icon usually sits in or next to the box it stands for).
    }
    const shape = placement.snapToShape(p);
    if (shape.kind !== 'none') return fromSnap(shape);
    const text = placement.snapToText(p);
    if (text.kind !== 'none') return fromSnap(text);
    return { kind: 'loose', why: `is not within 24 px of any shape` };
  };

  const edgeTargets: { l: LinearElement; from: Target; to: Target }[] = [];
  for (const l of linears) {
    const points = placement.polyline(l);
    const start = resolveEnd(l.startBindingId, points[0]!);
    const end = resolveEnd(l.endBindingId, points.at(-1)!);
    if (l.type === 'line') {
      const closed =
        points.length > 2 && Math.hypot(points[0]!.x - points.at(-1)!.x, points[0]!.y - points.at(-1)!.y) < 1;
      if (closed || start.kind !== 'ok' || end.kind !== 'ok' || start.target === end.target) {
        report.dropped.decorativeLines++;
        continue;
      }
    } else if (start.kind !== 'ok' || end.kind !== 'ok') {
      const bad =
        start.kind !== 'ok'
          ? { which: 'start', e: start }
          : { which: 'end', e: end as Exclude<End, { kind: 'ok' }> };
      if (bad.e.kind === 'tie') report.dropped.ambiguousEnds++;
      else report.dropped.looseArrows++;
      report.warnings.push(`arrow ${l.id}: its ${bad.which} ${bad.e.why}; arrow dropped`);
      continue;
    }
    if (start.kind !== 'ok' || end.kind !== 'ok') continue;
    report.guessed.snappedEnds += Number(start.snapped) + Number(end.snapped);
    edgeTargets.push({ l, from: start.target, to: end.target });
    report.guessed.edgeLabels += linearLabelTexts.get(l.id)?.length ?? 0;
  }

  // Positional labels on arrows that did not become edges are notes after all.
  const edgeIds = new Set(edgeTargets.map((e) => e.l.id));
  for (const [id, list] of linearLabelTexts) if (!edgeIds.has(id)) unplaced.push(...list);

  const connected = new Set<Target>(edgeTargets.flatMap((e) => [e.from, e.to]));
  const nodeElements: (ShapeElement | TextElement)[] = [];
  for (const s of shapes) {
    if (labels.has(s.id) || connected.has(s)) nodeElements.push(s);
    else report.dropped.emptyShapes++;
  }
  for (const t of [...boundTexts, ...unplaced]) {
    if (connected.has(t)) {
      nodeElements.push(t);
      report.guessed.textNodes++;
    }
  }
  const notes = sortByPosition(
    unplaced.filter((t) => !connected.has(t)),
    'TD',
  );

  const direction = inferDirection(edgeTargets);
  report.guessed.direction = direction;
  sortByPosition(nodeElements, direction);

  const ids = new IdAllocator();
  const nodeId = new Map<string, string>();
  const nodes: FlowNode[] = nodeElements.map((el) => {
    const id = ids.allocate(el.type === 'text' ? 't' : 'n', el.id);
    nodeId.set(el.id, id);
    return {
      id,
      elementId: el.id,
      shape: nodeShape(el),
      label: el.type === 'text' ? el.text : labelText(labels.get(el.id)),
    };
  });

  const frames = scene.elements.filter((el): el is FrameElement => el.type === 'frame');
  const targetedFrames = new Set(
    edgeTargets.flatMap((e) => [e.from, e.to]).filter((t) => t.type === 'frame'),
  );
  const subgraphs = buildSubgraphs(nodeElements, nodeId, frames, targetedFrames, ids, report);

  const endpointId = (t: Target) => (t.type === 'frame' ? subgraphs.frameIds.get(t.id)! : nodeId.get(t.id)!);
  const nodeRank = new Map(nodes.map((n, i) => [n.id, i]));
  const edges = edgeTargets.map(({ l, from, to }) =>
    toEdge(l, endpointId(from), endpointId(to), labels.get(l.id)),
  );
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
  const styles = buildStyles(nodeElements, nodeId, byId);
  for (const [frameId, id] of subgraphs.frameIds) nodeId.set(frameId, id);
  return {
    direction,
    nodes,
    edges,
    subgraphs: subgraphs.roots,
    styles,
    notes: notes.map((t) => t.text),
    ids: nodeId,
    report,
  };
}

function fromSnap(snap: Snap<ShapeElement | TextElement>): End {
  if (snap.kind === 'hit') return { kind: 'ok', target: snap.target, snapped: true };
  if (snap.kind === 'tie') {
    const [a, b] = snap.targets;
    return { kind: 'tie', why: `is equally close to ${a.id} and ${b.id}` };
  }
  return { kind: 'loose', why: 'is not within 24 px of any shape' };
}

function isShape(el: Element): el is ShapeElement {
  return el.type === 'rectangle' || el.type === 'ellipse' || el.type === 'diamond';
}

function nodeShape(el: ShapeElement | TextElement): NodeShape {
  if (el.type === 'text') return 'text';
  if (el.type === 'diamond') return 'diamond';
  if (el.type === 'ellipse') {
    const ratio = el.height === 0 ? Number.POSITIVE_INFINITY : el.width / el.height;
    return ratio > 0.8 && ratio < 1.25 ? 'circle' : 'stadium';
  }
  return el.rounded ? 'round' : 'rect';
}

function labelText(parts: LabelPart[] | undefined): string {
  if (!parts) return '';
  return [...parts]
    .sort((a, b) => a.order - b.order)
    .map((p) => p.text.trim())
    .join('\n');
}

function toEdge(l: LinearElement, from: string, to: string, labelParts: LabelPart[] | undefined): FlowEdge {
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
function inferDirection(edges: { from: Target; to: Target }[]): 'TD' | 'LR' {
  let dx = 0;
  let dy = 0;
  for (const { from, to } of edges) {
    const a = centerOf(from);
    const b = centerOf(to);
    dx += Math.abs(b.x - a.x);
    dy += Math.abs(b.y - a.y);
  }
  return dx > dy ? 'LR' : 'TD';
}

// Reading order (top to bottom, then left to right), or column order for left-to-right charts,
// so the text follows the drawing.
function sortByPosition<T extends Element>(elements: T[], direction: 'TD' | 'LR'): T[] {
  const keyed = elements.map((el) => {
    const c = centerOf(el);
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
