/**
 * The flowchart as Mermaid will be written: nodes with their shapes and labels in reading order,
 * edges with their heads turned the way they point, subgraphs, styles, and Mermaid ids derived
 * from element ids only.
 */

import { type Link, type Target, type Targets, targetBox } from './connections.ts';
import type { Container, Regions } from './containers.ts';
import { readingOrder } from './containers.ts';
import type { Figure } from './figures.ts';
import { absolutePoints, type Box, boundsOf, boxCenter, centerOf } from './geometry.ts';
import { marksCardinality, numbersStep, readableText } from './labels.ts';
import type { Arrowhead, Element, LinearElement, SkippedElement, TextElement } from './model.ts';
import { type ConversionReport, recordGuess } from './report.ts';
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

export interface GraphParts {
  report: ConversionReport;
  byId: Map<string, Element>;
  nodeFigures: Figure[];
  textNodes: TextElement[];
  labels: Map<Figure, TextElement[]>;
  links: Link[];
  /** The texts labelling an arrow (bound, or free beside it). */
  edgeLabel: (l: LinearElement) => TextElement[] | undefined;
  targets: Targets;
  regions: Regions;
  /** Containers an arrow reaches: subgraphs even without nodes of their own. */
  reached: Container[];
  notes: string[];
  pictures: SkippedElement[];
}

/** Orders, names and writes out what the rules found. */
export function assembleGraph(p: GraphParts): FlowGraph {
  const { report, targets } = p;
  const direction = inferDirection(p.links.map((e) => [targetBox(e.from), targetBox(e.to)]));
  report.guessed.direction = direction;

  type NodeSource = { figure: Figure; el: Element } | { text: TextElement; el: Element };
  const sources: NodeSource[] = [
    ...p.nodeFigures.map((figure) => ({ figure, el: figure.geom })),
    ...p.textNodes.map((text) => ({ text, el: text })),
  ];
  sortByPosition(sources, direction);

  const ids = new IdAllocator();
  const nodeId = new Map<string, string>();
  const targetId = new Map<Target, string>();
  const nodes: FlowNode[] = [];
  const placed: { id: string; groupIds: string[]; region: Container | null }[] = [];
  for (const s of sources) {
    if ('figure' in s) {
      const f = s.figure;
      const id = ids.allocate('n', f.id);
      nodeId.set(f.id, id);
      for (const m of f.members) if (!nodeId.has(m)) nodeId.set(m, id);
      targetId.set(targets.figure(f), id);
      let label = labelText(p.labels.get(f));
      if (!label && f.ownName) {
        label = f.ownName;
        if (f.kind === 'image') {
          const name = f.ownName;
          // Words read from pixels are less sure than a title the picture writes down.
          const [kind, confidence, how] = f.namePrinted
            ? (['picture-words', 'low', 'the words printed in it'] as const)
            : (['picture-name', 'medium', 'its own title'] as const);
          recordGuess(report, kind, confidence, [f.id], () => `picture ${f.id} named "${name}" by ${how}`);
        }
      }
      nodes.push({ id, elementId: f.id, shape: figureShape(f), label });
      placed.push({ id, groupIds: p.byId.get(f.id)?.groupIds ?? [], region: p.regions.containerOf(f) });
    } else {
      const t = s.text;
      const id = ids.allocate('t', t.id);
      nodeId.set(t.id, id);
      targetId.set(targets.text(t), id);
      nodes.push({ id, elementId: t.id, shape: 'text', label: readableText(t.text) });
      placed.push({ id, groupIds: t.groupIds, region: p.regions.containerAt(boundsOf(t), t.frameId) });
    }
  }
  const subgraphs = buildSubgraphs(placed, p.reached, ids, report);
  for (const [c, id] of subgraphs.idOf) {
    nodeId.set(c.id, id);
    if (c.figure) {
      const t = targets.ofFigure.get(c.figure);
      if (t) targetId.set(t, id);
      for (const m of c.figure.members) if (!nodeId.has(m)) nodeId.set(m, id);
    }
    if (c.frame) targetId.set(targets.ofFrame.get(c.frame.id)!, id);
  }

  const nodeRank = new Map(nodes.map((n, i) => [n.id, i]));
  const edges: FlowEdge[] = [];
  for (const { l, from, to } of p.links) {
    const a = targetId.get(from);
    const b = targetId.get(to);
    if (!a || !b) {
      report.warnings.push(`${l.type} ${l.id}: one of its ends is a container without nodes; left out`);
      continue;
    }
    edges.push(toEdge(l, a, b, p.edgeLabel(l)));
  }
  // Ranks looked up once per edge, not once per comparison.
  const ranked = edges.map((e) => ({ e, from: nodeRank.get(e.from) ?? -1, to: nodeRank.get(e.to) ?? -1 }));
  ranked.sort(
    (a, b) =>
      a.from - b.from ||
      a.to - b.to ||
      (a.e.elementId < b.e.elementId ? -1 : a.e.elementId > b.e.elementId ? 1 : 0),
  );
  for (let i = 0; i < ranked.length; i++) edges[i] = ranked[i]!.e;

  report.converted.nodes = nodes.length;
  report.converted.edges = edges.length;
  report.converted.edgeLabels = edges.filter((e) => e.label !== null).length;
  report.converted.subgraphs = subgraphs.count;
  report.converted.notes = p.notes.length;
  const totals = report.guessTotals;
  report.guessed.snappedEnds = (totals['snapped-end'] ?? 0) + (totals['pointed-end'] ?? 0);
  report.guessed.shapeLabels = (totals['shape-label'] ?? 0) + (totals.caption ?? 0);
  report.guessed.edgeLabels = totals['edge-label'] ?? 0;
  report.guessed.textNodes = totals['text-node'] ?? 0;
  report.dropped.images += p.pictures.filter((e) => e.type === 'image' && !nodeId.has(e.id)).length;
  report.dropped.embeds = p.pictures.filter((e) => e.type !== 'image' && !nodeId.has(e.id)).length;
  const styles = buildStyles(
    sources.map((s) => ('figure' in s ? s.figure.geom : s.text)),
    nodeId,
    p.byId,
  );
  return { direction, nodes, edges, subgraphs: subgraphs.roots, styles, notes: p.notes, ids: nodeId, report };
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

/** Several texts naming one thing, read in reading order, one per line. */
function labelText(parts: TextElement[] | undefined): string {
  if (!parts || parts.length === 0) return '';
  if (parts.length === 1) return readableText(parts[0]!.text);
  // A step's number comes first, wherever it is written; the words follow in reading order. A
  // number written smaller just after a word on its line is that word's index (S₀), read after it.
  const [first, ...rest] = parts;
  const index = (n: TextElement) =>
    rest.some((t) => {
      const gap = boundsOf(n).minX - boundsOf(t).maxX;
      const overlap =
        Math.min(boundsOf(n).maxY, boundsOf(t).maxY) - Math.max(boundsOf(n).minY, boundsOf(t).minY);
      return n.fontSize < t.fontSize && gap >= -4 && gap <= 0.5 * t.fontSize && overlap >= 0.5 * n.height;
    });
  const ordered =
    numbersStep(first!.text) && !index(first!) ? [first!, ...readingOrder(rest)] : readingOrder(parts);
  return ordered
    .map((t) => readableText(t.text))
    .filter((t) => t !== '')
    .join('\n');
}

/** Cardinality marks at both ends of a relation, in the order they are read: tail first. */
function relationEnds(
  l: LinearElement,
  reversed: boolean,
  parts: TextElement[] | undefined,
): TextElement[] | null {
  if (parts?.length !== 2 || !parts.every((t) => marksCardinality(t.text))) return null;
  const path = absolutePoints(l);
  const tail = reversed ? path.at(-1)! : path[0]!;
  const away = (t: TextElement) => {
    const c = centerOf(t);
    return Math.hypot(c.x - tail.x, c.y - tail.y);
  };
  return [...parts].sort((a, b) => away(a) - away(b));
}

function toEdge(l: LinearElement, from: string, to: string, labelParts: TextElement[] | undefined): FlowEdge {
  // A dot or a bar at the tail of an arrow marks where it leaves: the arrow runs one way.
  let [start, end] = [l.startArrowhead, l.endArrowhead];
  if (start !== null && end !== null && (start === 'arrow') !== (end === 'arrow')) {
    if (start === 'arrow') end = null;
    else start = null;
  }
  const reversed = start !== null && end === null;
  const ends = relationEnds(l, reversed, labelParts);
  const label = ends ? ends.map((t) => readableText(t.text)).join('\n') : labelText(labelParts);
  return {
    from: reversed ? to : from,
    to: reversed ? from : to,
    elementId: l.pieceOf ?? l.id,
    stroke: l.strokeStyle !== 'solid' ? 'dotted' : l.strokeWidth >= 4 ? 'thick' : 'normal',
    startHead: reversed ? null : start,
    endHead: reversed ? start : end,
    label: label === '' ? null : label,
  };
}

// Mermaid lays out by rank along one axis; pick the axis most edges run along in the drawing.
function inferDirection(pairs: [Box, Box][]): 'TD' | 'LR' {
  let dx = 0;
  let dy = 0;
  for (const [a, b] of pairs) {
    const ca = boxCenter(a);
    const cb = boxCenter(b);
    dx += Math.abs(cb.x - ca.x);
    dy += Math.abs(cb.y - ca.y);
  }
  return dx > dy ? 'LR' : 'TD';
}

/**
 * Reading order (top to bottom, then left to right), or column order for left-to-right charts,
 * so the text follows the drawing. Sorts in place.
 */
export function sortByPosition<T extends { el: Element }>(items: T[], direction: 'TD' | 'LR'): T[] {
  const keyed = items.map((item) => {
    const c = centerOf(item.el);
    return { item, major: direction === 'LR' ? c.x : c.y, minor: direction === 'LR' ? c.y : c.x };
  });
  keyed.sort(
    (a, b) =>
      a.major - b.major ||
      a.minor - b.minor ||
      (a.item.el.id < b.item.el.id ? -1 : a.item.el.id > b.item.el.id ? 1 : 0),
  );
  for (let i = 0; i < keyed.length; i++) items[i] = keyed[i]!.item;
  return items;
}

/**
 * Short, unique Mermaid ids derived from element ids: a kind prefix and the first characters of
 * the id, lengthened only when two ids would collide. An id a person wrote (`haproxy-a`, lowercase
 * words) is kept whole: cut, `haproxy-a` and `haproxy-b` would read `n_haprox` and `n_haproxy_`.
 */
/** An element id written by a person or a tool as words, not drawn at random (`api-gateway`). */
const WRITTEN_ID = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
const WRITTEN_ID_LENGTH = 32;

export class IdAllocator {
  private readonly used = new Set<string>();

  allocate(prefix: string, elementId: string): string {
    const word = elementId.replace(/[^A-Za-z0-9_]/g, '_') || 'x';
    const start =
      WRITTEN_ID.test(elementId) && elementId.length <= WRITTEN_ID_LENGTH
        ? word.length
        : Math.min(6, word.length);
    for (let length = start; ; length += 2) {
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
