/**
 * Scores a converted flowchart against a human-written truth, the same way for the real-world
 * corpus and for synthetic scenes.
 *
 * - Labels are compared after normalisation: Unicode NFKC, `<br>` read as a line break, emoji
 *   and variation selectors removed, look-alike Cyrillic and Greek letters read as Latin, every
 *   quote mark as a straight single one (a label inside Mermaid's double quotes is often written
 *   with single ones), `→` as `->` (the hand-drawn font draws one as the other), every bullet
 *   as one and every upright bar as `|`, every run of dashes or rule lines as one `-` (they look
 *   alike in a picture), lower case, and white space left out (a picture does not show whether
 *   a wrapped line broke at a space or inside a word).
 * - Nodes are matched one to one by equal normalised label. Where several nodes share a label,
 *   the pairs that agree on the most already-matched neighbours (same direction), then on the
 *   same subgraph titles, are taken first, until no pair can be decided; the rest pair in
 *   reading order.
 * - Subgraphs are matched one to one: same normalised title (any title when the truth's is
 *   blank), and the nodes inside them (nested ones too), mapped through the node matching,
 *   agree with an F1 of at least 2/3.
 * - Edges are matched one to one through the node and subgraph matching: both ends must map,
 *   and the kind must agree — an arrow from a to b matches only an arrow from a to b; a line or
 *   a double arrow matches either way round. Pairs with equal labels are taken first.
 * - An edge label is right when the truth edge has one and its matched edge has the same label.
 * - Precision is the share of output nodes and edges that the matching uses.
 */

import { decodeEntities } from '../../shared/mermaid/flowchart-reader.ts';

export type EdgeKind = 'forward' | 'both' | 'none';

export interface GraphNode {
  id: string;
  label: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label: string | null;
}

export interface GraphSubgraph {
  id: string;
  title: string;
  parent: string | null;
  /** Nodes declared or listed directly inside it. */
  nodeIds: string[];
}

/** A flowchart as a set of labelled nodes, edges and subgraphs; ids are local to one graph. */
export interface FlowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  subgraphs: GraphSubgraph[];
}

/** Thrown for text the truth reader does not understand, with the line it is on. */
export class TruthSyntaxError extends Error {}

const OPENERS: [string, string][] = [
  ['(((', ')))'],
  ['((', '))'],
  ['([', '])'],
  ['[(', ')]'],
  ['[[', ']]'],
  ['{{', '}}'],
  ['[/', '/]'],
  ['[\\', '\\]'],
  ['(', ')'],
  ['[', ']'],
  ['{', '}'],
  ['>', ']'],
];
const ID = /^[A-Za-z0-9_]+/;
const OPERATOR = /^([<ox]?)(-{2,}|-\.+-|={2,})([>ox]?)$/;

/**
 * Reads the subset of Mermaid flowchart syntax that truth files and the converter's output use:
 * one statement per line — a node (`id`, `id["label"]` in any shape), an edge
 * `a -->|"label"| b` whose ends may declare nodes, `subgraph id ["title"]` … `end`; `%%`
 * comments, `classDef`, `class` and `style` lines are skipped.
 */
export function parseFlowchart(text: string): FlowGraph {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const subgraphs = new Map<string, GraphSubgraph>();
  const stack: GraphSubgraph[] = [];
  const lines = text.split('\n');
  let inFrontmatter = false;
  const place = (id: string) => {
    const inside = stack.at(-1);
    if (inside && !subgraphs.has(id) && !inside.nodeIds.includes(id)) {
      for (const sg of subgraphs.values()) sg.nodeIds = sg.nodeIds.filter((n) => n !== id);
      inside.nodeIds.push(id);
    }
  };
  const declare = (ref: { id: string; label: string | null }) => {
    if (subgraphs.has(ref.id)) return;
    const known = nodes.get(ref.id);
    if (!known) nodes.set(ref.id, { id: ref.id, label: ref.label ?? ref.id });
    else if (ref.label !== null) known.label = ref.label;
  };
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const fail = (why: string): never => {
      throw new TruthSyntaxError(`line ${index + 1}: ${why}: ${raw}`);
    };
    if (index === 0 && line === '---') {
      inFrontmatter = true;
      return;
    }
    if (inFrontmatter) {
      if (line === '---') inFrontmatter = false;
      return;
    }
    if (line === '' || line.startsWith('%%') || /^(flowchart|graph)\b/.test(line)) return;
    if (/^(classDef|class|style|linkStyle|direction)\s/.test(line)) return;
    if (line === 'end') {
      if (!stack.pop()) fail('end without subgraph');
      return;
    }
    const sub = /^subgraph\s+([A-Za-z0-9_]+)(?:\s*\["(.*)"\])?\s*$/.exec(line);
    if (sub) {
      const sg: GraphSubgraph = {
        id: sub[1]!,
        title: sub[2] === undefined ? '' : decodeEntities(sub[2]),
        parent: stack.at(-1)?.id ?? null,
        nodeIds: [],
      };
      subgraphs.set(sg.id, sg);
      // A node of that id declared earlier was a forward reference to this subgraph.
      nodes.delete(sg.id);
      stack.push(sg);
      return;
    }
    const first = readNode(line, 0) ?? fail('expected a node id');
    let rest = line.slice(first.end).trimStart();
    if (rest === '') {
      declare(first);
      place(first.id);
      return;
    }
    const opText = /^[^\s|]+/.exec(rest)![0];
    const op = OPERATOR.exec(opText) ?? fail(`unknown link "${opText}"`);
    rest = rest.slice(opText.length);
    let label: string | null = null;
    if (rest.startsWith('|')) {
      // A quoted label may hold a pipe; an unquoted one ends at the next pipe.
      const quoted = rest.startsWith('|"');
      const close = quoted ? rest.indexOf('"|', 2) + 1 : rest.indexOf('|', 1);
      if (close <= 0) fail('unclosed edge label');
      label = decodeEntities(rest.slice(1, close).replace(/^"(.*)"$/s, '$1'));
      rest = rest.slice(close + 1);
    }
    rest = rest.trimStart();
    const second = readNode(rest, 0) ?? fail('expected the target node');
    if (rest.slice(second.end).trim() !== '') fail('one edge per line');
    for (const ref of [first, second]) {
      if (subgraphs.has(ref.id)) continue;
      const wasKnown = nodes.has(ref.id);
      declare(ref);
      if (!wasKnown || ref.label !== null) place(ref.id);
    }
    const start = op[1] !== '';
    const end = op[3] !== '';
    // `<--` alone would be a backward arrow; Mermaid has no such link, so neither do truths.
    if (start && !end) fail('a link with only a start head');
    edges.push({
      from: first.id,
      to: second.id,
      kind: start && end ? 'both' : start || end ? 'forward' : 'none',
      label: label === null || label.trim() === '' ? null : label,
    });
  });
  if (stack.length > 0) throw new TruthSyntaxError(`subgraph ${stack.at(-1)!.id} has no end`);
  // Ids used before their subgraph was opened were not nodes after all.
  for (const id of subgraphs.keys()) nodes.delete(id);
  for (const sg of subgraphs.values()) sg.nodeIds = sg.nodeIds.filter((id) => nodes.has(id));
  return { nodes: [...nodes.values()], edges, subgraphs: [...subgraphs.values()] };
}

function readNode(line: string, at: number): { id: string; label: string | null; end: number } | null {
  const id = ID.exec(line.slice(at))?.[0];
  if (!id) return null;
  let i = at + id.length;
  for (const [open, close] of OPENERS) {
    if (!line.startsWith(open, i)) continue;
    i += open.length;
    let label: string;
    if (line[i] === '"') {
      const endQuote = line.indexOf('"', i + 1);
      if (endQuote < 0) return null;
      label = line.slice(i + 1, endQuote);
      i = endQuote + 1;
      if (!line.startsWith(close, i)) return null;
    } else {
      const endAt = line.indexOf(close, i);
      if (endAt < 0) return null;
      label = line.slice(i, endAt);
      i = endAt;
    }
    return { id, label: decodeEntities(label), end: i + close.length };
  }
  return { id, label: null, end: i };
}

// Cyrillic and Greek letters that look like Latin ones (a reader cannot tell them apart).
const LOOKALIKES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ν: 'v',
  ι: 'i',
  κ: 'k',
};

/** A label as a reader compares it (see the file comment). */
export function normalizeLabel(label: string): string {
  return (
    label
      .normalize('NFKC')
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/\p{Extended_Pictographic}|\u{fe0e}|\u{fe0f}|\u{200d}|\u{20e3}/gu, '')
      .replace(/[‘’‚‛′`“”„‟″"]/g, "'")
      // Excalidraw's hand-drawn font joins `->` into an arrow; bullets and bars come in look-alikes.
      .replace(/→|⟶/g, '->')
      .replace(/←|⟵/g, '<-')
      .replace(/[•·∙●▪]/g, '•')
      .replace(/[│┃｜]/g, '|')
      // A run of dashes or rule lines looks like one dash in a picture.
      .replace(/[-‐‑‒–—―−─━]+/g, '-')
      .toLowerCase()
      .replace(/[авекмнорстухіјѕαορνικ]/g, (c) => LOOKALIKES[c] ?? c)
      // A picture does not show whether a line wrapped at a space or inside a word (`libra ry`,
      // `side bar`), nor between two Chinese characters: spaces are not compared.
      .replace(/\s+/g, '')
  );
}

/** What one comparison counted; tallies add up over files. */
export interface Score {
  truthNodes: number;
  matchedNodes: number;
  truthEdges: number;
  matchedEdges: number;
  truthEdgeLabels: number;
  matchedEdgeLabels: number;
  truthSubgraphs: number;
  matchedSubgraphs: number;
  outputNodes: number;
  outputEdges: number;
  /** Output nodes and edges the matching used. */
  keptOutput: number;
  /** One line per truth element the output misses, and per output element no truth uses. */
  misses: string[];
}

export function emptyScore(): Score {
  return {
    truthNodes: 0,
    matchedNodes: 0,
    truthEdges: 0,
    matchedEdges: 0,
    truthEdgeLabels: 0,
    matchedEdgeLabels: 0,
    truthSubgraphs: 0,
    matchedSubgraphs: 0,
    outputNodes: 0,
    outputEdges: 0,
    keptOutput: 0,
    misses: [],
  };
}

export function addScores(total: Score, part: Score): Score {
  const sum = emptyScore();
  for (const key of Object.keys(sum) as (keyof Score)[]) {
    if (key === 'misses') sum.misses = [...total.misses, ...part.misses];
    else sum[key] = total[key] + part[key];
  }
  return sum;
}

/** Compares an output graph with its truth (see the file comment for the rules). */
export function scoreGraph(truth: FlowGraph, output: FlowGraph, unreadable = new Set<string>()): Score {
  if (unreadable.size > 0) return scoreReadable(truth, output, unreadable);
  const score = emptyScore();
  const nodeMatch = matchNodes(truth, output);
  const subMatch = matchSubgraphs(truth, output, nodeMatch);
  const endpoint = (id: string) => nodeMatch.get(id) ?? subMatch.get(id);
  const tLabel = labelIndex(truth);
  const oLabel = labelIndex(output);

  score.truthNodes = truth.nodes.length;
  score.matchedNodes = nodeMatch.size;
  score.truthSubgraphs = truth.subgraphs.length;
  score.matchedSubgraphs = subMatch.size;
  score.outputNodes = output.nodes.length;
  score.outputEdges = output.edges.length;

  const used = new Set<number>();
  const edgeMatch = new Map<number, number>();
  for (const requireLabel of [true, false]) {
    truth.edges.forEach((t, ti) => {
      if (edgeMatch.has(ti)) return;
      const from = endpoint(t.from);
      const to = endpoint(t.to);
      if (from === undefined || to === undefined) return;
      const oi = output.edges.findIndex(
        (o, i) =>
          !used.has(i) &&
          o.kind === t.kind &&
          ((o.from === from && o.to === to) || (t.kind !== 'forward' && o.from === to && o.to === from)) &&
          (!requireLabel || sameLabel(t.label, o.label)),
      );
      if (oi >= 0) {
        used.add(oi);
        edgeMatch.set(ti, oi);
      }
    });
  }
  score.truthEdges = truth.edges.length;
  score.matchedEdges = edgeMatch.size;
  truth.edges.forEach((t, ti) => {
    const o = edgeMatch.has(ti) ? output.edges[edgeMatch.get(ti)!] : undefined;
    const text = `${tLabel(t.from)} ${arrow(t.kind)} ${tLabel(t.to)}${t.label ? ` "${oneLine(t.label)}"` : ''}`;
    if (t.label !== null) {
      score.truthEdgeLabels++;
      if (o && sameLabel(t.label, o.label)) score.matchedEdgeLabels++;
      else if (o) score.misses.push(`edge label: ${text} → "${oneLine(o.label ?? '')}"`);
    }
    if (!o) score.misses.push(`edge: ${text}`);
  });
  for (const t of truth.nodes) if (!nodeMatch.has(t.id)) score.misses.push(`node: "${oneLine(t.label)}"`);
  for (const t of truth.subgraphs) {
    if (!subMatch.has(t.id)) score.misses.push(`subgraph: "${oneLine(t.title)}"`);
  }
  const matchedOutputNodes = new Set(nodeMatch.values());
  for (const o of output.nodes) {
    if (!matchedOutputNodes.has(o.id)) score.misses.push(`extra node: "${oneLine(o.label)}"`);
  }
  output.edges.forEach((o, i) => {
    if (!used.has(i)) {
      score.misses.push(
        `extra edge: ${oLabel(o.from)} ${arrow(o.kind)} ${oLabel(o.to)}${o.label ? ` "${oneLine(o.label)}"` : ''}`,
      );
    }
  });
  score.keptOutput = matchedOutputNodes.size + used.size;
  return score;
}

/**
 * The score without what no reader of the file's data can know: a node whose name exists only
 * as pixels (in a picture) or as handwriting is matched as an unnamed node (through its edges);
 * when nothing stands in its place, it and its edges leave the count.
 */
function scoreReadable(truth: FlowGraph, output: FlowGraph, unreadable: Set<string>): Score {
  const blind: FlowGraph = {
    ...truth,
    nodes: truth.nodes.map((n) => (unreadable.has(n.id) ? { ...n, label: '' } : n)),
  };
  const found = matchNodes(blind, output);
  const gone = new Set([...unreadable].filter((id) => !found.has(id)));
  return scoreGraph(
    {
      nodes: blind.nodes.filter((n) => !gone.has(n.id)),
      edges: blind.edges.filter((e) => !gone.has(e.from) && !gone.has(e.to)),
      subgraphs: blind.subgraphs.map((sg) => ({ ...sg, nodeIds: sg.nodeIds.filter((id) => !gone.has(id)) })),
    },
    output,
  );
}

/** The ids a truth file marks as unreadable (`%% unreadable: a, b`): named only in pixels or handwriting. */
export function unreadableIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const m of text.matchAll(/^\s*%%\s*unreadable:\s*(.+)$/gm)) {
    for (const id of m[1]!.split(/[\s,]+/)) if (id) ids.add(id);
  }
  return ids;
}

const arrow = (kind: EdgeKind) => (kind === 'forward' ? '→' : kind === 'both' ? '↔' : '—');
const oneLine = (s: string) => {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
};
const sameLabel = (a: string | null, b: string | null) => normalizeLabel(a ?? '') === normalizeLabel(b ?? '');

function labelIndex(graph: FlowGraph): (id: string) => string {
  const labels = new Map<string, string>();
  for (const n of graph.nodes) labels.set(n.id, `"${oneLine(n.label)}"`);
  for (const s of graph.subgraphs) labels.set(s.id, `[${oneLine(s.title)}]`);
  return (id) => labels.get(id) ?? id;
}

/** Subgraph titles from the outside in, for every node. */
function titlePaths(graph: FlowGraph): Map<string, string[]> {
  const byId = new Map(graph.subgraphs.map((s) => [s.id, s]));
  const paths = new Map<string, string[]>();
  for (const s of graph.subgraphs) {
    const path: string[] = [];
    for (let at: GraphSubgraph | undefined = s; at; at = at.parent ? byId.get(at.parent) : undefined) {
      path.unshift(normalizeLabel(at.title));
    }
    for (const id of s.nodeIds) paths.set(id, path);
  }
  return paths;
}

function matchNodes(truth: FlowGraph, output: FlowGraph): Map<string, string> {
  const match = new Map<string, string>();
  const taken = new Set<string>();
  const groups = new Map<string, { t: GraphNode[]; o: GraphNode[] }>();
  for (const t of truth.nodes) {
    const key = normalizeLabel(t.label);
    const g = groups.get(key) ?? { t: [], o: [] };
    g.t.push(t);
    groups.set(key, g);
  }
  for (const o of output.nodes) groups.get(normalizeLabel(o.label))?.o.push(o);
  const tPaths = titlePaths(truth);
  const oPaths = titlePaths(output);
  const neighbours = (graph: FlowGraph) => {
    const out = new Map<string, { other: string; dir: number; label: string }[]>();
    for (const e of graph.edges) {
      const dir = e.kind === 'forward' ? 1 : 0;
      const label = normalizeLabel(e.label ?? '');
      out.set(e.from, [...(out.get(e.from) ?? []), { other: e.to, dir, label }]);
      out.set(e.to, [...(out.get(e.to) ?? []), { other: e.from, dir: -dir, label }]);
    }
    return out;
  };
  const tn = neighbours(truth);
  const on = neighbours(output);
  const oLabels = new Map(output.nodes.map((n) => [n.id, normalizeLabel(n.label)]));
  const tLabels = new Map(truth.nodes.map((n) => [n.id, normalizeLabel(n.label)]));
  // How well output node o stands in for truth node t: neighbours already matched count most,
  // neighbours with the same label next, then the subgraph titles around them.
  const affinity = (t: GraphNode, o: GraphNode): number => {
    let score = 0;
    const theirs = [...(on.get(o.id) ?? [])];
    for (const n of tn.get(t.id) ?? []) {
      const mapped = match.get(n.other);
      const i = theirs.findIndex((m) =>
        mapped !== undefined
          ? m.other === mapped && m.dir === n.dir
          : oLabels.get(m.other) === tLabels.get(n.other) && m.dir === n.dir,
      );
      if (i >= 0) {
        score += mapped !== undefined ? 100 : 10;
        if (theirs[i]!.label === n.label) score += 1;
        theirs.splice(i, 1);
      }
    }
    const tp = tPaths.get(t.id) ?? [];
    const op = oPaths.get(o.id) ?? [];
    for (
      let k = 0;
      k < Math.min(tp.length, op.length) && tp[tp.length - 1 - k] === op[op.length - 1 - k];
      k++
    ) {
      score += 3;
    }
    return score;
  };
  for (let progress = true; progress; ) {
    progress = false;
    for (const g of groups.values()) {
      const ts = g.t.filter((t) => !match.has(t.id));
      const os = g.o.filter((o) => !taken.has(o.id));
      if (ts.length === 0 || os.length === 0) continue;
      if (ts.length === 1 && os.length === 1) {
        match.set(ts[0]!.id, os[0]!.id);
        taken.add(os[0]!.id);
        progress = true;
        continue;
      }
      // Take the single best pair when it is strictly better than every rival of either side.
      const scored = ts.flatMap((t) => os.map((o) => ({ t, o, s: affinity(t, o) })));
      scored.sort((a, b) => b.s - a.s);
      const best = scored[0]!;
      const rival = scored.find((p) => p !== best && (p.t === best.t || p.o === best.o));
      if (best.s > 0 && (!rival || rival.s < best.s)) {
        match.set(best.t.id, best.o.id);
        taken.add(best.o.id);
        progress = true;
      }
    }
    if (!progress) {
      // Nothing tells the rest apart: pair the first of each undecided group in reading order.
      for (const g of groups.values()) {
        const t = g.t.find((n) => !match.has(n.id));
        const o = g.o.find((n) => !taken.has(n.id));
        if (t && o) {
          match.set(t.id, o.id);
          taken.add(o.id);
          progress = true;
          break;
        }
      }
    }
  }
  return match;
}

function matchSubgraphs(
  truth: FlowGraph,
  output: FlowGraph,
  nodeMatch: Map<string, string>,
): Map<string, string> {
  const members = (graph: FlowGraph) => {
    const children = new Map<string, GraphSubgraph[]>();
    for (const s of graph.subgraphs) {
      if (s.parent) children.set(s.parent, [...(children.get(s.parent) ?? []), s]);
    }
    const all = new Map<string, Set<string>>();
    const collect = (s: GraphSubgraph): Set<string> => {
      const found = new Set(s.nodeIds);
      for (const c of children.get(s.id) ?? []) for (const n of collect(c)) found.add(n);
      all.set(s.id, found);
      return found;
    };
    for (const s of graph.subgraphs) if (!all.has(s.id)) collect(s);
    return all;
  };
  const tm = members(truth);
  const om = members(output);
  const pairs: { t: string; o: string; f1: number }[] = [];
  for (const t of truth.subgraphs) {
    const title = normalizeLabel(t.title);
    const mapped = new Set([...tm.get(t.id)!].map((n) => nodeMatch.get(n)).filter((n) => n !== undefined));
    for (const o of output.subgraphs) {
      if (title !== '' && normalizeLabel(o.title) !== title) continue;
      const theirs = om.get(o.id)!;
      const common = [...mapped].filter((n) => theirs.has(n)).length;
      const size = tm.get(t.id)!.size + theirs.size;
      const f1 = size === 0 ? 1 : (2 * common) / size;
      if (f1 >= 2 / 3 - 1e-9) pairs.push({ t: t.id, o: o.id, f1 });
    }
  }
  pairs.sort((a, b) => b.f1 - a.f1);
  const match = new Map<string, string>();
  const taken = new Set<string>();
  for (const p of pairs) {
    if (match.has(p.t) || taken.has(p.o)) continue;
    match.set(p.t, p.o);
    taken.add(p.o);
  }
  return match;
}

export interface ScoreRow {
  measure: string;
  value: string;
  goal: string;
  met: boolean;
}

const ratio = (hit: number, total: number) => (total === 0 ? 1 : hit / total);
const percent = (hit: number, total: number) => `${(100 * ratio(hit, total)).toFixed(1)} % (${hit}/${total})`;

/** The issue's table for a tally, with whether each goal is met. */
export function scoreTable(s: Score, parsed: { hit: number; total: number }): ScoreRow[] {
  /** A row whose goal is a share of at least `goal` (0–1). */
  const atLeast = (measure: string, hit: number, total: number, goal: number): ScoreRow => ({
    measure,
    value: percent(hit, total),
    goal: `≥ ${Math.round(goal * 100)} %`,
    met: ratio(hit, total) >= goal,
  });
  return [
    {
      measure: 'outputs that parse',
      value: percent(parsed.hit, parsed.total),
      goal: '100 %',
      met: parsed.hit === parsed.total,
    },
    atLeast('nodes', s.matchedNodes, s.truthNodes, 0.98),
    atLeast('edges', s.matchedEdges, s.truthEdges, 0.95),
    atLeast('edge labels', s.matchedEdgeLabels, s.truthEdgeLabels, 0.9),
    atLeast('subgraphs (titled containers)', s.matchedSubgraphs, s.truthSubgraphs, 0.8),
    atLeast(
      'precision (output nodes and edges a human would keep)',
      s.keptOutput,
      s.outputNodes + s.outputEdges,
      0.95,
    ),
  ];
}

/** The table as Markdown, as the README shows it. */
export function formatTable(title: string, rows: ScoreRow[]): string {
  const width = Math.max(...rows.map((r) => r.measure.length));
  const valueWidth = Math.max(...rows.map((r) => r.value.length));
  return [
    title,
    `| ${'measure'.padEnd(width)} | ${'measured'.padEnd(valueWidth)} | goal    |`,
    `| ${'-'.repeat(width)} | ${'-'.repeat(valueWidth)} | ------- |`,
    ...rows.map(
      (r) =>
        `| ${r.measure.padEnd(width)} | ${r.value.padEnd(valueWidth)} | ${r.goal.padEnd(7)} |${r.met ? '' : ' ✗'}`,
    ),
  ].join('\n');
}
