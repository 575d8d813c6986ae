/**
 * Edits for moves along a rank (left and right in a `TD` flowchart). ELK orders a rank by the order
 * of the links that lead into it (mermaid passes `considerModelOrder`), and dagre starts its
 * ordering from the same order: so a node changes places with another when the links of their
 * branches change places where the branches fork. The edits move one statement: one of the two
 * nodes' own, or the link into either branch at a fork they share, above or below them.
 */
import type { Proposal } from './edit.ts';
import { reorderGroup } from './group-order.ts';
import type { ProbedLayout } from './probe.ts';
import type { MoveRequest } from './request.ts';
import type { LayoutSettings } from './settings.ts';
import {
  blockChain,
  type FlowSource,
  indentOf,
  type LineSource,
  type Unit,
  unitOfEdge,
  unitsMentioning,
} from './source.ts';

const lineNo = (i: number) => `line ${i + 1}`;

/** How far up (and down) the branches forks are looked for. */
const MAX_DEPTH = 6;
/** Statement moves tried before the edit that names the order in the frontmatter. */
const MAX_TIE_BREAKS = 3;

/** Proposals for putting `node` before (`left-of`/`above`) or after `other` in their rank. */
export function reorderEdits(
  source: FlowSource,
  layout: ProbedLayout,
  request: MoveRequest,
  settings: LayoutSettings,
): Proposal[] {
  const { node, kind, other } = request;
  const earlier = kind === 'left-of' || kind === 'above';
  const grouped = groupEdits(source, node, other, earlier);
  if (settings.forcedModelOrder)
    return [...grouped, ...forcedOrderEdits(source, layout, node, other, earlier)];
  const proposals: Proposal[] = [...grouped];
  const add = distinct(proposals);
  const links = drawnLinks(source, layout);
  const swap = (mine: Unit | undefined, theirs: Unit | undefined, sense: boolean) => {
    add(moveUnit(source, mine, theirs, sense));
    add(moveUnit(source, theirs, mine, !sense));
  };
  // The side asked first; then the other, for the ranks ELK draws the other way round.
  for (const sense of [earlier, !earlier]) {
    // 1. The links into the two branches where they fork, nearest fork first: the one into the
    //    node's branch moves before (or after) the one into the other's, or the other way round.
    for (const [mine, theirs] of forkLinks(links.up, node, other)) {
      swap(unitOfEdge(source, mine), unitOfEdge(source, theirs), sense);
    }
    // 2. The nodes' own statements.
    for (const u of unitsMentioning(source, node)) {
      for (const v of unitsMentioning(source, other)) swap(u, v, sense);
    }
    // 3. Forks below: the links out of the two branches into a node they both lead to.
    for (const [mine, theirs] of forkLinks(links.down, node, other)) {
      swap(unitOfEdge(source, mine), unitOfEdge(source, theirs), sense);
    }
  }
  const tieBreaks = [
    ...proposals.slice(0, MAX_TIE_BREAKS),
    ...blockSwaps(source, layout, node, other, earlier),
  ];
  // 4. ELK can be told to keep the order nodes are first mentioned in.
  if (settings.layout === 'elk') tieBreaks.push(...keptOrderEdits(source, layout, node, other, earlier));
  return tieBreaks;
}

/**
 * Moves along a rank in a state or class diagram: their layouts, too, place nodes in the order
 * they are first mentioned (ELK where the crossings allow, dagre as its start). One statement of
 * either node moves before or after one of the other's (or two concurrent regions of a state
 * change places); then, under ELK, the order is kept outright.
 */
export function statementOrderEdits(
  source: LineSource,
  layout: ProbedLayout,
  request: MoveRequest,
  settings: LayoutSettings,
): Proposal[] {
  const { node, kind, other } = request;
  const earlier = kind === 'left-of' || kind === 'above';
  if (settings.forcedModelOrder) return forcedOrderEdits(source, layout, node, other, earlier);
  const proposals: Proposal[] = [];
  const add = distinct(proposals);
  const mine = unitsMentioning(source, node).slice(0, MAX_TIE_BREAKS);
  const theirs = unitsMentioning(source, other).slice(0, MAX_TIE_BREAKS);
  for (const sense of [earlier, !earlier]) {
    for (const u of mine) {
      for (const v of theirs) {
        add(moveUnit(source, u, v, sense));
        add(moveUnit(source, v, u, !sense));
      }
    }
  }
  const tieBreaks = [...proposals.slice(0, 2 * MAX_TIE_BREAKS), ...regionSwaps(source, node, other)];
  if (settings.layout === 'elk') tieBreaks.push(...keptOrderEdits(source, layout, node, other, earlier));
  return tieBreaks;
}

/**
 * When the two states sit in different concurrent regions (`--`) of one composite state, the
 * regions are drawn in their order in the text: the statements of one region move before or
 * after the other's, the separators staying where they are.
 */
function regionSwaps(source: LineSource, node: string, other: string): Proposal[] {
  const chainOf = (id: string) => {
    const unit = unitsMentioning(source, id)[0];
    return unit ? [...blockChain(source, unit.block)].reverse() : [];
  };
  const [mine, theirs] = [chainOf(node), chainOf(other)];
  let i = 0;
  while (i < mine.length && i < theirs.length && mine[i] === theirs[i]) i++;
  const [a, b] = [source.blocks.get(mine[i] ?? ''), source.blocks.get(theirs[i] ?? '')];
  // Sibling regions: blocks of one composite state, each between its separators.
  if (!a || !b || a.parent !== b.parent || !a.id.includes('#') || a.close < 0 || b.close < 0) return [];
  const lines = (first: number, last: number): Unit => ({
    first,
    last,
    kind: 'region',
    nodes: [],
    edges: [],
    block: a.parent,
  });
  const region = lines(a.open + 1, a.close - 1);
  if (region.last < region.first) return [];
  const indent = indentOf(source, a.id);
  const out: Proposal[] = [];
  for (const before of [true, false]) {
    // Only a move that changes the regions' order; the region goes with the separator on its far
    // side: put before another, the `--` that opened it follows it; after, the `--` that closed it
    // comes first.
    if (before ? a.open < b.open : a.open > b.open) continue;
    const separator = before ? lines(a.open, a.open) : lines(a.close, a.close);
    const at = before ? b.open + 1 : b.close;
    const [first, second] = before ? [region, separator] : [separator, region];
    out.push({
      ops: [
        { op: 'move', unit: first, before: at, indent },
        { op: 'move', unit: second, before: at, indent },
      ],
      description: `moved lines ${region.first + 1}–${region.last + 1} (the region of ${node}) ${before ? 'before' : 'after'} the region of ${other}`,
      family: 'order',
    });
  }
  return out;
}

/** A `push` for `list` that skips a proposal moving the same lines to the same place as an earlier one. */
function distinct(list: Proposal[]): (p: Proposal | null) => void {
  const seen = new Set<string>();
  return (p) => {
    if (!p) return;
    const key = JSON.stringify(p.ops.map((o) => (o.op === 'move' ? [o.unit.first, o.before] : o)));
    if (seen.has(key)) return;
    seen.add(key);
    list.push(p);
  };
}

/**
 * ELK can be told to keep the order nodes are first mentioned in, whatever it costs in crossings:
 * named in the frontmatter, every later move along a rank is one line.
 */
function keptOrderEdits(
  source: LineSource,
  layout: ProbedLayout,
  node: string,
  other: string,
  earlier: boolean,
): Proposal[] {
  const keepOrder = { path: ['elk', 'forceNodeModelOrder'], value: true };
  const named = 'had ELK keep the order nodes are first mentioned in (elk.forceNodeModelOrder)';
  // The text may already mention them in the order asked.
  const out: Proposal[] = [{ ops: [], config: keepOrder, description: named, family: 'model-order' }];
  // The first of these, on the side asked, is the edit that usually works: with the order kept,
  // the two nodes end up side by side wherever the crossings would have put them.
  for (const [i, p] of forcedOrderEdits(source, layout, node, other, earlier).entries()) {
    out.push({
      ...p,
      config: keepOrder,
      description: `${p.description}, and ${named}`,
      family: 'model-order',
      ...(i === 0 ? { likely: true } : {}),
    });
  }
  return out;
}

/**
 * When the two nodes sit in different subgraphs side by side, the subgraphs change places: their
 * whole blocks move (a larger edit, tried after the single statements).
 */
function blockSwaps(
  source: FlowSource,
  layout: ProbedLayout,
  node: string,
  other: string,
  earlier: boolean,
): Proposal[] {
  const holder = (id: string) => layout.graph.subgraphs.find((s) => s.nodes.includes(id))?.id ?? '';
  const mine = [...blockChain(source, holder(node))].reverse();
  const theirs = [...blockChain(source, holder(other))].reverse();
  // The first blocks where the two chains part: siblings in their common parent.
  let i = 0;
  while (i < mine.length && i < theirs.length && mine[i] === theirs[i]) i++;
  const [a, b] = [source.blocks.get(mine[i] ?? ''), source.blocks.get(theirs[i] ?? '')];
  if (!a || !b || a.close < 0 || b.close < 0) return [];
  const asUnit = (block: typeof a): Unit => ({
    first: block.open,
    last: block.close,
    kind: 'subgraph',
    nodes: [],
    edges: source.units.filter((u) => u.first > block.open && u.last < block.close).flatMap((u) => u.edges),
    block: block.parent,
  });
  const out: Proposal[] = [];
  for (const sense of [earlier, !earlier]) {
    const p = moveUnit(source, asUnit(a), asUnit(b), sense);
    if (p)
      out.push({
        ...p,
        description: `moved subgraph ${a.id} ${sense ? 'before' : 'after'} subgraph ${b.id}`,
      });
  }
  return out;
}

/** The two nodes swapped inside an `&` group they share (`a --> b & c`): their links swap too. */
function groupEdits(source: FlowSource, node: string, other: string, earlier: boolean): Proposal[] {
  const out: Proposal[] = [];
  for (const unit of unitsMentioning(source, node)) {
    if (unit.first !== unit.last || !unit.nodes.includes(other)) continue;
    for (const before of [earlier, !earlier]) {
      const line = reorderGroup(source.lines[unit.first]!, node, other, before);
      if (!line) continue;
      out.push({
        ops: [{ op: 'replace', line: unit.first, text: line }],
        description: `put ${node} ${before ? 'before' : 'after'} ${other} on ${lineNo(unit.first)}`,
        family: 'order',
      });
    }
  }
  return out;
}

/**
 * With `elk.forceNodeModelOrder`, a rank keeps the order its nodes are first mentioned in: one
 * mention of whichever of the two comes later, just before or just after the other's first
 * mention, puts them side by side. The side asked is tried first; ELK does not always draw a
 * rank in model order from left to right (with subgraphs it may start elsewhere).
 */
function forcedOrderEdits(
  source: LineSource,
  layout: ProbedLayout,
  node: string,
  other: string,
  earlier: boolean,
): Proposal[] {
  const nodeUnit = unitsMentioning(source, node)[0];
  const otherUnit = unitsMentioning(source, other)[0];
  if (!nodeUnit || !otherUnit) return [];
  const nodeFirst =
    nodeUnit.first < otherUnit.first ||
    (nodeUnit === otherUnit && nodeUnit.nodes.indexOf(node) < nodeUnit.nodes.indexOf(other));
  // Only a mention of the one mentioned later moves it.
  const [mover, anchor, moverUnit] = nodeFirst ? [other, nodeUnit, otherUnit] : [node, otherUnit, nodeUnit];
  // `mover` before the anchor puts it earlier than the one first mentioned there.
  const moverBefore = mover === node ? earlier : !earlier;
  const out: Proposal[] = [];
  for (const before of [moverBefore, !moverBefore]) {
    const at = mentionPosition(source, layout, mover, anchor, before);
    // A mention at or after the mover's first one changes nothing.
    if (!at || at.before >= moverUnit.first) continue;
    out.push(
      mention(
        mover,
        at,
        `mentioned ${mover} ${before ? 'before' : 'after'} ${lineNo(before ? anchor.first : anchor.last)}`,
      ),
    );
  }
  return out;
}

function mention(id: string, at: { before: number; indent: string }, description: string): Proposal {
  return {
    ops: [{ op: 'insert', before: at.before, text: `${at.indent}${id}` }],
    description,
    family: 'order',
  };
}

/**
 * Where a bare mention of `id` goes to sit just before (or after) `anchor` without changing which
 * subgraph holds `id`: in the block that holds it or one around that, never in another.
 */
function mentionPosition(
  source: LineSource,
  layout: ProbedLayout,
  id: string,
  anchor: Unit,
  before: boolean,
): { before: number; indent: string } | null {
  const holder = layout.graph.subgraphs.find((s) => s.nodes.includes(id))?.id ?? '';
  const safe = [...blockChain(source, holder), ''];
  for (const block of safe) {
    const at = positionInBlock(source, block, anchor, before);
    if (at !== null) return { before: at, indent: indentOf(source, block) };
  }
  return null;
}

/** A link as drawn, by index into the reader's links: parents and children by the current drawing. */
interface DrawnLinks {
  /** node → [neighbour drawn before it (a parent), link index] */
  up: Map<string, [string, number][]>;
  /** node → [neighbour drawn after it (a child), link index] */
  down: Map<string, [string, number][]>;
}

/**
 * Orients every link by the current drawing (a link drawn backwards, closing a cycle, counts the
 * way it is drawn), so that the branches followed are the ones on screen.
 */
function drawnLinks(source: FlowSource, layout: ProbedLayout): DrawnLinks {
  const vertical = !/^(LR|RL)$/.test(layout.graph.direction);
  const reversed = /^(BT|RL)$/.test(layout.graph.direction);
  const at = (id: string) => {
    const b = layout.nodes[id];
    if (!b) return null;
    const p = vertical ? b.y + b.height / 2 : b.x + b.width / 2;
    return reversed ? -p : p;
  };
  const up = new Map<string, [string, number][]>();
  const down = new Map<string, [string, number][]>();
  source.chart.edges.forEach((e, index) => {
    const [a, b] = [at(e.from), at(e.to)];
    if (a === null || b === null || a === b) return;
    const [first, second] = a < b ? [e.from, e.to] : [e.to, e.from];
    up.set(second, [...(up.get(second) ?? []), [first, index]]);
    down.set(first, [...(down.get(first) ?? []), [second, index]]);
  });
  return { up, down };
}

/**
 * Pairs of links where the branches of `a` and `b` fork (following `next`, up or down): from a
 * node both reach, the link towards `a` and the link towards `b`. Nearest fork first.
 */
function forkLinks(next: Map<string, [string, number][]>, a: string, b: string): [number, number][] {
  // For each node reachable from x: its distance, and the link of the last step into it.
  const reach = (start: string) => {
    const found = new Map<string, { depth: number; via: number; child: string }>();
    let frontier = [start];
    for (let depth = 1; depth <= MAX_DEPTH && frontier.length > 0; depth++) {
      const following: string[] = [];
      for (const id of frontier) {
        for (const [n, link] of next.get(id) ?? []) {
          if (n === start || found.has(n)) continue;
          found.set(n, { depth, via: link, child: id });
          following.push(n);
        }
      }
      frontier = following;
    }
    return found;
  };
  const fromA = reach(a);
  const fromB = reach(b);
  const forks = [...fromA.keys()]
    .filter((id) => fromB.has(id))
    .map((id) => ({ id, depth: Math.max(fromA.get(id)!.depth, fromB.get(id)!.depth) }))
    .sort((x, y) => x.depth - y.depth);
  const pairs: [number, number][] = [];
  for (const fork of forks) {
    const [la, lb] = [fromA.get(fork.id)!, fromB.get(fork.id)!];
    // Both branches reach the fork through the same link: it is not where they part.
    if (la.via === lb.via) continue;
    pairs.push([la.via, lb.via]);
    if (pairs.length >= 3) break;
  }
  return pairs;
}

/** Moves `unit` to just before (or after) `anchor`, staying in its own subgraph block. */
function moveUnit(
  source: LineSource,
  unit: Unit | undefined,
  anchor: Unit | undefined,
  before: boolean,
): Proposal | null {
  if (!unit || !anchor || unit === anchor) return null;
  const at = positionInBlock(source, unit.block, anchor, before);
  if (at === null || (at >= unit.first && at <= unit.last + 1)) return null;
  return {
    ops: [{ op: 'move', unit, before: at, indent: indentOf(source, unit.block) }],
    description: `moved ${lineNo(unit.first)} ${before ? 'before' : 'after'} ${lineNo(before ? anchor.first : anchor.last)}`,
    family: 'order',
  };
}

/**
 * Where in `block` a statement goes to land before or after `anchor`: next to the anchor when it
 * is in the same block, else next to the anchor's enclosing subgraph that sits in `block`.
 */
function positionInBlock(source: LineSource, block: string, anchor: Unit, before: boolean): number | null {
  if (anchor.block === block) return before ? anchor.first : anchor.last + 1;
  const chain = blockChain(source, anchor.block);
  const index = chain.findIndex((id) => source.blocks.get(id)!.parent === block);
  if (index < 0) return null;
  const b = source.blocks.get(chain[index]!)!;
  if (b.close < 0) return null;
  return before ? b.open : b.close + 1;
}
