/**
 * The move requests of the layout benchmarks: drawn from real flowcharts and state diagrams
 * (mermaid's examples, Merrow's examples, bench/layout-corpus), as a user dragging nodes would
 * make them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { diagramData } from '@mermaid-js/examples';
import type { ProbedLayout } from '../shared/layout/probe.ts';
import {
  alongRank,
  directionFor,
  judge,
  MOVE_KINDS,
  type MoveRequest,
  memberOf,
} from '../shared/layout/request.ts';
import { reaches } from '../shared/layout/search.ts';
import { seededRandom } from '../shared/random.ts';

const ROOT = resolve(import.meta.dirname, '..');

export interface Diagram {
  name: string;
  text: string;
}

const HEADERS = {
  flowchart: /^\s*(flowchart|graph)\b/m,
  state: /^\s*stateDiagram\b/m,
  class: /^\s*classDiagram\b/m,
};

/**
 * Every flowchart (or state or class diagram) of the corpus: mermaid's examples, Merrow's examples, and
 * the benchmark's own.
 */
export function corpus(family: keyof typeof HEADERS = 'flowchart'): Diagram[] {
  const header = HEADERS[family];
  const out: Diagram[] = [];
  for (const diagram of diagramData) {
    for (const example of diagram.examples) {
      if (header.test(example.code)) {
        out.push({ name: `mermaid-examples: ${example.title}`, text: example.code });
      }
    }
  }
  for (const dir of ['examples/diagrams', 'bench/layout-corpus']) {
    for (const file of readdirSync(join(ROOT, dir)).sort()) {
      if (!file.endsWith('.mmd')) continue;
      const text = readFileSync(join(ROOT, dir, file), 'utf8');
      if (header.test(text.replace(/^---[\s\S]*?---/, ''))) out.push({ name: `${dir}/${file}`, text });
    }
  }
  return out;
}

/**
 * Requests a user could make by dragging in this diagram: for each kind, pairs the current
 * drawing does not satisfy yet, drawn at random (seeded by the diagram's name).
 */
export function drawRequests(diagram: Diagram, layout: ProbedLayout, perKind: number): MoveRequest[] {
  // Requests across ranks against the links are drawn apart, one per kind, and reported apart.
  let seed = 0;
  for (const c of diagram.name) seed = (seed * 31 + c.charCodeAt(0)) | 0;
  const random = seededRandom(seed);
  const subgraphs = layout.graph.subgraphs.map((s) => s.id);
  // A user drags nodes and states, not a state diagram's start and end dots or its notes.
  const nodes = layout.graph.nodes
    .filter((n) => !['stateStart', 'stateEnd', 'note'].includes(n.shape))
    .map((n) => n.id)
    .filter((id) => !subgraphs.includes(id) && layout.nodes[id]);
  const out: MoveRequest[] = [];
  for (const kind of MOVE_KINDS) {
    const pool: MoveRequest[] = [];
    const against: MoveRequest[] = [];
    for (const node of nodes) {
      if (kind === 'into' || kind === 'out-of') {
        for (const sg of subgraphs) {
          const member = memberOf(layout.graph, node, sg);
          if (
            kind === 'into' ? !member : layout.graph.subgraphs.find((s) => s.id === sg)!.nodes.includes(node)
          ) {
            pool.push({ node, kind, other: sg });
          }
        }
        continue;
      }
      for (const other of nodes) {
        if (other === node) continue;
        const request = { node, kind, other };
        if (judge(request, layout).ok) continue;
        // Along a rank, a user drags a node beside another of the same rank.
        const along = alongRank(kind, directionFor(layout.graph, node, other));
        if (along && !sameRank(layout, node, other)) continue;
        (!along && isAgainstLinks(request, layout) ? against : pool).push(request);
      }
    }
    for (let i = 0; i < perKind && pool.length > 0; i++) {
      out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
    }
    if (against.length > 0) out.push(against[Math.floor(random() * against.length)]!);
  }
  return out;
}

/** Whether the links lead the other way: from `other` to a node asked to come before it, or back. */
export function isAgainstLinks(request: MoveRequest, layout: ProbedLayout): boolean {
  const earlier = request.kind === 'left-of' || request.kind === 'above';
  return earlier
    ? reaches(layout.graph, request.other, request.node)
    : reaches(layout.graph, request.node, request.other);
}

/** Whether two nodes share a rank: their boxes overlap across the flow. */
function sameRank(layout: ProbedLayout, a: string, b: string): boolean {
  const vertical = !/^(LR|RL)$/.test(directionFor(layout.graph, a, b));
  const [p, q] = [layout.nodes[a]!, layout.nodes[b]!];
  return vertical
    ? p.y < q.y + q.height - 1 && q.y < p.y + p.height - 1
    : p.x < q.x + q.width - 1 && q.x < p.x + p.width - 1;
}
