/**
 * Where each end of an arrow lands: what it is bound to, else the nearest outline within 24 px,
 * else the lifeline it touches, else what it points at a little further on, else the shape it
 * sits in. An arrow starting on another arrow branches from that arrow's start.
 */

import {
  boundsOf,
  insideOutline,
  type Outline,
  outlineDistance,
  type Point,
  pointBoxDistance,
  polylineLength,
  rayBoxHit,
} from './geometry.ts';
import { type Lifeline, leavesLevel, lifelineAt, lifelineX } from './lifelines.ts';
import type { LinearElement, ShapeElement, TextElement } from './model.ts';
import { type Placement, SNAP_DISTANCE, type Snap } from './placement.ts';
import type { Confidence } from './report.ts';

/** How an end found its target, from the file's own binding to a guess from geometry. */
export type EndHow = 'bound' | 'snapped' | 'lifeline' | 'pointed' | 'inside' | 'branch';

export type End<T> =
  | { kind: 'ok'; target: T; how: EndHow; confidence: Confidence }
  | { kind: 'loose' | 'tie' | 'on-arrow'; why: string };

export interface EndContext<T> {
  placement: Placement;
  /** What a bound element stands for, if it can be an end (a shape, a text, a frame …). */
  bound: (id: string) => T | undefined;
  /** What a shape (or a figure's outline) stands for. */
  ofShape: (s: ShapeElement) => T | undefined;
  ofText: (t: TextElement) => T;
  /** Whether the target is a region (a container): an end inside it may point further on. */
  isRegion: (target: T) => boolean;
  /** How far a ray from `p` along `dir` travels before it reaches the target's box, or null. */
  distanceAlong: (target: T, p: Point, dir: Point) => number | null;
  /** Distance from a point to a target's outline (0 inside it). */
  distanceTo: (target: T, p: Point) => number;
  /** A binding the file has but the drawing contradicts (an arrow bound to its own label). */
  ignoreBinding: (l: LinearElement, which: 0 | 1) => boolean;
  lifelines: Lifeline<T>[];
  isLifeline: (l: LinearElement) => boolean;
  /** Whether a free text is a heading (written larger than the rest): not pointed at from afar. */
  isHeading?: (t: TextElement) => boolean;
  /** Whether a target is a free text labelling an arrow other than `l` (a line stopping at it only passes by). */
  labelsOtherArrow?: (target: T, l: LinearElement) => boolean;
  /**
   * The arrow's own label written at an end that reaches nothing (a request coming in from
   * outside, named above its tail): that text is the end.
   */
  labelAtLooseEnd?: (l: LinearElement, which: 0 | 1) => T | undefined;
}

/** Resolves one end of a linear element (`which` 0 = start, 1 = end). */
export function resolveEnd<T>(
  l: LinearElement,
  which: 0 | 1,
  ctx: EndContext<T>,
  skip: (target: T) => boolean = () => false,
): End<T> {
  const pts = ctx.placement.polyline(l);
  const p = which === 0 ? pts[0]! : pts.at(-1)!;
  const bindingId = which === 0 ? l.startBindingId : l.endBindingId;
  const skipShape = (s: ShapeElement) => {
    const t = ctx.ofShape(s);
    return t === undefined || skip(t);
  };
  if (bindingId && !ctx.ignoreBinding(l, which)) {
    const bound = ctx.bound(bindingId);
    if (bound !== undefined && !skip(bound)) {
      // Excalidraw moves a bound end with its shape; an end drawn well away from the shape it is
      // bound to, and right at another one, shows a stale binding: the drawing wins.
      const away = ctx.distanceTo(bound, p);
      // Bound to a group while it stops on the outline of a box in it: Excalidraw binds to
      // whichever of the two was drawn last, and the box is meant.
      if (ctx.isRegion(bound) && away > ON_BORDER) {
        const snap = ctx.placement.snapToShape(p, skipShape);
        const other = snap.kind === 'hit' ? ctx.ofShape(snap.target) : undefined;
        if (
          other !== undefined &&
          other !== bound &&
          !ctx.isRegion(other) &&
          ctx.distanceTo(other, p) <= ON_BORDER
        )
          return { kind: 'ok', target: other, how: 'snapped', confidence: 'medium' };
      }
      if (away > 24) {
        const snap = ctx.placement.snapToShape(p, skipShape);
        if (snap.kind === 'hit') {
          const other = ctx.ofShape(snap.target);
          const d = ctx.distanceTo(other!, p);
          if (other !== bound && d < away / 2)
            return { kind: 'ok', target: other!, how: 'snapped', confidence: 'medium' };
        }
      }
      return { kind: 'ok', target: bound, how: 'bound', confidence: 'high' };
    }
  }
  const life = lifelineAt(p, ctx.lifelines);
  const { snapped, fromInside, nearBorder } = crossingOut(
    p,
    ctx,
    skipShape,
    ctx.placement.snapToShape(p, skipShape),
  );
  // An end drawn onto another arrow's line (not at a shape) points at that arrow.
  if (!life) {
    const touching = snapped.kind === 'hit' ? ctx.ofShape(snapped.target) : undefined;
    if (
      (touching === undefined || ctx.distanceTo(touching, p) > 6) &&
      ctx.placement.linearThrough(p, 6, l, ctx.isLifeline)
    )
      return { kind: 'on-arrow', why: 'lies on another arrow' };
  }
  let snap = fromSnap(snapped, ctx.ofShape);
  // Just outside a container's border, at a word it heads for: the word is meant, not the border.
  if (snap?.kind === 'ok' && snapped.kind === 'hit' && ctx.isRegion(snap.target) && !fromInside) {
    const text = ctx.placement.snapToText(p);
    const border = outlineDistance(p, snapped.target, snapped.target.type as Outline);
    if (
      text.kind === 'hit' &&
      !border.inside &&
      !skip(ctx.ofText(text.target)) &&
      headsFor(pts, which, text.target) &&
      pointBoxDistance(p, boundsOf(text.target)) < border.distance
    )
      snap = { kind: 'ok', target: ctx.ofText(text.target), how: 'snapped', confidence: 'medium' };
  }
  // An arrow stopping beside a shape but pointing at another arrow just ahead points at that arrow.
  if (snap?.kind === 'ok' && l.type === 'arrow' && pointsAtArrow(pts, which, l, ctx, snap.target)) {
    return { kind: 'on-arrow', why: 'points at another arrow' };
  }
  // An end inside a container that only the container's border is near: what the arrow points
  // at inside it, if anything, is meant (an arrow drawn short of a box, crossing the border).
  if (fromInside && snap?.kind === 'ok' && l.type === 'arrow') {
    // Just inside the border, only a box close ahead is meant; else the container itself.
    const most = nearBorder ? NEAR_BORDER_AIM : undefined;
    const pointed = pointAt(pts, which, ctx, (s) => skipShape(s) || isRegionShape(s, ctx), skip, most);
    if (pointed && pointed !== 'tie') return pointed;
  }
  if (snap) return snap;
  if (life && !skip(life.header))
    return { kind: 'ok', target: life.header, how: 'lifeline', confidence: 'medium' };
  const around = ctx.placement.shapeAt(p, skipShape);
  const aroundTarget = around ? ctx.ofShape(around) : undefined;
  if (aroundTarget !== undefined && !ctx.isRegion(aroundTarget)) {
    return { kind: 'ok', target: aroundTarget, how: 'inside', confidence: 'medium' };
  }
  // A message drawn level in a sketch often stops short of the lifeline it heads for.
  if (l.type === 'arrow' && ctx.lifelines.length > 0) {
    const short = shortOfLifeline(pts, which, ctx.lifelines);
    if (short && !skip(short.header))
      return { kind: 'ok', target: short.header, how: 'lifeline', confidence: 'low' };
    // A hook drawn out from beside a lifeline and back to it is a message to itself.
    const hook = hookBeside(pts, ctx.lifelines);
    if (hook && !skip(hook.header))
      return { kind: 'ok', target: hook.header, how: 'lifeline', confidence: 'low' };
  }
  const text = ctx.placement.snapToText(p);
  // A plain line does not point: only what it touches counts (a shape, or a word standing free,
  // as in an org chart or a mind map).
  if (l.type === 'line') {
    const passing = (t: T) => skip(t) || ctx.labelsOtherArrow?.(t, l) === true;
    if (text.kind === 'hit' && !passing(ctx.ofText(text.target)) && headsFor(pts, which, text.target))
      return { kind: 'ok', target: ctx.ofText(text.target), how: 'snapped', confidence: 'medium' };
    // Stopping a little short of what it heads for, straight on (not the region it lies in, nor
    // another arrow's label it passes).
    const pointed = pointAt(
      pts,
      which,
      ctx,
      (s) => skipShape(s) || isRegionShape(s, ctx),
      passing,
      LINE_SHORT,
    );
    if (pointed && pointed !== 'tie') return pointed;
    if (aroundTarget !== undefined)
      return { kind: 'ok', target: aroundTarget, how: 'inside', confidence: 'low' };
    return { kind: 'loose', why: 'is not within 24 px of any shape' };
  }
  if (text.kind === 'hit' && !skip(ctx.ofText(text.target))) {
    return { kind: 'ok', target: ctx.ofText(text.target), how: 'snapped', confidence: 'medium' };
  }
  if (text.kind === 'tie') {
    return { kind: 'tie', why: `is equally close to ${text.targets[0].id} and ${text.targets[1].id}` };
  }
  // An end stopping short of what it points at: follow the arrow's last stretch a little further.
  const pointed = pointAt(pts, which, ctx, skipShape, skip);
  if (pointed === 'tie') return { kind: 'tie', why: 'points between two shapes' };
  if (pointed) return pointed;
  if (aroundTarget !== undefined)
    return { kind: 'ok', target: aroundTarget, how: 'inside', confidence: 'low' };
  if (ctx.placement.linearThrough(p, 8, l)) {
    return { kind: 'on-arrow', why: 'lies on another arrow' };
  }
  return { kind: 'loose', why: 'is not within 24 px of any shape' };
}

/** How close to an outline an end must be to be on it (a container's border, a box in it). */
const ON_BORDER = 4;
/**
 * An end this near a container's border, with no box it holds within reach, means the container
 * unless it aims at a box at most NEAR_BORDER_AIM ahead.
 */
const NEAR_BORDER = 16;
const NEAR_BORDER_AIM = 48;

/**
 * An end inside a container, nearer its border than any box it holds but not on it, is an arrow
 * leaving (or entering) the container from a box inside: the box within reach is meant. An arrow
 * meant for the container itself ends on its border or outside it.
 */
function crossingOut<T>(
  p: Point,
  ctx: EndContext<T>,
  skipShape: (s: ShapeElement) => boolean,
  snapped: Snap<ShapeElement>,
): { snapped: Snap<ShapeElement>; fromInside: boolean; nearBorder: boolean } {
  const as = { snapped, fromInside: false, nearBorder: false };
  if (snapped.kind !== 'hit') return as;
  const region = snapped.target;
  const target = ctx.ofShape(region);
  if (target === undefined || !ctx.isRegion(target)) return as;
  if (!insideOutline(p, region, region.type as Outline)) return as;
  const border = outlineDistance(p, region, region.type as Outline).distance;
  if (border <= ON_BORDER) return as;
  const inner = ctx.placement.snapToShape(p, (s) => s === region || skipShape(s) || isRegionShape(s, ctx));
  if (inner.kind === 'hit') return { snapped: inner, fromInside: false, nearBorder: false };
  // No box within reach: the container, unless the arrow points at something inside it.
  return { snapped, fromInside: true, nearBorder: border <= NEAR_BORDER };
}

function isRegionShape<T>(s: ShapeElement, ctx: EndContext<T>): boolean {
  const t = ctx.ofShape(s);
  return t !== undefined && ctx.isRegion(t);
}

function pointsAtArrow<T>(
  pts: Point[],
  which: 0 | 1,
  l: LinearElement,
  ctx: EndContext<T>,
  target: T,
): boolean {
  const end = which === 0 ? pts[0]! : pts.at(-1)!;
  const before = which === 0 ? pts[1]! : pts.at(-2)!;
  const len = Math.hypot(end.x - before.x, end.y - before.y);
  if (len < 1) return false;
  const dir = { x: (end.x - before.x) / len, y: (end.y - before.y) / len };
  // The shape itself lies ahead, nearer than any arrow: the end is meant for the shape.
  const ahead = ctx.distanceAlong(target, end, dir);
  if (ahead !== null && ahead <= 0) return false;
  const toArrow = ctx.placement.rayLinear(end, dir, 48, l, ctx.isLifeline);
  return toArrow !== null && (ahead === null || ahead > toArrow);
}

function fromSnap<T>(snap: Snap<ShapeElement>, of: (s: ShapeElement) => T | undefined): End<T> | null {
  if (snap.kind === 'hit') {
    const t = of(snap.target);
    return t === undefined ? null : { kind: 'ok', target: t, how: 'snapped', confidence: 'high' };
  }
  if (snap.kind === 'tie') {
    const [a, b] = snap.targets;
    return { kind: 'tie', why: `is equally close to ${a.id} and ${b.id}` };
  }
  return null;
}

/** How far either side of an arrow's aim its target may lie (radians, about 8°). */
const AIM_SPREAD = 0.14;

const turn = (d: Point, a: number): Point => ({
  x: d.x * Math.cos(a) - d.y * Math.sin(a),
  y: d.x * Math.sin(a) + d.y * Math.cos(a),
});

function pointAt<T>(
  pts: Point[],
  which: 0 | 1,
  ctx: EndContext<T>,
  skipShape: (s: ShapeElement) => boolean,
  skip: (t: T) => boolean,
  most = 150,
): End<T> | 'tie' | null {
  const end = which === 0 ? pts[0]! : pts.at(-1)!;
  const before = which === 0 ? pts[1]! : pts.at(-2)!;
  const len = Math.hypot(end.x - before.x, end.y - before.y);
  if (len < 1) return null;
  const dir = { x: (end.x - before.x) / len, y: (end.y - before.y) / len };
  // Short sketchy arrows point across a gap about as long as themselves, and not quite straight:
  // the aim is followed, then a few degrees either side of it.
  const reach = Math.min(most, Math.max(60, 2 * polylineLength(pts)));
  const resolve = (h: { target: ShapeElement | TextElement }) =>
    h.target.type === 'text' ? ctx.ofText(h.target) : ctx.ofShape(h.target);
  let hit = ctx.placement.rayHit(end, dir, reach, skipShape);
  if (hit === 'tie') return 'tie';
  let target = hit ? resolve(hit) : undefined;
  if (!hit) {
    const aside = [AIM_SPREAD, -AIM_SPREAD]
      .map((a) => ctx.placement.rayHit(end, turn(dir, a), reach, skipShape))
      .flatMap((h) => (h === null || h === 'tie' ? [] : [{ h, t: resolve(h) }]));
    if (aside.length === 1 || (aside.length === 2 && aside[0]!.t === aside[1]!.t)) {
      hit = aside[0]!.h;
      target = aside[0]!.t;
    }
  }
  if (!hit || target === undefined || skip(target)) return null;
  // A title over a drawing is what a stroke starts under, not what it points at.
  if (hit.target.type === 'text' && ctx.isHeading?.(hit.target)) return null;
  return { kind: 'ok', target, how: 'pointed', confidence: hit.distance <= 48 ? 'medium' : 'low' };
}

/**
 * Whether a line's end heads for a text: the text lies ahead of its last stretch (or the end is
 * on it). A line running along a text (an underline, a table's rule) does not reach it.
 */
export function headsFor(pts: Point[], which: 0 | 1, t: TextElement): boolean {
  const end = which === 0 ? pts[0]! : pts.at(-1)!;
  const before = which === 0 ? pts[1]! : pts.at(-2)!;
  const len = Math.hypot(end.x - before.x, end.y - before.y);
  const box = boundsOf(t);
  if (pointBoxDistance(end, box) === 0) return true;
  if (len < 1) return false;
  const hit = rayBoxHit(end, { x: (end.x - before.x) / len, y: (end.y - before.y) / len }, box);
  return hit !== null && hit <= SNAP_DISTANCE;
}

/** How far short of what it heads for a plain line may stop. */
const LINE_SHORT = 40;

/** How far short of a lifeline a level message may stop. */
const SHORT_OF_LIFELINE = 56;

/** The lifeline a level end stops short of, ahead of it (or beside it), if one. */
function shortOfLifeline<T>(pts: Point[], which: 0 | 1, lifelines: Lifeline<T>[]): Lifeline<T> | null {
  if (!leavesLevel(pts, which)) return null;
  const end = which === 0 ? pts[0]! : pts.at(-1)!;
  const before = which === 0 ? pts[1]! : pts.at(-2)!;
  const ll = lifelineAt(end, lifelines, SHORT_OF_LIFELINE);
  if (!ll) return null;
  const ahead = (lifelineX(ll, end.y) - end.x) * Math.sign(end.x - before.x);
  return ahead >= -16 ? ll : null;
}

/** How far beside a lifeline a message to itself may start and end. */
const HOOK_REACH = 32;

/**
 * The lifeline an arrow hooks out from and back to: both ends beside it on the same side, and
 * the path going out at least twice as far.
 */
function hookBeside<T>(pts: Point[], lifelines: Lifeline<T>[]): Lifeline<T> | null {
  const [a, b] = [pts[0]!, pts.at(-1)!];
  const ll = lifelineAt(a, lifelines, HOOK_REACH);
  if (!ll || lifelineAt(b, lifelines, HOOK_REACH) !== ll) return null;
  const off = (p: Point) => p.x - lifelineX(ll, p.y);
  const side = Math.sign(off(a));
  if (side === 0 || Math.sign(off(b)) !== side) return null;
  const out = Math.max(...pts.map((p) => off(p) * side));
  return out >= 2 * Math.max(Math.abs(off(a)), Math.abs(off(b))) ? ll : null;
}

/**
 * Whether a path leaves the target and comes back to it: only then is it a loop. A straight
 * stroke never does; a bend of it must lie out past the target.
 */
export function leavesAndReturns(
  pts: Point[],
  box: { minX: number; minY: number; maxX: number; maxY: number },
): boolean {
  const margin = 12;
  return pts
    .slice(1, -1)
    .some(
      (p) =>
        p.x < box.minX - margin ||
        p.x > box.maxX + margin ||
        p.y < box.minY - margin ||
        p.y > box.maxY + margin,
    );
}
