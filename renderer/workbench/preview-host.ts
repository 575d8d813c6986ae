import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';
import { desktopPreviewOrigin } from '../api/client.ts';
import type {
  DiagramTarget,
  FrameOptions,
  FromPreview,
  LayoutMessage,
  ToPreview,
} from '../preview/protocol.ts';

type Rendered = Extract<FromPreview, { type: 'rendered' }>;

/** What to render: read when the render is sent, so a burst of keystrokes costs one copy of the text. */
export interface RenderJob {
  docKey: string;
  version: number;
  text: string;
  config: MermaidConfig;
  /** Lines before the text in its file (a Markdown file's block): added to the result's diagnostics' lines. */
  lineOffset?: number;
  /** Which part of the document (a Markdown file's block): the frame keeps a last good diagram and a view per part. */
  part?: number;
}

/**
 * While the user types a burst into a diagram that renders slowly, a frame that has just finished
 * a render waits for a pause in the typing before the next one, at most three times as long as
 * that render took (between MIN_HOLD_MS and MAX_HOLD_MS): slow renders keep a core busy (and,
 * early in a session, the JavaScript engine's compiler threads too) and delay the editor's frames
 * on a two-core machine; so during a burst the frame renders about a quarter of the time, and
 * typing comes first. A pause in the typing, or a single keystroke into an up-to-date preview, is
 * never held.
 */
const SLOW_RENDER_MS = 200;
const TYPING_PAUSE_MS = 150;
/** A free frame waits at most this many times as long as its last render took. */
const HOLD_RENDERS = 3;
const MIN_HOLD_MS = 600;
const MAX_HOLD_MS = 5000;

/** Keystrokes further apart than this are not one burst of typing. */
const REST_MS = 500;

/**
 * The pause after a keystroke before rendering, from how long the last render took: none for a
 * fast diagram (each keystroke shows with the next frame), up to 50 ms for a slow one, so that a
 * keystroke following at once does not find the frame busy with text it has already made stale.
 * None either for the first keystroke after a rest (REST_MS): the pause only pays off inside a
 * burst, and a single change after a look at the picture is the one whose result the user waits
 * for.
 */
export function pauseAfterTyping(lastRenderMs: number, sincePreviousKeystrokeMs = 0): number {
  if (lastRenderMs < 40 || sincePreviousKeystrokeMs >= REST_MS) return 0;
  return Math.min(50, Math.round(lastRenderMs / 10));
}

/**
 * The preview frame's URL: in Electron the preview's own origin from the preload bridge; in a
 * browser the same build on the other loopback host name. Either way another site than the app,
 * so Chromium renders it in another process than the editor.
 */
export function previewUrl(here: URL = new URL(location.href), desktopOrigin = desktopPreviewOrigin()): URL {
  const url = desktopOrigin ? new URL(`${desktopOrigin}/preview.html`) : new URL('preview.html', here);
  const other: Record<string, string> = { '127.0.0.1': 'localhost', localhost: '127.0.0.1' };
  const swapped = other[here.hostname];
  if (!desktopOrigin && swapped && here.protocol.startsWith('http')) url.hostname = swapped;
  url.search = `?parent=${encodeURIComponent(here.origin)}`;
  url.hash = '';
  return url;
}

/**
 * Talks to the preview frame: renders (at most one in the frame and one waiting, the waiting one
 * always the newest text), results, clicks, highlights and PNG exports.
 */
export class PreviewHost {
  readonly frame: HTMLIFrameElement;
  private readonly origin: string;
  private ready = false;
  private queue: ToPreview[] = [];
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private afterFrame = 0;
  /** The render the frame is working on. */
  private inFlight: number | null = null;
  /** The render to send when the frame is free: a function, so it reads the newest text then. */
  private waiting: (() => RenderJob | null) | null = null;
  /** How the frame behaves: sent again to a reloaded frame. */
  private frameOptions: FrameOptions | null = null;
  private exports = new Map<number, (m: Extract<FromPreview, { type: 'exported' }>) => void>();
  private exportRenders = new Map<number, (m: Extract<FromPreview, { type: 'export-rendered' }>) => void>();
  /** How long the frame took for the last render (ms): sets the pause after typing. */
  lastRenderMs = 0;
  /** Keystrokes since the last render was sent, the time of the last one, and when the frame became free. */
  private typedSinceSend = 0;
  private lastTypedAt = -Infinity;
  private freeSince = 0;
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
  onRendered: (result: Rendered & { docKey: string; version: number; lineOffset: number }) => void = () => {};
  onClicked: (target: DiagramTarget) => void = () => {};
  onZoom: (scale: number) => void = () => {};
  /** A node dragged in the preview: its progress and the edit found (renderer/layout). */
  onLayout: (message: LayoutMessage) => void = () => {};
  private readonly jobs = new Map<number, { docKey: string; version: number; lineOffset: number }>();
  private settled: () => void = () => {};
  /** Resolves when the frame has answered its first render. */
  readonly firstRender = new Promise<void>((resolve) => {
    this.settled = resolve;
  });

  constructor() {
    const url = previewUrl();
    // Custom schemes (Electron's) have an opaque origin in `URL`; the bridge gives the real one.
    this.origin = desktopPreviewOrigin() ?? url.origin;
    this.frame = document.createElement('iframe');
    this.frame.src = url.href;
    this.frame.title = 'Diagram preview';
    this.frame.dataset.testid = 'preview-frame';
    window.addEventListener('message', (event: MessageEvent<FromPreview>) => {
      if (event.source !== this.frame.contentWindow || event.origin !== this.origin) return;
      this.receive(event.data);
    });
  }

  private send(message: ToPreview): void {
    if (!this.ready || !this.frame.contentWindow) {
      this.queue.push(message);
      return;
    }
    this.frame.contentWindow.postMessage(message, this.origin);
  }

  private receive(message: FromPreview): void {
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        // A reloaded frame has forgotten the render it was working on, and its options.
        this.inFlight = null;
        const queued = this.queue.filter((m) => m.type !== 'options');
        this.queue = [];
        if (this.frameOptions) this.send({ type: 'options', options: this.frameOptions });
        for (const m of queued) this.send(m);
        this.pump();
        break;
      }
      case 'rendered': {
        const job = this.jobs.get(message.seq);
        for (const seq of this.jobs.keys()) if (seq <= message.seq) this.jobs.delete(seq);
        if (message.seq === this.inFlight) this.inFlight = null;
        this.lastRenderMs = message.ms;
        this.freeSince = performance.now();
        // The next render starts before this result is handled: the frame never idles while text waits.
        this.pump();
        if (job) this.onRendered({ ...message, ...job });
        this.settled();
        break;
      }
      case 'clicked':
        this.onClicked(message.target);
        break;
      case 'zoom':
        this.onZoom(message.scale);
        break;
      case 'layout':
      case 'layout-result':
        this.onLayout(message);
        break;
      case 'exported':
        this.exports.get(message.seq)?.(message);
        this.exports.delete(message.seq);
        break;
      case 'export-rendered':
        this.exportRenders.get(message.seq)?.(message);
        this.exportRenders.delete(message.seq);
        break;
    }
  }

  /** Sends the waiting render if the frame is free. */
  private pump(): void {
    if (!this.ready || this.inFlight !== null || !this.waiting) return;
    const hold = this.holdFor(performance.now());
    if (hold > 0) {
      clearTimeout(this.holdTimer);
      this.holdTimer = setTimeout(() => this.pump(), hold);
      return;
    }
    this.typedSinceSend = 0;
    const job = this.waiting();
    this.waiting = null;
    if (!job) return;
    const seq = ++this.seq;
    this.jobs.set(seq, { docKey: job.docKey, version: job.version, lineOffset: job.lineOffset ?? 0 });
    this.inFlight = seq;
    const frameKey = job.part === undefined ? job.docKey : `${job.docKey}#${job.part}`;
    this.send({ type: 'render', seq, docKey: frameKey, text: job.text, config: job.config });
  }

  /** How long a free frame waits before the next render (see SLOW_RENDER_MS). */
  private holdFor(now: number): number {
    if (this.lastRenderMs < SLOW_RENDER_MS || this.typedSinceSend < 2) return 0;
    const longest = Math.min(MAX_HOLD_MS, Math.max(MIN_HOLD_MS, HOLD_RENDERS * this.lastRenderMs));
    return Math.min(this.lastTypedAt + TYPING_PAUSE_MS, this.freeSince + longest) - now;
  }

  /** Renders the text after a keystroke: after `pauseAfterTyping`, and never while the frame is busy. */
  typed(job: () => RenderJob | null): void {
    const since = performance.now() - this.lastTypedAt;
    this.request(job, pauseAfterTyping(this.lastRenderMs, since), true);
  }

  /**
   * Renders what `job` returns when it is called: after `delayMs`, and once the frame has finished
   * the render it is working on. A newer request replaces a waiting one.
   */
  request(job: () => RenderJob | null, delayMs = 0, typing = false): void {
    clearTimeout(this.timer);
    cancelAnimationFrame(this.afterFrame);
    if (typing) {
      this.typedSinceSend++;
      this.lastTypedAt = performance.now();
    } else {
      // Opening a file is not typing: it is never held.
      this.typedSinceSend = 0;
    }
    const submit = () => {
      this.waiting = job;
      this.pump();
    };
    if (delayMs > 0) this.timer = setTimeout(submit, delayMs);
    else if (typing) {
      // After the keystroke's own frame (its animation frame, then a task): the preview's render
      // would otherwise compete with drawing that keystroke.
      this.afterFrame = requestAnimationFrame(() => {
        this.timer = setTimeout(submit, 0);
      });
    } else submit();
  }

  /** Renders this text as soon as the frame is free (a file opened, a drawing asked for). */
  render(docKey: string, version: number, text: string, config: MermaidConfig): void {
    this.request(() => ({ docKey, version, text, config }));
  }

  /** Sets how the frame behaves (readable text when fitted, node dragging); kept across reloads. */
  setOptions(options: FrameOptions): void {
    this.frameOptions = options;
    this.send({ type: 'options', options });
  }

  highlight(ids: string[]): void {
    this.send({ type: 'highlight', ids });
  }

  view(action: Extract<ToPreview, { type: 'view' }>['action']): void {
    this.send({ type: 'view', action });
  }

  /** A PNG of the current diagram at `scale`, on its theme's background unless `transparent`. */
  exportPng(
    scale: number,
    transparent: boolean,
  ): Promise<{ png: Uint8Array; width: number; height: number }> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.exports.set(seq, (m) => (m.ok ? resolve(m) : reject(new Error(m.message))));
      this.send({ type: 'export-png', seq, scale, transparent });
    });
  }

  /** Renders a text apart from the shown diagram, as `merrow export` would: its SVG, and a PNG when asked. */
  renderExport(
    job: Omit<Extract<ToPreview, { type: 'render-export' }>, 'type' | 'seq'>,
  ): Promise<{ svg: string; png: Uint8Array | null }> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.exportRenders.set(seq, (m) => (m.ok ? resolve(m) : reject(new Error(m.message))));
      this.send({ type: 'render-export', seq, ...job });
    });
  }
}
