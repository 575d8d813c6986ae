/**
 * Excalidraw → Mermaid flowchart text. The output is laid out for reading and diffing: the
 * report as `%%` lines, then nodes, edges, subgraphs, styles and notes, each indented.
 */

import { DEFAULT_MAX_TEXT_SIZE } from '../mermaid/precheck.ts';
import type { FlowEdge, FlowNode } from './flow-graph.ts';
import { buildGraph } from './graph.ts';
import { commentText, escapeLabel } from './mermaid-text.ts';
import type { Arrowhead, Scene } from './model.ts';
import { type ConversionReport, reportSummary } from './report.ts';
import type { FlowSubgraph } from './subgraphs.ts';

export interface ConvertOptions {
  /** Keep Excalidraw's sketchy look (`look: handDrawn` in the frontmatter). */
  handDrawn?: boolean;
  /** The chart's direction; default: the axis most arrows run along in the drawing. */
  direction?: 'TD' | 'LR';
  /** Keep shape colours and stroke styles as `classDef`s; default true. */
  colors?: boolean;
}

export interface Conversion {
  mermaid: string;
  report: ConversionReport;
  /** Element id → Mermaid id of each node and frame subgraph. */
  ids: Map<string, string>;
}

// Mermaid's default `maxEdges` (and `maxTextSize`); bigger output is valid but needs a raised limit.
const MERMAID_MAX_EDGES = 500;

/** Converts one scene to Mermaid flowchart text plus a report of what was kept, guessed and dropped. */
export function sceneToMermaid(scene: Scene, options: ConvertOptions = {}): Conversion {
  const graph = buildGraph(scene);
  const { report } = graph;
  const body = [
    `flowchart ${options.direction ?? graph.direction}`,
    ...graph.nodes.map((n) => `  ${nodeLine(n)}`),
    ...graph.edges.map((e) => `  ${edgeLine(e)}`),
    ...graph.subgraphs.flatMap((s) => subgraphLines(s, '  ')),
    ...(options.colors === false ? [] : graph.styles).flatMap((s) => [
      `  classDef ${s.className} ${s.properties}`,
      `  class ${s.nodeIds.join(',')} ${s.className}`,
    ]),
    ...graph.notes.map((note) => `  %% note: ${commentText(note)}`),
  ];
  const size = body.reduce((sum, line) => sum + line.length + 1, 0);
  if (report.converted.edges > MERMAID_MAX_EDGES) {
    report.warnings.push(
      `${report.converted.edges} edges: Mermaid renders at most ${MERMAID_MAX_EDGES} unless maxEdges is raised`,
    );
  }
  if (size > DEFAULT_MAX_TEXT_SIZE) {
    report.warnings.push(
      `${size} characters: Mermaid renders at most ${DEFAULT_MAX_TEXT_SIZE} unless maxTextSize is raised`,
    );
  }
  const header = [
    ...(options.handDrawn ? ['---', 'config:', '  look: handDrawn', '---'] : []),
    ...(scene.name ? [`%% Library item: ${commentText(scene.name)}`] : []),
    ...reportSummary(report, options.direction !== undefined).flatMap((line) => commentLines(line)),
  ];
  return { mermaid: `${[...header, ...body].join('\n')}\n`, report, ids: graph.ids };
}

/** A summary line's width: it reads in an editor and a diff without scrolling sideways. */
const SUMMARY_WIDTH = 100;

/** `%%` comment lines for one summary line, broken after its commas, the rest indented. */
function commentLines(line: string): string[] {
  const lines: string[] = [];
  let current = '%%';
  for (const part of line.split(/(?<=, )/)) {
    if (current.length + part.length > SUMMARY_WIDTH && current.trim() !== '%%') {
      lines.push(current.trimEnd());
      current = '%%  ';
    }
    current += current === '%%' ? ` ${part}` : part;
  }
  lines.push(current.trimEnd());
  return lines;
}

const SHAPE_BRACKETS: Record<FlowNode['shape'], [string, string]> = {
  rect: ['[', ']'],
  text: ['[', ']'],
  round: ['(', ')'],
  circle: ['((', '))'],
  stadium: ['([', '])'],
  diamond: ['{', '}'],
  cylinder: ['[(', ')]'],
  hexagon: ['{{', '}}'],
};

function nodeLine(n: FlowNode): string {
  const [open, close] = SHAPE_BRACKETS[n.shape];
  return `${n.id}${open}"${escapeLabel(n.label)}"${close}`;
}

const HEAD_CHAR: Record<Arrowhead, string> = { arrow: '>', circle: 'o', bar: 'x' };
const START_CHAR: Record<Arrowhead, string> = { arrow: '<', circle: 'o', bar: 'x' };

/** The Mermaid link operator for a stroke and pair of arrowheads, e.g. `-.->`, `<==>`, `--o`. */
export function linkOperator(
  stroke: FlowEdge['stroke'],
  startHead: Arrowhead | null,
  endHead: Arrowhead | null,
): string {
  // Mermaid draws only matching heads at both ends; mixed pairs become the plain double arrow.
  const bothEnds = startHead !== null && endHead !== null;
  const end = bothEnds && startHead !== endHead ? 'arrow' : endHead;
  const start = bothEnds ? (startHead === endHead ? startHead : 'arrow') : null;
  const head = end ? HEAD_CHAR[end] : '';
  const tail = start ? START_CHAR[start] : '';
  if (stroke === 'dotted') return `${tail}-.-${head}`;
  if (stroke === 'thick') return `${tail}==${head || '='}`;
  return `${tail}--${head || '-'}`;
}

function edgeLine(e: FlowEdge): string {
  const op = linkOperator(e.stroke, e.startHead, e.endHead);
  const label = e.label === null ? '' : `|"${escapeLabel(e.label)}"|`;
  return `${e.from} ${op}${label} ${e.to}`;
}

function subgraphLines(s: FlowSubgraph, indent: string): string[] {
  return [
    `${indent}subgraph ${s.id} ["${escapeLabel(s.title)}"]`,
    ...s.nodeIds.map((id) => `${indent}  ${id}`),
    ...s.children.flatMap((c) => subgraphLines(c, `${indent}  `)),
    `${indent}end`,
  ];
}
