/**
 * The layout search as the preview frame runs it: candidates are rendered in the frame itself, in
 * the background, with the real layout. A search may start while the user still drags (when the
 * pointer rests on a place) and is reused when the node is dropped there; a search for another
 * place is abandoned between two renders.
 */
import type { LayoutProbe, ProbedLayout } from '../../shared/layout/probe.ts';
import type { MoveRequest } from '../../shared/layout/request.ts';
import { type SearchResult, searchLayoutEdit } from '../../shared/layout/search.ts';
import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';
import { renderAndProbe } from '../mermaid/layout-probe.ts';

/** The diagram a search starts from: the text shown, and its drawing as measured on screen. */
export interface SearchBase {
  docKey: string;
  text: string;
  config: MermaidConfig;
  current: ProbedLayout;
}

export type SearchOutcome = SearchResult & { svg: string | null };

interface Running {
  key: string;
  cancelled: boolean;
  done: Promise<SearchOutcome>;
}

/** Renders candidates off screen, as the shown diagram is rendered (same width, same svg id). */
export class LayoutSearcher {
  private running: Running | null = null;
  private readonly box: HTMLElement;
  private readonly svgId: string;

  constructor(svgId: string) {
    this.svgId = svgId;
    // Like the preview's own scratch box (and the CLI's engine page): 800 px wide, the default font.
    this.box = document.createElement('div');
    this.box.setAttribute('aria-hidden', 'true');
    this.box.style.cssText =
      'position:absolute;left:-100000px;top:0;width:800px;visibility:hidden;font-family:initial';
    document.body.append(this.box);
  }

  /** Starts (or keeps) the search for this request; any other search stops after its current render. */
  search(base: SearchBase, request: MoveRequest): Promise<SearchOutcome> {
    const key = JSON.stringify([base.docKey, base.text, base.config, request]);
    if (this.running?.key === key) return this.running.done;
    this.cancel();
    const svgs = new Map<string, string>();
    const run: Running = { key, cancelled: false, done: Promise.resolve(null as unknown as SearchOutcome) };
    const probe = async (text: string): Promise<LayoutProbe> => {
      const out = await renderAndProbe({ text, config: base.config }, this.box, this.svgId);
      this.box.replaceChildren();
      if (out.svg) svgs.set(text, out.svg);
      return out.probe;
    };
    run.done = searchLayoutEdit({
      text: base.text,
      request,
      probe,
      config: base.config,
      current: base.current,
      cancelled: () => run.cancelled,
    }).then((result) => ({ ...result, svg: result.ok ? (svgs.get(result.text) ?? null) : null }));
    this.running = run;
    return run.done;
  }

  /** Stops the running search after the render it is in. */
  cancel(): void {
    if (this.running) this.running.cancelled = true;
    this.running = null;
  }
}
