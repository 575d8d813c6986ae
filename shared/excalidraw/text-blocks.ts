/**
 * Text blocks: people often write a heading and the lines under it as separate texts (a role
 * and its people in an org chart, a service and its port under it, a bigger title over a
 * smaller subtitle). Texts stacked right under one another, aligned, in the same place and with
 * nothing drawn between them, read as one block — one label, one node.
 */

import {
  type Box,
  boundsOf,
  boxOf,
  boxPolylineDistance,
  grow,
  insideOutline,
  type Outline,
  type Point,
  pointBox,
  pointBoxDistance,
  SpatialGrid,
  unionBox,
} from './geometry.ts';
import { numbersStep, readableText } from './labels.ts';
import type { LinearElement, ShapeElement, TextElement } from './model.ts';
import type { Inference } from './report.ts';

export interface TextBlocks {
  /** The free texts with each block standing for the texts it joined. */
  texts: TextElement[];
  /** Each joined text's id → its block. */
  blockOf: Map<string, TextElement>;
  inferences: Inference[];
}

/** An end this close to a text reaches it (the text is a target of its own). */
const REACH = 12;

/** Joins free texts stacked into blocks. */
export function stackTexts(
  given: TextElement[],
  shapes: ShapeElement[],
  linears: LinearElement[],
  pathOf: (l: LinearElement) => Point[],
): TextBlocks {
  const none: TextBlocks = { texts: given, blockOf: new Map(), inferences: [] };
  if (given.length < 2) return none;
  let grid = new SpatialGrid<TextElement>();
  for (const t of given) if (t.angle === 0) grid.insert(t, boundsOf(t));
  // The other grids are built only once two texts stand stacked (most drawings have none).
  let built: {
    shapes: SpatialGrid<ShapeElement>;
    lines: SpatialGrid<LinearElement>;
    ends: SpatialGrid<{ p: Point; bound: string | null }>;
  } | null = null;
  const grids = () => {
    if (built) return built;
    built = { shapes: new SpatialGrid(), lines: new SpatialGrid(), ends: new SpatialGrid() };
    for (const s of shapes) built.shapes.insert(s, boundsOf(s));
    for (const l of linears) {
      const pts = pathOf(l);
      built.lines.insert(l, boxOf(pts));
      for (const [p, bound] of [
        [pts[0]!, l.startBindingId],
        [pts.at(-1)!, l.endBindingId],
      ] as const) {
        built.ends.insert({ p, bound }, pointBox(p, REACH));
      }
    }
    return built;
  };
  const placeOf = (t: TextElement): ShapeElement | null => {
    const c = { x: t.x + t.width / 2, y: t.y + t.height / 2 };
    let best: ShapeElement | null = null;
    for (const s of grids().shapes.query({ minX: c.x, minY: c.y, maxX: c.x, maxY: c.y })) {
      if (!insideOutline(c, s, s.type as Outline)) continue;
      if (!best || s.width * s.height < best.width * best.height) best = s;
    }
    return best;
  };
  /**
   * Whether an arrow or line is bound to the text or reaches it from the side, nearer it than
   * `other`: each line of a list has arrows of its own, where a block is reached above its top
   * line or below its last.
   */
  const targeted = (t: TextElement, other: TextElement) => {
    const b = boundsOf(t);
    const o = boundsOf(other);
    return grids()
      .ends.query(b)
      .some(({ p, bound }) => {
        if (p.y < b.minY || p.y > b.maxY) return false;
        if (bound !== null) return bound === t.id;
        return pointBoxDistance(p, b) <= REACH && pointBoxDistance(p, b) < pointBoxDistance(p, o);
      });
  };

  /** Whether an arrow or line is bound to the text, from any side. */
  const bound = (t: TextElement) =>
    grids()
      .ends.query(grow(boundsOf(t), REACH))
      .some((e) => e.bound === t.id);

  // Words written side by side on one line (a word in another colour is a text of its own) are
  // one line first; two that each have an arrow of their own are two names (captions of a row of
  // marks, each linked on).
  const lines = sideBySide(
    given,
    grid,
    placeOf,
    (t, u) => targeted(t, u) || targeted(u, t) || (bound(t) && bound(u)),
  );
  const free = lines.texts;
  if (free !== given) {
    grid = new SpatialGrid<TextElement>();
    for (const t of free) if (t.angle === 0) grid.insert(t, boundsOf(t));
  }
  // Each text joins the one right above it, when there is exactly one.
  const above = new Map<TextElement, TextElement>();
  for (const t of free) {
    if (t.angle !== 0) continue;
    const b = boundsOf(t);
    const candidates = grid
      .query({ minX: b.minX, minY: b.minY - t.fontSize, maxX: b.maxX, maxY: b.minY + 1 })
      .filter((u) => u !== t && stacked(u, t));
    if (candidates.length !== 1) continue;
    const u = candidates[0]!;
    if (placeOf(u) !== placeOf(t)) continue;
    if (targeted(u, t) && targeted(t, u)) continue;
    const gap: Box = {
      minX: Math.max(u.x, t.x),
      minY: u.y + u.height - 1,
      maxX: Math.min(u.x + u.width, t.x + t.width),
      maxY: t.y + 1,
    };
    if (
      grids()
        .lines.query(gap)
        .some((l) => boxPolylineDistance(gap, pathOf(l)).distance === 0)
    )
      continue;
    // Each written across a stroke of its own, running through it: two labels, one on each (a
    // mark on each of two arrows running close), not one block.
    const across = (x: TextElement) => {
      const b = boundsOf(x);
      return grids()
        .lines.query(b)
        .filter((l) => {
          const pts = pathOf(l);
          return (
            pointBoxDistance(pts[0]!, b) > REACH &&
            pointBoxDistance(pts.at(-1)!, b) > REACH &&
            boxPolylineDistance(b, pts).distance === 0
          );
        });
    };
    const upper = across(u);
    const lower = across(t);
    if (upper.length > 0 && lower.length > 0 && !upper.some((l) => lower.includes(l))) continue;
    above.set(t, u);
  }
  if (above.size === 0) return free === given ? none : lines;
  // A text taken by two below it starts no block: keep the first.
  const below = new Map<TextElement, TextElement>();
  for (const [t, u] of above) {
    const held = below.get(u);
    if (!held || t.y < held.y) below.set(u, t);
  }
  const blockOf = new Map(lines.blockOf);
  const texts: TextElement[] = [];
  const inferences: Inference[] = [...lines.inferences];
  const joined = new Set<TextElement>();
  for (const t of free) {
    if (joined.has(t)) continue;
    const up = above.get(t);
    // Not a block's top: the top gathers it.
    if (up && below.get(up) === t) continue;
    const parts = [t];
    for (let next = below.get(t); next && above.get(next) === parts.at(-1); next = below.get(next)) {
      parts.push(next);
    }
    if (parts.length === 1) {
      texts.push(t);
      continue;
    }
    for (const p of parts) joined.add(p);
    const block = joinTexts(parts, '\n');
    for (const p of parts) blockOf.set(p.id, block);
    // The words of a line joined first belong to the block too.
    for (const [id, line] of lines.blockOf) if (parts.includes(line)) blockOf.set(id, block);
    texts.push(block);
    inferences.push(joinGuess(parts, 'stacked under one another read as one block'));
  }
  return { texts, blockOf, inferences };
}

/** Words on one line are at most this far apart, in their font size. */
const WORD_GAP = 0.6;

/**
 * Texts written side by side on one line, level, the same size, a word's space apart and in the
 * same place, joined left to right into one text each.
 */
function sideBySide(
  free: TextElement[],
  grid: SpatialGrid<TextElement>,
  placeOf: (t: TextElement) => ShapeElement | null,
  reached: (t: TextElement, u: TextElement) => boolean,
): TextBlocks {
  const next = new Map<TextElement, TextElement>();
  const prev = new Map<TextElement, TextElement>();
  for (const t of free) {
    if (t.angle !== 0) continue;
    const b = boundsOf(t);
    const reach = WORD_GAP * t.fontSize;
    const step = numbersStep(t.text);
    const right = grid
      .query({ minX: b.maxX, minY: b.minY, maxX: b.maxX + reach, maxY: b.maxY })
      .filter((u) => {
        if (u === t) return false;
        const gap = u.x - b.maxX;
        if (gap < -1 || gap > reach) return false;
        // A step's number, often written larger, before the words of its step on their line.
        if (step && !numbersStep(u.text) && !u.text.includes('\n')) {
          const middle = (ub: Box) => (ub.minY + ub.maxY) / 2;
          return Math.abs(middle(boundsOf(u)) - middle(b)) <= 0.25 * Math.max(b.maxY - b.minY, u.height);
        }
        if (Math.abs(u.fontSize - t.fontSize) > 0.15 * t.fontSize) return false;
        return Math.abs(u.y - t.y) <= 0.25 * t.fontSize && Math.abs(u.height - t.height) <= 0.25 * t.height;
      });
    if (right.length !== 1) continue;
    const u = right[0]!;
    if (prev.has(u) || placeOf(u) !== placeOf(t) || reached(t, u) || groupedApart(t, u)) continue;
    next.set(t, u);
    prev.set(u, t);
  }
  if (next.size === 0) return { texts: free, blockOf: new Map(), inferences: [] };
  const texts: TextElement[] = [];
  const blockOf = new Map<string, TextElement>();
  const inferences: Inference[] = [];
  for (const t of free) {
    if (prev.has(t)) continue;
    const parts = [t];
    for (let n = next.get(t); n; n = next.get(n)) parts.push(n);
    if (parts.length === 1) {
      texts.push(t);
      continue;
    }
    const line = joinTexts(parts, ' ');
    for (const p of parts) blockOf.set(p.id, line);
    texts.push(line);
    inferences.push(joinGuess(parts, 'written side by side read as one line'));
  }
  return { texts, blockOf, inferences };
}

/** Whether two texts each lie in a group of their own (each the caption of its own drawing). */
function groupedApart(t: TextElement, u: TextElement): boolean {
  const [a, b] = [t.groupIds[0], u.groupIds[0]];
  return a !== undefined && b !== undefined && a !== b;
}

/** Whether `lower` sits right under `upper`, aligned with it (centred, or by an edge). */
function stacked(upper: TextElement, lower: TextElement): boolean {
  const gap = lower.y - (upper.y + upper.height);
  if (gap > 0.5 * Math.min(upper.fontSize, lower.fontSize) || gap < -0.3 * lower.height) return false;
  const centre = Math.abs(upper.x + upper.width / 2 - (lower.x + lower.width / 2));
  const left = Math.abs(upper.x - lower.x);
  const right = Math.abs(upper.x + upper.width - (lower.x + lower.width));
  const tolerance = Math.max(8, 0.2 * Math.max(upper.width, lower.width));
  return centre <= tolerance || left <= 6 || right <= 6;
}

const partsOf = new WeakMap<TextElement, TextElement[]>();

/**
 * What a text says as a title: a block's first line of text only (a heading over its subtitle
 * titles a container; the subtitle is a note).
 */
export function headingOf(t: TextElement): string {
  const heading = readableText(partsOf.get(t)?.[0]?.text ?? t.text);
  const tag = tagUnder(t);
  return tag ? `${heading}\n${tag}` : heading;
}

/** A tag under a heading is this short at most (an address, a kind in brackets): part of it. */
const TAG_WORDS = 3;
const TAG_LENGTH = 24;

/** The short tag written under a block's heading (`192.168.10.1`, `[context diagram]`), if that is all. */
function tagUnder(t: TextElement): string | null {
  const parts = partsOf.get(t);
  if (parts?.length !== 2) return null;
  const tag = readableText(parts[1]!.text).replace(/\s+/g, ' ');
  return tag.length <= TAG_LENGTH && tag.split(' ').length <= TAG_WORDS ? tag : null;
}

/** The font size of a text's first line (a block's heading). */
export function headingSize(t: TextElement): number {
  return partsOf.get(t)?.[0]?.fontSize ?? t.fontSize;
}

/** What a block says under its heading ('' for a single text). */
export function underHeading(t: TextElement): string {
  if (tagUnder(t)) return '';
  return (partsOf.get(t) ?? [])
    .slice(1)
    .map((p) => p.text)
    .join('\n');
}

/** Texts joined into one, lines under one another (`\n`) or words of one line (` `). */
function joinTexts(parts: TextElement[], separator: '\n' | ' '): TextElement {
  const top = parts[0]!;
  const b = unionBox(parts.map(boundsOf));
  const block = {
    ...top,
    x: b.minX,
    y: b.minY,
    width: b.maxX - b.minX,
    height: b.maxY - b.minY,
    text: parts.map((p) => (separator === ' ' ? p.text.trim() : p.text)).join(separator),
  };
  // A block's lines are its parts (its heading first); a line's words are not.
  if (separator === '\n') partsOf.set(block, parts);
  return block;
}

function joinGuess(parts: TextElement[], how: string): Inference {
  return {
    kind: 'text-block',
    what: `${parts.length} texts ${how}`,
    from: parts.map((p) => p.id),
    confidence: 'medium',
  };
}
