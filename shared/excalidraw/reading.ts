/**
 * The first pass over a scene: elements sorted by what they can be, text bound to a shape or an
 * arrow apart from text floating free, and the state the later rules share while they decide
 * what each free text is (a label, a caption, a title, a note).
 */

import type { Figure } from './figures.ts';
import {
  absolutePoints,
  type Box,
  boundsOf,
  boxArea,
  boxOf,
  overlapArea,
  type Point,
  pointBox,
  pointBoxDistance,
  SpatialGrid,
} from './geometry.ts';
import { readableText } from './labels.ts';
import type {
  Element,
  FrameElement,
  LinearElement,
  Scene,
  ShapeElement,
  SkippedElement,
  TextElement,
} from './model.ts';
import type { Placement } from './placement.ts';
import type { ConversionReport } from './report.ts';

export interface SceneParts {
  byId: Map<string, Element>;
  shapes: ShapeElement[];
  linears: LinearElement[];
  frames: FrameElement[];
  /** Images, embeds and iframes whose content can be shown as a node. */
  pictures: SkippedElement[];
  /** Element id (a shape's or an arrow's) → the texts bound to it. */
  boundTo: Map<string, TextElement[]>;
  /** Texts bound to nothing, in scene order. */
  free: TextElement[];
}

/** Sorts the elements of a scene and counts what cannot be shown at all. */
export function sceneParts(scene: Scene, report: ConversionReport): SceneParts {
  const byId = new Map<string, Element>();
  const shapes: ShapeElement[] = [];
  const texts: TextElement[] = [];
  const linears: LinearElement[] = [];
  const frames: FrameElement[] = [];
  const pictures: SkippedElement[] = [];
  // A click with the arrow tool draws nothing: the words it carries are drawn where they stand.
  const clicks = new Set<string>();
  for (const el of scene.elements) {
    byId.set(el.id, el);
    if (el.type === 'rectangle' || el.type === 'ellipse' || el.type === 'diamond') shapes.push(el);
    else if (el.type === 'text') texts.push(el);
    else if (el.type === 'arrow' || el.type === 'line') {
      if (!isClick(el)) linears.push(el);
      else {
        clicks.add(el.id);
        if (el.type === 'arrow') report.dropped.looseArrows++;
        else report.dropped.decorativeLines++;
      }
    } else if (el.type === 'frame') frames.push(el);
    else if (el.type === 'image' && el.fileMissing) report.dropped.images++;
    else if (el.type === 'image' || el.type === 'embeddable' || el.type === 'iframe') pictures.push(el);
    else if (el.type === 'freedraw') report.dropped.freedraw++;
    else if (el.type === 'other') {
      report.dropped.otherElements++;
      report.warnings.push(`${el.id}: ${el.originalType} elements cannot be shown in a flowchart, skipped`);
    }
  }
  // Corrections made with the pen mark the drawing up; they are not part of it.
  const marked = penMarkup(linears, texts);
  report.dropped.decorativeLines += marked.size;
  const drawn = marked.size > 0 ? linears.filter((l) => !marked.has(l)) : linears;
  // Text bound to a shape or arrow (containerId) is its label; anything else floats free.
  const boundTo = new Map<string, TextElement[]>();
  const free: TextElement[] = [];
  for (const t of texts) {
    // Blank lines to fill in (`_____`, `-----`) stand for words not written yet: nothing to read.
    if (readableText(t.text) === '' || BLANK_LINE.test(readableText(t.text))) continue;
    const container = t.containerId && !clicks.has(t.containerId) ? byId.get(t.containerId) : undefined;
    if (container && (isShape(container) || container.type === 'arrow' || container.type === 'line')) {
      const list = boundTo.get(container.id);
      if (list) list.push(t);
      else boundTo.set(container.id, [t]);
    } else {
      free.push(t);
    }
  }
  return { byId, shapes, linears: drawn, frames, pictures, boundTo, free };
}

/** A text made only of underscores or dashes (three or more): a blank to fill in. */
const BLANK_LINE = /^(?=(?:\s*[_\-–—]){3})[\s_\-–—]+$/;

/** An arrow or line whose points all lie within this of its first: a click, not a stroke. */
const CLICK_SPAN = 1;

/**
 * A stroke that goes nowhere, left by a click with the arrow tool. Carrying no words of its own,
 * it is no arrow, and must not take the words written beside it from the arrow they label.
 */
function isClick(el: LinearElement): boolean {
  const [x0, y0] = el.points[0] ?? [0, 0];
  return el.points.every(([x, y]) => Math.abs(x - x0) <= CLICK_SPAN && Math.abs(y - y0) <= CLICK_SPAN);
}

/** A pen ring marking part of a text is at most this many times as tall as the text… */
const RING_SIZE = 1.5;
/** …and a pen stroke leaving it starts this near it. */
const RING_REACH = 12;

/**
 * Corrections made with the pen: a small ring drawn over part of a text (a digit circled to
 * change it) and the pen strokes leading away from such rings to the words they explain. They
 * mark up the drawing; they are not shapes or arrows of it.
 */
function penMarkup(linears: LinearElement[], texts: TextElement[]): Set<LinearElement> {
  const pen = linears.filter((l) => l.freehand);
  if (pen.length === 0 || texts.length === 0) return new Set();
  const rings: Box[] = [];
  const marked = new Set<LinearElement>();
  const grid = new SpatialGrid<TextElement>();
  for (const t of texts) grid.insert(t, boundsOf(t));
  for (const l of pen) {
    const pts = absolutePoints(l);
    const b = boxOf(pts);
    const size = Math.max(b.maxX - b.minX, b.maxY - b.minY);
    const [first, last] = [pts[0]!, pts.at(-1)!];
    if (size === 0 || Math.hypot(first.x - last.x, first.y - last.y) > 0.35 * size) continue;
    const over = [...grid.query(b)].some((t) => {
      const tb = boundsOf(t);
      return (
        size <= RING_SIZE * (tb.maxY - tb.minY) &&
        overlapArea(b, tb) >= 0.5 * boxArea(b) &&
        boxArea(b) < 0.6 * boxArea(tb)
      );
    });
    if (!over) continue;
    rings.push(b);
    marked.add(l);
  }
  if (rings.length === 0) return marked;
  const near = new SpatialGrid<Box>();
  for (const b of rings) near.insert(b, b);
  for (const l of pen) {
    if (marked.has(l)) continue;
    const pts = absolutePoints(l);
    const leaves = (p: Point) =>
      [...near.query(pointBox(p, RING_REACH))].some((b) => pointBoxDistance(p, b) <= RING_REACH);
    if (leaves(pts[0]!) || leaves(pts.at(-1)!)) marked.add(l);
  }
  return marked;
}

/** What the rules naming nodes and arrows share. */
export interface Reading {
  report: ConversionReport;
  byId: Map<string, Element>;
  placement: Placement;
  /** The figures that may be nodes or containers (legends left out). */
  figures: Figure[];
  /** Figure → its bound texts. */
  bound: Map<Figure, TextElement[]>;
  /** Free texts no rule has used yet: each rule takes what it reads out of the pool. */
  pool: Set<TextElement>;
  /** The figure each free text lies in (null: none). */
  ownerOf: Map<TextElement, Figure | null>;
}

/** The ids of the shapes holding a bound text, and of what strokes are bound to. */
export function boundIds(elements: readonly Element[]): { worded: Set<string>; linked: Set<string> } {
  const worded = new Set<string>();
  const linked = new Set<string>();
  for (const el of elements) {
    if (el.type === 'text' && el.containerId) worded.add(el.containerId);
    if (el.type === 'arrow' || el.type === 'line') {
      if (el.startBindingId) linked.add(el.startBindingId);
      if (el.endBindingId) linked.add(el.endBindingId);
    }
  }
  return { worded, linked };
}

export function isShape(el: Element): el is ShapeElement {
  return el.type === 'rectangle' || el.type === 'ellipse' || el.type === 'diamond';
}

/** A text shortened for a report line. */
export const short = (text: string) => {
  const line = text.length > 60 ? text.slice(0, 60) : text;
  const flat = /\s\s|[\n\t]/.test(line) ? line.replace(/\s+/g, ' ').trim() : line.trim();
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
};
