import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';
import type { DiagramTarget, FromPreview, ToPreview } from '../preview/protocol.ts';

type Rendered = Extract<FromPreview, { type: 'rendered' }>;

const DEBOUNCE_MS = 60;

/**
 * The preview frame's URL: the same build on the other loopback host name, so that it is another
 * origin and Chromium renders it in another process than the editor.
 */
export function previewUrl(here: URL = new URL(location.href)): URL {
  const url = new URL('preview.html', here);
  const other: Record<string, string> = { '127.0.0.1': 'localhost', localhost: '127.0.0.1' };
  const swapped = other[here.hostname];
  if (swapped && here.protocol.startsWith('http')) url.hostname = swapped;
  url.search = `?parent=${encodeURIComponent(here.origin)}`;
  url.hash = '';
  return url;
}

/** Talks to the preview frame: debounced renders, results, clicks, highlights and PNG exports. */
export class PreviewHost {
  readonly frame: HTMLIFrameElement;
  private readonly origin: string;
  private ready = false;
  private queue: ToPreview[] = [];
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private exports = new Map<number, (m: Extract<FromPreview, { type: 'exported' }>) => void>();
  private exportRenders = new Map<number, (m: Extract<FromPreview, { type: 'export-rendered' }>) => void>();
  onRendered: (result: Rendered & { docKey: string; version: number }) => void = () => {};
  onClicked: (target: DiagramTarget) => void = () => {};
  onZoom: (scale: number) => void = () => {};
  private readonly jobs = new Map<number, { docKey: string; version: number }>();

  constructor() {
    const url = previewUrl();
    this.origin = url.origin;
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
      // Only the newest render matters; other messages keep their order.
      if (message.type === 'render') this.queue = this.queue.filter((m) => m.type !== 'render');
      this.queue.push(message);
      return;
    }
    this.frame.contentWindow.postMessage(message, this.origin);
  }

  private receive(message: FromPreview): void {
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        const queued = this.queue;
        this.queue = [];
        for (const m of queued) this.send(m);
        break;
      }
      case 'rendered': {
        const job = this.jobs.get(message.seq);
        for (const seq of this.jobs.keys()) if (seq <= message.seq) this.jobs.delete(seq);
        if (job) this.onRendered({ ...message, ...job });
        break;
      }
      case 'clicked':
        this.onClicked(message.target);
        break;
      case 'zoom':
        this.onZoom(message.scale);
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

  /** Asks for a render after a short pause in typing; `now` skips the pause (opening a file). */
  render(docKey: string, version: number, text: string, config: MermaidConfig, now = false): void {
    clearTimeout(this.timer);
    const go = () => {
      const seq = ++this.seq;
      this.jobs.set(seq, { docKey, version });
      this.send({ type: 'render', seq, docKey, text, config });
    };
    if (now) go();
    else this.timer = setTimeout(go, DEBOUNCE_MS);
  }

  highlight(ids: string[]): void {
    this.send({ type: 'highlight', ids });
  }

  view(action: Extract<ToPreview, { type: 'view' }>['action']): void {
    this.send({ type: 'view', action });
  }

  background(color: string): void {
    this.send({ type: 'background', color });
  }

  /** A PNG of the current diagram at `scale`, on `background` (null: transparent). */
  exportPng(
    scale: number,
    background: string | null,
  ): Promise<{ png: Uint8Array; width: number; height: number }> {
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.exports.set(seq, (m) => (m.ok ? resolve(m) : reject(new Error(m.message))));
      this.send({ type: 'export-png', seq, scale, background });
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
