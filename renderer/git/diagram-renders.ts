import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';
import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';
import type { Live } from '../workbench/live.ts';
import { PreviewHost } from '../workbench/preview-host.ts';

/** One version of a diagram, drawn: its SVG or why it does not render. */
export type Drawing = { ok: true; svg: string } | { ok: false; diagnostics: Diagnostic[] };

/** The id the preview frame renders with (mermaid's default in renderer/mermaid): prefixes every SVG id. */
export const RENDER_ID = 'merrow';

const CACHE_SIZE = 16;
/** How long the working copy waits for the live preview's render before rendering it itself. */
const LIVE_WAIT_MS = 20_000;

/**
 * Renders other versions of diagrams (HEAD, the index, a commit) for the visual diff, in a second,
 * hidden preview frame: the same isolated process, the same mermaid module and the same config as
 * the live preview, so both sides look exactly like the preview. Renders run one at a time (the
 * frame keeps only the newest pending request) and recent ones are cached by text and config.
 */
export class DiagramRenders {
  private host: PreviewHost | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private readonly cache = new Map<string, Drawing>();
  private readonly waiting = new Map<string, (drawing: Drawing) => void>();
  /** The live preview's newest render of each file, with the buffer version it shows. */
  private readonly liveRenders = new Map<string, { version: number; drawing: Drawing }>();
  private readonly liveWaiters = new Set<{
    path: string;
    version: number;
    resolve: (drawing: Drawing | null) => void;
  }>();

  /** Taps the live preview's results, so the working copy needs no second render when it is current. */
  observe(live: Live): void {
    const shown = live.preview.onRendered;
    live.preview.onRendered = (result) => {
      shown(result);
      const drawing: Drawing = result.ok
        ? { ok: true, svg: result.svg }
        : { ok: false, diagnostics: result.diagnostics };
      this.liveRenders.set(result.docKey, { version: result.version, drawing });
      for (const waiter of this.liveWaiters) {
        if (waiter.path !== result.docKey || result.version < waiter.version) continue;
        this.liveWaiters.delete(waiter);
        waiter.resolve(result.version === waiter.version ? drawing : null);
      }
    };
  }

  /**
   * The working copy drawn: the live preview's render of this very buffer version when it has
   * one, or will have one soon (`previewing`: the file is the one the preview shows); else a
   * render of its own. Both frames share one process, so waiting beats rendering twice.
   */
  async drawWorking(
    path: string,
    version: number,
    text: string,
    config: MermaidConfig,
    previewing: boolean,
  ): Promise<Drawing> {
    const seen = this.liveRenders.get(path);
    if (seen?.version === version) return seen.drawing;
    if (previewing && (!seen || seen.version < version)) {
      const drawing = await new Promise<Drawing | null>((resolve) => {
        const waiter = { path, version, resolve };
        this.liveWaiters.add(waiter);
        setTimeout(() => this.liveWaiters.delete(waiter) && resolve(null), LIVE_WAIT_MS);
      });
      if (drawing) return drawing;
    }
    return this.render(text, config);
  }

  render(text: string, config: MermaidConfig): Promise<Drawing> {
    const key = `${JSON.stringify(config)}\0${text}`;
    const cached = this.cache.get(key);
    if (cached) return Promise.resolve(cached);
    const next = this.chain.then(() => this.renderNow(text, config));
    this.chain = next.catch(() => {});
    return next.then((drawing) => {
      this.cache.delete(key);
      this.cache.set(key, drawing);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
      return drawing;
    });
  }

  private renderNow(text: string, config: MermaidConfig): Promise<Drawing> {
    const host = this.frame();
    const docKey = `git-${++this.seq}`;
    return new Promise((resolve) => {
      this.waiting.set(docKey, resolve);
      host.render(docKey, 0, text, config);
    });
  }

  private frame(): PreviewHost {
    if (this.host) return this.host;
    const host = new PreviewHost();
    host.frame.dataset.testid = 'git-render-frame';
    host.frame.title = 'Diagram versions (hidden)';
    host.frame.setAttribute('aria-hidden', 'true');
    host.frame.tabIndex = -1;
    // Laid out (mermaid measures text) but out of sight.
    Object.assign(host.frame.style, {
      position: 'fixed',
      left: '-10000px',
      top: '0',
      width: '1200px',
      height: '800px',
      visibility: 'hidden',
      border: '0',
    });
    host.onRendered = (result) => {
      const resolve = this.waiting.get(result.docKey);
      this.waiting.delete(result.docKey);
      resolve?.(result.ok ? { ok: true, svg: result.svg } : { ok: false, diagnostics: result.diagnostics });
    };
    document.body.append(host.frame);
    this.host = host;
    return host;
  }
}
