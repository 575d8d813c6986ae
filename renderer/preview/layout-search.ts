/**
 * The layout search as the preview frame runs it: candidates are rendered in the frame itself, in
 * the background, with the real layout. A search may start while the user still drags (when the
 * pointer rests on a place) and is reused when the node is dropped there; a search for another
 * place is abandoned between two renders. Once a drop has waited PATIENCE_MS (or would, by the end
 * of the next render), an edit known to work is offered at once (`early`) while the search goes on
 * for a smaller one (`done`).
 */
import type { LayoutProbe, ProbedLayout } from '../../shared/layout/probe.ts';
import type { MoveRequest } from '../../shared/layout/request.ts';
import { type SearchResult, type SearchSuccess, searchLayoutEdit } from '../../shared/layout/search.ts';
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

/** How long after the drop a working edit is applied even if a smaller one may still work. */
const PATIENCE_MS = 500;

/** A search, as the drop that waits for it sees it. */
export interface SearchRun {
  /** The search's answer: the smallest edit that works (or why none does, or `cancelled`). */
  done: Promise<SearchOutcome>;
  /** An edit that works, offered before the search is done when the drop has waited long. */
  early: Promise<SearchOutcome>;
  /** The node was dropped there: from now on the wait counts. */
  dropped(at: number): void;
}

interface Running extends SearchRun {
  key: string;
  cancelled: boolean;
}

/** Renders candidates off screen, as the shown diagram is rendered (same width, same svg id). */
export class LayoutSearcher {
  private running: Running | null = null;
  /** After an early edit: the next render waits until the app has asked for that edit's drawing. */
  private gate: { text: string; open: () => void; wait: Promise<void> } | null = null;
  /** How long the last candidate's render took. */
  private renderMs = 0;
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
  search(base: SearchBase, request: MoveRequest): SearchRun {
    const key = JSON.stringify([base.docKey, base.text, base.config, request]);
    if (this.running?.key === key) return this.running;
    this.cancel();
    const svgs = new Map<string, string>();
    const withSvg = (result: SearchResult): SearchOutcome => ({
      ...result,
      svg: result.ok ? (svgs.get(result.text) ?? null) : null,
    });
    // The smallest edit known to work while smaller ones are untried; offered once the drop has
    // waited PATIENCE_MS (a timer may fire between the steps of a render, so it need not wait for
    // the render to end).
    let known: SearchSuccess | null = null;
    let droppedAt: number | null = null;
    let offered = false;
    let finished = false;
    let offer: (outcome: SearchOutcome) => void = () => {};
    // `ahead`: the time a render about to start will hold the page (a timer cannot fire within).
    const offerIfDue = (ahead = 0) => {
      if (offered || finished || !known || run.cancelled || droppedAt === null) return;
      if (performance.now() + ahead - droppedAt < PATIENCE_MS) return;
      offered = true;
      this.gate = gateFor(known.text);
      offer(withSvg(known));
    };
    const run: Running = {
      key,
      cancelled: false,
      done: Promise.resolve(null as unknown as SearchOutcome),
      early: new Promise((resolve) => {
        offer = resolve;
      }),
      dropped: (at) => {
        if (droppedAt !== null) return;
        droppedAt = at;
        setTimeout(() => offerIfDue(), Math.max(0, at + PATIENCE_MS - performance.now()));
      },
    };
    const probe = async (text: string): Promise<LayoutProbe> => {
      // A working edit waits no longer than the drop's patience: if the next render would end
      // after it, the edit is offered now.
      offerIfDue(this.renderMs);
      // The preview answers the app's render of an early edit from the drawing it has; a render
      // of the next candidate would hold that answer up as long as it takes.
      const gate = this.gate;
      if (gate) {
        await gate.wait;
        if (this.gate === gate) this.gate = null;
        // A render holds the page until it ends: first the early edit's drawing is painted, and
        // the app hears that it is on screen.
        await afterPaint();
      }
      // A slot of its own: the last render of an abandoned search may still be running in the box,
      // and clearing up after one render (mermaid leaves its error drawing) must not touch another.
      const slot = this.box.appendChild(document.createElement('div'));
      try {
        const started = performance.now();
        const out = await renderAndProbe({ text, config: base.config }, slot, this.svgId);
        this.renderMs = performance.now() - started;
        if (out.svg) svgs.set(text, out.svg);
        return out.probe;
      } finally {
        slot.remove();
      }
    };
    run.done = searchLayoutEdit({
      text: base.text,
      request,
      probe,
      config: base.config,
      current: base.current,
      cancelled: () => run.cancelled,
      provisional: (result: SearchSuccess) => {
        known = result;
        offerIfDue();
      },
    }).then((result) => {
      finished = true;
      return withSvg(result);
    });
    this.running = run;
    return run;
  }

  /** Stops the running search after the render it is in. */
  cancel(): void {
    if (this.running) this.running.cancelled = true;
    this.running = null;
    this.gate?.open();
  }

  /** The app asked the preview for the drawing of `text`. */
  shown(text: string): void {
    if (this.gate?.text === text) this.gate.open();
  }
}

/** How long the search waits at most for the app to ask for an early edit's drawing. */
const GATE_MS = 300;

function gateFor(text: string): { text: string; open: () => void; wait: Promise<void> } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => {
    open = resolve;
    setTimeout(resolve, GATE_MS);
  });
  return { text, open, wait };
}

/** Once the page has painted a frame and run what was queued (at most 100 ms: a hidden page paints none). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });
}
