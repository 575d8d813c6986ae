import type { DiagramTarget } from './protocol.ts';

// Mermaid prefixes element ids with the render id (the <svg> id): `<render>-flowchart-A-0`,
// `<render>-classId-Animal-0`, `<render>-state-Still-1`, `<render>-entity-ORDER-1`, `<render>-S1`.
const NODE_ID = /^(?:flowchart|classId|state|entity)-(.+)-\d+$/;

function localId(svg: SVGSVGElement | null, el: Element): string {
  const id = el.getAttribute('id') ?? '';
  const prefix = svg?.id ? `${svg.id}-` : '';
  return prefix && id.startsWith(prefix) ? id.slice(prefix.length) : id;
}

/** Names the diagram element under a click the way the source names it. */
export function identify(el: Element | null): DiagramTarget | null {
  const svg = el?.closest('svg') ?? null;
  for (let node = el; node && node !== svg; node = node.parentElement) {
    const id = localId(svg, node);
    const dataId = node.getAttribute('data-id');
    const classes = node.classList;
    if (classes.contains('node')) {
      const m = NODE_ID.exec(id);
      if (m?.[1] && m[1] !== 'root_start' && m[1] !== 'root_end') return { kind: 'node', id: m[1] };
      if (dataId) return { kind: 'node', id: dataId };
    }
    if (node.tagName === 'path' && dataId && !classes.contains('label')) return { kind: 'edge', id: dataId };
    if (classes.contains('actor') || classes.contains('actor-man')) {
      const name =
        node.getAttribute('name') ??
        node.getAttribute('data-id') ??
        node.parentElement?.getAttribute('data-id');
      if (name) return { kind: 'node', id: name };
    }
    if (classes.contains('statediagram-cluster') && dataId) return { kind: 'node', id: dataId };
    if (classes.contains('cluster') && id) return { kind: 'node', id };
  }
  return null;
}

/** The SVG elements that draw the source element `id`. */
export function elementsFor(svg: SVGSVGElement, id: string): Element[] {
  const found: Element[] = [];
  for (const el of svg.querySelectorAll('.node, .cluster, .statediagram-cluster')) {
    const local = localId(svg, el);
    if (NODE_ID.exec(local)?.[1] === id || local === id || el.getAttribute('data-id') === id) found.push(el);
  }
  const esc = CSS.escape(id);
  found.push(...svg.querySelectorAll(`rect.actor[name="${esc}"], g.actor-man[data-id="${esc}"]`));
  return found;
}
