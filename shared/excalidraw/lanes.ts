/**
 * Lanes: long straight lines drawn across the whole drawing (dashed, usually) split it into bands
 * — layers, namespaces, trust zones — and a word at one end of a band, past everything else in
 * it, names the band. Each band so named is a subgraph of what lies in it.
 */

import {
  type Box,
  boundsOf,
  boxArea,
  boxCenter,
  boxInside,
  boxOf,
  centerOf,
  type Point,
  SpatialGrid,
  unionBox,
} from './geometry.ts';
import type { TextElement } from './model.ts';

/** A divider runs across at least this share of the drawing. */
const SPAN = 0.6;
/** …and strays at most this share of its length from a straight, level (or upright) line. */
const SLANT = 0.04;
/** Two dividers this close are one. */
const SAME_LINE = 12;
/** A name at a line's end lies at most this far from it, and this far in from its end. */
const TITLE_GAP = 48;
const FLUSH = 24;
/** …and in this outer share of the divider's length, at one end. */
const TITLE_END = 0.35;
/** Past everything else in its band, a name may overlap the nearest thing by this much. */
const END_SLACK = 4;
/** A name longer than this is a sentence, not a lane's name. */
const TITLE_LENGTH = 40;
/** A name may lie past a divider's end by this share of its length (a column's heading over it). */
const TITLE_BEYOND = 0.25;

export interface Lane {
  /** The band, across the whole drawing or across the box the dividers are drawn in. */
  box: Box;
  /** The box the dividers are drawn in (one of `findLanes`'s `boxes`, itself), if they split a
   * box rather than the whole drawing. */
  frame: Box | null;
  title: TextElement;
  /** The dividers bounding it. */
  lineIds: string[];
}

interface Divider {
  ids: string[];
  /** Where it lies across the bands, and the stretch it runs along. */
  at: number;
  from: number;
  to: number;
}

/** Reads a box or point along an axis: 'y' bands are stacked (level dividers), 'x' side by side. */
const across = (axis: 'x' | 'y', p: Point) => (axis === 'y' ? p.y : p.x);
const along = (axis: 'x' | 'y', p: Point) => (axis === 'y' ? p.x : p.y);
const lo = (axis: 'x' | 'y', b: Box) => (axis === 'y' ? b.minY : b.minX);
const hi = (axis: 'x' | 'y', b: Box) => (axis === 'y' ? b.maxY : b.maxX);
const loAlong = (axis: 'x' | 'y', b: Box) => (axis === 'y' ? b.minX : b.minY);
const hiAlong = (axis: 'x' | 'y', b: Box) => (axis === 'y' ? b.maxX : b.maxY);

/**
 * The named bands of a drawing. `lines` are the strokes that connect nothing; `shapes` the boxes
 * of what will be nodes (a divider crosses none of them); `texts` the free words a lane's name
 * may be; `others` every other free word (it counts as something lying in a band).
 */
export function findLanes(
  lines: { id: string; points: Point[] }[],
  shapes: Box[],
  texts: TextElement[],
  others: Box[],
  /** The box each divider is drawn in (see `dividerFrames`); by default, the shapes'. */
  frames: Map<string, Box | null> = dividerFrames(lines, shapes),
): Lane[] {
  if (lines.length === 0 || shapes.length === 0) return [];
  // Dividers drawn inside a box split that box (columns of a system's boundary); the others
  // split the drawing.
  const groups = new Map<Box | null, { id: string; points: Point[] }[]>();
  for (const l of lines) {
    const frame = frames.get(l.id) ?? null;
    const list = groups.get(frame);
    if (list) list.push(l);
    else groups.set(frame, [l]);
  }
  const found: Lane[] = [];
  for (const [frame, group] of groups) {
    const within = (b: Box) => !frame || (b !== frame && boxInside(b, frame));
    const inner = shapes.filter(within);
    const words = texts.filter((t) => within(boundsOf(t)));
    const rest = others.filter(within);
    if (inner.length === 0) continue;
    const content = frame ?? unionBox([...inner, ...words.map((t) => boundsOf(t)), ...rest]);
    let best: Lane[] = [];
    let bestAxis: 'x' | 'y' = 'y';
    for (const axis of ['y', 'x'] as const) {
      const lanes = lanesAcross(axis, content, frame, group, inner, words, rest);
      if (lanes.length > best.length) [best, bestAxis] = [lanes, axis];
    }
    found.push(
      ...best.flatMap((lane) => splitLane(lane, bestAxis === 'y' ? 'x' : 'y', group, inner, words, rest)),
    );
  }
  return found;
}

/**
 * A band split again the other way by lines across it (the stages of one side of a drawing, a
 * column beside them): when its own name names the first of the smaller bands, those bands
 * stand in its place.
 */
function splitLane(
  lane: Lane,
  axis: 'x' | 'y',
  lines: { id: string; points: Point[] }[],
  shapes: Box[],
  texts: TextElement[],
  others: Box[],
): Lane[] {
  const within = (b: Box) => boxInside(b, lane.box, 1);
  const across = lines.filter((l) => !lane.lineIds.includes(l.id) && within(boxOf(l.points)));
  if (across.length === 0) return [lane];
  const parts = lanesAcross(
    axis,
    lane.box,
    lane.frame,
    across,
    shapes.filter(within),
    texts.filter((t) => within(boundsOf(t))),
    others.filter(within),
  );
  return parts.some((p) => p.title === lane.title)
    ? parts.map((p) => ({ ...p, lineIds: [...p.lineIds, ...lane.lineIds] }))
    : [lane];
}

/** For each divider, the smallest of the boxes it is drawn inside (null: none holds it). */
export function dividerFrames(
  lines: { id: string; points: Point[] }[],
  boxes: Box[],
): Map<string, Box | null> {
  const grid = new SpatialGrid<Box>();
  for (const b of boxes) grid.insert(b, b);
  const frames = new Map<string, Box | null>();
  for (const l of lines) {
    const extent = boxOf(l.points);
    let best: Box | null = null;
    for (const b of grid.query(extent))
      if (boxInside(extent, b) && (!best || boxArea(b) < boxArea(best))) best = b;
    frames.set(l.id, best);
  }
  return frames;
}

function lanesAcross(
  axis: 'x' | 'y',
  content: Box,
  frame: Box | null,
  lines: { id: string; points: Point[] }[],
  shapes: Box[],
  texts: TextElement[],
  others: Box[],
): Lane[] {
  const width = hiAlong(axis, content) - loAlong(axis, content);
  const dividers: Divider[] = [];
  for (const l of lines) {
    if (l.points.length < 2) continue;
    const first = l.points[0]!;
    const last = l.points.at(-1)!;
    const from = Math.min(along(axis, first), along(axis, last));
    const to = Math.max(along(axis, first), along(axis, last));
    const length = to - from;
    if (length < SPAN * width || length === 0) continue;
    const ats = l.points.map((p) => across(axis, p));
    if (Math.max(...ats) - Math.min(...ats) > SLANT * length) continue;
    const at = ats.reduce((a, b) => a + b, 0) / ats.length;
    // A line through a box is part of the drawing, not a border between bands.
    if (
      shapes.some(
        (b) => lo(axis, b) < at && at < hi(axis, b) && loAlong(axis, b) < to && hiAlong(axis, b) > from,
      )
    )
      continue;
    const same = dividers.find((d) => Math.abs(d.at - at) <= SAME_LINE);
    if (same) {
      same.ids.push(l.id);
      same.from = Math.min(same.from, from);
      same.to = Math.max(same.to, to);
    } else dividers.push({ ids: [l.id], at, from, to });
  }
  if (dividers.length === 0) return [];
  dividers.sort((a, b) => a.at - b.at);

  const lanes: Lane[] = [];
  const used = new Set<TextElement>();
  for (let i = 0; i <= dividers.length; i++) {
    const before = dividers[i - 1] ?? null;
    const after = dividers[i] ?? null;
    const start = before ? before.at : lo(axis, content);
    const end = after ? after.at : hi(axis, content);
    const inBand = (p: Point) => across(axis, p) > start && across(axis, p) < end;
    // What lies in the band: a name at one end lies past all the rest of it.
    const members = [
      ...shapes.filter((b) => inBand(boxCenter(b))),
      ...others.filter((b) => inBand(boxCenter(b))),
    ];
    const words = texts.filter((t) => inBand(centerOf(t)));
    const wordBoxes = words.map((t) => boundsOf(t));
    let title: TextElement | null = null;
    let nearest = Number.POSITIVE_INFINITY;
    for (const [k, t] of words.entries()) {
      if (used.has(t) || t.angle !== 0 || t.text.trim().length > TITLE_LENGTH) continue;
      const c = centerOf(t);
      const b = wordBoxes[k]!;
      for (const d of [before, after]) {
        if (!d) continue;
        const where = (along(axis, c) - d.from) / (d.to - d.from);
        if (where < -TITLE_BEYOND || where > 1 + TITLE_BEYOND || (where > TITLE_END && where < 1 - TITLE_END))
          continue;
        const gap = d === before ? lo(axis, b) - d.at : d.at - hi(axis, b);
        if (gap < 0) continue;
        // At the band's end, past everything else in it (a row's name, a column's heading).
        const rest = [...members, ...wordBoxes.filter((_, o) => o !== k)];
        const atEnd =
          where <= TITLE_END
            ? rest.every((o) => loAlong(axis, o) >= hiAlong(axis, b) - END_SLACK)
            : rest.every((o) => hiAlong(axis, o) <= loAlong(axis, b) + END_SLACK);
        // Or written at the line's end, just by it.
        const fromEnd =
          where <= TITLE_END
            ? Math.max(loAlong(axis, b) - d.from, d.from - hiAlong(axis, b))
            : Math.max(d.to - hiAlong(axis, b), loAlong(axis, b) - d.to);
        const flush = gap <= TITLE_GAP && fromEnd <= FLUSH;
        if (!atEnd && !flush) continue;
        // The larger name wins (a heading over a remark at the other end), then the one at the
        // start (where a row's name is read first), then the nearer.
        const score = gap - 1000 * t.fontSize + (where <= TITLE_END ? 0 : 500);
        if (score >= nearest) continue;
        title = t;
        nearest = score;
      }
    }
    if (!title) continue;
    const box: Box =
      axis === 'y'
        ? { minX: content.minX, maxX: content.maxX, minY: start, maxY: end }
        : { minX: start, maxX: end, minY: content.minY, maxY: content.maxY };
    // A band holds something besides its name.
    if (members.length === 0 && words.length < 2) continue;
    used.add(title);
    lanes.push({
      box,
      frame,
      title,
      lineIds: [...(before?.ids ?? []), ...(after?.ids ?? [])],
    });
  }
  // One named band beside an unnamed one is a remark by a line, not a drawing split in lanes;
  // bands of words alone are a table drawn with lines.
  const boxes = shapes.filter((b) => lanes.some((l) => boxInside(b, l.box, 1))).length;
  return lanes.length >= 2 && boxes >= 2 ? lanes : [];
}
