/**
 * The layout search: proposes text edits for a move request (candidates.ts; a flowchart's, a
 * state or a class diagram's), renders each with the real layout through the caller's `probe` (the CLI's
 * engine page, the app's preview frame), and takes the smallest edit whose rendering puts the node
 * where asked and whose graph, as mermaid reads it, is the one the user wrote. If none does,
 * nothing changes and the reason is given.
 */
import type { MermaidConfig } from '../mermaid/render-types.ts';
import { type Candidate, candidateEdits, orderCandidateEdits } from './candidates.ts';
import { readDiagramSource } from './diagram-source.ts';
import { graphChanges } from './graph-check.ts';
import { diffLines, type LineDiff } from './line-diff.ts';
import type { GraphFacts, LayoutProbe, ProbedLayout } from './probe.ts';
import { alongRank, directionFor, judge, type MoveRequest, phrase } from './request.ts';
import { layoutSettings } from './settings.ts';

export interface SearchOptions {
  text: string;
  request: MoveRequest;
  /** Renders a text with the real layout. Calls may overlap up to `concurrency`. */
  probe: (text: string) => Promise<LayoutProbe>;
  /** The folder's config the diagram renders with (its frontmatter is read from `text`). */
  config?: MermaidConfig;
  /** The rendering of `text`, when the caller has it already. */
  current?: ProbedLayout;
  /** Candidates rendered at once (default 1). */
  concurrency?: number;
  /** At most this many candidates are rendered (default 40). */
  maxCandidates?: number;
  /** Stops the search between renders when it returns true (a newer drop replaces it). */
  cancelled?: () => boolean;
  /**
   * For a caller that may not wait for every smaller edit (the app, after a drop): the edit that
   * usually works is rendered first, and each edit found to work while smaller ones are still
   * untried is handed to `provisional` (when smaller than any handed before) as the search goes
   * on. The search still returns the smallest edit that works, as without it.
   */
  provisional?: (result: SearchSuccess) => void;
}

export type SearchSuccess = Extract<SearchResult, { ok: true }>;

export type SearchResult =
  | {
      ok: true;
      /** The edited text; the original when the node is there already (`changed` false). */
      text: string;
      changed: boolean;
      /** What was done, in a sentence. */
      description: string;
      diff: LineDiff;
      /** The rendering of `text`: the preview can show it at once. */
      layout: ProbedLayout;
      family: string;
      tried: number;
    }
  | {
      ok: false;
      /** One line: what failed and why (`no edit puts a below e: the links lead from a to e, …`). */
      reason: string;
      /** When edits were tried and none got there: why, without the request (`the links lead …`). */
      why?: string;
      tried: number;
    };

/** Finds the smallest edit that meets the request; see the comment at the top of this file. */
export async function searchLayoutEdit(options: SearchOptions): Promise<SearchResult> {
  const { text, request, probe } = options;
  const read = readDiagramSource(text);
  const flow = read?.family === 'flowchart' ? read.source : null;
  const other = read?.family === 'state' || read?.family === 'class' ? read.family : null;
  const source = read?.source;
  if (!source) {
    return {
      ok: false,
      reason: 'layout control works on flowcharts, state and class diagrams only',
      tried: 0,
    };
  }
  const current = options.current ?? (await probe(text));
  if (!current.ok) {
    const d = current.diagnostics[0];
    return {
      ok: false,
      reason: `the diagram does not render: ${d ? `${d.line}:${d.column}: ${d.message}` : 'unknown error'}`,
      tried: 0,
    };
  }
  const invalid = checkRequest(current.graph, request);
  if (invalid) return { ok: false, reason: invalid, tried: 0 };
  const noChange = {
    text,
    changed: false,
    diff: diffLines(source.lines, source.lines),
    layout: current,
    tried: 0,
  };
  if (judge(request, current).ok) {
    return { ok: true, ...noChange, description: `${describe(request)} already`, family: 'none' };
  }
  const limit = other ? orderOnlyLimit(current.graph, request, other) : null;
  if (limit) return { ok: false, reason: limit, tried: 0 };

  const moved = request.kind === 'into' || request.kind === 'out-of' ? request.node : undefined;
  const settings = layoutSettings(text, options.config);
  const candidates = (
    flow
      ? candidateEdits(flow, current, request, settings)
      : orderCandidateEdits(source, current, request, settings)
  ).slice(0, options.maxCandidates ?? 40);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const order = renderOrder(candidates, !!options.provisional);
  // By candidate: the layout that meets the request, or null when it does not.
  const results = new Map<number, ProbedLayout | null>();
  let tried = 0;
  let closest: string | null = null;
  let reported = Number.POSITIVE_INFINITY;
  for (let i = 0; i < order.length; i += concurrency) {
    if (options.cancelled?.()) return { ok: false, reason: 'cancelled', tried };
    const batch = order.slice(i, i + concurrency);
    const probes = await Promise.all(batch.map((c) => probe(candidates[c]!.text)));
    tried += batch.length;
    for (const [k, c] of batch.entries()) {
      const layout = probes[k]!;
      results.set(c, null);
      if (!layout.ok) continue;
      if (graphChanges(current.graph, layout.graph, moved).length > 0) continue;
      const verdict = judge(request, layout);
      if (verdict.ok) results.set(c, layout);
      else closest ??= verdict.reason;
    }
    // The smallest edit that works, once every smaller one is known not to.
    for (let c = 0; results.has(c); c++) {
      const layout = results.get(c);
      if (layout) return success(source.lines, candidates[c]!, layout, tried);
    }
    const known = [...results].filter(([, l]) => l).sort((a, b) => a[0] - b[0])[0];
    if (options.provisional && known && known[0] < reported) {
      reported = known[0];
      options.provisional(success(source.lines, candidates[known[0]]!, known[1]!, tried));
    }
  }
  const why = failureWhy(request, current.graph, candidates.length, closest);
  return { ok: false, reason: `no edit puts ${describe(request)}: ${why}`, why, tried };
}

/**
 * The order candidates are rendered in: smallest first; with `likelyFirst`, the edit that usually
 * works goes before them, so that a search cut short (a drop that has waited long enough) has a
 * working edit to offer after one render.
 */
function renderOrder(candidates: readonly Candidate[], likelyFirst: boolean): number[] {
  const order = candidates.map((_, i) => i);
  const likely = likelyFirst ? candidates.findIndex((c) => c.likely) : -1;
  if (likely > 0) order.unshift(...order.splice(likely, 1));
  return order;
}

function success(lines: string[], candidate: Candidate, layout: ProbedLayout, tried: number): SearchSuccess {
  return {
    ok: true,
    text: candidate.text,
    changed: true,
    description: candidate.description,
    diff: diffLines(lines, candidate.text.split(/\r?\n/)),
    layout,
    family: candidate.family,
    tried,
  };
}

/** `A left of B`, `A into subgraph S`. */
export function describe({ node, kind, other }: MoveRequest): string {
  return `${node} ${phrase(kind)}${kind === 'into' || kind === 'out-of' ? ' subgraph' : ''} ${other}`;
}

/** A request that names something the diagram lacks, or asks the impossible by its own terms. */
export function checkRequest(graph: GraphFacts, { node, kind, other }: MoveRequest): string | null {
  const subgraphs = new Set(graph.subgraphs.map((s) => s.id));
  const nodes = new Set(graph.nodes.map((n) => n.id));
  if (subgraphs.has(node)) return `${node} is a subgraph; only nodes can be moved`;
  if (!nodes.has(node)) return `there is no node ${node}`;
  if (kind === 'into' || kind === 'out-of') {
    if (!subgraphs.has(other)) return `there is no subgraph ${other}`;
  } else {
    if (node === other) return `${node} cannot be placed next to itself`;
    if (!nodes.has(other))
      return subgraphs.has(other) ? `${other} is a subgraph; name a node` : `there is no node ${other}`;
  }
  return null;
}

/** What mermaid draws for the text that is not a node of its own, by shape. */
const PSEUDO_NODES: Record<string, string> = {
  stateStart: 'a start ([*])',
  stateEnd: 'an end ([*])',
  note: 'a note',
};

/** What a diagram type calls its nodes and their containers. */
const WORDS = {
  state: { node: 'state', container: 'composite state', members: 'states' },
  class: { node: 'class', container: 'namespace', members: 'classes' },
};

/**
 * What a state or class diagram's text cannot do without changing the diagram: it has no
 * invisible links to change a node's rank, and the composite state or namespace that holds a node
 * is part of what it says.
 */
function orderOnlyLimit(graph: GraphFacts, request: MoveRequest, family: 'state' | 'class'): string | null {
  const { node, kind, other } = request;
  const words = WORDS[family];
  for (const id of kind === 'into' || kind === 'out-of' ? [node] : [node, other]) {
    const what = PSEUDO_NODES[graph.nodes.find((n) => n.id === id)?.shape ?? ''];
    if (what) return `${what} moves with its ${words.node}; only ${words.members} move`;
  }
  if (kind === 'into' || kind === 'out-of') {
    return `moving ${node} ${kind === 'into' ? 'into' : 'out of'} ${other} would change the ${family} diagram: a ${words.container}'s ${words.members} are part of what it says`;
  }
  if (!alongRank(kind, directionFor(graph, node, other))) {
    return `a ${family} diagram has no invisible links to change a ${words.node}'s rank: ${node} can move only along its rank`;
  }
  return null;
}

function failureWhy(request: MoveRequest, graph: GraphFacts, count: number, closest: string | null): string {
  const { node, kind, other } = request;
  if (count === 0) return 'there is no statement to move';
  if (kind !== 'into' && kind !== 'out-of' && !alongRank(kind, directionFor(graph, node, other))) {
    const earlier = kind === 'left-of' || kind === 'above';
    const [from, to] = earlier ? [other, node] : [node, other];
    if (reaches(graph, from, to, false)) {
      return `the links lead from ${from} to ${to}, so ${to} is drawn after ${from}`;
    }
    if (reaches(graph, from, to)) return `links between their subgraphs put ${to}'s after ${from}'s`;
  }
  return `${count} edit${count === 1 ? '' : 's'} tried${closest ? `, and in the nearest ${closest}` : ''}`;
}

/**
 * Whether the visible links put `to` after `from` in every layered drawing: a path of links from
 * one to the other. A link to or from a subgraph holds for every node in it, and so does a link
 * between two subgraphs' members: a subgraph's frame is drawn whole, so when a link leads from
 * one subgraph into another that is not around it, every node of the first comes before every
 * node of the second.
 */
export function reaches(graph: GraphFacts, from: string, to: string, viaSubgraphs = true): boolean {
  const members = new Map(graph.subgraphs.map((s) => [s.id, s.nodes]));
  const parent = new Map<string, string>();
  for (const s of graph.subgraphs) for (const id of s.nodes) if (!parent.has(id)) parent.set(id, s.id);
  const ancestors = (id: string) => {
    const out: string[] = [];
    for (let p = parent.get(id); p !== undefined && !out.includes(p); p = parent.get(p)) out.push(p);
    return out;
  };
  const next = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    const set = next.get(a) ?? new Set<string>();
    set.add(b);
    next.set(a, set);
  };
  for (const e of graph.edges) {
    if (e.stroke === 'invisible') continue;
    link(e.from, e.to);
    if (!viaSubgraphs) continue;
    // Between the frames around the two ends that do not hold both.
    const [up, down] = [
      [e.from, ...ancestors(e.from)],
      [e.to, ...ancestors(e.to)],
    ];
    for (const a of up) for (const b of down) if (!down.includes(a) && !up.includes(b)) link(a, b);
  }
  // Reaching a subgraph reaches its members; `from` starts in its own subgraphs too, whose links
  // lead on (but not down into their other members: those are `from`'s neighbours, not after it).
  const seen = new Set<string>();
  const starts = viaSubgraphs ? ancestors(from) : [];
  const stack: [string, boolean][] = [[from, true], ...starts.map((a): [string, boolean] => [a, false])];
  while (stack.length > 0) {
    const [id, down] = stack.pop()!;
    if (id === to || (down && ancestors(to).includes(id))) return true;
    const key = `${id}\0${down}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const n of next.get(id) ?? []) stack.push([n, true]);
    if (down) for (const m of members.get(id) ?? []) stack.push([m, true]);
  }
  return false;
}
