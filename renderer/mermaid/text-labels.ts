/**
 * SVG text in place of HTML labels. Mermaid draws the labels of flowcharts, state, class, ER,
 * mindmap, kanban, block and other diagrams as HTML inside `<foreignObject>`, which Inkscape,
 * librsvg, PowerPoint and Word show as empty boxes (mermaid#2688, mermaid-cli#447 and #691).
 * Here each such label is measured where the browser laid it out — every line as it wrapped,
 * every run of bold, italic or coloured text — and redrawn as `<text>` with a `<tspan>` per line,
 * at the same place, in the same font, size, weight and colour, with the label's background
 * behind it. Labels holding more than text (an image, math) are left as they are. Shadows become
 * SVG 1.1 filters too, for the same viewers.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Content that SVG text cannot say: such a label keeps its HTML. */
const NOT_TEXT = 'img, svg, canvas, video, iframe, math, .katex, input, object, embed';

interface Run {
  text: string;
  style: TextStyle;
}

interface Line {
  runs: Run[];
  left: number;
  right: number;
  /** The alphabetic baseline, in the label's user space. */
  baseline: number;
}

/** A line as measured on screen: its box, and the font's ascent above the baseline (in CSS px). */
interface ScreenLine extends Line {
  top: number;
  bottom: number;
  /** The top of the line's first glyph box, which sits `ascent` above the baseline. */
  textTop: number;
  ascent: number;
}

interface TextStyle {
  fontFamily: string;
  fontSize: string;
  fontWeight: string;
  fontStyle: string;
  fill: string;
  decoration: string;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
}

interface Measured {
  label: SVGForeignObjectElement;
  lines: Line[];
  anchor: 'start' | 'middle' | 'end';
  backgrounds: Box[];
}

/**
 * Replaces the HTML labels of `svg` by SVG text. The SVG must be in the document and laid out (it
 * may be invisible): the positions come from the browser's own layout of each label.
 */
export function htmlLabelsToText(svg: SVGSVGElement): void {
  dropShadowsAsSvg11(svg);
  const labels = [...svg.querySelectorAll('foreignObject')];
  // Measure every label first, then change the drawing: no layout is forced between changes.
  const measured = labels.map((label) => (label.querySelector(NOT_TEXT) ? null : measure(label)));
  measured.forEach((m, i) => {
    if (m) replace(m);
    else if (m === undefined) labels[i]!.remove();
  });
}

/**
 * The same viewers draw nothing at all of a shape whose filter they cannot apply, and mermaid's
 * shadows (the default look) use `feDropShadow`, which SVG 1.1 lacks (librsvg before 2.56, older
 * Inkscape). Each such filter is rewritten as the primitives the Filter Effects spec defines it by.
 */
function dropShadowsAsSvg11(svg: SVGSVGElement): void {
  for (const shadow of svg.querySelectorAll('filter > feDropShadow')) {
    const filter = shadow.parentElement!;
    if (filter.children.length !== 1) continue;
    const attr = (name: string, fallback: string) => shadow.getAttribute(name) ?? fallback;
    const blur = Number.parseFloat(attr('stdDeviation', '2')) || 0;
    const primitive = (name: string, attrs: Record<string, string>) => {
      const el = document.createElementNS(SVG_NS, name);
      for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, value);
      return el;
    };
    const merge = primitive('feMerge', {});
    merge.append(primitive('feMergeNode', {}), primitive('feMergeNode', { in: 'SourceGraphic' }));
    filter.replaceChildren(
      // A zero blur is no blur: some renderers would draw nothing for it.
      ...(blur > 0 ? [primitive('feGaussianBlur', { in: 'SourceAlpha', stdDeviation: String(blur) })] : []),
      primitive('feOffset', {
        ...(blur > 0 ? {} : { in: 'SourceAlpha' }),
        dx: attr('dx', '2'),
        dy: attr('dy', '2'),
        result: 'offset',
      }),
      primitive('feFlood', {
        'flood-color': attr('flood-color', '#000000'),
        'flood-opacity': attr('flood-opacity', '1'),
      }),
      primitive('feComposite', { in2: 'offset', operator: 'in' }),
      merge,
    );
  }
}

/** A label's lines and backgrounds; undefined for a label with nothing to show, null to keep it. */
function measure(label: SVGForeignObjectElement): Measured | undefined | null {
  const point = toUserSpace(label);
  if (!point) return null;
  const lines: ScreenLine[] = [];
  let anchor: Measured['anchor'] | undefined;
  const range = document.createRange();
  const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const parent = node.parentElement;
    if (!parent) continue;
    const style = textStyle(parent);
    anchor ??= anchorFor(getComputedStyle(parent).textAlign);
    const ascent = fontAscent(parent);
    const text = node.data;
    for (let i = 0; i < text.length; ) {
      const code = text.codePointAt(i)!;
      const size = code > 0xffff ? 2 : 1;
      range.setStart(node, i);
      range.setEnd(node, i + size);
      const rect = [...range.getClientRects()].find((r) => r.height > 0);
      const char = text.slice(i, i + size);
      i += size;
      // Collapsed white space takes no room: the browser has already dropped it.
      if (!rect) continue;
      let line = lines.at(-1);
      const middle = (rect.top + rect.bottom) / 2;
      if (!line || middle > line.bottom || middle < line.top) {
        line = {
          runs: [],
          left: Number.POSITIVE_INFINITY,
          right: Number.NEGATIVE_INFINITY,
          baseline: 0,
          top: rect.top,
          bottom: rect.bottom,
          textTop: rect.top,
          ascent,
        };
        lines.push(line);
      }
      const run = line.runs.at(-1);
      line.top = Math.min(line.top, rect.top);
      line.bottom = Math.max(line.bottom, rect.bottom);
      if (run && run.style === style) run.text += char;
      else line.runs.push({ text: char, style });
      if (char.trim()) {
        line.left = Math.min(line.left, rect.left);
        line.right = Math.max(line.right, rect.right);
      }
    }
  }
  const kept = lines.filter((line) => trimRuns(line.runs));
  if (kept.length === 0) return undefined;
  const inUser = kept.map((line) => {
    // The label's content is laid out in its own user units (CSS px there), so the font's ascent
    // is added after leaving the screen, whose scale may differ (a diagram shrunk to its width).
    const a = point(line.left, line.textTop);
    const b = point(line.right, line.textTop);
    return { runs: line.runs, left: a.x, right: b.x, baseline: a.y + line.ascent };
  });
  return { label, lines: inUser, anchor: anchor ?? 'middle', backgrounds: backgrounds(label, point) };
}

/**
 * Maps a point on screen to the label's user space. Mermaid's labels are never rotated, so the point
 * is taken relative to the label's own box on screen: the result then does not depend on where the
 * diagram sits in the page (the app lays exports out far off screen), to the last decimal.
 */
function toUserSpace(label: SVGForeignObjectElement): ((x: number, y: number) => DOMPoint) | undefined {
  const ctm = label.getScreenCTM();
  if (!ctm) return undefined;
  if (ctm.b !== 0 || ctm.c !== 0) {
    const toUser = ctm.inverse();
    return (x, y) => new DOMPoint(x, y).matrixTransform(toUser);
  }
  const box = label.getBoundingClientRect();
  const x0 = label.x.baseVal.value;
  const y0 = label.y.baseVal.value;
  return (x, y) => new DOMPoint(x0 + (x - box.left) / ctm.a, y0 + (y - box.top) / ctm.d);
}

/** Drops a line's leading and trailing white space; false when nothing is left. */
function trimRuns(runs: Run[]): boolean {
  while (runs.length > 0 && !runs[0]!.text.trimStart()) runs.shift();
  while (runs.length > 0 && !runs.at(-1)!.text.trimEnd()) runs.pop();
  if (runs.length === 0) return false;
  runs[0]!.text = runs[0]!.text.trimStart();
  runs.at(-1)!.text = runs.at(-1)!.text.trimEnd();
  for (const run of runs) run.text = run.text.replace(/\s+/g, ' ');
  return true;
}

/** `text-anchor` for the lines of a block aligned so (the computed `text-align` of its text). */
function anchorFor(align: string): Measured['anchor'] {
  if (align === 'center' || align === '-webkit-center') return 'middle';
  if (align === 'right' || align === 'end' || align === '-webkit-right') return 'end';
  return 'start';
}

/** Boxes of the label's elements that paint a background, in the label's user space. */
function backgrounds(label: SVGForeignObjectElement, point: (x: number, y: number) => DOMPoint): Box[] {
  const boxes: Box[] = [];
  for (const el of label.querySelectorAll<HTMLElement>('*')) {
    const color = getComputedStyle(el).backgroundColor;
    if (!color || alpha(color) === 0) continue;
    for (const rect of el.getClientRects()) {
      if (rect.width === 0 || rect.height === 0) continue;
      const a = point(rect.left, rect.top);
      const b = point(rect.right, rect.bottom);
      boxes.push({ x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y, fill: color });
    }
  }
  // Nested elements often paint the same box (mermaid's edge labels do, three times): one that an
  // opaque box painted later covers exactly shows nothing.
  const same = (a: Box, b: Box) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
  return boxes.filter(
    (box, i) => !boxes.slice(i + 1).some((later) => same(box, later) && alpha(later.fill) === 1),
  );
}

const styles = new Map<string, TextStyle>();

/** The text style of an element, one object per distinct style so that runs compare by identity. */
function textStyle(el: Element): TextStyle {
  const css = getComputedStyle(el);
  const style: TextStyle = {
    fontFamily: css.fontFamily.replaceAll('"', "'"),
    fontSize: css.fontSize,
    fontWeight: css.fontWeight,
    fontStyle: css.fontStyle,
    fill: css.color,
    decoration: css.textDecorationLine === 'none' ? '' : css.textDecorationLine,
  };
  const key = JSON.stringify(style);
  let known = styles.get(key);
  if (!known) {
    known = style;
    styles.set(key, style);
  }
  return known;
}

const ascents = new Map<string, number>();
let measuringContext: CanvasRenderingContext2D | null = null;

/** How far above its baseline the box of a line of this element's font starts (CSS px). */
function fontAscent(el: Element): number {
  const css = getComputedStyle(el);
  const font = `${css.fontStyle} ${css.fontWeight} ${css.fontSize} ${css.fontFamily}`;
  let ascent = ascents.get(font);
  if (ascent === undefined) {
    measuringContext ??= document.createElement('canvas').getContext('2d');
    if (measuringContext) {
      measuringContext.font = font;
      ascent = measuringContext.measureText('Hg').fontBoundingBoxAscent;
    } else {
      ascent = Number.parseFloat(css.fontSize) * 0.9;
    }
    ascents.set(font, ascent);
  }
  return ascent;
}

/** Replaces a measured label by its text (and backgrounds) at the same place in the drawing. */
function replace({ label, lines, anchor, backgrounds: boxes }: Measured): void {
  const group = document.createElementNS(SVG_NS, 'g');
  group.setAttribute('class', 'merrow-text-label');
  for (const box of boxes) {
    const rect = document.createElementNS(SVG_NS, 'rect');
    rect.setAttribute('x', num(box.x));
    rect.setAttribute('y', num(box.y));
    rect.setAttribute('width', num(box.width));
    rect.setAttribute('height', num(box.height));
    rect.setAttribute('style', `${paint('fill', box.fill)};stroke:none;opacity:1`);
    group.append(rect);
  }
  const base = mostUsed(lines);
  const text = document.createElementNS(SVG_NS, 'text');
  text.setAttribute('text-anchor', anchor);
  text.setAttribute('xml:space', 'preserve');
  text.setAttribute('style', `${styleText(base)};stroke:none;dominant-baseline:alphabetic`);
  for (const line of lines) {
    const tspan = document.createElementNS(SVG_NS, 'tspan');
    const x = anchor === 'middle' ? (line.left + line.right) / 2 : anchor === 'end' ? line.right : line.left;
    tspan.setAttribute('x', num(x));
    tspan.setAttribute('y', num(line.baseline));
    for (const run of line.runs) {
      if (run.style === base) {
        tspan.append(run.text);
        continue;
      }
      const styled = document.createElementNS(SVG_NS, 'tspan');
      styled.setAttribute('style', styleText(run.style, base));
      styled.append(run.text);
      tspan.append(styled);
    }
    text.append(tspan);
  }
  group.append(text);
  // In a <switch> (journey sections), the label was the first choice; the others would be drawn too
  // by viewers that ignore <switch>: the text takes the switch's place.
  const parent = label.parentElement;
  if (parent?.localName === 'switch') parent.replaceWith(group);
  else label.replaceWith(group);
}

/** The style most of a label's characters have: the `<text>`'s, so that few runs need a tspan of their own. */
function mostUsed(lines: Line[]): TextStyle {
  const count = new Map<TextStyle, number>();
  for (const run of lines.flatMap((line) => line.runs))
    count.set(run.style, (count.get(run.style) ?? 0) + run.text.length);
  return [...count].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/** `style` of a run: every property, or only those that differ from `base`. */
function styleText(style: TextStyle, base?: TextStyle): string {
  const parts: string[] = [];
  const add = (key: keyof TextStyle, css: string) => {
    if (!base || base[key] !== style[key]) parts.push(css);
  };
  add('fontFamily', `font-family:${style.fontFamily}`);
  add('fontSize', `font-size:${style.fontSize}`);
  add('fontWeight', `font-weight:${style.fontWeight}`);
  add('fontStyle', `font-style:${style.fontStyle}`);
  if (!base || base.fill !== style.fill) parts.push(paint('fill', style.fill));
  add('decoration', `text-decoration:${style.decoration || 'none'}`);
  return parts.join(';');
}

/** A colour as `fill:#rrggbb` (and `fill-opacity`), which every SVG viewer reads. */
function paint(property: 'fill', color: string): string {
  const m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)/.exec(color);
  if (!m) return `${property}:${color}`;
  const hex = [m[1], m[2], m[3]].map((c) => Math.round(Number(c)).toString(16).padStart(2, '0')).join('');
  const a = alpha(color);
  return a < 1 ? `${property}:#${hex};${property}-opacity:${num(a)}` : `${property}:#${hex}`;
}

function alpha(color: string): number {
  if (color === 'transparent') return 0;
  const m = /rgba?\([^)]*?[,/]\s*([\d.]+)(%?)\s*\)$/.exec(color);
  if (!m || !/rgba|\//.test(color)) return 1;
  return m[2] ? Number(m[1]) / 100 : Number(m[1]);
}

/** A coordinate with three decimals at most: stable output, and small. */
function num(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
