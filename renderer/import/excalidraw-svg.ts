/**
 * The original drawing as Excalidraw itself draws it (`exportToSvg`), with element boxes for
 * highlighting. `@excalidraw/excalidraw` is large, so it is imported on first use only.
 */

import { finitePoints, isObject } from '../../shared/excalidraw/restore.ts';
import type { RawScene } from './drawing.ts';

type ExcalidrawModule = typeof import('@excalidraw/excalidraw');

/** Where the build puts Excalidraw's fonts (renderer/vite.config.ts copies them). */
const ASSET_DIR = 'excalidraw-assets/';
const PADDING = 16;
const EXPORT_TIMEOUT_MS = 30_000;

let loading: Promise<ExcalidrawModule> | null = null;
let fontsKeptLocal = false;

/** Loads Excalidraw once; its fonts come from the app's own files, never from its CDN default. */
export function loadExcalidraw(): Promise<ExcalidrawModule> {
  if (!loading) {
    const assets = new URL(ASSET_DIR, location.href).href;
    // Read when a font is first needed; without it Excalidraw fetches fonts from a public CDN.
    Object.assign(window, { EXCALIDRAW_ASSET_PATH: assets });
    keepFontsLocal(assets);
    loading = import('@excalidraw/excalidraw');
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

/**
 * Excalidraw appends its CDN after the local URL in every font's sources, and Chromium was seen
 * requesting the CDN copies of fonts it had added to `document.fonts` (the CSP blocks them, but
 * the app must not even try): font faces get the app's own sources only.
 */
function keepFontsLocal(assets: string): void {
  if (fontsKeptLocal) return;
  fontsKeptLocal = true;
  const Native = window.FontFace;
  const local = (source: string | BufferSource) =>
    typeof source !== 'string'
      ? source
      : source
          .split(/,\s*(?=url\()/)
          .filter((part) => !/^url\(/.test(part) || part.startsWith(`url(${assets}`))
          .join(', ');
  window.FontFace = class LocalFontFace extends Native {
    constructor(family: string, source: string | BufferSource, descriptors?: FontFaceDescriptors) {
      super(family, local(source), descriptors);
    }
  };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OriginalSvg {
  svg: SVGSVGElement;
  /** An element's box in the SVG's own coordinates, or null when it is not drawn. */
  boxOf(elementId: string): Box | null;
}

/** Draws one scene with Excalidraw's `exportToSvg`, fonts inlined so the SVG stands alone. */
export async function renderOriginal(raw: RawScene): Promise<OriginalSvg> {
  const ex = await loadExcalidraw();
  type Elements = Parameters<typeof ex.restoreElements>[0];
  type Files = Parameters<typeof ex.exportToSvg>[0]['files'];
  const elements = ex
    .restoreElements(raw.elements.map(drawable) as Elements, null)
    .filter((el) => !el.isDeleted);
  const drawing = ex.exportToSvg({
    elements,
    appState: { exportBackground: true, viewBackgroundColor: raw.background, exportWithDarkMode: false },
    files: raw.files as Files,
    exportPadding: PADDING,
  });
  // Excalidraw runs its font work in a promise pool that swallows errors and never settles.
  const svg = await Promise.race([
    drawing,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`no drawing after ${EXPORT_TIMEOUT_MS / 1000} s`)),
        EXPORT_TIMEOUT_MS,
      ),
    ),
  ]);
  const byId = new Map(elements.map((el) => [el.id, el]));
  // exportToSvg shifts the scene so that its bounds start at the padding.
  const [minX, minY] = ex.getCommonBounds(elements);
  return {
    svg,
    boxOf: (id) => {
      const el = byId.get(id);
      if (!el) return null;
      const [x1, y1, x2, y2] = ex.getCommonBounds([el]);
      return { x: x1 - minX + PADDING, y: y1 - minY + PADDING, width: x2 - x1, height: y2 - y1 };
    },
  };
}

/**
 * An element as Excalidraw's own restore can take it. Files edited by other tools hold elements
 * whose fields do not fit their type (a text with no words, a stroke with no points, an order key
 * that is no fractional index), and Excalidraw throws on them instead of drawing the rest;
 * Merrow's reader repairs them the same way (a key Excalidraw cannot read is left out: its
 * restore gives the element a new one from its place in the list).
 */
function drawable(el: unknown): unknown {
  if (!isObject(el)) return el;
  let out = el;
  if ('index' in out && !orderKey(out.index)) {
    const { index: _, ...rest } = out;
    out = rest;
  }
  if (out.type === 'text' && typeof out.text !== 'string') return { ...out, text: '', originalText: '' };
  if (out.type === 'freedraw' && !Array.isArray(out.points)) return { ...out, points: [] };
  // A line or an arrow keeps its points written as pairs of numbers; without two of them (points
  // written as `{x, y}` objects, say) it runs across its box, as Merrow's reader draws it.
  if (out.type === 'line' || out.type === 'arrow') {
    const pairs = finitePoints(out.points);
    if (pairs.length >= 2)
      return pairs.length === (out.points as unknown[]).length ? out : { ...out, points: pairs };
    const width = typeof out.width === 'number' && Number.isFinite(out.width) ? out.width : 0;
    const height = typeof out.height === 'number' && Number.isFinite(out.height) ? out.height : 0;
    return {
      ...out,
      points: [
        [0, 0],
        [width, height],
      ],
    };
  }
  return out;
}

/**
 * Whether a value is a fractional index as Excalidraw writes one: an integer part whose first
 * letter gives its length (`a0`, `b12`, `Zz`), then base-62 digits not ending in zero.
 */
function orderKey(key: unknown): boolean {
  if (typeof key !== 'string' || !/^[0-9A-Za-z]+$/.test(key)) return false;
  const head = key.charCodeAt(0);
  const length = head >= 97 && head <= 122 ? head - 97 + 2 : head >= 65 && head <= 90 ? 90 - head + 2 : 0;
  return length > 0 && key.length >= length && !key.slice(length).endsWith('0');
}
