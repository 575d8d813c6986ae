import type { DiagramTarget } from './protocol.ts';

// Mermaid prefixes element ids with the render id (the <svg> id): `<render>-flowchart-A-0`,
// `<render>-classId-Animal-0`, `<render>-state-Still-1`, `<render>-entity-ORDER-1`, `<render>-S1`.
const NODE_ID = /^(?:flowchart|classId|state|entity)-(.+)-\d+$/;

function localId(svg: SVGSVGElement | null, el: Element): string {
  const id = el.getAttribute('id') ?? '';
  const prefix = svg?.id ? `${svg.id}-` : '';
  return prefix && id.startsWith(prefix) ? id.slice(prefix.length) : id;
}

/** A sequence message line and how many messages between the same ends come before it. */
function message(svg: SVGSVGElement | null, line: Element): DiagramTarget | null {
  const from = line.getAttribute('data-from');
  const to = line.getAttribute('data-to');
  if (!svg || !from || !to) return null;
  const same = [...svg.querySelectorAll('[data-et="message"]')].filter(
    (m) => m.getAttribute('data-from') === from && m.getAttribute('data-to') === to,
  );
  return { kind: 'message', id: line.getAttribute('data-id') ?? '', from, to, index: same.indexOf(line) };
}

/** Names the diagram element under a click the way the source names it. */
export function identify(el: Element | null): DiagramTarget | null {
  const svg = el?.closest('svg') ?? null;
  // A message's text (one element per line of it) is drawn just before its line, which holds the ends.
  if (el?.classList.contains('messageText')) {
    let line = el.nextElementSibling;
    while (line?.classList.contains('messageText')) line = line.nextElementSibling;
    if (line?.getAttribute('data-et') === 'message') return message(svg, line);
  }
  for (let node = el; node && node !== svg; node = node.parentElement) {
    const id = localId(svg, node);
    const dataId = node.getAttribute('data-id');
    const classes = node.classList;
    if (node.getAttribute('data-et') === 'message') return message(svg, node);
    // State diagram transitions are numbered in the order of the source (`edge0`, `edge1`, …).
    const transition = /^edge(\d+)$/.exec(dataId ?? '');
    if (
      transition &&
      (classes.contains('transition') || svg?.getAttribute('aria-roledescription')?.startsWith('state'))
    )
      return { kind: 'transition', id: dataId!, index: Number(transition[1]) };
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
