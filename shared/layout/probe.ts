import type { Diagnostic } from '../mermaid/diagnostic.ts';

/** A rectangle in the diagram's own coordinates (the SVG's user units), y down. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A node as mermaid's own parser read it: what the diagram shows, not where. */
export interface NodeFacts {
  id: string;
  text: string;
  shape: string;
  classes: string[];
  styles: string[];
  link: string;
}

/** An edge as mermaid read it; `length` (extra dashes) is layout, the rest is the graph. */
export interface EdgeFacts {
  /** The user's `id@`, else empty (mermaid's own `L_…` ids depend on order). */
  userId: string;
  from: string;
  to: string;
  text: string;
  type: string;
  stroke: string;
  length: number;
  style: string[];
  classes: string[];
  interpolate: string;
  /** `animate` / `animation` from an edge's `@{ … }`. */
  animate: string;
}

export interface SubgraphFacts {
  id: string;
  title: string;
  classes: string[];
  /** The subgraph's own `direction`, empty when it has none. */
  dir: string;
  nodes: string[];
}

/** What a flowchart says, as mermaid's flowchart database holds it after parsing the text. */
export interface GraphFacts {
  direction: string;
  nodes: NodeFacts[];
  edges: EdgeFacts[];
  /** `linkStyle default …` and `linkStyle default interpolate …`. */
  edgeDefaults: { style: string[]; interpolate: string };
  subgraphs: SubgraphFacts[];
  classDefs: { id: string; styles: string[]; textStyles: string[] }[];
}

/** A flowchart rendered with the real layout: where each node and subgraph landed, and what mermaid read. */
export type LayoutProbe =
  | {
      ok: true;
      nodes: Record<string, Box>;
      /** Subgraph frames by subgraph id. */
      clusters: Record<string, Box>;
      graph: GraphFacts;
    }
  | { ok: false; diagnostics: Diagnostic[] };

/** A successful probe: the rendering a request is judged by. */
export type ProbedLayout = Extract<LayoutProbe, { ok: true }>;
