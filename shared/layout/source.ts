/**
 * A flowchart's text seen as lines that layout edits can move: which lines hold which
 * statements, what each mentions, and which subgraph block encloses it. Built on the flowchart
 * reader (shared/diff); edits work on whole lines so that the rest of the file stays byte for byte.
 */
import { type Flowchart, readFlowchart } from '../mermaid/flowchart-reader.ts';

/** Consecutive lines holding one or more whole statements (usually one line, one statement). */
export interface Unit {
  /** 0-based first and last line. */
  first: number;
  last: number;
  /** `chain`, `subgraph`, `end`, `header`, or a keyword (`style`, `linkStyle`, …) when all its statements agree. */
  kind: string;
  /** Nodes the unit's chains mention, in order. */
  nodes: string[];
  /** The links (invisible ones included) the unit declares, as indexes into `chart.edges`. */
  edges: number[];
  /** The subgraph block the unit sits in ('' at the top level). */
  block: string;
}

/** A `subgraph … end` block. */
export interface Block {
  id: string;
  /** 0-based lines of its `subgraph` and `end` statements (`close` is -1 when it is never closed). */
  open: number;
  close: number;
  /** The enclosing block ('' at the top level). */
  parent: string;
}

/** A diagram's text as movable lines: what layout edits of any diagram type work on. */
export interface LineSource {
  lines: string[];
  eol: '\n' | '\r\n';
  /** 0-based line of the diagram's header (`flowchart LR`, `stateDiagram-v2`). */
  header: number;
  units: Unit[];
  /** Blocks by id: a flowchart's subgraphs, a state diagram's composite states. */
  blocks: Map<string, Block>;
}

export interface FlowSource extends LineSource {
  chart: Flowchart;
}

/** Reads a flowchart's text for layout edits; null when it is not a flowchart. */
export function readSource(text: string): FlowSource | null {
  const chart = readFlowchart(text);
  if (!chart) return null;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const units: Unit[] = [];
  const blocks = new Map<string, Block>();
  const open: Block[] = [];
  let header = 0;
  for (const st of chart.statements) {
    const first = st.line - 1;
    const last = st.endLine - 1;
    const block = open.at(-1)?.id ?? '';
    if (st.kind === 'header') header = first;
    const prev = units.at(-1);
    if (prev && first <= prev.last) {
      // Another statement on a line already taken (`a --> b; b --> c`): one unit.
      prev.last = Math.max(prev.last, last);
      if (prev.kind !== st.kind) prev.kind = 'mixed';
      for (const id of st.nodes) if (!prev.nodes.includes(id)) prev.nodes.push(id);
      prev.edges.push(...edgeRange(st.firstEdge, st.edgeCount));
    } else {
      const edges = edgeRange(st.firstEdge, st.edgeCount);
      units.push({ first, last, kind: st.kind, nodes: [...st.nodes], edges, block });
    }
    if (st.kind === 'subgraph' && st.nodes[0]) {
      const b: Block = { id: st.nodes[0], open: first, close: -1, parent: block };
      blocks.set(b.id, b);
      open.push(b);
    } else if (st.kind === 'end') {
      const b = open.pop();
      if (b) b.close = first;
    }
  }
  return { lines, eol, header, units, blocks, chart };
}

function edgeRange(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/** The unit that declares link `edge` (an index into `chart.edges`). */
export function unitOfEdge(source: FlowSource, edge: number): Unit | undefined {
  return source.units.find((u) => u.edges.includes(edge));
}

/** Units whose chains mention `id`, in text order. */
export function unitsMentioning(source: LineSource, id: string): Unit[] {
  return source.units.filter((u) => (u.kind === 'chain' || u.kind === 'mixed') && u.nodes.includes(id));
}

/** The indentation statements directly inside `block` use ('' block: the top level). */
export function indentOf(source: LineSource, block: string): string {
  const unit = source.units.find((u) => u.block === block && u.kind !== 'header' && u.kind !== 'end');
  if (unit) return /^\s*/.exec(source.lines[unit.first]!)![0];
  const b = source.blocks.get(block);
  return `${b ? /^\s*/.exec(source.lines[b.open]!)![0] : ''}  `;
}

/** The blocks enclosing `block`, innermost first, the block itself included. */
export function blockChain(source: LineSource, block: string): string[] {
  const chain: string[] = [];
  for (let b = source.blocks.get(block); b; b = source.blocks.get(b.parent)) chain.push(b.id);
  return chain;
}
