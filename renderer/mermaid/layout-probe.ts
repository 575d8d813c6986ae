/**
 * Renders a flowchart with the real layout and reports where each node and subgraph landed, with
 * the graph as mermaid's own parser read it. The layout search (shared/layout) judges candidate
 * edits by these; the CLI engine page and the app's preview frame both run it.
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

/** Renders `req` (a flowchart) and measures it; other diagram types fail with a diagnostic. */
export async function probeLayout(req: RenderRequest, container?: HTMLElement): Promise<LayoutProbe> {
  const rendered = await renderMermaid({ ...req, svgId: PROBE_SVG_ID }, container);
  if (!rendered.ok) return rendered;
  if (!rendered.diagramType.startsWith('flowchart') && rendered.diagramType !== 'graph') {
    return {
      ok: false,
      diagnostics: [
        { line: 1, column: 1, severity: 'error', message: 'layout control works on flowcharts only for now' },
      ],
    };
  }
  const graph = await readGraph(req.text);
  const svg = mount(rendered.svg);
  try {
    return { ok: true, ...measure(svg, graph), graph: graph.facts };
  } finally {
    svg.remove();
  }
}

async function readGraph(text: string): Promise<{ facts: GraphFacts; domIds: Map<string, string> }> {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
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

/** Shows the SVG at its own size in an invisible host, so boxes come out in the SVG's units. */
function mount(markup: string): SVGSVGElement {
  if (!host) {
    host = document.createElement('div');
    host.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden;pointer-events:none';
    document.body.append(host);
  }
  host.innerHTML = markup;
  const svg = host.querySelector('svg')!;
  const box = svg.viewBox.baseVal;
  svg.setAttribute('width', String(box.width));
  svg.setAttribute('height', String(box.height));
  svg.style.maxWidth = 'none';
  return svg;
}

function measure(
  svg: SVGSVGElement,
  graph: { domIds: Map<string, string> },
): { nodes: Record<string, Box>; clusters: Record<string, Box> } {
  const origin = svg.getBoundingClientRect();
  const view = svg.viewBox.baseVal;
  const boxOf = (el: Element): Box => {
    const r = el.getBoundingClientRect();
    return {
      x: r.left - origin.left + view.x,
      y: r.top - origin.top + view.y,
      width: r.width,
      height: r.height,
    };
  };
  const prefix = `${PROBE_SVG_ID}-`;
  const nodes: Record<string, Box> = {};
  for (const el of svg.querySelectorAll('g.node')) {
    const id = graph.domIds.get(el.id.startsWith(prefix) ? el.id.slice(prefix.length) : el.id);
    if (id !== undefined) nodes[id] = boxOf(el);
  }
  const clusters: Record<string, Box> = {};
  for (const el of svg.querySelectorAll('g.cluster')) {
    const rect = el.querySelector(':scope > rect') ?? el;
    if (el.id.startsWith(prefix)) clusters[el.id.slice(prefix.length)] = boxOf(rect);
  }
  return { nodes, clusters };
}
