/**
 * Renders a flowchart (or a state or class diagram) with the real layout and reports where each
 * node and subgraph landed, with the graph as mermaid's own parser read it. The layout search
 * (shared/layout) judges candidate edits by these; the CLI engine page and the app's preview
 * frame both run it.
 */
import mermaid from 'mermaid';
import type { Box, GraphFacts, LayoutProbe } from '../../shared/layout/probe.ts';
import type { RenderRequest } from '../../shared/mermaid/render-types.ts';
import { renderMermaid } from './index.ts';

/** The parts of mermaid's FlowDB the probe reads (mermaid does not export its type). */
interface FlowDb {
  getDirection(): string | undefined;
  getVertices(): Map<
    string,
    {
      id: string;
      domId: string;
      text?: string;
      type?: string;
      classes: string[];
      styles: string[];
      link?: string;
    }
  >;
  getEdges(): FlowEdges;
  getSubGraphs(): { id: string; title: string; classes: string[]; dir?: string; nodes: string[] }[];
  getClasses(): Map<string, { id: string; styles: string[]; textStyles: string[] }>;
}

type FlowEdges = {
  id?: string;
  isUserDefinedId: boolean;
  start: string;
  end: string;
  text: string;
  type?: string;
  stroke?: string;
  length?: number;
  style?: string[];
  classes: string[];
  interpolate?: string;
  animate?: boolean;
  animation?: string;
}[] & { defaultStyle?: string[]; defaultInterpolate?: string };

const PROBE_SVG_ID = 'merrow-probe';
let host: HTMLElement | null = null;

/** Renders `req` (a flowchart, state or class diagram) and measures it; other types fail with a diagnostic. */
export async function probeLayout(req: RenderRequest, container?: HTMLElement): Promise<LayoutProbe> {
  return (await renderAndProbe(req, container, PROBE_SVG_ID)).probe;
}

/** Renders and measures, and keeps the SVG (the preview shows the one it settles on). */
export async function renderAndProbe(
  req: RenderRequest,
  container: HTMLElement | undefined,
  svgId: string,
): Promise<{ probe: LayoutProbe; svg: string | null }> {
  const rendered = await renderMermaid({ ...req, svgId }, container);
  if (!rendered.ok) return { probe: rendered, svg: null };
  if (!layoutFamily(rendered.diagramType)) {
    const message = 'layout control works on flowcharts, state and class diagrams only for now';
    return {
      probe: { ok: false, diagnostics: [{ line: 1, column: 1, severity: 'error', message }] },
      svg: null,
    };
  }
  // The graph is read before the drawing is mounted: mounting and measuring then run without a
  // pause, so a probe that overlaps this one (a search abandoned mid-render) cannot replace the
  // drawing being measured.
  const graph = await readGraph(req.text);
  const svg = mount(rendered.svg);
  try {
    return { probe: { ok: true, ...measure(svg, graph.domIds), graph: graph.facts }, svg: rendered.svg };
  } finally {
    svg.remove();
  }
}

/** Measures a flowchart already in the page (the preview's own), with the graph read from its text. */
export async function probeShown(svg: SVGSVGElement, text: string): Promise<LayoutProbe> {
  const graph = await readGraph(text);
  return { ok: true, ...measure(svg, graph.domIds), graph: graph.facts };
}
/** The kind of diagram layout control knows, by mermaid's diagram type; null for the rest. */
export function layoutFamily(diagramType: string): 'flowchart' | 'state' | 'class' | null {
  if (diagramType.startsWith('flowchart') || diagramType === 'graph') return 'flowchart';
  if (diagramType === 'stateDiagram' || diagramType === 'state') return 'state';
  if (diagramType === 'classDiagram' || diagramType === 'class') return 'class';
  return null;
}

async function readGraph(text: string): Promise<{ facts: GraphFacts; domIds: Map<string, string> }> {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const family = layoutFamily(diagram.type);
  if (family === 'state') return readStateGraph(diagram.db as unknown as StateDb);
  if (family === 'class') return readClassGraph(diagram.db as unknown as ClassDb);
  const db = diagram.db as unknown as FlowDb;
  const domIds = new Map<string, string>();
  const nodes = [...db.getVertices().values()].map((v) => {
    domIds.set(v.domId, v.id);
    return {
      id: v.id,
      text: v.text ?? v.id,
      shape: v.type ?? '',
      classes: [...v.classes],
      styles: [...v.styles],
      link: v.link ?? '',
    };
  });
  const flowEdges = db.getEdges();
  const edges = flowEdges.map((e) => ({
    userId: e.isUserDefinedId ? (e.id ?? '') : '',
    from: e.start,
    to: e.end,
    text: e.text,
    type: e.type ?? '',
    stroke: e.stroke ?? '',
    length: e.length ?? 1,
    style: [...(e.style ?? [])],
    classes: [...e.classes],
    interpolate: e.interpolate ?? '',
    animate: `${e.animate ?? ''}/${e.animation ?? ''}`,
  }));
  const edgeDefaults = {
    style: [...(flowEdges.defaultStyle ?? [])],
    interpolate: flowEdges.defaultInterpolate ?? '',
  };
  const subgraphs = db.getSubGraphs().map((s) => ({
    id: s.id,
    title: s.title,
    classes: [...s.classes],
    dir: s.dir ?? '',
    nodes: [...s.nodes],
  }));
  const classDefs = [...db.getClasses().values()].map((c) => ({
    id: c.id,
    styles: [...c.styles],
    textStyles: [...c.textStyles],
  }));
  return {
    facts: { direction: db.getDirection() ?? 'TB', nodes, edges, edgeDefaults, subgraphs, classDefs },
    domIds,
  };
}

/** The parts of mermaid's StateDB the probe reads: the graph it hands the layout. */
interface StateDb {
  getData(): {
    nodes: {
      id: string;
      domId: string;
      label?: string | string[];
      shape?: string;
      cssClasses?: string;
      cssStyles?: string[];
      isGroup?: boolean;
      parentId?: string;
      dir?: string;
    }[];
    edges: { start: string; end: string; label?: string; arrowTypeEnd?: string; classes?: string }[];
    direction?: string;
  };
  getClasses(): Map<string, { id: string; styles: string[]; textStyles: string[] }>;
}

/**
 * A state diagram's graph as flowchart facts: states are nodes, composite states subgraphs, and
 * transitions edges. Ids mermaid makes up are made stable, so that moving a statement does not
 * read as a changed graph: notes lose the number of their place in the text (`A----note-4`), and
 * concurrent regions (`divider-id-1`, `id-dq7y44fety7-2`) are named by the states they hold.
 */
function readStateGraph(db: StateDb): { facts: GraphFacts; domIds: Map<string, string> } {
  const data = db.getData();
  // Concurrent regions get ids of their own, some random: a region is named by its states.
  const regions = new Map<string, string>();
  for (const n of data.nodes) {
    if (!n.isGroup || n.shape !== 'divider') continue;
    const states = data.nodes.filter((m) => m.parentId === n.id && !m.id.startsWith(`${n.id}_`));
    regions.set(
      n.id,
      `region(${states
        .map((m) => m.id)
        .sort()
        .join(',')})`,
    );
  }
  const stable = (raw: string) => {
    const id = raw.replace(/(----(?:note|parent))-\d+$/, '$1');
    for (const [from, to] of regions) {
      // The region's own start and end (`<region>_start`).
      if (id === from || id.startsWith(`${from}_`)) return to + id.slice(from.length);
    }
    return id;
  };
  // A state without a description is labelled with its id: the stable one.
  const text = (label: string | string[] | undefined, id: string) => {
    const shown = Array.isArray(label) ? label.join('\n') : (label ?? id);
    return shown === id ? stable(id) : shown;
  };
  const domIds = new Map<string, string>();
  const nodes: GraphFacts['nodes'] = [];
  const subgraphs: GraphFacts['subgraphs'] = [];
  for (const n of data.nodes) {
    domIds.set(n.domId, stable(n.id));
    const classes = (n.cssClasses ?? '').split(/\s+/).filter(Boolean);
    if (n.isGroup) {
      const members = data.nodes.filter((m) => m.parentId === n.id).map((m) => stable(m.id));
      subgraphs.push({
        id: stable(n.id),
        title: text(n.label, n.id),
        classes,
        dir: n.dir ?? '',
        nodes: members,
      });
    } else {
      nodes.push({
        id: stable(n.id),
        text: text(n.label, n.id),
        shape: n.shape ?? '',
        classes,
        styles: [...(n.cssStyles ?? [])],
        link: '',
      });
    }
  }
  const edges = data.edges.map((e) => ({
    userId: '',
    from: stable(e.start),
    to: stable(e.end),
    text: e.label ?? '',
    type: e.arrowTypeEnd ?? '',
    stroke: '',
    length: 1,
    style: [],
    classes: (e.classes ?? '').split(/\s+/).filter(Boolean),
    interpolate: '',
    animate: '',
  }));
  const classDefs = [...db.getClasses().values()].map((c) => ({
    id: c.id,
    styles: [...c.styles],
    textStyles: [...c.textStyles],
  }));
  return { facts: graphFacts(data.direction, nodes, edges, subgraphs, classDefs), domIds };
}

/** The parts of mermaid's ClassDB the probe reads: the graph it hands the layout. */
interface ClassDb {
  getData(): {
    nodes: {
      id: string;
      domId?: string;
      label?: string;
      shape?: string;
      cssClasses?: string;
      cssStyles?: string[];
      styles?: string[];
      isGroup?: boolean;
      parentId?: string;
      annotations?: string[];
      members?: { text?: string; id?: string }[];
      methods?: { text?: string; id?: string }[];
      link?: string;
    }[];
    edges: {
      start: string;
      end: string;
      label?: string;
      arrowTypeStart?: string;
      arrowTypeEnd?: string;
      pattern?: string;
      startLabelRight?: string;
      endLabelLeft?: string;
      style?: string | string[];
    }[];
    direction?: string;
  };
}

/**
 * A class diagram's graph as flowchart facts: classes (with their annotations and members) are
 * nodes, namespaces subgraphs, relations edges. Notes are numbered in the order of the text
 * (`note0`): a note is named by its text instead.
 */
function readClassGraph(db: ClassDb): { facts: GraphFacts; domIds: Map<string, string> } {
  const data = db.getData();
  const notes = new Map<string, string>();
  for (const n of data.nodes) if (n.shape === 'note') notes.set(n.id, `note:${n.label ?? ''}`);
  const stable = (id: string) => notes.get(id) ?? id;
  const domIds = new Map<string, string>();
  const nodes: GraphFacts['nodes'] = [];
  const subgraphs: GraphFacts['subgraphs'] = [];
  const words = (list: { text?: string; id?: string }[] | undefined) =>
    (list ?? []).map((m) => m.text ?? m.id ?? '');
  for (const n of data.nodes) {
    domIds.set((n.domId ?? n.id).replace(/^(classId-.+)-\d+$/, '$1'), stable(n.id));
    const classes = (n.cssClasses ?? '').split(/\s+/).filter((c) => c && c !== 'undefined');
    if (n.isGroup) {
      const members = data.nodes.filter((m) => m.parentId === n.id).map((m) => stable(m.id));
      subgraphs.push({ id: n.id, title: n.label ?? n.id, classes, dir: '', nodes: members });
      continue;
    }
    nodes.push({
      id: stable(n.id),
      text: [n.label ?? n.id, ...(n.annotations ?? []), ...words(n.members), ...words(n.methods)].join('\n'),
      shape: n.shape ?? '',
      classes,
      styles: [...(n.styles ?? n.cssStyles ?? [])],
      link: n.link ?? '',
    });
  }
  const edges = data.edges.map((e) => ({
    userId: '',
    from: stable(e.start),
    to: stable(e.end),
    text: [e.label ?? '', e.startLabelRight ?? '', e.endLabelLeft ?? ''].join('|'),
    type: `${e.arrowTypeStart ?? ''}/${e.arrowTypeEnd ?? ''}/${e.pattern ?? ''}`,
    stroke: '',
    length: 1,
    style: Array.isArray(e.style) ? [...e.style] : e.style ? [e.style] : [],
    classes: [],
    interpolate: '',
    animate: '',
  }));
  return { facts: graphFacts(data.direction, nodes, edges, subgraphs, []), domIds };
}

/** The facts of a diagram that has no link defaults (`linkStyle default`) as flowcharts do. */
function graphFacts(
  direction: string | undefined,
  nodes: GraphFacts['nodes'],
  edges: GraphFacts['edges'],
  subgraphs: GraphFacts['subgraphs'],
  classDefs: GraphFacts['classDefs'],
): GraphFacts {
  return {
    direction: direction ?? 'TB',
    nodes,
    edges,
    edgeDefaults: { style: [], interpolate: '' },
    subgraphs,
    classDefs,
  };
}

/** Puts the SVG in an invisible host, so that its elements can be measured. */
function mount(markup: string): SVGSVGElement {
  if (!host) {
    host = document.createElement('div');
    host.style.cssText = 'position:absolute;left:-100000px;top:0;visibility:hidden;pointer-events:none';
    document.body.append(host);
  }
  host.innerHTML = markup;
  return host.querySelector('svg')!;
}

/**
 * Boxes in the SVG's own units: each element's box carried through its transforms up to the root,
 * so that the preview's pan and zoom (CSS transforms around the SVG) do not count.
 */
function measure(
  svg: SVGSVGElement,
  domIds: Map<string, string>,
): { nodes: Record<string, Box>; clusters: Record<string, Box> } {
  const toRoot = svg.getScreenCTM()?.inverse();
  const boxOf = (el: SVGGraphicsElement): Box => {
    const b = el.getBBox();
    const m = toRoot && el.getScreenCTM() ? toRoot.multiply(el.getScreenCTM()!) : new DOMMatrix();
    const corners = [
      new DOMPoint(b.x, b.y),
      new DOMPoint(b.x + b.width, b.y),
      new DOMPoint(b.x, b.y + b.height),
      new DOMPoint(b.x + b.width, b.y + b.height),
    ].map((p) => p.matrixTransform(m));
    const xs = corners.map((p) => p.x);
    const ys = corners.map((p) => p.y);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
  };
  const prefix = `${svg.id}-`;
  const local = (id: string) => (id.startsWith(prefix) ? id.slice(prefix.length) : id);
  const nodes: Record<string, Box> = {};
  for (const el of svg.querySelectorAll<SVGGraphicsElement>('g.node')) {
    // A class's element id counts classes across parses (`classId-Bird-7`): its name is enough.
    const id = domIds.get(local(el.id)) ?? domIds.get(local(el.id).replace(/^(classId-.+)-\d+$/, '$1'));
    if (id !== undefined) nodes[id] = boxOf(el);
  }
  const clusters: Record<string, Box> = {};
  for (const el of svg.querySelectorAll<SVGGraphicsElement>('g.cluster')) {
    const rect = el.querySelector<SVGGraphicsElement>(':scope > rect') ?? el;
    if (el.id) clusters[local(el.id)] = boxOf(rect);
  }
  // A state diagram's composite states name their state in `data-id`.
  for (const el of svg.querySelectorAll<SVGGraphicsElement>('g.statediagram-cluster[data-id]')) {
    const rect = el.querySelector<SVGGraphicsElement>(':scope > rect') ?? el;
    clusters[el.dataset.id!] = boxOf(rect);
  }
  return { nodes, clusters };
}
