/**
 * The text edits a move request may be met by, smallest first. Each keeps the graph and changes
 * only what mermaid's layouts read as layout:
 *
 * - the order of statements (ELK keeps the order of links and nodes within a rank, and dagre
 *   starts from it), for moves along a rank;
 * - invisible links (`a ~~~ b`, drawn as nothing), which put `b` in a later rank than `a`, for
 *   moves across ranks;
 * - which `subgraph … end` block mentions a node first, for moves into and out of subgraphs.
 *
 * Whether an edit gets the node there is decided by rendering it (search.ts); here they are only
 * proposed, each as whole-line operations on the original text.
 */

import { setFrontmatterConfig } from '../mermaid/frontmatter-config.ts';
import { applyOps, type LineOp, type Proposal } from './edit.ts';
import { changedLineCount, diffLines } from './line-diff.ts';
import { reorderEdits, statementOrderEdits } from './order-edits.ts';
import type { GraphFacts, ProbedLayout } from './probe.ts';
import { alongRank, directionFor, type MoveRequest } from './request.ts';
import type { LayoutSettings } from './settings.ts';
import { blockChain, type FlowSource, indentOf, type LineSource, unitsMentioning } from './source.ts';

export interface Candidate {
  text: string;
  /** What the edit does, in a sentence: `moved line 7 before line 4`. */
  description: string;
  /** Lines changed, removed plus added. */
  cost: number;
  /** The kind of edit: `order`, `invisible-link`, `subgraph`, … (the benchmark counts them). */
  family: string;
  /** Usually works, though a smaller edit may too (see Proposal). */
  likely?: boolean;
}

/** Proposes the edits for a request, cheapest first (then in the order most likely to work). */
export function candidateEdits(
  source: FlowSource,
  layout: ProbedLayout,
  request: MoveRequest,
  settings: LayoutSettings,
): Candidate[] {
  const { graph } = layout;
  const proposals =
    request.kind === 'into'
      ? intoSubgraph(source, graph, request)
      : request.kind === 'out-of'
        ? outOfSubgraph(source, graph, request)
        : alongRank(request.kind, directionFor(graph, request.node, request.other))
          ? reorderEdits(source, layout, request, settings)
          : changeRank(source, request);
  return toCandidates(source, proposals);
}

/**
 * The edits for a request in a state or class diagram: moves along a rank only. Neither has
 * invisible links to change a node's rank, and which composite state or namespace holds a node is
 * part of what the diagram says (search.ts refuses those requests with the reason).
 */
export function orderCandidateEdits(
  source: LineSource,
  layout: ProbedLayout,
  request: MoveRequest,
  settings: LayoutSettings,
): Candidate[] {
  const along =
    request.kind !== 'into' &&
    request.kind !== 'out-of' &&
    alongRank(request.kind, directionFor(layout.graph, request.node, request.other));
  return along ? toCandidates(source, statementOrderEdits(source, layout, request, settings)) : [];
}

/** The proposals applied, each text once (and none that is the original), cheapest first. */
function toCandidates(source: LineSource, proposals: readonly Proposal[]): Candidate[] {
  const original = source.lines.join(source.eol);
  const seen = new Set<string>([original]);
  const out: Candidate[] = [];
  for (const p of proposals) {
    const edited = applyOps(source, p.ops);
    const text = p.config ? setFrontmatterConfig(edited, p.config.path, p.config.value) : edited;
    if (text === null || seen.has(text)) continue;
    seen.add(text);
    const cost = changedLineCount(diffLines(source.lines, text.split(source.eol)));
    out.push({
      text,
      description: p.description,
      cost,
      family: p.family,
      ...(p.likely ? { likely: true } : {}),
    });
  }
  // A stable sort: among edits of one size, the order of proposal (most promising first) stays.
  return out.sort((a, b) => a.cost - b.cost);
}

const lineNo = (i: number) => `line ${i + 1}`;

/** Moves across ranks: an invisible link from the earlier node to the later one. */
function changeRank(source: FlowSource, { node, kind, other }: MoveRequest): Proposal[] {
  const earlier = kind === 'left-of' || kind === 'above';
  const [from, to] = earlier ? [node, other] : [other, node];
  const end = endOfStatements(source);
  const indent = indentOf(source, '');
  const link: LineOp = { op: 'insert', before: end, text: `${indent}${from} ~~~ ${to}` };
  const proposals: Proposal[] = [
    { ops: [link], description: `added the invisible link ${from} ~~~ ${to}`, family: 'invisible-link' },
    // First in the text, the link leads ELK's depth-first cycle breaking: when the links already
    // lead from `to` back to `from`, one of them is drawn upwards instead of the new one.
    {
      ops: [{ op: 'insert', before: firstStatement(source), text: `${indent}${from} ~~~ ${to}` }],
      description: `added the invisible link ${from} ~~~ ${to} first`,
      family: 'invisible-link',
    },
  ];
  // Invisible links already holding the node elsewhere (often from an earlier move): replace them.
  const hints = source.units.filter(
    (u) => u.kind === 'chain' && u.nodes.includes(node) && isInvisibleLinkLine(source.lines[u.first]!),
  );
  for (const hint of hints) {
    proposals.push({
      ops: [
        {
          op: 'replace',
          line: hint.first,
          text: `${/^\s*/.exec(source.lines[hint.first]!)![0]}${from} ~~~ ${to}`,
        },
      ],
      description: `replaced the invisible link on ${lineNo(hint.first)} with ${from} ~~~ ${to}`,
      family: 'invisible-link',
    });
  }
  if (hints.length > 0) {
    proposals.push({
      ops: [...hints.map((h): LineOp => ({ op: 'replace', line: h.first, text: '', remove: true })), link],
      description: `removed the invisible links of ${node} and added ${from} ~~~ ${to}`,
      family: 'invisible-link',
    });
  }
  return proposals;
}

/** A line holding only invisible links (`a ~~~ b`, `a ~~~ b ~~~ c`). */
function isInvisibleLinkLine(line: string): boolean {
  return /^\s*[^\s~]+(\s*~{3,}\s*[^\s~]+)+\s*;?\s*$/.test(line);
}

/** The line of the first statement after the header. */
function firstStatement(source: FlowSource): number {
  return source.units.find((u) => u.first > source.header)?.first ?? source.header + 1;
}

/** The line after the last statement of the text: new links go there, after every numbered link. */
function endOfStatements(source: FlowSource): number {
  const last = source.units.at(-1);
  return last ? last.last + 1 : source.lines.length;
}

/** The subgraph that holds `node` directly, as mermaid decided ('' at the top level). */
function claimedBy(graph: GraphFacts, node: string): string {
  return graph.subgraphs.find((s) => s.nodes.includes(node))?.id ?? '';
}

/** Into a subgraph: mention the node inside its block; first take it out of the block that holds it. */
function intoSubgraph(source: FlowSource, graph: GraphFacts, { node, other }: MoveRequest): Proposal[] {
  const target = source.blocks.get(other);
  if (!target || target.close < 0) return [];
  const indent = indentOf(source, other);
  const atEnd: LineOp = { op: 'insert', before: target.close, text: `${indent}${node}` };
  const atStart: LineOp = { op: 'insert', before: target.open + 1, text: `${indent}${node}` };
  const proposals: Proposal[] = [
    { ops: [atEnd], description: `mentioned ${node} at the end of subgraph ${other}`, family: 'subgraph' },
    {
      ops: [atStart],
      description: `mentioned ${node} at the start of subgraph ${other}`,
      family: 'subgraph',
    },
  ];
  // Mermaid gives a node to the first subgraph to close among those that mention it: every block
  // closing before the target (and not inside it) must stop mentioning the node.
  const inTarget = (id: string) => blockChain(source, id).includes(other);
  const earlier = [...source.blocks.values()]
    .filter((b) => b.close >= 0 && b.close < target.close && !inTarget(b.id))
    .map((b) => b.id);
  const release = releaseFrom(source, graph, node, earlier);
  if (release) {
    proposals.push({
      ops: [...release.ops(target.close, indent), ...release.keep],
      description: `moved the statements of ${node} into subgraph ${other}`,
      family: 'subgraph',
    });
    proposals.push({
      ops: [...release.ops(endOfStatements(source), indentOf(source, '')), ...release.keep, atEnd],
      description: `moved the statements of ${node} out of the subgraphs before ${other} and mentioned it in ${other}`,
      family: 'subgraph',
    });
  }
  return proposals;
}

/** Out of a subgraph: the statements that mention the node there move to just after its `end`. */
function outOfSubgraph(source: FlowSource, graph: GraphFacts, { node, other }: MoveRequest): Proposal[] {
  const block = source.blocks.get(other);
  if (!block || block.close < 0) return [];
  const release = releaseFrom(source, graph, node, [other]);
  if (!release) return [];
  const parentIndent = indentOf(source, block.parent);
  return [
    {
      ops: [...release.ops(block.close + 1, parentIndent), ...release.keep],
      description: `moved the statements of ${node} out of subgraph ${other}`,
      family: 'subgraph',
    },
    {
      ops: [...release.ops(endOfStatements(source), indentOf(source, '')), ...release.keep],
      description: `moved the statements of ${node} out of subgraph ${other} to the end`,
      family: 'subgraph',
    },
  ];
}

/**
 * What takes `node` out of `blocks` (subgraphs, with the ones nested in them): its bare mentions
 * there go, its statements there move elsewhere (`ops(before, indent)`), and the other nodes of
 * those statements that would leave their subgraph with them are mentioned where the statement
 * was (`keep`).
 */
function releaseFrom(
  source: FlowSource,
  graph: GraphFacts,
  node: string,
  blocks: readonly string[],
): { ops: (before: number, indent: string) => LineOp[]; keep: LineOp[] } | null {
  const within = (block: string) => blockChain(source, block).some((id) => blocks.includes(id));
  const inside = unitsMentioning(source, node).filter((u) => within(u.block));
  if (inside.length === 0) return null;
  // A line naming the node alone only mentions it; one that defines its text or shape must move.
  const bare = inside.filter(
    (u) => u.first === u.last && source.lines[u.first]!.trim().replace(/;$/, '') === node,
  );
  const moving = inside.filter((u) => !bare.includes(u));
  const keep: LineOp[] = bare.map((u) => ({ op: 'replace', line: u.first, text: '', remove: true }));
  for (const u of moving) {
    const indent = /^\s*/.exec(source.lines[u.first]!)![0];
    const stay = u.nodes.filter((id) => {
      if (id === node) return false;
      // Only nodes a block being left holds, and that it mentions nowhere else.
      const hb = source.blocks.get(claimedBy(graph, id));
      if (!hb || !within(hb.id)) return false;
      return !source.units.some(
        (w) =>
          w !== u && !moving.includes(w) && w.first > hb.open && w.last < hb.close && w.nodes.includes(id),
      );
    });
    if (stay.length > 0) keep.push({ op: 'insert', before: u.first, text: `${indent}${stay.join(' & ')}` });
  }
  return {
    ops: (before, indent) => moving.map((unit) => ({ op: 'move', unit, before, indent })),
    keep,
  };
}
