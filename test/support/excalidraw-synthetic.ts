/**
 * Synthetic Excalidraw drawings with exact truth, drawn the ways people draw: titled container
 * boxes (title inside the top edge or a caption under the box), labels as free text inside shapes
 * and beside arrows, "Yes"/"No" leaving a diamond, padded labels, arrows bound to a shape's label
 * text, ends left a few pixels short, a line and an arrow drawn end to end, rotated arrows,
 * arrows from old files without arrowhead fields, bound labels stored far from their arrow, an
 * empty shape stacked under its labelled copy or drawn close around it (a second border), a word
 * written in the middle of a link, a record drawn as a row of field cells named at its left, a
 * note that labels nothing, and some drawings
 * drawn larger or smaller as a whole. Each scene comes from a seed together with the Mermaid a
 * careful person would write for it.
 */

type Raw = Record<string, unknown>;
type Box = { x: number; y: number; w: number; h: number };

const WORDS = [
  'Gateway',
  'Orders',
  'Billing',
  'Search',
  'Cache',
  'Queue',
  'Auth',
  'Ledger',
  'Mailer',
  'Index',
];

/** A small deterministic generator (mulberry32), so every run draws the same scenes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const textWidth = (text: string) => text.length * 9;

/** One scene: its elements and the truth a person would write for it. */
export function syntheticScene(seed: number): { elements: Raw[]; truth: string } {
  const rnd = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const elements: Raw[] = [];
  const truth: string[] = ['flowchart TD'];
  let n = 0;
  const id = (p: string) => `${p}${seed}_${n++}`;
  const text = (t: string, x: number, y: number, extra: Raw = {}): Raw => {
    const el = {
      id: id('t'),
      type: 'text',
      x,
      y,
      width: textWidth(t),
      height: 20,
      fontSize: 16,
      text: t,
      ...extra,
    };
    elements.push(el);
    return el;
  };

  const rows = 2 + Math.floor(rnd() * 2);
  const cols = 3 + Math.floor(rnd() * 2);
  type Node = { id: string; key: string; label: string; kind: string; box: Box; labelId: string | null };
  const grid: (Node | null)[][] = [];
  for (let r = 0; r < rows; r++) {
    grid.push([]);
    for (let c = 0; c < cols; c++) {
      if (rnd() < 0.15) {
        grid[r]!.push(null);
        continue;
      }
      const kind = pick(['rectangle', 'rectangle', 'rectangle', 'ellipse', 'diamond']);
      const box = { x: c * 300 + 60, y: r * 220 + 80, w: 150, h: kind === 'diamond' ? 90 : 70 };
      const label = `${WORDS[(r * cols + c) % WORDS.length]} ${r}${c}`;
      // An empty copy drawn first, under the labelled one: one node.
      if (rnd() < 0.1)
        elements.push({ id: id('dup'), type: kind, x: box.x, y: box.y, width: box.w, height: box.h });
      // A second border drawn close around a box: one node.
      if (kind === 'rectangle' && rnd() < 0.15) {
        const m = 8;
        elements.push({
          id: id('rim'),
          type: kind,
          x: box.x - m,
          y: box.y - m,
          width: box.w + 2 * m,
          height: box.h + 2 * m,
        });
      }
      const shape: Raw = { id: id('s'), type: kind, x: box.x, y: box.y, width: box.w, height: box.h };
      elements.push(shape);
      const cx = box.x + box.w / 2;
      const cy = box.y + box.h / 2;
      let labelId: string | null = null;
      if (rnd() < 0.6) {
        // Padded the way people pad: runs of spaces, blank lines.
        const shown = pick([label, `  ${label}  `, `${label}\n`, label.replace(' ', '   ')]);
        const t = text(shown, cx - textWidth(label) / 2, cy - 10, { containerId: shape.id });
        shape.boundElements = [{ type: 'text', id: t.id }];
        labelId = t.id as string;
      } else if (kind === 'rectangle' && rnd() < 0.3) {
        // A queue: its name at the top, narrow cells side by side under it (its picture).
        text(label, cx - textWidth(label) / 2, box.y + 6);
        for (let k = 0; k < 4; k++) {
          elements.push({
            id: id('cell'),
            type: 'rectangle',
            x: box.x + 24 + k * 27,
            y: box.y + 30,
            width: 14,
            height: 32,
            backgroundColor: '#b2f2bb',
          });
        }
      } else {
        // Free text typed over the shape, not bound to it.
        text(label, cx - textWidth(label) / 2, cy - 10);
      }
      const node = { id: shape.id as string, key: `n${r}${c}`, label, kind, box, labelId };
      grid[r]!.push(node);
      truth.push(`  ${node.key}["${label}"]`);
    }
  }

  // A titled container around the first row's first two to three cells.
  if (rnd() < 0.7) {
    const span = Math.min(cols, 2 + Math.floor(rnd() * 2));
    const held = grid[0]!.slice(0, span).filter((x): x is Node => x !== null);
    if (held.length >= 2) {
      const x0 = 20;
      const y0 = 20;
      const x1 = (span - 1) * 300 + 60 + 150 + 40;
      const y1 = 80 + 90 + 30;
      elements.unshift({
        id: id('zone'),
        type: 'rectangle',
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
        strokeStyle: rnd() < 0.5 ? 'dashed' : 'solid',
      });
      const title = `Zone ${seed}`;
      // The title inside the top edge, a caption under the box's left end (centred, it could lie
      // across an arrow going down, and be that arrow's label), or a tab on its corner.
      // Or a heading on a plate in its top-left corner, over what it holds (the zone then starts
      // higher, to leave room for the plate).
      const where = rnd();
      if (where < 0.4) text(title, x0 + 12, y0 + 10);
      else if (where < 0.6) text(title, x0 + 12, y1 + 8);
      else if (where < 0.8) text(title, x0 + 4, y0 - 26);
      else {
        const zone = elements[0]!;
        zone.y = y0 - 60;
        zone.height = y1 - y0 + 60;
        const plate: Raw = {
          id: id('plate'),
          type: 'rectangle',
          x: x0 + 16,
          y: y0 - 48,
          width: 220,
          height: 50,
          backgroundColor: '#a5d8ff',
          fillStyle: 'solid',
        };
        elements.push(plate);
        text(title, x0 + 36, y0 - 40, { fontSize: 28, height: 35, width: title.length * 15 });
      }
      truth.push(`  subgraph z["${title}"]`, ...held.map((h) => `    ${h.key}`), '  end');
    }
  }

  // Arrows between neighbours, each drawn one of the ways people draw them.
  const edgeLines: string[] = [];
  let steps = 0;
  const connect = (a: Node, b: Node, across: boolean) => {
    const from = across
      ? [a.box.x + a.box.w, a.box.y + a.box.h / 2]
      : [a.box.x + a.box.w / 2, a.box.y + a.box.h];
    const to = across ? [b.box.x, b.box.y + b.box.h / 2] : [b.box.x + b.box.w / 2, b.box.y];
    const style = pick([
      'bound',
      'bound',
      'short',
      'label-text',
      'chain',
      'picture',
      'old',
      'crossing',
      'round',
      across ? 'short' : 'rotated',
    ]);
    const gap = style === 'short' ? 5 : 2;
    const dx = Math.sign(to[0]! - from[0]!) * (across ? gap : 0);
    const dy = Math.sign(to[1]! - from[1]!) * (across ? 0 : gap);
    const start = [from[0]! + dx, from[1]! + dy];
    const end = [to[0]! - dx, to[1]! - dy];
    const arrow = (p: number[], q: number[], extra: Raw): Raw => {
      const el: Raw = {
        id: id('a'),
        type: 'arrow',
        x: p[0],
        y: p[1],
        width: Math.abs(q[0]! - p[0]!),
        height: Math.abs(q[1]! - p[1]!),
        points: [
          [0, 0],
          [q[0]! - p[0]!, q[1]! - p[1]!],
        ],
        startArrowhead: null,
        endArrowhead: 'arrow',
        ...extra,
      };
      elements.push(el);
      return el;
    };
    let labelled: Raw;
    const mid = [(start[0]! + end[0]!) / 2, (start[1]! + end[1]!) / 2];
    let crossing = '';
    if (style === 'crossing') {
      // A word written in the middle of the link: a plain line runs up to it, an arrow goes on.
      crossing = a.kind === 'diamond' ? pick(['Yes', 'No']) : pick(['sync', 'events', 'HTTP']);
      const w = textWidth(crossing);
      text(crossing, mid[0]! - w / 2, mid[1]! - 10);
      const before = across ? [mid[0]! - w / 2 - 6, mid[1]!] : [mid[0]!, mid[1]! - 16];
      const after = across ? [mid[0]! + w / 2 + 6, mid[1]!] : [mid[0]!, mid[1]! + 16];
      arrow(start, before, { endArrowhead: null, type: 'line' });
      labelled = arrow(after, end, {});
    } else if (style === 'chain') {
      elements.push({
        id: id('l'),
        type: 'line',
        x: start[0],
        y: start[1],
        width: Math.abs(mid[0]! - start[0]!),
        height: Math.abs(mid[1]! - start[1]!),
        points: [
          [0, 0],
          [mid[0]! - start[0]!, mid[1]! - start[1]!],
        ],
      });
      labelled = arrow(mid, end, {});
    } else if (style === 'picture') {
      // A small picture on the path (a formula written on the arrow): an arrow runs into it and
      // another leaves its far side.
      const [w, h] = [40, 20];
      const before = across ? [mid[0]! - w / 2 - 6, mid[1]!] : [mid[0]!, mid[1]! - h / 2 - 6];
      const after = across ? [mid[0]! + w / 2 + 6, mid[1]!] : [mid[0]!, mid[1]! + h / 2 + 6];
      elements.push({
        id: id('p'),
        type: 'image',
        x: mid[0]! - w / 2,
        y: mid[1]! - h / 2,
        width: w,
        height: h,
        fileId: 'formula',
      });
      arrow(start, before, {});
      labelled = arrow(after, end, {});
    } else if (style === 'old') {
      labelled = arrow(start, end, {});
      delete labelled.startArrowhead;
      delete labelled.endArrowhead;
    } else if (style === 'short') {
      labelled = arrow(start, end, {});
    } else if (style === 'round') {
      // Drawn through a third point off the straight way: Excalidraw draws it as a curve.
      const bend = across ? [mid[0]!, mid[1]! - 30] : [mid[0]! + 30, mid[1]!];
      labelled = arrow(start, end, {
        points: [
          [0, 0],
          [bend[0]! - start[0]!, bend[1]! - start[1]!],
          [end[0]! - start[0]!, end[1]! - start[1]!],
        ],
        roundness: { type: 2 },
        startBinding: { elementId: a.id, focus: 0, gap },
        endBinding: { elementId: b.id, focus: 0, gap },
      });
    } else if (style === 'rotated') {
      // Drawn sideways, then turned a quarter round its centre to point down.
      const half = (end[1]! - start[1]!) / 2;
      labelled = arrow([mid[0]! - half, mid[1]!], [mid[0]! + half, mid[1]!], { angle: Math.PI / 2 });
    } else {
      const targetOf = (x: Node) => (style === 'label-text' && x.labelId ? x.labelId : x.id);
      labelled = arrow(start, end, {
        startBinding: { elementId: targetOf(a), focus: 0, gap },
        endBinding: { elementId: targetOf(b), focus: 0, gap },
      });
    }
    let label = '';
    if (style === 'picture') label = '';
    else if (style === 'crossing') label = crossing;
    else if (a.kind === 'diamond') label = rnd() < 0.5 ? 'Yes' : 'No';
    else if (rnd() < 0.35) label = pick(['calls', 'reads', 'writes to', 'publishes']);
    if (style === 'crossing') {
      // Written already, in the middle of the link.
    } else if (label && style !== 'chain' && rnd() < 0.5) {
      // Excalidraw draws a bound label at the arrow's middle, whatever position is stored.
      const stale = rnd() < 0.3 ? 240 : 0;
      const t = text(label, mid[0]! - textWidth(label) / 2 + stale, mid[1]! - 10 + stale, {
        containerId: labelled.id,
      });
      labelled.boundElements = [{ type: 'text', id: t.id }];
    } else if (label) {
      // Free text just above a sideways arrow, or beside a downward one.
      if (across) text(label, mid[0]! - textWidth(label) / 2, mid[1]! - 26);
      else text(label, mid[0]! + 8, mid[1]! - 10);
    }
    if (!label && style !== 'picture' && style !== 'chain' && style !== 'crossing' && rnd() < 0.2) {
      // A numbered step marker drawn beside the arrow: a small circle with the number in it.
      label = String(++steps);
      const c = across ? [mid[0]!, mid[1]! - 30] : [mid[0]! + 30, mid[1]!];
      const mark: Raw = { id: id('m'), type: 'ellipse', x: c[0]! - 14, y: c[1]! - 14, width: 28, height: 28 };
      elements.push(mark);
      const t = text(label, c[0]! - 5, c[1]! - 10, { containerId: mark.id });
      mark.boundElements = [{ type: 'text', id: t.id }];
    }
    edgeLines.push(`  ${a.key} -->${label ? `|"${label}"|` : ''} ${b.key}`);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const a = grid[r]![c];
      if (!a) continue;
      const right = grid[r]![c + 1];
      const down = grid[r + 1]?.[c];
      if (right && rnd() < 0.7) connect(a, right, true);
      if (down && rnd() < 0.6) connect(a, down, false);
    }
  }
  truth.push(...edgeLines);

  // A record drawn as a row of field cells side by side, named by a word at its left.
  if (rnd() < 0.4) {
    const fields = ['id', 'key', 'value', 'size', 'crc'].slice(0, 3 + Math.floor(rnd() * 3));
    const y = rows * 220 + 60;
    const name = pick(['logRecord', 'entry', 'index item']);
    text(name, 164 - textWidth(name), y + 10);
    truth.push(`  subgraph rec ["${name}"]`);
    fields.forEach((f, k) => {
      const cell: Raw = { id: id('field'), type: 'rectangle', x: 180 + k * 84, y, width: 80, height: 40 };
      elements.push(cell);
      const t = text(f, 180 + k * 84 + 40 - textWidth(f) / 2, y + 10, { containerId: cell.id });
      cell.boundElements = [{ type: 'text', id: t.id }];
      truth.push(`    f${k}["${f}"]`);
    });
    truth.push('  end');
  }
  // A note far below the drawing labels nothing.
  text('Draft: ask the platform team', 60, rows * 220 + 200);
  // Some drawings are drawn larger or smaller as a whole (the XL font, a resized drawing): every
  // distance and text size grows with them, stroke widths do not.
  const scale = pick([1, 1, 1, 0.7, 1.75, 2.25, 3]);
  return {
    elements: scale === 1 ? elements : elements.map((el) => scaled(el, scale)),
    truth: truth.join('\n'),
  };
}

/** An element drawn `k` times larger about the origin. */
function scaled(el: Raw, k: number): Raw {
  const out: Raw = { ...el };
  for (const key of ['x', 'y', 'width', 'height', 'fontSize']) {
    if (typeof el[key] === 'number') out[key] = (el[key] as number) * k;
  }
  if (Array.isArray(el.points))
    out.points = (el.points as [number, number][]).map(([x, y]) => [x * k, y * k]);
  return out;
}
