import { stripRemoteResources } from './remote-resources.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG serialized as a well-formed XML document, with the size of its drawing. */
export interface XmlSvg {
  svg: string;
  width: number;
  height: number;
}

/**
 * Re-serializes mermaid's SVG markup as XML. `mermaid.render` returns HTML-serialized markup
 * (`<br>`, `&nbsp;`, an undeclared `xlink:` prefix in some diagrams) that XML tools reject;
 * parsing it as HTML and serializing with XMLSerializer closes void elements, resolves
 * entities and declares every namespace used. Remote resources a label could load (an image
 * from another site, a CSS `url()` or `@import`) are stripped on the way (see remote-resources.ts).
 */
export function toXmlSvg(markup: string, background: string | undefined): XmlSvg {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${markup}`, 'text/html');
  const svg = doc.body.querySelector('svg');
  if (!svg || svg.namespaceURI !== SVG_NS) throw new Error('mermaid returned no <svg> element');
  stripRemoteResources(svg);
  if (background && background !== 'transparent') {
    svg.style.backgroundColor = background;
  }
  const { width, height } = drawingSize(svg);
  return { svg: new XMLSerializer().serializeToString(svg), width, height };
}

function drawingSize(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg
    .getAttribute('viewBox')
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (box && box.length === 4 && box.every(Number.isFinite)) {
    return { width: Math.max(1, Math.ceil(box[2]!)), height: Math.max(1, Math.ceil(box[3]!)) };
  }
  const width = Number.parseFloat(svg.getAttribute('width') ?? '');
  const height = Number.parseFloat(svg.getAttribute('height') ?? '');
  return { width: Math.ceil(width) || 1, height: Math.ceil(height) || 1 };
}
