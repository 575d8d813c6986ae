import type { Diagnostic } from './diagnostic.ts';

/** Mermaid configuration as passed to `mermaid.initialize` (a plain JSON object). */
export type MermaidConfig = Record<string, unknown>;

/** What the one mermaid module (renderer/mermaid) is asked to render. */
export interface RenderRequest {
  /** The file's full text, frontmatter included. */
  text: string;
  /** Merged `--config` and project config; the diagram's own frontmatter still wins over it. */
  config?: MermaidConfig;
  /** Id of the rendered `<svg>` (its CSS is scoped by it); distinct per diagram shown at once. Default `merrow`. */
  svgId?: string;
  /**
   * A CSS colour painted behind the diagram; `theme` for the colour its theme is drawn on (dark
   * for the dark themes); `transparent` or absent for none.
   */
  background?: string;
}

export type RenderOutcome =
  | {
      ok: true;
      /** Well-formed XML (re-serialized from mermaid's HTML markup). */
      svg: string;
      diagramType: string;
      width: number;
      height: number;
      /** The colour the diagram's theme is drawn on (mermaid's `background` theme variable). */
      themeBackground: string;
    }
  | { ok: false; diagnostics: Diagnostic[] };

/** The `background` that asks for the diagram's theme's own colour. */
export const THEME_BACKGROUND = 'theme';

export type ParseOutcome =
  | { ok: true; diagramType: string }
  | {
      ok: false;
      diagnostics: Diagnostic[];
      /** Mermaid failed on its own rather than on a mistake it recognises (see describeError). */
      internal?: true;
    };

/** Where the mermaid module's Node build sits in the renderer's build folder (beside engine.html). */
export const NODE_PARSER_ASSET = 'parser/parser.mjs';

/** What the mermaid module's Node build (renderer/mermaid/node-parser.ts) exports. */
export interface NodeParser {
  parse(req: RenderRequest): Promise<ParseOutcome>;
}

/** A render as the headless engine page takes it: the request plus page-level layout options. */
export interface EngineRenderRequest extends RenderRequest {
  /** Width in CSS pixels of the element mermaid lays out in (gantt and `useMaxWidth` diagrams fill it). */
  width?: number;
}

/** What the headless engine page (renderer/engine.html) exposes as `window.merrowEngine`. */
export interface EnginePageApi {
  render(req: EngineRenderRequest): Promise<RenderOutcome>;
  parse(req: RenderRequest): Promise<ParseOutcome>;
  /** Shows an SVG alone at the top-left of the page, `scale` times its size, for a screenshot or PDF. */
  stage(svg: string, scale: number): { width: number; height: number };
  /** Runs a method of the engine page that is imported only when first called (see renderer/engine/methods.ts). */
  call(method: string, arg: unknown): Promise<unknown>;
}
