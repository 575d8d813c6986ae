/**
 * The layout settings in force for a diagram, which decide what edits can move its nodes: the
 * folder's config, then the diagram's own frontmatter (which wins, as in mermaid).
 */
import { mergeConfigs } from '../mermaid/config.ts';
import { readFrontmatterConfig } from '../mermaid/frontmatter-config.ts';
import type { MermaidConfig } from '../mermaid/render-types.ts';

export interface LayoutSettings {
  /** `elk` (mermaid 12's default for flowcharts), `dagre`, or another registered layout. */
  layout: string;
  /** ELK keeps the order nodes are first mentioned in (`elk.forceNodeModelOrder`). */
  forcedModelOrder: boolean;
}

/** The settings a diagram renders with under `config` (the folder's config, if any). */
export function layoutSettings(text: string, config: MermaidConfig = {}): LayoutSettings {
  const effective = mergeConfigs(config, readFrontmatterConfig(text));
  const flowchart = (effective.flowchart ?? {}) as { defaultRenderer?: unknown };
  const elk = (effective.elk ?? {}) as { forceNodeModelOrder?: unknown };
  const layout =
    typeof effective.layout === 'string'
      ? effective.layout
      : flowchart.defaultRenderer === 'dagre-wrapper' || flowchart.defaultRenderer === 'dagre-d3'
        ? 'dagre'
        : 'elk';
  return { layout, forcedModelOrder: layout === 'elk' && elk.forceNodeModelOrder === true };
}
