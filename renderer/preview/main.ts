import { type MermaidConfig, THEME_BACKGROUND } from '../../shared/mermaid/render-types.ts';
import { renderMermaid } from '../mermaid/index.ts';
import { DRAG_CSS } from './drag-css.ts';
import { HIGHLIGHT_CSS } from './highlight-css.ts';
import { NodeDrag } from './node-drag.ts';
import { PanZoom, type View } from './pan-zoom.ts';
import type { FrameOptions, FromPreview, ToPreview } from './protocol.ts';
import { rasterize } from './rasterize.ts';
import { elementsFor, identify } from './svg-targets.ts';

// The frame runs on its own origin (the other loopback name, or a custom protocol in Electron) so
// that Chromium gives it its own process: a long layout here never blocks typing in the editor.
const parentOrigin = new URL(location.href).searchParams.get('parent') ?? location.origin;

const stage = document.getElementById('stage') as HTMLElement;
const scratch = document.getElementById('scratch') as HTMLElement;
const canvas = document.getElementById('canvas') as HTMLElement;
// The shown SVG lives in a shadow root: mermaid removes any element with the id it renders to from
// the document first, and the preview renders with the same id as `merrow export` (so both give the
// same SVG) while the last good diagram stays on screen.
const shown = canvas.attachShadow({ mode: 'open' });
const highlightStyle = document.createElement('style');
highlightStyle.textContent = HIGHLIGHT_CSS + DRAG_CSS;
const views = new Map<string, View>();
let docKey = '';
let size = { width: 0, height: 0 };
let highlighted: string[] = [];
/** The colour the shown diagram's theme is drawn on: the frame's background, and its PNGs'. */
let themeBackground = 'white';
/** How the app wants this frame to behave (the import view's pane asks for readable labels). */
let options: FrameOptions = {};

const post = (message: FromPreview, transfer: Transferable[] = []) =>
  window.parent.postMessage(message, parentOrigin, transfer);

// A view the user chose (zoom, pan, fit, 100%) is kept per document across re-renders; until then
// each render is fitted, so a growing diagram stays in sight.
const panZoom = new PanZoom(stage, canvas, (view, byUser) => {
  if (docKey && byUser) views.set(docKey, { ...view });
  post({ type: 'zoom', scale: view.scale });
});

/** The smallest font size (CSS px) of the shown diagram's node labels, else of any text in it. */
function labelFontPx(svg: SVGSVGElement): number {
  const sizes = (selector: string) =>
    [...svg.querySelectorAll(selector)]
      .filter((el) => (el.textContent ?? '').trim() !== '')
      .map((el) => Number.parseFloat(getComputedStyle(el).fontSize))
      .filter((px) => px > 0);
  const found = sizes('.node .nodeLabel, .node text');
  const any = found.length > 0 ? found : sizes('.nodeLabel, .edgeLabel, text');
  return any.length > 0 ? Math.min(...any) : 16;
}

/**
 * Fits the diagram as a new one is shown: whole, unless the frame asks for readable labels and
 * fitting would shrink them below that; then at the scale that keeps them readable, to be panned.
 */
function autoFit(): void {
  const svg = shown.querySelector('svg');
  const readable = options.readableTextPx ?? 0;
  // Never below 6 px text measured (a diagram drawn that small is scaled at most 2×).
  const minScale = readable > 0 && svg ? Math.min(2, readable / Math.max(6, labelFontPx(svg))) : 0;
  panZoom.fit(size.width, size.height, false, minScale);
}

type RenderJob = Extract<ToPreview, { type: 'render' }>;
type ExportJob = Extract<ToPreview, { type: 'render-export' }>;
let pending: RenderJob | null = null;
let running = false;
// Export renders share the loop: each initialises mermaid with its own config before rendering.
const exportJobs: ExportJob[] = [];

/** Only the newest request matters: requests that arrive during a render replace each other. Exports all run. */
async function schedule(job: RenderJob | null): Promise<void> {
  if (job) pending = job;
  if (running) return;
  running = true;
  try {
    while (pending || exportJobs.length > 0) {
      const exportJob = exportJobs.shift();
      if (exportJob) {
        await renderExport(exportJob).catch((error: unknown) =>
          post({ type: 'export-rendered', seq: exportJob.seq, ok: false, message: String(error) }),
        );
        continue;
      }
      const next = pending!;
      pending = null;
      await renderOne(next).catch((error: unknown) => {
        const message = `the preview failed: ${String(error)}`;
        post({
          type: 'rendered',
          seq: next.seq,
          ok: false,
          diagnostics: [{ line: 1, column: 1, severity: 'error', message }],
          ms: 0,
        });
      });
    }
  } finally {
    running = false;
  }
}

/** The last render's request and answer: the same request again (a file reopened, the app catching up with a render it started before the editor loaded) is answered without rendering. */
let last: {
  docKey: string;
  text: string;
  config: string;
  answer: FromPreview & { type: 'rendered' };
} | null = null;

async function renderOne(job: RenderJob): Promise<void> {
  const config = JSON.stringify(job.config);
  if (
    last &&
    last.docKey === job.docKey &&
    job.docKey === docKey &&
    last.text === job.text &&
    last.config === config
  ) {
    post({ ...last.answer, seq: job.seq });
    return;
  }
  last = null;
  const started = performance.now();
  const outcome = await renderMermaid({ text: job.text, config: job.config }, scratch);
  // On a syntax error mermaid leaves its own error drawing where it laid out; the app shows errors itself.
  scratch.replaceChildren();
  const ms = performance.now() - started;
  if (!outcome.ok) {
    // The last good diagram stays only if it is this document's; never show another file's.
    if (job.docKey !== docKey) {
      shown.replaceChildren();
      docKey = job.docKey;
    }
    canvas.classList.add('stale');
    const answer = {
      type: 'rendered',
      seq: job.seq,
      ok: false,
      diagnostics: outcome.diagnostics,
      ms,
    } as const;
    last = { docKey: job.docKey, text: job.text, config, answer };
    post(answer);
    return;
  }
  display(job.docKey, outcome.svg, outcome, outcome.themeBackground);
  // When the first diagram is on screen (the frame after it was inserted): the benchmark reads it.
  if (performance.getEntriesByName('merrow:first-diagram-painted').length === 0) {
    requestAnimationFrame(() => setTimeout(() => performance.mark('merrow:first-diagram-painted'), 0));
  }
  const answer = {
    type: 'rendered',
    seq: job.seq,
    ok: true,
    svg: outcome.svg,
    diagramType: outcome.diagramType,
    ms,
  } as const;
  last = { docKey: job.docKey, text: job.text, config, answer };
  post(answer);
}

/** Puts a rendered diagram on screen, keeping the document's view (or fitting a new one). */
function display(
  key: string,
  markup: string,
  fallback: { width: number; height: number },
  background: string,
): void {
  canvas.classList.remove('stale');
  themeBackground = background;
  document.body.style.setProperty('--preview-bg', themeBackground);
  shown.innerHTML = markup;
  shown.prepend(highlightStyle);
  const svg = shown.querySelector('svg');
  if (svg) {
    const box = svg.viewBox.baseVal;
    size = box && box.width > 0 ? { width: box.width, height: box.height } : fallback;
    // Mermaid sizes the SVG to its container with max-width; the frame scales it itself.
    svg.setAttribute('width', String(size.width));
    svg.setAttribute('height', String(size.height));
    svg.style.maxWidth = 'none';
    for (const el of svg.querySelectorAll('.node, .edgePath, .flowchart-link, .actor, .classGroup')) {
      el.classList.add('merrow-hit');
    }
  }
  const isNewDoc = key !== docKey;
  docKey = key;
  const saved = views.get(docKey);
  if (saved) {
    if (isNewDoc) panZoom.set(saved);
  } else {
    autoFit();
  }
  applyHighlight(highlighted);
}

// Drag to place: a flowchart node dragged in the preview moves by a text edit (renderer/layout).
const nodeDrag = new NodeDrag(
  {
    stage,
    shown() {
      const svg = shown.querySelector('svg');
      if (!svg || !last?.answer.ok || last.docKey !== docKey || canvas.classList.contains('stale'))
        return null;
      const config = JSON.parse(last.config) as MermaidConfig;
      return { docKey, text: last.text, config, svg, diagramType: last.answer.diagramType };
    },
    showRendered(key, text, config, markup, ms) {
      const diagramType = last?.answer.ok ? last.answer.diagramType : 'flowchart-v2';
      display(key, markup, size, themeBackground);
      // The app renders the edited text next: the answer is this drawing.
      const answer = { type: 'rendered', seq: 0, ok: true, svg: markup, diagramType, ms } as const;
      last = { docKey: key, text, config: JSON.stringify(config), answer };
    },
    post,
  },
  'merrow',
);
panZoom.claim = (e) => options.nodeDrag !== false && nodeDrag.claim(e);

// Lays out like the CLI's engine page: its width, and the browser's default font around the diagram.
const exportBox = document.createElement('div');
exportBox.setAttribute('aria-hidden', 'true');
exportBox.style.cssText = 'position:absolute;left:-100000px;top:0;visibility:hidden;font-family:initial';
document.body.append(exportBox);

async function renderExport(job: ExportJob): Promise<void> {
  exportBox.style.width = `${job.width}px`;
  const outcome = await renderMermaid(
    { text: job.text, config: job.config, background: job.background, labels: job.labels },
    exportBox,
  );
  exportBox.replaceChildren();
  if (!outcome.ok) {
    const d = outcome.diagnostics[0];
    const message = d ? `${d.line}:${d.column}: ${d.message}` : 'the diagram does not render';
    post({ type: 'export-rendered', seq: job.seq, ok: false, message });
    return;
  }
  let png: Uint8Array | null = null;
  if (job.pngScale) {
    const svg = new DOMParser().parseFromString(outcome.svg, 'image/svg+xml').documentElement;
    const size = { width: outcome.width, height: outcome.height };
    const background =
      job.background === THEME_BACKGROUND
        ? outcome.themeBackground
        : job.background === 'transparent'
          ? null
          : job.background;
    png = (await rasterize(svg as unknown as SVGSVGElement, size, job.pngScale, background)).png;
  }
  post({ type: 'export-rendered', seq: job.seq, ok: true, svg: outcome.svg, png }, png ? [png.buffer] : []);
}

function applyHighlight(ids: string[]): void {
  highlighted = ids;
  for (const el of shown.querySelectorAll('.merrow-highlight')) el.classList.remove('merrow-highlight');
  const svg = shown.querySelector('svg');
  if (!svg) return;
  for (const id of ids) for (const el of elementsFor(svg, id)) el.classList.add('merrow-highlight');
}

stage.addEventListener('click', (e) => {
  if (panZoom.wasDrag || nodeDrag.wasDrag) return;
  const target = identify(panZoom.downTarget ?? (e.composedPath()[0] as Element));
  if (target) post({ type: 'clicked', target });
});

window.addEventListener('message', async (event: MessageEvent<ToPreview>) => {
  if (event.source !== window.parent || event.origin !== parentOrigin) return;
  const message = event.data;
  switch (message.type) {
    case 'render':
      nodeDrag.textShown(message.docKey, message.text);
      void schedule(message);
      break;
    case 'render-export':
      exportJobs.push(message);
      void schedule(null);
      break;
    case 'options':
      options = message.options;
      break;
    case 'highlight':
      applyHighlight(message.ids);
      break;
    case 'view':
      if (message.action === 'fit') panZoom.fit(size.width, size.height, true);
      else if (message.action === 'actual') panZoom.actual(size.width, size.height);
      else panZoom.zoomAt(message.action === 'zoom-in' ? 1.25 : 0.8);
      break;
    case 'export-png': {
      const svg = shown.querySelector('svg');
      if (!svg) {
        post({ type: 'exported', seq: message.seq, ok: false, message: 'Nothing rendered yet.' });
        break;
      }
      try {
        const png = await rasterize(svg, size, message.scale, message.transparent ? null : themeBackground);
        post({ type: 'exported', seq: message.seq, ok: true, ...png }, [png.png.buffer]);
      } catch (error) {
        post({ type: 'exported', seq: message.seq, ok: false, message: String(error) });
      }
      break;
    }
  }
});

window.addEventListener('resize', () => {
  if (!views.has(docKey)) autoFit();
});

post({ type: 'ready' });
