/**
 * Legends stay out of the graph: a block under a "Legend" (or "Key") heading, or a box whose
 * every text explains a sample drawn beside it (a colour swatch, an arrow, a dashed box).
 */

import { type Figure, LETTERING } from './figures.ts';
import {
  absolutePoints,
  type Box,
  boundsOf,
  boxGap,
  boxInside,
  centerOf,
  grow,
  SpatialGrid,
  unionBox,
} from './geometry.ts';
import type { LinearElement, TextElement } from './model.ts';
import type { Inference } from './report.ts';

const HEADING = /^\s*(legend|key|l[ée]gende|leyenda|legenda)\s*:?\s*$/i;
/** A line that explains a sample drawn before it: `◯ - meaning`, `✕ – meaning`, `▭ = meaning`. */
const DASHED = /^[-–—=:]\s/;
/** Items of a legend follow each other at most this far apart. */
const STEP = 40;

export interface Legends {
  texts: Set<TextElement>;
  figures: Set<Figure>;
  linears: Set<LinearElement>;
  inferences: Inference[];
}

type Item =
  | { kind: 'text'; el: TextElement }
  | { kind: 'figure'; el: Figure }
  | { kind: 'linear'; el: LinearElement };

/** An end this near a shape reaches it. */
const REACH = 8;

/** Whether a line in the region runs from one shape in it to another. */
function joinsTwoInside(region: Box, box: Figure, grid: SpatialGrid<Item>): boolean {
  const held = grid
    .query(region)
    .filter((i): i is Extract<Item, { kind: 'figure' }> => i.kind === 'figure' && i.el !== box)
    .map((i) => grow(boundsOf(i.el.geom), REACH))
    .filter((b) => boxInside(b, grow(region, REACH)));
  if (held.length < 2) return false;
  const at = (p: { x: number; y: number }) =>
    held.findIndex((b) => p.x >= b.minX && p.x <= b.maxX && p.y >= b.minY && p.y <= b.maxY);
  return grid.query(region).some((i) => {
    if (i.kind !== 'linear' || !boxInside(boundsOf(i.el), grow(region, REACH))) return false;
    const pts = absolutePoints(i.el);
    const a = at(pts[0]!);
    const b = at(pts.at(-1)!);
    return a >= 0 && b >= 0 && a !== b;
  });
}

export function findLegends(
  texts: TextElement[],
  figures: Figure[],
  linears: LinearElement[],
  /** Figures an arrow is bound to: never part of a legend. */
  connected: (f: Figure) => boolean,
  /** Free text → the figure it sits in. */
  ownerOf: (t: TextElement) => Figure | null,
): Legends {
  const result: Legends = { texts: new Set(), figures: new Set(), linears: new Set(), inferences: [] };
  // "Key" in an icon's tiny lettering (a key-value store drawn as rows) heads nothing.
  const headings = texts.filter((t) => HEADING.test(t.text) && t.fontSize > LETTERING);
  const textsIn = new Map<Figure, TextElement[]>();
  for (const t of texts) {
    const owner = ownerOf(t);
    if (!owner) continue;
    const list = textsIn.get(owner);
    if (list) list.push(t);
    else textsIn.set(owner, [t]);
  }
  // A key's box holds samples and words, never a node an arrow reaches.
  const holdsNode = (f: Figure) => {
    const b = boundsOf(f.geom);
    return figures.some((g) => g !== f && connected(g) && boxInside(boundsOf(g.geom), b));
  };
  const boxes = figures.filter(
    (f) => !f.drawing && (textsIn.get(f)?.length ?? 0) >= 2 && !connected(f) && !holdsNode(f),
  );
  const dashed = texts.filter((t) => DASHED.test(t.text.trimStart()));
  if (headings.length === 0 && boxes.length === 0 && dashed.length === 0) return result;
  const boxOf = (i: Item): Box => boundsOf(i.kind === 'figure' ? i.el.geom : i.el);
  const grid = new SpatialGrid<Item>();
  const items: Item[] = [
    ...texts.map((el) => ({ kind: 'text' as const, el })),
    ...figures.filter((f) => !connected(f)).map((el) => ({ kind: 'figure' as const, el })),
    ...linears.map((el) => ({ kind: 'linear' as const, el })),
  ];
  for (const i of items) grid.insert(i, boxOf(i));
  const take = (block: Item[], why: string, from: string[]) => {
    for (const i of block) {
      if (i.kind === 'text') result.texts.add(i.el);
      else if (i.kind === 'figure') result.figures.add(i.el);
      else result.linears.add(i.el);
    }
    result.inferences.push({ kind: 'legend', what: why, from, confidence: 'medium' });
  };

  // A heading and the block under it (or to its right), item after item; or, when the heading is
  // written in a box no arrow reaches, everything that box holds.
  for (const heading of headings) {
    const frame = ownerOf(heading);
    if (frame && !frame.drawing && !connected(frame) && !holdsNode(frame)) {
      const region = boundsOf(frame.geom);
      const held = [...grid.query(region)].filter(
        (i) => !(i.kind === 'figure' && i.el === frame) && boxInside(boxOf(i), region),
      );
      if (held.length > 1) {
        take(
          [{ kind: 'figure', el: frame }, ...held],
          `${frame.geom.type} ${frame.id}, headed “${heading.text.trim()}”, and the ${held.length - 1} items in it are a legend`,
          [frame.id, heading.id],
        );
        continue;
      }
    }
    const top = boundsOf(heading);
    const block: Item[] = [{ kind: 'text', el: heading }];
    let area = top;
    for (let grew = true; grew; ) {
      grew = false;
      for (const i of grid.query(grow(area, STEP))) {
        if (block.includes(i)) continue;
        const b = boxOf(i);
        if (b.minY < top.minY - 4 || b.minX < top.minX - STEP) continue;
        if (boxGap(b, area) > STEP) continue;
        if (i.kind === 'figure' && b.maxX - b.minX > 4 * (top.maxX - top.minX) + 200) continue;
        block.push(i);
        area = unionBox([area, b]);
        grew = true;
      }
    }
    if (block.length > 1) {
      take(block, `the ${block.length - 1} items under the heading “${heading.text.trim()}” are a legend`, [
        heading.id,
      ]);
    }
  }

  // A box in which every text explains a sample drawn just left of it; not one in which a line
  // joins two of the shapes it holds (a diagram, its words the line's labels).
  for (const box of boxes) {
    if (result.figures.has(box)) continue;
    const inside = (textsIn.get(box) ?? []).filter((t) => !result.texts.has(t));
    if (inside.length < 2) continue;
    const region = boundsOf(box.geom);
    if (joinsTwoInside(region, box, grid)) continue;
    const samples: Item[] = [];
    const explains = inside.every((t) => {
      const tb = boundsOf(t);
      const c = centerOf(t);
      const sample = [...grid.query(grow(tb, 60))].find((i) => {
        if (i.kind === 'text' || (i.kind === 'figure' && i.el === box)) return false;
        const b = boxOf(i);
        const inRegion =
          b.minX >= region.minX && b.maxX <= region.maxX && b.minY >= region.minY && b.maxY <= region.maxY;
        return (
          inRegion &&
          b.maxX <= tb.minX + 4 &&
          tb.minX - b.maxX <= 60 &&
          c.y >= b.minY - 12 &&
          c.y <= b.maxY + 12
        );
      });
      if (sample) samples.push(sample);
      return sample !== undefined;
    });
    if (explains && samples.some((s) => s.kind === 'linear' || s.kind === 'figure')) {
      take(
        [{ kind: 'figure', el: box }, ...samples, ...inside.map((el) => ({ kind: 'text' as const, el }))],
        `${box.geom.type} ${box.id} explains ${inside.length} samples: a legend`,
        [box.id],
      );
    }
  }
  // Rows of a sample then a dash and its meaning, two or more down one column: a key without a
  // heading or a box around it.
  const rows: { texts: TextElement[]; samples: Item[]; box: Box }[] = [];
  for (const t of dashed) {
    if (result.texts.has(t)) continue;
    const lines = t.text.split('\n');
    if (!lines.every((line) => line.trim() === '' || DASHED.test(line.trimStart()))) continue;
    const tb = boundsOf(t);
    const step = (tb.maxY - tb.minY) / lines.length;
    const samples: Item[] = [];
    const explains = lines.every((line, k) => {
      if (line.trim() === '') return true;
      const y = tb.minY + (k + 0.5) * step;
      const sample = [...grid.query(grow(tb, 60))].find((i) => {
        if (i.kind === 'text' || samples.includes(i)) return false;
        const b = boxOf(i);
        return b.maxX <= tb.minX + 4 && tb.minX - b.maxX <= 40 && y >= b.minY - 12 && y <= b.maxY + 12;
      });
      if (sample) samples.push(sample);
      return sample !== undefined;
    });
    if (explains) rows.push({ texts: [t], samples, box: unionBox([tb, ...samples.map(boxOf)]) });
  }
  // One text of several rows is a key by itself; single rows join the rows just above or below.
  const keys: (typeof rows)[] = [];
  for (const row of [...rows].sort((a, b) => a.box.minY - b.box.minY)) {
    const last = keys.at(-1)?.at(-1);
    if (last && Math.abs(last.box.minX - row.box.minX) <= 24 && row.box.minY - last.box.maxY <= 2 * STEP)
      keys.at(-1)!.push(row);
    else keys.push([row]);
  }
  for (const key of keys) {
    const samples = key.flatMap((r) => r.samples);
    if (samples.length < 2) continue;
    const keyTexts = key.flatMap((r) => r.texts);
    take(
      [...samples, ...keyTexts.map((el) => ({ kind: 'text' as const, el }))],
      `${samples.length} samples each followed by a dash and its meaning are a legend`,
      keyTexts.map((t) => t.id),
    );
  }
  return result;
}
