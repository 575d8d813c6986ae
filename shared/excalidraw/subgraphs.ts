/** Containers, frames and groups as (nested) Mermaid subgraphs. */

import type { Container } from './containers.ts';
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

export interface PlacedNode {
  id: string;
  groupIds: string[];
  region: Container | null;
}

// Deeper nesting is unreadable and slows Mermaid's layout to a crawl; inner levels are flattened.
const MAX_DEPTH = 8;

/**
 * Builds the subgraph tree: each container (a titled box or a frame) is a subgraph inside the
 * container around it; inside it, an Excalidraw group of two or more nodes is an untitled
 * subgraph. Groups holding the same nodes as the group inside them are one subgraph, not two.
 * `extra` lists containers that must exist even without nodes of their own (edge ends).
 */
export function buildSubgraphs(
  nodes: PlacedNode[],
  extra: Container[],
  ids: IdSource,
  report: ConversionReport,
): { roots: FlowSubgraph[]; idOf: Map<Container, string>; count: number } {
  const groupSize = new Map<string, number>();
  for (const n of nodes) for (const g of new Set(n.groupIds)) groupSize.set(g, (groupSize.get(g) ?? 0) + 1);
  // A group holding exactly the nodes of the container it lies in says nothing the container
  // does not: one subgraph, not two.
  const regionSize = new Map<Container, number>();
  const regionsOf = new Map<string, Set<Container | null>>();
  for (const n of nodes) {
    if (n.region) regionSize.set(n.region, (regionSize.get(n.region) ?? 0) + 1);
    for (const g of n.groupIds) {
      const set = regionsOf.get(g) ?? new Set();
      set.add(n.region);
      regionsOf.set(g, set);
    }
  }
  const sameAsRegion = (g: string, region: Container) =>
    regionsOf.get(g)?.size === 1 && groupSize.get(g) === regionSize.get(region);
  const roots: FlowSubgraph[] = [];
  const idOf = new Map<Container, string>();
  const byContainer = new Map<Container, FlowSubgraph>();
  const byPath = new Map<string, FlowSubgraph>();
  let count = 0;
  let flattened = false;

  const depthOf = (c: Container) => {
    let depth = 0;
    for (let p = c.parent; p; p = p.parent) depth++;
    return depth;
  };
  const ensure = (c: Container): FlowSubgraph => {
    let sg = byContainer.get(c);
    if (sg) return sg;
    const id = ids.allocate(c.frame ? 'f' : 's', c.id);
    idOf.set(c, id);
    sg = { id, title: c.title ?? (c.frame ? 'Frame' : ' '), nodeIds: [], children: [] };
    byContainer.set(c, sg);
    count++;
    // Beyond the depth limit a container joins its parent's level.
    let parent = c.parent;
    while (parent && depthOf(parent) >= MAX_DEPTH - 1) {
      parent = parent.parent;
      flattened = true;
    }
    if (parent) ensure(parent).children.push(sg);
    else roots.push(sg);
    return sg;
  };

  for (const n of nodes) {
    const region = n.region ? ensure(n.region) : null;
    let parent = region;
    let key = region ? `c\u0000${region.id}` : '';
    const chain = effectiveGroups(n.groupIds, groupSize);
    if (chain.length > MAX_DEPTH) flattened = true;
    for (const g of chain.slice(0, MAX_DEPTH)) {
      if (region && n.region && sameAsRegion(g, n.region)) continue;
      // A group straddling containers (in and out of one, or across two) was grouped to move
      // as one, not drawn as a box: cut into pieces it would only mislead.
      if (regionsOf.get(g)!.size > 1) continue;
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
    if (parent) parent.nodeIds.push(n.id);
  }
  for (const c of extra) ensure(c);
  if (flattened) report.warnings.push(`subgraphs nested deeper than ${MAX_DEPTH} levels were flattened`);
  return { roots, idOf, count };
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
