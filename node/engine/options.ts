/**
 * What an engine is and how it is set up: the Engine interface, its options, and the desktop app's
 * browser hook (assets.ts says which built page it serves). Apart from the engine itself (index.ts), so that a run
 * served by a warm engine loads none of the engine's machinery.
 */
import type { ExcalidrawConversion } from '../../shared/excalidraw/from-skeleton.ts';
import type { LayoutProbe } from '../../shared/layout/probe.ts';
import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';
import type { EngineRenderRequest, ParseOutcome, RenderRequest } from '../../shared/mermaid/render-types.ts';
import type { RunningBrowser } from './page.ts';

export interface EngineOptions {
  /** `--browser PATH`; otherwise MERROW_BROWSER, an installed Electron, then a system browser. */
  browser?: string | undefined;
  /** Pages rendering at once; default: the number of cores. */
  jobs?: number | undefined;
  /** Per-diagram limit; a diagram over it fails and its page is recycled. Default 60 s. */
  timeoutMs?: number | undefined;
  /** The built renderer; default: MERROW_ENGINE_ASSETS, else dist/renderer beside the code. */
  assetsDir?: string | undefined;
  /**
   * How many diagrams the caller is about to render, when known. More than pages is a batch: the
   * browser saves CPU for the whole batch at some cost to the first render (see FOR_THROUGHPUT).
   */
  expectedDiagrams?: number | undefined;
}

export type OutputFormat = 'svg' | 'png' | 'pdf';

export interface OutputOptions {
  format?: OutputFormat;
  /** Pixel density of PNG output (2 = twice the SVG's size). */
  scale?: number;
  /** Relative cost for scheduling; estimated from the text when absent. */
  cost?: number;
}

export type EngineRenderResult =
  | { ok: true; svg: string; data: Uint8Array; diagramType: string; width: number; height: number }
  | { ok: false; diagnostics: Diagnostic[] };

export interface Engine {
  render(req: EngineRenderRequest, options?: OutputOptions): Promise<EngineRenderResult>;
  parse(req: RenderRequest): Promise<ParseOutcome>;
  call(method: string, arg: unknown, cost?: number): Promise<unknown>;
  /** Mermaid → `.excalidraw` scene: editable shapes for flowchart, sequence, class, ER and state; an image otherwise. */
  toExcalidraw(req: RenderRequest): Promise<ExcalidrawConversion>;
  /** Renders a flowchart with the real layout: where each node and subgraph landed, and the graph mermaid read. */
  probeLayout(req: RenderRequest): Promise<LayoutProbe>;
  close(): Promise<void>;
}

/** Opens a browser whose first tab loads `url` (RunningBrowser.newPage gives it out first). */
export type BrowserLauncher = (url: string) => Promise<RunningBrowser>;

let provided: BrowserLauncher | undefined;

/**
 * The desktop app's hook: every engine of this process renders in the browser `launch` opens
 * (hidden windows of the app itself, driven over the same DevTools protocol) instead of looking
 * for one on the system. Set once, before the first engine starts.
 */
export function provideBrowser(launch: BrowserLauncher): void {
  provided = launch;
}

/** The browser the host provided (see provideBrowser), if any. */
export function providedBrowser(): BrowserLauncher | undefined {
  return provided;
}

/** The per-diagram limit when none is given. */
export const DEFAULT_TIMEOUT_MS = 60_000;
