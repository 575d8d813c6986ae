/**
 * Free text that labels an arrow: text on the arrow or just beside it, "Yes"/"No" beside the
 * arrows leaving a diamond, two texts above and below one arrow (read as one label), and text
 * centred above an arrow with nothing in between. Colour decides between two arrows: a label is
 * usually written in the colour of its arrow.
 */

import { headsFor } from './ends.ts';
import {
  type Box,
  boundsOf,
  boxPolylineDistance,
  centerOf,
  grow,
  type Point,
  pointBox,
  pointBoxDistance,
  polylineDistance,
  polylineLength,
  rayBoxHit,
  rayPolylineHit,
  SpatialGrid,
  segmentDistance,
  unionBox,
} from './geometry.ts';
import { marksCardinality, numbersStep, reachOf } from './labels.ts';
import type { LinearElement, TextElement } from './model.ts';
import type { Placement } from './placement.ts';
import type { Reading } from './reading.ts';
import type { Confidence } from './report.ts';

/** Text this far from an arrow's path (or closer) may label it without anything else. */
const NEAR = 20;
/** An end this close to a text, heading for it, stops at it: the text is what it reaches. */
const AT_END = 8;
/** Text directly above, below or beside an arrow may label it from this far. */
const FACING = 80;
/** A text this long or shorter may face an arrow from its side. */
const SIDEWAYS_CHARS = 40;
const DEFAULT_INK = /^(#000|#000000|#1e1e1e|black|#343a40|#495057)$/i;

export interface ArrowLabel {
  text: TextElement;
  linear: LinearElement;
  confidence: Confidence;
  how: 'on' | 'beside' | 'facing';
  /** How far the text is from the arrow. */
  distance: number;
}

interface Candidate {
  l: LinearElement;
  distance: number;
  how: ArrowLabel['how'];
  /** From the text's middle to the path: which of two arrows a text touches runs through it. */
  centre?: number;
}

/**
 * Assigns each text to at most one arrow. `polyline` gives an arrow's path; `blocks` gives the
 * boxes of things that stand between a text and an arrow (a label does not reach across a node).
 */
export function labelArrows(
  texts: TextElement[],
  placement: Placement,
  live: (l: LinearElement) => boolean,
  blocks: Box[],
  /** Strokes that take a label only when no other stroke near the text would (lifelines). */
  weak: (l: LinearElement) => boolean = () => false,
  /** Strokes sharing a stretch (the branches of a fork): a text by it is no tie between them. */
  together: Together = () => false,
): ArrowLabel[] {
  const polyline = (l: LinearElement) => placement.path(l);
  const grid = { query: (box: Box) => placement.linearsNear(box, 0) };
  let blockGrid: SpatialGrid<Box> | null = null;
  const blocking = () => {
    if (!blockGrid) {
      blockGrid = new SpatialGrid<Box>();
      for (const b of blocks) blockGrid.insert(b, b);
    }
    return blockGrid;
  };
  const lengths = new Map<LinearElement, number>();
  const lengthOf = (l: LinearElement) => {
    let len = lengths.get(l);
    if (len === undefined) {
      len = polylineLength(polyline(l));
      lengths.set(l, len);
    }
    return len;
  };
  const found: ArrowLabel[] = [];
  const anyWeak = texts.length > 0 && placement.linearsNear(unionBox(texts.map(boundsOf)), 0).some(weak);
  for (const t of texts) {
    const strong = (l: LinearElement) => live(l) && !weak(l);
    // Beside a message first; facing one from afar counts for less than touching a lifeline.
    const pick = anyWeak
      ? (pickArrow(t, grid, polyline, lengthOf, strong, blocking, false, together) ??
        pickArrow(t, grid, polyline, lengthOf, live, blocking, true, together))
      : pickArrow(t, grid, polyline, lengthOf, live, blocking, true, together);
    if (pick) {
      found.push({
        text: t,
        linear: pick.l,
        how: pick.how,
        distance: pick.distance,
        confidence: pick.how === 'on' ? 'high' : pick.how === 'beside' ? 'medium' : 'low',
      });
    }
  }
  return found;
}

/** Whether two strokes are one route where they run together (the branches of a fork). */
type Together = (a: LinearElement, b: LinearElement) => boolean;

export interface FreeLabels {
  /** Arrow id → the free texts labelling it: at most one on each side of it. */
  labels: Map<string, { text: TextElement; confidence: Confidence }[]>;
  /** Ends (`id\u0000which`) bound to the arrow's own label: geometry decides where they go. */
  ownLabelBinding: Set<string>;
}

/**
 * The free texts of the pool that label arrows. Text an arrow points at is an endpoint, never a
 * label. Text lying beside the arrow's own path was bound to it by accident (its label), and
 * an arrow only leaving a text that labels another arrow is a callout: in both cases the
 * binding is set aside and geometry decides. One label on each side of an arrow at most (above
 * and below it read as one label); a farther text on the same side is a note.
 */
export function freeArrowLabels(
  r: Reading,
  connectors: LinearElement[],
  live: (l: LinearElement) => boolean,
  blocks: Box[],
  skip: (t: TextElement) => boolean,
  hasBoundLabel: (l: LinearElement) => boolean,
  weak: (l: LinearElement) => boolean = () => false,
  /** The stretch a stroke shares with others (the arrow a fork splits), if any. */
  sharedOf: (l: LinearElement) => Point[] | null = () => null,
): FreeLabels {
  // Branches of one fork share the very path of the arrow they split.
  const together: Together = (a, b) => {
    const shared = sharedOf(a);
    return shared !== null && shared === sharedOf(b);
  };
  const { placement, pool } = r;
  const ownLabelBinding = new Set<string>();
  // Words grouped with one arrow and lying along it are its label, whatever points at them.
  const grouped = groupedLabels(r, connectors, live);
  const boundEnds = new Set<TextElement>();
  for (const l of connectors) {
    for (const which of [0, 1] as const) {
      const id = which === 0 ? l.startBindingId : l.endBindingId;
      const el = id ? r.byId.get(id) : undefined;
      if (el?.type !== 'text' || !pool.has(el) || grouped.has(el)) continue;
      const pts = placement.polyline(l);
      if (boundByAccident(el, pts)) {
        ownLabelBinding.add(`${l.id}\u0000${which}`);
        continue;
      }
      const heads = [l.startArrowhead, l.endArrowhead];
      if (heads[which] !== null || heads[1 - which] === null) boundEnds.add(el);
    }
  }
  // So is a text that an arrowhead or a plain line's end stops right at, unbound.
  let texts: SpatialGrid<TextElement> | null = null;
  const onLifeline = (p: Point) =>
    placement
      .linearsNear(pointBox(p), 8)
      .some((l) => weak(l) && polylineDistance(p, placement.polyline(l)).distance <= 8);
  for (const l of connectors) {
    const heads = [l.startArrowhead, l.endArrowhead];
    const pts = placement.polyline(l);
    for (const which of [0, 1] as const) {
      if ((which === 0 ? l.startBindingId : l.endBindingId) !== null) continue;
      if (heads[which] === null && heads[1 - which] !== null) continue;
      if (!texts) {
        texts = new SpatialGrid<TextElement>();
        for (const t of pool) texts.insert(t, boundsOf(t));
      }
      const p = which === 0 ? pts[0]! : pts.at(-1)!;
      for (const t of texts.query(grow(pointBox(p), AT_END))) {
        if (grouped.has(t)) continue;
        if (pointBoxDistance(p, boundsOf(t)) <= AT_END && headsFor(pts, which, t)) boundEnds.add(t);
      }
      // An arrowhead stopping a little short of a text straight ahead, nothing between: the text
      // is what it points at (a question written without a diamond) — unless it stops on a
      // lifeline, which is what a message reaches.
      if (heads[which] !== null && !onLifeline(p)) {
        const ahead = pointedText(pts, which, texts, placement);
        if (ahead && !grouped.has(ahead)) boundEnds.add(ahead);
      }
    }
  }
  const candidates: TextElement[] = [];
  for (const t of pool)
    if (!skip(t) && !boundEnds.has(t) && !grouped.has(t) && !paragraphs(t.text)) candidates.push(t);
  const bySide = new Map<string, ArrowLabel[]>();
  for (const a of labelArrows(candidates, placement, live, blocks, weak, together)) {
    // An arrow labelled by words of its own still takes the step number written beside it.
    if (hasBoundLabel(a.linear) && !numbersStep(a.text.text)) continue;
    const pts = placement.polyline(a.linear);
    const [s0, e0] = [pts[0]!, pts.at(-1)!];
    const c = centerOf(a.text);
    const side = Math.sign((e0.x - s0.x) * (c.y - s0.y) - (e0.y - s0.y) * (c.x - s0.x));
    // Words by a fork's shared stretch and words by the branch itself are two labels.
    const shared = sharedOf(a.linear);
    const onShared =
      shared !== null && polylineDistance(c, shared).distance - polylineDistance(c, pts).distance < 0.5;
    const key = `${a.linear.id}\u0000${side}\u0000${onShared}`;
    const held = bySide.get(key);
    if (held) held.push(a);
    else bySide.set(key, [a]);
  }
  const kept: ArrowLabel[] = [];
  for (const side of bySide.values()) {
    const nearest = side.reduce((a, b) => (b.distance < a.distance ? b : a));
    kept.push(nearest);
    // Cardinality marks at the two ends of a relation, on one side of it, both label it.
    const end = markedEnd(nearest, placement.polyline(nearest.linear));
    if (end === null) continue;
    const other = side.find((a) => markedEnd(a, placement.polyline(a.linear)) === 1 - end);
    if (other) kept.push(other);
  }
  for (const [text, linear] of grouped) {
    if (skip(text) || (hasBoundLabel(linear) && !numbersStep(text.text))) continue;
    kept.push({ text, linear, confidence: 'high', how: 'beside', distance: 0 });
  }
  const labels = new Map<string, { text: TextElement; confidence: Confidence }[]>();
  for (const a of kept) {
    const list = labels.get(a.linear.id);
    const label = { text: a.text, confidence: a.confidence };
    if (list) list.push(label);
    else labels.set(a.linear.id, [label]);
    pool.delete(a.text);
  }
  return { labels, ownLabelBinding };
}

/** Words grouped with an arrow lie at most this far from it to label it. */
const GROUPED_REACH = 48;

/**
 * Texts grouped with one arrow alone (no box, no other words in the group), lying beside its
 * shaft: the author grouped the label with its arrow to move them together.
 */
function groupedLabels(
  r: Reading,
  connectors: LinearElement[],
  live: (l: LinearElement) => boolean,
): Map<TextElement, LinearElement> {
  const found = new Map<TextElement, LinearElement>();
  const texts = [...r.pool].filter((t) => t.groupIds.length > 0);
  if (texts.length === 0) return found;
  const wanted = new Set(texts.flatMap((t) => t.groupIds));
  const members = new Map<string, string[]>();
  for (const el of r.byId.values())
    for (const g of el.groupIds) {
      if (!wanted.has(g)) continue;
      const list = members.get(g);
      if (list) list.push(el.id);
      else members.set(g, [el.id]);
    }
  const byId = new Map(connectors.map((l) => [l.id, l]));
  for (const t of texts) {
    for (const g of t.groupIds) {
      const ids = members.get(g) ?? [];
      const arrows = ids.flatMap((id) => {
        const l = byId.get(id);
        return l && live(l) && l.type === 'arrow' ? [l] : [];
      });
      const others = ids.filter((id) => id !== t.id && !byId.has(id));
      // Besides the arrow and its words, only strokes (drawn heads, a bus's width mark).
      const plain = others.every((id) => {
        const el = r.byId.get(id);
        return el !== undefined && (el.type === 'line' || el.type === 'arrow' || el.type === 'freedraw');
      });
      if (arrows.length > 1 || !plain) break;
      if (arrows.length === 0) continue;
      const l = arrows[0]!;
      const pts = r.placement.polyline(l);
      if (textBeside(t, pts) && boxPolylineDistance(boundsOf(t), pts).distance <= reachOf(t, GROUPED_REACH))
        found.set(t, l);
      break;
    }
  }
  return found;
}

/** A cardinality mark this near an end of its relation is written at that end. */
const MARK_REACH = 60;

/** The end of its arrow a cardinality mark is written at (0 = start, 1 = end), if it is one. */
function markedEnd(a: ArrowLabel, pts: Point[]): 0 | 1 | null {
  if (!marksCardinality(a.text.text)) return null;
  const c = centerOf(a.text);
  const [s, e] = [pts[0]!, pts.at(-1)!];
  const toStart = Math.hypot(c.x - s.x, c.y - s.y);
  const toEnd = Math.hypot(c.x - e.x, c.y - e.y);
  const near = Math.min(toStart, toEnd);
  if (near > MARK_REACH || 2 * near >= Math.max(toStart, toEnd)) return null;
  return toStart < toEnd ? 0 : 1;
}

/** Whether a text is a note of several paragraphs (lines, a blank line between them): no arrow's label. */
function paragraphs(text: string): boolean {
  return /\S[^\S\n]*\n[^\S\n]*\n\s*\S/.test(text) && text.trim().split('\n').length >= 4;
}

/**
 * Whether a text an arrow's end is bound to lies beside the arrow's own path: its label, bound by
 * accident when the arrow was drawn from next to it.
 */
export function boundByAccident(t: TextElement, pts: Point[]): boolean {
  return besideInterior(centerOf(t), pts) && boxPolylineDistance(boundsOf(t), pts).distance <= reachOf(t, 24);
}

/** Whether a text reads as an arrow's label (on, beside or facing one), whatever else it may be. */
export function looksLikeArrowLabel(t: TextElement, placement: Placement, facingToo = true): boolean {
  return arrowLabelledBy(t, placement, facingToo) !== null;
}

/** The arrow a text reads as the label of (on, beside or facing it), if one. */
export function arrowLabelledBy(
  t: TextElement,
  placement: Placement,
  facingToo = true,
  among: (l: LinearElement) => boolean = () => true,
): LinearElement | null {
  const polyline = (l: LinearElement) => placement.path(l);
  const grid = { query: (box: Box) => placement.linearsNear(box, 0) };
  return (
    pickArrow(
      t,
      grid,
      polyline,
      (l) => polylineLength(polyline(l)),
      among,
      () => new SpatialGrid<Box>(),
      facingToo,
    )?.l ?? null
  );
}

function pickArrow(
  t: TextElement,
  grid: { query: (box: Box) => LinearElement[] },
  polyline: (l: LinearElement) => Point[],
  lengthOf: (l: LinearElement) => number,
  live: (l: LinearElement) => boolean,
  blocking: () => SpatialGrid<Box>,
  facingToo = true,
  together: Together = () => false,
): Candidate | null {
  {
    const tb = boundsOf(t);
    const c = centerOf(t);
    const near: Candidate[] = [];
    const reach = Math.max(NEAR, 0.9 * t.fontSize);
    for (const l of grid.query(grow(tb, reach))) {
      if (!live(l) || lengthOf(l) < 8) continue;
      const pts = polyline(l);
      const distance = textPathDistance(t, pts);
      // A text at an arrow's end is what it points at, not its label.
      if (!textBeside(t, pts)) continue;
      if (distance <= 4) near.push({ l, distance, how: 'on', centre: polylineDistance(c, pts).distance });
      else if (distance <= reach) near.push({ l, distance, how: 'beside' });
    }
    const pick = choose(near, t, together) ?? alongside(t, grid, polyline, live);
    return (
      pick ??
      (facingToo
        ? (atLoopMouth(t, grid, polyline, live) ??
          facing(t, c, tb, grid, polyline, blocking(), live) ??
          beyondLoop(t, grid, polyline, live))
        : null)
    );
  }
}

/**
 * A step number just outside a loop's mouth, level with the stretch between its two ends (a
 * message a participant sends itself, numbered by the lifeline): the loop's step.
 */
function atLoopMouth(
  t: TextElement,
  grid: { query: (box: Box) => LinearElement[] },
  polyline: (l: LinearElement) => Point[],
  live: (l: LinearElement) => boolean,
): Candidate | null {
  if (!numbersStep(t.text)) return null;
  const tb = boundsOf(t);
  const c = centerOf(t);
  return nearestLoop(t, grid, polyline, live, ({ s, e, foot, far }) => {
    // Level with the mouth (between the ends, across the way the loop goes out), on its open side.
    const out = { x: far.x - foot.x, y: far.y - foot.y };
    const across = { x: e.x - s.x, y: e.y - s.y };
    const span = Math.hypot(across.x, across.y) || 1;
    const along = ((c.x - s.x) * across.x + (c.y - s.y) * across.y) / span;
    if (along < 0 || along > span) return null;
    if ((c.x - foot.x) * out.x + (c.y - foot.y) * out.y >= 0) return null;
    return pointBoxDistance(foot, tb);
  });
}

/** A loop's label lies at most this far out from its far bend. */
const LOOP_REACH = 48;

interface Loop {
  s: Point;
  e: Point;
  foot: Point;
  far: Point;
}

/**
 * A path that leaves a place and comes back to it (its ends closer than half its length): its
 * ends, the middle between them (the loop's foot) and the point of it farthest from there.
 */
function loopOf(pts: Point[]): Loop | null {
  const [s, e] = [pts[0]!, pts.at(-1)!];
  const length = polylineLength(pts);
  if (length < 40 || Math.hypot(e.x - s.x, e.y - s.y) > 0.5 * length) return null;
  const foot = { x: (s.x + e.x) / 2, y: (s.y + e.y) / 2 };
  const far = pts.reduce((a, b) =>
    Math.hypot(b.x - foot.x, b.y - foot.y) > Math.hypot(a.x - foot.x, a.y - foot.y) ? b : a,
  );
  return { s, e, foot, far };
}

/**
 * The live loop nearest a text by `distance` (null where the text does not sit as asked), within
 * LOOP_REACH.
 */
function nearestLoop(
  t: TextElement,
  grid: { query: (box: Box) => LinearElement[] },
  polyline: (l: LinearElement) => Point[],
  live: (l: LinearElement) => boolean,
  distance: (loop: Loop) => number | null,
): Candidate | null {
  let best: Candidate | null = null;
  for (const l of grid.query(grow(boundsOf(t), LOOP_REACH))) {
    if (!live(l)) continue;
    const loop = loopOf(polyline(l));
    if (!loop) continue;
    const d = distance(loop);
    if (d === null || d > LOOP_REACH) continue;
    if (!best || d < best.distance) best = { l, distance: d, how: 'facing' };
  }
  return best;
}

/**
 * A text just out past the far bend of a loop (an arrow leaving a state and coming back to it,
 * its ends close together) labels the loop: state machines are written so.
 */
function beyondLoop(
  t: TextElement,
  grid: { query: (box: Box) => LinearElement[] },
  polyline: (l: LinearElement) => Point[],
  live: (l: LinearElement) => boolean,
): Candidate | null {
  const tb = boundsOf(t);
  const c = centerOf(t);
  return nearestLoop(t, grid, polyline, live, ({ foot, far }) =>
    // Out past the bend, away from where the loop leaves and returns.
    Math.hypot(c.x - foot.x, c.y - foot.y) <= Math.hypot(far.x - foot.x, far.y - foot.y)
      ? null
      : pointBoxDistance(far, tb),
  );
}

/**
 * Distance from a text to a path. A turned text (written along a slanted arrow) is measured in
 * its own frame: its level bounding box would reach far past the letters.
 */
function textPathDistance(t: TextElement, pts: Point[]): number {
  if (t.angle === 0) return boxPolylineDistance(boundsOf(t), pts).distance;
  const c = centerOf(t);
  const cos = Math.cos(-t.angle);
  const sin = Math.sin(-t.angle);
  const local = pts.map((p) => ({
    x: c.x + (p.x - c.x) * cos - (p.y - c.y) * sin,
    y: c.y + (p.x - c.x) * sin + (p.y - c.y) * cos,
  }));
  return boxPolylineDistance({ minX: t.x, minY: t.y, maxX: t.x + t.width, maxY: t.y + t.height }, local)
    .distance;
}

function colorOf(el: { strokeColor: string }): string | null {
  return DEFAULT_INK.test(el.strokeColor) ? null : el.strokeColor.toLowerCase();
}

function choose(near: Candidate[], t: TextElement, together: Together): Candidate | null {
  if (near.length === 0) return null;
  // Touching two arrows (where they cross or run close), a text labels the one through its middle.
  near.sort((a, b) => a.distance - b.distance || (a.centre ?? 0) - (b.centre ?? 0));
  const best = near[0]!;
  const color = colorOf(t);
  if (color) {
    // A coloured label goes with an arrow of its colour, even one a little farther away.
    const same = near.find((n) => colorOf(n.l) === color && n.distance <= Math.max(3 * best.distance, NEAR));
    if (same) return same;
  }
  const second = near.find((n) => n.l !== best.l && !together(n.l, best.l));
  if (second && best.how !== 'on' && second.distance - best.distance < 2) return null;
  return best;
}

/** Whether the point lies beside the path's interior, not beyond one of its ends. */
export function besideInterior(p: Point, pts: Point[]): boolean {
  let best = Number.POSITIVE_INFINITY;
  let clamped = false;
  for (let i = 1; i < pts.length; i++) {
    const s = pts[i - 1]!;
    const e = pts[i]!;
    const dx = e.x - s.x;
    const dy = e.y - s.y;
    const len2 = dx * dx + dy * dy;
    const raw = len2 === 0 ? 0 : ((p.x - s.x) * dx + (p.y - s.y) * dy) / len2;
    const t = Math.min(1, Math.max(0, raw));
    const d = Math.hypot(p.x - (s.x + t * dx), p.y - (s.y + t * dy));
    if (d < best) {
      best = d;
      clamped = (i === 1 && raw < 0) || (i === pts.length - 1 && raw > 1);
    }
  }
  return !clamped;
}

/**
 * Whether a text lies beside an arrow rather than beyond one of its ends: its middle faces the
 * arrow's interior, or (a label longer than a short arrow) it spans most of the arrow.
 */
export function textBeside(t: TextElement, pts: Point[]): boolean {
  if (besideInterior(centerOf(t), pts)) return true;
  const s = pts[0]!;
  const e = pts.at(-1)!;
  const len = Math.hypot(e.x - s.x, e.y - s.y);
  if (len < 1) return false;
  const ux = (e.x - s.x) / len;
  const uy = (e.y - s.y) / len;
  const b = boundsOf(t);
  // An arrow starting or ending at the text comes from it or points at it.
  if (pointBoxDistance(s, b) <= 12 || pointBoxDistance(e, b) <= 12) return false;
  const along = [
    [b.minX, b.minY],
    [b.maxX, b.minY],
    [b.minX, b.maxY],
    [b.maxX, b.maxY],
  ].map(([x, y]) => (x! - s.x) * ux + (y! - s.y) * uy);
  const covered = Math.min(len, Math.max(...along)) - Math.max(0, Math.min(...along));
  return covered >= 0.5 * len;
}

/** How far short of a text straight ahead an arrowhead may stop and still point at it. */
const POINTED = 32;

function pointedText(
  pts: Point[],
  which: 0 | 1,
  texts: SpatialGrid<TextElement>,
  placement: Placement,
): TextElement | null {
  const end = which === 0 ? pts[0]! : pts.at(-1)!;
  const before = which === 0 ? pts[1]! : pts.at(-2)!;
  const len = Math.hypot(end.x - before.x, end.y - before.y);
  if (len < 1) return null;
  const dir = { x: (end.x - before.x) / len, y: (end.y - before.y) / len };
  let best: { t: TextElement; d: number } | null = null;
  for (const t of texts.query(grow(pointBox(end), POINTED))) {
    const d = rayBoxHit(end, dir, boundsOf(t));
    if (d !== null && d <= POINTED && (!best || d < best.d)) best = { t, d };
  }
  if (!best) return null;
  const shape = placement.rayHit(end, dir, best.d, () => false);
  return shape && shape !== 'tie' && shape.distance < best.d ? null : best.t;
}

/** How far a tilted text's baseline may turn from the arrow it runs along (radians, 30°). */
const ALONG_SPREAD = Math.PI / 6;

/** Whether a tilted text runs along an arrow (its label, wherever it sits: inside a box too). */
export function runsAlongArrow(t: TextElement, placement: Placement): boolean {
  if (t.angle === 0) return false;
  const grid = { query: (box: Box) => placement.linearsNear(box, 0) };
  return (
    alongside(
      t,
      grid,
      (l) => placement.polyline(l),
      () => true,
    ) !== null
  );
}

/**
 * A tilted text (turned to run along a slanted or curved arrow) labels the arrow it runs along:
 * straight across from its middle, within FACING, where the path heads the way the text reads.
 * Upright texts are left out: they title lanes and axes as often as they label arrows.
 */
function alongside(
  t: TextElement,
  grid: { query: (box: Box) => LinearElement[] },
  polyline: (l: LinearElement) => Point[],
  live: (l: LinearElement) => boolean,
): Candidate | null {
  const a = t.angle;
  if (Math.abs(Math.sin(a)) < 0.1 || Math.abs(Math.cos(a)) < 0.25) return null;
  const c = centerOf(t);
  const tb = boundsOf(t);
  const u = { x: Math.cos(a), y: Math.sin(a) };
  let best: Candidate | null = null;
  for (const l of grid.query(grow(tb, FACING))) {
    if (!live(l)) continue;
    const pts = polyline(l);
    if (pointBoxDistance(pts[0]!, tb) <= 24 || pointBoxDistance(pts.at(-1)!, tb) <= 24) continue;
    for (const n of [
      { x: -u.y, y: u.x },
      { x: u.y, y: -u.x },
    ]) {
      const d = rayPolylineHit(c, n, pts);
      if (d === null || d - t.height / 2 > FACING) continue;
      const hit = { x: c.x + n.x * d, y: c.y + n.y * d };
      const parallel = pts.slice(1).some((e, i) => {
        const s = pts[i]!;
        const len = Math.hypot(e.x - s.x, e.y - s.y);
        if (len < 1 || segmentDistance(hit, s, e) > 60) return false;
        return Math.abs((e.x - s.x) * u.x + (e.y - s.y) * u.y) / len >= Math.cos(ALONG_SPREAD);
      });
      if (parallel && (!best || d < best.distance)) best = { l, distance: d, how: 'facing' };
    }
  }
  return best;
}

// Text straight above, below, left or right of an arrow's interior, with nothing in between.
function facing(
  t: TextElement,
  c: Point,
  tb: Box,
  grid: { query: (box: Box) => LinearElement[] },
  polyline: (l: LinearElement) => Point[],
  blocks: SpatialGrid<Box>,
  live: (l: LinearElement) => boolean,
): Candidate | null {
  const hits: Candidate[] = [];
  // Sideways, only a short text faces an arrow (a word beside a downward arrow); a sentence
  // ending near an arrow is a note that happens to stop there.
  // A longer one faces an arrow on its left when written level with the arrow's shaft, from it
  // outward (the words that explain a downward step).
  const short = t.text.trim().length <= SIDEWAYS_CHARS;
  for (const dir of [
    { x: 0, y: 1 },
    { x: 0, y: -1 },
    { x: 1, y: 0 },
    { x: -1, y: 0 },
  ]) {
    if (dir.x === 1 && !short) continue;
    const half = dir.x === 0 ? t.height / 2 : t.width / 2;
    const start = { x: c.x + dir.x * half, y: c.y + dir.y * half };
    const reachBox = grow({ minX: start.x, minY: start.y, maxX: start.x, maxY: start.y }, FACING);
    let nearest: Candidate | null = null;
    for (const l of grid.query(reachBox)) {
      if (!live(l)) continue;
      // A text by an arrow's end is what the arrow comes from or points at, unless that end is
      // bound to something else.
      const pts = polyline(l);
      const byEnd = (p: Point, bindingId: string | null) =>
        (bindingId === null || bindingId === t.id) && pointBoxDistance(p, tb) <= 24;
      if (byEnd(pts[0]!, l.startBindingId) || byEnd(pts.at(-1)!, l.endBindingId)) continue;
      const d = rayPolylineHit(start, dir, pts);
      if (d === null || d > FACING) continue;
      if (dir.x === -1 && !short && !levelWithShaft(tb, pts)) continue;
      if (!nearest || d < nearest.distance) nearest = { l, distance: d, how: 'facing' };
    }
    if (!nearest) continue;
    const blocked = [...blocks.query(reachBox)].some((b) => {
      const hit = rayBoxHit(start, dir, b);
      return hit !== null && hit < nearest!.distance && !containsPoint(b, c);
    });
    if (!blocked) hits.push(nearest);
  }
  if (hits.length === 0) return null;
  hits.sort((a, b) => a.distance - b.distance);
  const [best, second] = hits;
  if (second && second.l !== best!.l && second.distance < best!.distance * 1.1 + 4) return null;
  return best!;
}

/** Whether a text lies level with an upright arrow's shaft: within its height, end to end. */
function levelWithShaft(tb: Box, pts: Point[]): boolean {
  const ys = pts.map((p) => p.y);
  const xs = pts.map((p) => p.x);
  const upright = Math.max(...xs) - Math.min(...xs) <= 0.25 * (Math.max(...ys) - Math.min(...ys));
  return upright && tb.minY >= Math.min(...ys) - 8 && tb.maxY <= Math.max(...ys) + 8;
}

const containsPoint = (b: Box, p: Point) => p.x >= b.minX && p.x <= b.maxX && p.y >= b.minY && p.y <= b.maxY;
