/** Shape colours and stroke styles as Mermaid `classDef`s, one per distinct look. */

import { safeColor } from './mermaid-text.ts';
import type { Element, ShapeElement, TextElement } from './model.ts';

export interface NodeStyle {
  className: string;
  /** `fill:#a5d8ff,stroke:#1971c2` — every value has passed safeColor. */
  properties: string;
  nodeIds: string[];
}

// Excalidraw's default ink, which Mermaid's theme should replace rather than copy.
const DEFAULT_INK = new Set(['#000', '#000000', '#1e1e1e', 'black']);

/** Groups nodes by look; class names follow the order in which each look first appears. */
export function buildStyles(
  nodes: (ShapeElement | TextElement)[],
  nodeId: Map<string, string>,
  byId: Map<string, Element>,
): NodeStyle[] {
  const labelColor = new Map<string, string>();
  for (const el of byId.values()) {
    if (el.type === 'text' && el.containerId && !labelColor.has(el.containerId))
      labelColor.set(el.containerId, el.strokeColor);
  }
  const byLook = new Map<string, NodeStyle>();
  for (const el of nodes) {
    const properties = lookOf(el, el.type === 'text' ? el.strokeColor : labelColor.get(el.id));
    if (!properties) continue;
    let style = byLook.get(properties);
    if (!style) {
      style = { className: `c${byLook.size + 1}`, properties, nodeIds: [] };
      byLook.set(properties, style);
    }
    style.nodeIds.push(nodeId.get(el.id)!);
  }
  return [...byLook.values()];
}

function lookOf(el: ShapeElement | TextElement, textColor: string | undefined): string {
  const parts: string[] = [];
  if (el.type === 'text') {
    // A bare word made a node keeps looking like text, not like a box.
    parts.push('fill:none', 'stroke:none');
  } else {
    const fill = safeColor(el.backgroundColor);
    if (fill && fill !== 'transparent') parts.push(`fill:${fill}`);
    const stroke = safeColor(el.strokeColor);
    if (stroke && !DEFAULT_INK.has(stroke.toLowerCase())) parts.push(`stroke:${stroke}`);
    if (el.strokeStyle === 'dashed') parts.push('stroke-dasharray:8 4');
    if (el.strokeStyle === 'dotted') parts.push('stroke-dasharray:2 4');
  }
  const color = textColor ? safeColor(textColor) : null;
  if (color && !DEFAULT_INK.has(color.toLowerCase())) parts.push(`color:${color}`);
  return parts.join(',');
}
