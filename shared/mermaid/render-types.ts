import type { Diagnostic } from './diagnostic.ts';

/** Mermaid configuration as passed to `mermaid.initialize` (a plain JSON object). */
export type MermaidConfig = Record<string, unknown>;

/** What the one mermaid module (renderer/mermaid) is asked to render. */
export interface RenderRequest {
  /** The file's full text, frontmatter included. */
  text: string;
  /** Merged `--config` and project config; the diagram's own frontmatter still wins over it. */
  config?: MermaidConfig;
}

export type RenderOutcome =
  | {
      ok: true;
      /** Well-formed XML (re-serialized from mermaid's HTML markup). */
      svg: string;
      diagramType: string;
      width: number;
      height: number;
    }
  | { ok: false; diagnostics: Diagnostic[] };

export type ParseOutcome = { ok: true; diagramType: string } | { ok: false; diagnostics: Diagnostic[] };
