/**
 * The headless render page the CLI drives (see node/engine). It exposes `window.merrowEngine`;
 * every call runs to completion before the next one starts, so a page renders one diagram at
 * a time and the Node side runs one page per core.
 */
import type { EnginePageApi, EngineRenderRequest, RenderRequest } from '../../shared/mermaid/render-types.ts';
import { parseMermaid, renderMermaid } from '../mermaid/index.ts';
import { lazyMethods } from './methods.ts';

const layout = document.getElementById('layout')!;
const stage = document.getElementById('stage')!;
const DEFAULT_WIDTH = 800;

const api: EnginePageApi = {
  async render(req: EngineRenderRequest) {
    stage.replaceChildren();
    layout.style.width = `${req.width ?? DEFAULT_WIDTH}px`;
    return renderMermaid(req, layout);
  },
  parse(req: RenderRequest) {
    return parseMermaid(req);
  },
  stage(svg: string, scale: number) {
    stage.innerHTML = svg;
    const el = stage.querySelector('svg')!;
    const box = el.viewBox.baseVal;
    const width = Math.ceil((box?.width || el.getBoundingClientRect().width) * scale);
    const height = Math.ceil((box?.height || el.getBoundingClientRect().height) * scale);
    // Scaling the vector drawing keeps text sharp; max-width from useMaxWidth would cap it.
    el.setAttribute('width', String(width));
    el.setAttribute('height', String(height));
    el.style.maxWidth = 'none';
    return { width, height };
  },
  async call(method: string, arg: unknown) {
    const load = Object.hasOwn(lazyMethods, method) ? lazyMethods[method] : undefined;
    if (!load) throw new Error(`unknown engine method '${method}'`);
    const fn = await load();
    return fn(arg);
  },
};

declare global {
  interface Window {
    merrowEngine: EnginePageApi;
  }
}
window.merrowEngine = api;
