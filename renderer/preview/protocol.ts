import type { MoveRequest } from '../../shared/layout/request.ts';
import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';
import type { MermaidConfig, SvgLabels } from '../../shared/mermaid/render-types.ts';

/** How a preview frame behaves: the app's preview takes the defaults, the import view's Mermaid pane its own. */
export interface FrameOptions {
  /**
   * The automatic fit (a new diagram, a resized frame) never shrinks the labels below this many
   * CSS pixels on screen: a large diagram then opens at that scale, to be panned. 0 (the default):
   * the whole diagram is fitted, however small.
   */
  readableTextPx?: number;
  /** Whether a flowchart node dragged in the frame moves by a text edit (default) or the drag pans. */
  nodeDrag?: boolean;
}

/** What the app asks of the preview frame. */
export type ToPreview =
  | {
      type: 'render';
      seq: number;
      /** Which document this is: pan and zoom are kept per document across re-renders. */
      docKey: string;
      text: string;
      config: MermaidConfig;
    }
  | { type: 'highlight'; ids: string[] }
  | { type: 'view'; action: 'fit' | 'actual' | 'zoom-in' | 'zoom-out' }
  /** How this frame behaves (sent once, before its renders): see `FrameOptions`. */
  | { type: 'options'; options: FrameOptions }
  /** A PNG of the shown diagram, on its theme's background unless `transparent`. */
  | { type: 'export-png'; seq: number; scale: number; transparent: boolean }
  | {
      /** Renders a file as `merrow export` does (its own layout width and background), apart from the shown one. */
      type: 'render-export';
      seq: number;
      text: string;
      config: MermaidConfig;
      /** A CSS colour, `theme` (its theme's own) or `transparent`, as `merrow export --background` takes. */
      background: string;
      width: number;
      /** Also rasterize it at this scale (PNG); null for SVG only. */
      pngScale: number | null;
      /** How the SVG carries its labels (the folder's `merrow.svgLabels`); mermaid's HTML when absent. */
      labels?: SvgLabels;
    };

/** An element of the diagram the user clicked, named the way the source names it. */
export interface DiagramTarget {
  /** `message`: a sequence diagram message; `transition`: a state diagram transition. */
  kind: 'node' | 'edge' | 'message' | 'transition';
  id: string;
  /** For edges and messages: the ids of both ends. */
  from?: string;
  to?: string;
  /** For messages: how many messages between the same ends come before it; for transitions: its number. */
  index?: number;
}

/** What the preview frame tells the app about a node dragged to a new place. */
export type LayoutMessage =
  | { type: 'layout'; event: 'drag' | 'cancelled'; node: string }
  | { type: 'layout'; event: 'searching'; node: string; request: MoveRequest }
  /** The edit applied early was the smallest that works: the search is over. */
  | { type: 'layout'; event: 'settled'; node: string }
  | {
      type: 'layout-result';
      ok: true;
      docKey: string;
      request: MoveRequest;
      /** The text the search started from: the edit applies only if the editor still holds it. */
      base: string;
      text: string;
      changed: boolean;
      description: string;
      /** 0-based lines of `text` that the edit added or changed. */
      added: number[];
      searchMs: number;
      /** Applied before the search was done: a smaller edit may replace it (`replaces`). */
      provisional?: boolean;
      /** The early edit this smaller one replaces: it applies only if the editor still holds that. */
      replaces?: string;
    }
  | { type: 'layout-result'; ok: false; docKey: string; request: MoveRequest; reason: string; why?: string };

/** What the preview frame tells the app. */
export type FromPreview =
  | LayoutMessage
  | { type: 'ready' }
  | { type: 'rendered'; seq: number; ok: true; svg: string; diagramType: string; ms: number }
  | { type: 'rendered'; seq: number; ok: false; diagnostics: Diagnostic[]; ms: number }
  | { type: 'clicked'; target: DiagramTarget }
  | { type: 'zoom'; scale: number }
  | { type: 'exported'; seq: number; ok: true; png: Uint8Array; width: number; height: number }
  | { type: 'exported'; seq: number; ok: false; message: string }
  | { type: 'export-rendered'; seq: number; ok: true; svg: string; png: Uint8Array | null }
  | { type: 'export-rendered'; seq: number; ok: false; message: string };
