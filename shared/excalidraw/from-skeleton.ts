/**
 * Excalidraw element skeletons (what `@excalidraw/mermaid-to-excalidraw` returns: partial
 * elements, labels inline, arrows naming what they connect) → a complete `.excalidraw` scene.
 * This does for Merrow what Excalidraw's `convertToExcalidrawElements` does inside its React
 * package: ids, seeds, bound labels, bindings on both sides, frames. The skeletons come from a
 * browser page, so every field is checked before use.
 */

import type { Diagnostic } from '../mermaid/diagnostic.ts';
import {
  BOUND_TEXT_PADDING,
  type Box,
  baseElement,
  bounds,
  clamp01,
  type ExcalidrawElement,
  fractionalIndex,
  inside,
  LINE_HEIGHT,
  pointAlong,
  seedOf,
  textElement,
} from './scene-elements.ts';

/** One element as `@excalidraw/mermaid-to-excalidraw` describes it: partial, with labels inline. */
export type Skeleton = { type: string } & Record<string, unknown>;

/** An image the scene embeds, keyed by its file id. */
export interface SceneFile {
  mimeType: string;
  dataURL: string;
}

/** What the engine page answers for a Mermaid → Excalidraw conversion. */
export type ToExcalidrawOutcome =
  | {
      ok: true;
      diagramType: string;
      /** False when the diagram is embedded as one image. */
      editable: boolean;
      elements: Skeleton[];
      files?: Record<string, SceneFile>;
      warnings: string[];
    }
  | { ok: false; diagnostics: Diagnostic[] };

/** A saved `.excalidraw` file. */
export interface ExcalidrawScene {
  type: 'excalidraw';
  version: 2;
  source: 'merrow';
  elements: ExcalidrawElement[];
  appState: { viewBackgroundColor: string };
  files: Record<string, SceneFile & { id: string; created: number }>;
}

type Json = Record<string, unknown>;

const SHAPES = new Set(['rectangle', 'ellipse', 'diamond']);
const ARROWHEADS = new Set([
  'arrow',
  'bar',
  'dot',
  'circle',
  'circle_outline',
  'triangle',
  'triangle_outline',
  'diamond',
  'diamond_outline',
  'crowfoot_one',
  'crowfoot_many',
  'crowfoot_one_or_many',
]);
// The converter writes the ER heads Excalidraw renamed in late 2025; 0.18 knows only three
// crow's feet (and newer releases read those as `cardinality_one` …), so the zero/exactly
// variants become the nearest of them.
const CARDINALITY: Record<string, string> = {
  cardinality_one: 'crowfoot_one',
  cardinality_exactly_one: 'crowfoot_one',
  cardinality_zero_or_one: 'crowfoot_one',
  cardinality_many: 'crowfoot_many',
  cardinality_zero_or_many: 'crowfoot_many',
  cardinality_one_or_many: 'crowfoot_one_or_many',
};
const SAFE_LINK = /^(https?:|mailto:)/i;
const TITLE_SUFFIX = '__title';
const DIVIDER_SUFFIX = '__divider';
const LIMIT = 1e7;

const round2 = (v: number) => Math.round(v * 100) / 100 || 0;
const own = (o: Json, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
// Layout arithmetic leaves float noise (1.4e-14); hundredths of a pixel keep files diffable.
const num = (v: unknown, fallback = 0): number =>
  typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= LIMIT ? round2(v) : fallback;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const color = (v: unknown, fallback: string): string =>
  typeof v === 'string' && v !== '' && v.length <= 64 ? v : fallback;

/** Builds a complete, self-consistent Excalidraw scene from converter skeletons. */
export function skeletonsToScene(
  skeletons: readonly Skeleton[],
  files: Record<string, SceneFile> = {},
): ExcalidrawScene {
  const builder = new SceneBuilder(files);
  const frames = frameTitles(skeletons);
  for (const s of skeletons) {
    if (!isObject(s)) continue;
    const id = str(own(s, 'id'));
    if (id?.endsWith(TITLE_SUFFIX) && frames.has(id.slice(0, -TITLE_SUFFIX.length))) continue;
    if (id?.endsWith(DIVIDER_SUFFIX) && frames.has(id.slice(0, -DIVIDER_SUFFIX.length))) continue;
    builder.add(s, id !== undefined ? frames.get(id) : undefined);
  }
  return {
    type: 'excalidraw',
    version: 2,
    source: 'merrow',
    elements: builder.finish(),
    appState: { viewBackgroundColor: '#ffffff' },
    files: builder.files,
  };
}

/** A diagram converted to a scene, or the problems that stopped it. */
export type ExcalidrawConversion =
  | { ok: true; scene: ExcalidrawScene; diagramType: string; editable: boolean; warnings: string[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** The scene for an engine page answer, or its diagnostics. */
export function outcomeToScene(outcome: ToExcalidrawOutcome): ExcalidrawConversion {
  if (!outcome.ok) return outcome;
  const { diagramType, editable, warnings } = outcome;
  return {
    ok: true,
    scene: skeletonsToScene(outcome.elements, outcome.files),
    diagramType,
    editable,
    warnings,
  };
}

/**
 * Subgraphs (and composite states) are drawn as a box plus a title band `<id>__title` over its
 * top. In Excalidraw they become frames named by the title: a frame moves what it holds, and
 * reads back as a subgraph, where the box and band would read back as two more nodes.
 */
function frameTitles(skeletons: readonly Skeleton[]): Map<string, string> {
  const byId = new Map<string, Json>();
  for (const s of skeletons) {
    const id = isObject(s) ? str(own(s, 'id')) : undefined;
    if (id !== undefined) byId.set(id, s);
  }
  const frames = new Map<string, string>();
  for (const [id, s] of byId) {
    if (!id.endsWith(TITLE_SUFFIX)) continue;
    const boxId = id.slice(0, -TITLE_SUFFIX.length);
    const box = byId.get(boxId);
    if (box?.type !== 'rectangle') continue;
    const label = own(s, 'label');
    frames.set(boxId, (isObject(label) ? str(own(label, 'text')) : undefined) ?? boxId);
  }
  return frames;
}

class SceneBuilder {
  private readonly elements: ExcalidrawElement[] = [];
  private readonly byId = new Map<string, ExcalidrawElement>();
  private readonly groupIds = new Map<string, string>();
  private readonly arrows: { arrow: ExcalidrawElement; start: unknown; end: unknown }[] = [];
  readonly files: ExcalidrawScene['files'] = {};
  private readonly sourceFiles: Record<string, SceneFile>;

  constructor(files: Record<string, SceneFile>) {
    this.sourceFiles = files;
  }

  add(s: Skeleton, frameName: string | undefined): void {
    const type = s.type;
    if (frameName !== undefined) this.frame(s, frameName);
    else if (SHAPES.has(type)) this.shape(s);
    else if (type === 'text') this.text(s);
    else if (type === 'arrow' || type === 'line') this.linear(s);
    else if (type === 'image') this.image(s);
  }

  finish(): ExcalidrawElement[] {
    for (const { arrow, start, end } of this.arrows) {
      arrow.startBinding = this.bind(arrow, start, 0);
      arrow.endBinding = this.bind(arrow, end, -1);
    }
    const ordered = this.placeInFrames();
    ordered.forEach((el, i) => {
      el.index = fractionalIndex(i);
    });
    return ordered;
  }

  private allocate(wanted: string | undefined, fallback: string): string {
    let id = wanted && wanted.length <= 200 ? wanted : fallback;
    for (let n = 2; this.byId.has(id); n++) id = `${wanted ?? fallback}-${n}`;
    return id;
  }

  private push(el: ExcalidrawElement): ExcalidrawElement {
    this.elements.push(el);
    this.byId.set(el.id, el);
    return el;
  }

  // Group ids from the converter are random; numbering them keeps the output reproducible.
  private groups(s: Json): string[] {
    const raw = own(s, 'groupIds');
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((g): g is string => typeof g === 'string')
      .map((g) => {
        let id = this.groupIds.get(g);
        if (!id) {
          id = `group-${this.groupIds.size + 1}`;
          this.groupIds.set(g, id);
        }
        return id;
      });
  }

  private common(s: Json, type: string, fallbackId: string): ExcalidrawElement {
    const box = {
      x: num(own(s, 'x')),
      y: num(own(s, 'y')),
      width: num(own(s, 'width')),
      height: num(own(s, 'height')),
    };
    const el = baseElement(this.allocate(str(own(s, 'id')), fallbackId), type, box);
    el.strokeColor = color(own(s, 'strokeColor'), '#1e1e1e');
    el.backgroundColor = color(own(s, 'backgroundColor') ?? own(s, 'bgColor'), 'transparent');
    el.fillStyle =
      own(s, 'fillStyle') === 'hachure' || own(s, 'fillStyle') === 'cross-hatch'
        ? own(s, 'fillStyle')
        : 'solid';
    el.strokeWidth = num(own(s, 'strokeWidth'), 2) || 2;
    const style = own(s, 'strokeStyle');
    el.strokeStyle = style === 'dashed' || style === 'dotted' ? style : 'solid';
    el.roughness = own(s, 'roughness') === 0 || own(s, 'roughness') === 2 ? own(s, 'roughness') : 1;
    const opacity = num(own(s, 'opacity'), 100);
    el.opacity = opacity >= 0 && opacity <= 100 ? opacity : 100;
    el.angle = num(own(s, 'angle'));
    el.groupIds = this.groups(s);
    const roundness = own(s, 'roundness');
    const roundType = isObject(roundness) ? own(roundness, 'type') : undefined;
    el.roundness = roundType === 1 || roundType === 2 || roundType === 3 ? { type: roundType } : null;
    const link = str(own(s, 'link'));
    el.link = link && SAFE_LINK.test(link) && link.length <= 2000 ? link : null;
    return el;
  }

  private shape(s: Skeleton): void {
    const el = this.push(this.common(s, s.type, `${s.type}-${this.elements.length + 1}`));
    this.label(el, own(s, 'label'), 'middle');
  }

  private frame(s: Skeleton, name: string): void {
    const el = this.push(this.common(s, 'frame', `frame-${this.elements.length + 1}`));
    Object.assign(el, { name, strokeColor: '#bbb', backgroundColor: 'transparent', roundness: null });
  }

  private text(s: Skeleton): void {
    const value = str(own(s, 'text')) ?? '';
    if (value === '') return;
    const fontSize = num(own(s, 'fontSize'), 20) || 20;
    const align = textAlign(own(s, 'textAlign'), 'left');
    const x = num(own(s, 'x'));
    const width = num(own(s, 'width'));
    // The converter places text by its box's left edge, whatever the alignment.
    const anchor = align === 'left' || width === 0 ? x : align === 'center' ? x + width / 2 : x + width;
    const el = textElement(
      this.allocate(str(own(s, 'id')), `text-${this.elements.length + 1}`),
      value,
      { x: anchor, y: num(own(s, 'y')) },
      {
        fontSize,
        textAlign: width === 0 ? 'left' : align,
        verticalAlign: 'top',
        containerId: null,
        strokeColor: color(own(s, 'strokeColor') ?? own(s, 'color'), '#1e1e1e'),
        groupIds: this.groups(s),
      },
    );
    el.angle = num(own(s, 'angle'));
    this.push(el);
  }

  private linear(s: Skeleton): void {
    const el = this.common(s, s.type, `${s.type}-${this.elements.length + 1}`);
    const points = linearPoints(own(s, 'points'), num(own(s, 'width')), num(own(s, 'height')));
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    Object.assign(el, {
      width: Math.max(...xs) - Math.min(...xs),
      height: Math.max(...ys) - Math.min(...ys),
      points,
      lastCommittedPoint: null,
      startBinding: null,
      endBinding: null,
      startArrowhead: arrowhead(own(s, 'startArrowhead')),
      // As in Excalidraw's own skeleton conversion, an arrow without the field ends in an arrowhead.
      endArrowhead:
        s.type === 'arrow' && !Object.hasOwn(s, 'endArrowhead') ? 'arrow' : arrowhead(own(s, 'endArrowhead')),
    });
    if (s.type === 'line') {
      el.polygon = false;
      this.push(el);
      return;
    }
    const elbowed = own(s, 'elbowed') === true;
    el.elbowed = elbowed;
    if (elbowed)
      Object.assign(el, { roundness: null, fixedSegments: null, startIsSpecial: null, endIsSpecial: null });
    this.push(el);
    this.arrows.push({ arrow: el, start: own(s, 'start'), end: own(s, 'end') });
    this.label(el, own(s, 'label'), 'middle');
  }

  private image(s: Skeleton): void {
    const el = this.common(s, 'image', `image-${this.elements.length + 1}`);
    const ref = str(own(s, 'fileId'));
    const file =
      ref !== undefined && Object.hasOwn(this.sourceFiles, ref) ? this.sourceFiles[ref] : undefined;
    const dataURL = isObject(file) ? str(own(file, 'dataURL')) : undefined;
    const mimeType = isObject(file) ? str(own(file, 'mimeType')) : undefined;
    if (!dataURL || !mimeType || !/^data:image\/[\w.+-]+;base64,/.test(dataURL)) return;
    // Named by content, so that two pasted diagrams never share a file id.
    const fileId = `merrow-${seedOf(dataURL).toString(16)}-${dataURL.length.toString(16)}`;
    this.files[fileId] = { id: fileId, mimeType, dataURL, created: 1 };
    Object.assign(el, { strokeColor: 'transparent', fileId, status: 'saved', scale: [1, 1], crop: null });
    this.push(el);
  }

  /** Adds a label as bound text, centred in a shape or on an arrow's path, linked both ways. */
  private label(container: ExcalidrawElement, raw: unknown, defaultAlign: 'middle'): void {
    if (!isObject(raw)) return;
    const text = str(own(raw, 'text'));
    if (!text || text.trim() === '') return;
    const fontSize = num(own(raw, 'fontSize'), 20) || 20;
    const verticalAlign = own(raw, 'verticalAlign') === 'top' ? 'top' : defaultAlign;
    const height = text.split('\n').length * fontSize * LINE_HEIGHT;
    let at: { x: number; y: number };
    const box = container as unknown as Box;
    if (container.type === 'arrow') {
      const p = pointAlong(container, num(own(raw, 'labelPosition'), 0.5));
      at = { x: p.x, y: p.y - height / 2 };
    } else {
      const top = verticalAlign === 'top' ? box.y + BOUND_TEXT_PADDING : box.y + (box.height - height) / 2;
      at = { x: box.x + box.width / 2, y: top };
    }
    const label = textElement(this.allocate(`${container.id}-label`, `${container.id}-label`), text, at, {
      fontSize,
      textAlign: 'center',
      verticalAlign,
      containerId: container.id,
      strokeColor: color(own(raw, 'strokeColor') ?? own(raw, 'color'), '#1e1e1e'),
      groupIds: container.groupIds as string[],
    });
    this.push(label);
    linkBoth(container, label, 'text');
  }

  /**
   * A binding in the form Excalidraw 0.18 reads (`focus`, `gap`) and the one it has used since
   * late 2025 (`fixedPoint`, `mode`), so both keep the arrow attached when a shape is moved.
   */
  private bind(arrow: ExcalidrawElement, ref: unknown, end: 0 | -1): Json | null {
    const id = isObject(ref) ? str(own(ref, 'id')) : undefined;
    const target = id !== undefined ? this.byId.get(id) : undefined;
    if (!target || !['rectangle', 'ellipse', 'diamond', 'frame', 'image', 'text'].includes(target.type))
      return null;
    const points = arrow.points as [number, number][];
    const local = points.at(end)!;
    const p = { x: (arrow.x as number) + local[0], y: (arrow.y as number) + local[1] };
    const box = target as unknown as Box;
    const fx = box.width > 0 ? clamp01((p.x - box.x) / box.width) : 0.5;
    const fy = box.height > 0 ? clamp01((p.y - box.y) / box.height) : 0.5;
    const dx = Math.max(box.x - p.x, 0, p.x - (box.x + box.width));
    const dy = Math.max(box.y - p.y, 0, p.y - (box.y + box.height));
    linkBoth(target, arrow, 'arrow');
    return {
      elementId: target.id,
      focus: 0,
      gap: Math.max(1, round2(Math.hypot(dx, dy))),
      fixedPoint: [fx, fy],
      mode: 'orbit',
    };
  }

  // Excalidraw keeps a frame's children before the frame, which is drawn (and clips) above them.
  private placeInFrames(): ExcalidrawElement[] {
    const frames = this.elements.filter((el) => el.type === 'frame');
    if (frames.length === 0) return this.elements;
    const area = (b: Box) => b.width * b.height;
    const byArea = [...frames].sort((a, b) => area(a as unknown as Box) - area(b as unknown as Box));
    for (const el of this.elements) {
      if (el.type === 'frame' || el.containerId) continue;
      const box = bounds(el);
      const frame = byArea.find((f) => f !== el && inside(box, f as unknown as Box));
      if (!frame) continue;
      el.frameId = frame.id;
      for (const b of (el.boundElements as { id: string; type: string }[] | null) ?? []) {
        const bound = this.byId.get(b.id);
        if (b.type === 'text' && bound) bound.frameId = frame.id;
      }
    }
    const children = new Map<string, ExcalidrawElement[]>();
    for (const el of this.elements) {
      if (typeof el.frameId === 'string') children.set(el.frameId, [...(children.get(el.frameId) ?? []), el]);
    }
    const ordered: ExcalidrawElement[] = [];
    for (const el of this.elements) {
      if (typeof el.frameId === 'string') continue;
      if (el.type === 'frame') ordered.push(...(children.get(el.id) ?? []));
      ordered.push(el);
    }
    return ordered;
  }
}

function linkBoth(container: ExcalidrawElement, bound: ExcalidrawElement, type: 'text' | 'arrow'): void {
  const list = (container.boundElements as { id: string; type: string }[] | null) ?? [];
  if (!list.some((b) => b.id === bound.id)) container.boundElements = [...list, { id: bound.id, type }];
}

function textAlign(v: unknown, fallback: 'left' | 'center' | 'right'): 'left' | 'center' | 'right' {
  return v === 'left' || v === 'center' || v === 'right' ? v : fallback;
}

function arrowhead(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  if (Object.hasOwn(CARDINALITY, v)) return CARDINALITY[v]!;
  return ARROWHEADS.has(v) ? v : null;
}

/** A linear element's points, relative to its first one as Excalidraw expects; its box diagonal when missing. */
function linearPoints(raw: unknown, width: number, height: number): [number, number][] {
  const points: [number, number][] = [];
  if (Array.isArray(raw)) {
    for (const p of raw) if (Array.isArray(p)) points.push([num(p[0]), num(p[1])]);
  }
  if (points.length < 2)
    return [
      [0, 0],
      [width, height],
    ];
  // Excalidraw expects the first point at the element's origin.
  const [x0, y0] = points[0]!;
  return points.map(([x, y]) => [x - x0, y - y0]);
}
