/** Frames and groups as (nested) Mermaid subgraphs. */

import type { FrameElement, ShapeElement, TextElement } from './model.ts';
import type { ConversionReport } from './report.ts';

export interface FlowSubgraph {
  id: string;
  title: string;
  nodeIds: string[];
  children: FlowSubgraph[];
}

interface IdSource {
  allocate(prefix: string, elementId: string): string;
}

// Deeper nesting is unreadable and slows Mermaid's layout to a crawl; inner levels are flattened.
const MAX_DEPTH = 8;

/**
 * Builds the subgraph tree: a frame is a subgraph named by the frame; an Excalidraw group of two
 * or more nodes is an untitled subgraph inside its parent group (or frame). Groups holding the
 * same nodes as the group inside them are one subgraph, not two.
 */
export function buildSubgraphs(
  nodes: (ShapeElement | TextElement)[],
  nodeId: Map<string, string>,
  frames: FrameElement[],
  targetedFrames: Set<ShapeElement | TextElement | FrameElement>,
  ids: IdSource,
  report: ConversionReport,
): { roots: FlowSubgraph[]; frameIds: Map<string, string>; count: number } {
  const frameById = new Map(frames.map((f) => [f.id, f]));
  const groupSize = new Map<string, number>();
  for (const n of nodes) for (const g of new Set(n.groupIds)) groupSize.set(g, (groupSize.get(g) ?? 0) + 1);

  const roots: FlowSubgraph[] = [];
  const byPath = new Map<string, FlowSubgraph>();
  const frameIds = new Map<string, string>();
  let count = 0;
  let flattened = false;

  const frameSubgraph = (frame: FrameElement): FlowSubgraph => {
    const key = `f\u0000${frame.id}`;
    let sg = byPath.get(key);
    if (!sg) {
      const id = ids.allocate('f', frame.id);
      frameIds.set(frame.id, id);
      sg = { id, title: frame.name ?? 'Frame', nodeIds: [], children: [] };
      byPath.set(key, sg);
      roots.push(sg);
      count++;
    }
    return sg;
  };

  for (const n of nodes) {
    const frame = n.frameId ? frameById.get(n.frameId) : undefined;
    let parent: FlowSubgraph | null = frame ? frameSubgraph(frame) : null;
    let key = frame ? `f\u0000${frame.id}` : '';
    const chain = effectiveGroups(n.groupIds, groupSize);
    if (chain.length > MAX_DEPTH) flattened = true;
    for (const g of chain.slice(0, MAX_DEPTH)) {
      key += `\u0000g\u0000${g}`;
      let sg = byPath.get(key);
      if (!sg) {
        sg = { id: ids.allocate('g', g), title: ' ', nodeIds: [], children: [] };
        byPath.set(key, sg);
        (parent ? parent.children : roots).push(sg);
        count++;
      }
      parent = sg;
    }
    if (parent) parent.nodeIds.push(nodeId.get(n.id)!);
  }
  for (const t of targetedFrames) if (t.type === 'frame') frameSubgraph(t);
  if (flattened) report.warnings.push(`groups nested deeper than ${MAX_DEPTH} levels were flattened`);
  return { roots, frameIds, count };
}

// Outermost first; only groups of two or more nodes, and one subgraph per distinct node set.
function effectiveGroups(groupIds: string[], groupSize: Map<string, number>): string[] {
  const chain: string[] = [];
  let lastSize = -1;
  const seen = new Set<string>();
  for (let i = groupIds.length - 1; i >= 0; i--) {
    const g = groupIds[i]!;
    const size = groupSize.get(g) ?? 0;
    if (size < 2 || size === lastSize || seen.has(g)) continue;
    seen.add(g);
    chain.push(g);
    lastSize = size;
  }
  return chain;
}
