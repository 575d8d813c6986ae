import type { DiagramDiff, DiffSide } from './diagram-diff.ts';

/**
 * Where diff ids appear in the SVG that `mermaid.render(renderId, text)` returns (checked
 * against renders of the installed mermaid in svg-ids.test.ts):
 *
 * Flowchart
 * - node:      `<g class="node …" id="{renderId}-flowchart-{nodeId}-{n}">`, n a render-wide counter
 * - subgraph:  `<g class="cluster" id="{renderId}-{subgraphId}">`
 * - edge:      `<path class="… flowchart-link" id="{renderId}-{edgeId}" data-id="{edgeId}">`, and its
 *              label `<g class="edgeLabel"><g class="label" data-id="{edgeId}">`; edgeId is
 *              `L_{from}_{to}_{k}` (k = 0, 2, 3, … for repeated pairs) or the author's `id@`
 * Sequence
 * - participant: `name="{name}"` on its boxes, `data-id="{name}"` on its top group (`g#root-{n}`,
 *                `g.actor-man`) and lifeline (`line.actor-line`)
 * - message:     `<line class="messageLine0|1" data-id="i{n}">`, n its place in Mermaid's message list;
 *                notes and blocks also hold `data-id="i{n}"` and stand for nothing in the diff
 */
export interface SvgElementInfo {
  id: string;
  className: string;
  dataId: string | null;
  name: string | null;
}

/** Which node or edge of the diff a rendered SVG element stands for, if any. */
export function diffKeyOf(
  kind: DiagramDiff['kind'],
  renderId: string,
  element: SvgElementInfo,
): { part: keyof DiffSide; id: string } | null {
  const classes = element.className.split(/\s+/);
  if (kind === 'flowchart') {
    if (element.dataId) return { part: 'edges', id: element.dataId };
    const nodePrefix = `${renderId}-flowchart-`;
    if (classes.includes('node') && element.id.startsWith(nodePrefix)) {
      return { part: 'nodes', id: element.id.slice(nodePrefix.length).replace(/-\d+$/, '') };
    }
    if (classes.includes('cluster') && element.id.startsWith(`${renderId}-`)) {
      return { part: 'nodes', id: element.id.slice(renderId.length + 1) };
    }
    return null;
  }
  if (element.dataId && classes.some((c) => c.startsWith('messageLine'))) {
    return { part: 'edges', id: element.dataId };
  }
  if (element.name) return { part: 'nodes', id: element.name };
  // Notes and blocks carry `data-id="i<n>"` too; only actor groups and lifelines name a participant.
  const isActor =
    /^root-\d+$/.test(element.id) || classes.includes('actor-man') || classes.includes('actor-line');
  return element.dataId && isActor ? { part: 'nodes', id: element.dataId } : null;
}

/** CSS selector for every element `diffKeyOf` may recognise. */
export const DIFF_ELEMENT_SELECTOR = 'g.node, g.cluster, [data-id], [name]';
