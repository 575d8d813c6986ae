/**
 * What a drop in the preview asks for: the dragged node put beside the node nearest the drop
 * point, on the side the point is, or into the subgraph it was dropped in, or out of its own.
 */
import type { Box, ProbedLayout } from './probe.ts';
import { type MoveRequest, memberOf } from './request.ts';

export interface Point {
  x: number;
  y: number;
}

const contains = (b: Box, p: Point) =>
  p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height;
const area = (b: Box) => b.width * b.height;

/** The request a drop of `node` at `point` (in the diagram's coordinates) makes; null for none. */
export function dropRequest(layout: ProbedLayout, node: string, point: Point): MoveRequest | null {
  const { graph } = layout;
  const subgraphIds = new Set(graph.subgraphs.map((s) => s.id));
  // The innermost subgraph frame under the point (the dragged node cannot be dropped into itself).
  const frames = Object.entries(layout.clusters)
    .filter(([id, b]) => id !== node && contains(b, point))
    .sort((a, b) => area(a[1]) - area(b[1]));
  const inner = frames[0]?.[0];
  const holder = graph.subgraphs.find((s) => s.nodes.includes(node))?.id;
  if (inner && !memberOf(graph, node, inner)) return { node, kind: 'into', other: inner };
  if (holder && !frames.some(([id]) => id === holder)) {
    // Dropped outside its own subgraph's frame: out of it (into a frame around it is the same move).
    return { node, kind: 'out-of', other: holder };
  }
  let nearest: { id: string; box: Box; distance: number } | null = null;
  for (const [id, box] of Object.entries(layout.nodes)) {
    if (id === node || subgraphIds.has(id)) continue;
    const dx = Math.max(box.x - point.x, 0, point.x - (box.x + box.width));
    const dy = Math.max(box.y - point.y, 0, point.y - (box.y + box.height));
    const distance = Math.hypot(dx, dy);
    if (!nearest || distance < nearest.distance) nearest = { id, box, distance };
  }
  if (!nearest) return null;
  const { box } = nearest;
  // The side: whichever the point is further out on, measured in the box's half sizes.
  const dx = (point.x - (box.x + box.width / 2)) / (box.width / 2 || 1);
  const dy = (point.y - (box.y + box.height / 2)) / (box.height / 2 || 1);
  const kind = Math.abs(dx) >= Math.abs(dy) ? (dx < 0 ? 'left-of' : 'right-of') : dy < 0 ? 'above' : 'below';
  return { node, kind, other: nearest.id };
}
