/**
 * Untrusted Excalidraw JSON → the typed model, field by field, in the spirit of Excalidraw's own
 * `data/restore.ts`: legacy fields are migrated, impossible values repaired and counted, and
 * nothing from the file is ever copied wholesale (so `__proto__` keys stay inert data).
 */

import { strFromU8 } from 'fflate';
import { decodeBase64ToLatin1 } from '../bytes/base64.ts';
import type {
  Arrowhead,
  Element,
  LinearElement,
  Scene,
  ShapeElement,
  SkippedElement,
  SkippedType,
  TextElement,
} from './model.ts';
import { LINE_HEIGHT, textWidth } from './scene-elements.ts';

/** A reason the input is not a usable drawing, meant for the user. */
export class ExcalidrawReadError extends Error {
  /** 1-based position in the file, when the problem has one. */
  readonly line: number;
  readonly column: number;

  constructor(message: string, line = 1, column = 1) {
    super(message);
    this.name = 'ExcalidrawReadError';
    this.line = line;
    this.column = column;
  }
}

// Beyond this, coordinates only produce overflow (1e308 * 2 = Infinity); real drawings stay far below.
const COORD_LIMIT = 1e7;
// Groups nested deeper than this carry no meaning a flowchart can show.
const MAX_GROUP_DEPTH = 100;
const MAX_ID_LENGTH = 200;

type Json = Record<string, unknown>;

/** Whether a value is a JSON object (not null, not an array). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const own = (o: Json, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);

const SHAPES = new Set(['rectangle', 'ellipse', 'diamond']);
/** A colour Excalidraw draws as nothing: none, or one with no alpha. */
const CLEAR = /^(transparent|#[0-9a-f]{6}00|#[0-9a-f]{3}0|)$/i;
/** White, the colour of the canvas. */
const WHITE = /^(#fff|#ffffff|white)$/i;
const SKIPPED = new Set<string>(['freedraw', 'image', 'embeddable', 'iframe']);
const CIRCLE_HEADS = new Set(['dot', 'circle', 'circle_outline']);

interface RestoreContext {
  repairs: string[];
  ids: Set<string>;
  /** The pictures the file carries (`files`), by id. */
  files: Json;
  /** Each picture's own title, read once however many images show it, and whether it was printed. */
  titles: Map<string, { title: string; printed: boolean } | null>;
  /** Names read from pictures' pixels, by `files` key (see picture-text.ts). */
  pictureNames: ReadonlyMap<string, string>;
}

/** Restores one list of raw elements into a scene; non-objects and deleted elements are left out. */
export function restoreElements(
  raw: unknown,
  name: string | null = null,
  files: unknown = undefined,
  pictureNames: ReadonlyMap<string, string> = new Map(),
): Scene {
  if (!Array.isArray(raw)) throw new ExcalidrawReadError('"elements" must be an array');
  const ctx: RestoreContext = {
    repairs: [],
    ids: new Set(),
    files: isObject(files) ? files : {},
    titles: new Map(),
    pictureNames,
  };
  const elements: Element[] = [];
  let deletedCount = 0;
  for (let i = 0; i < raw.length; i++) {
    const item: unknown = raw[i];
    if (!isObject(item)) {
      ctx.repairs.push(`element ${i}: not an object, ignored`);
      continue;
    }
    if (own(item, 'isDeleted') === true) {
      deletedCount++;
      continue;
    }
    const el = restoreElement(item, i, ctx);
    if (el) elements.push(el);
  }
  recoverLostContainers(raw, elements);
  return { name, elements, deletedCount, repairs: ctx.repairs };
}

function restoreElement(raw: Json, index: number, ctx: RestoreContext): Element | null {
  const type = own(raw, 'type');
  if (typeof type !== 'string') {
    ctx.repairs.push(`element ${index}: no type, ignored`);
    return null;
  }
  const base = restoreBase(raw, index, ctx);
  if (SHAPES.has(type)) {
    // Before 2023 roundness was `strokeSharpness: "round" | "sharp"`.
    const rounded = isObject(own(raw, 'roundness')) || own(raw, 'strokeSharpness') === 'round';
    const shape: ShapeElement = { ...base, type: type as ShapeElement['type'], rounded };
    // Excalidraw draws nothing for a clear outline with no fill, or at no opacity.
    if ((CLEAR.test(base.strokeColor) && CLEAR.test(base.backgroundColor)) || own(raw, 'opacity') === 0)
      shape.invisible = true;
    // Excalidraw fills solid unless told otherwise; hachures let what is under them show.
    const fill = own(raw, 'fillStyle');
    if ((fill === undefined || fill === 'solid') && !CLEAR.test(base.backgroundColor)) shape.opaque = true;
    // Filled white with no outline, or a white one: nothing shows but what it hides.
    if (
      shape.opaque &&
      WHITE.test(base.backgroundColor) &&
      (CLEAR.test(base.strokeColor) || WHITE.test(base.strokeColor))
    )
      shape.mask = true;
    return shape;
  }
  if (type === 'text') return restoreText(raw, base);
  // `draw` is the 2020 name of the line tool.
  if (type === 'arrow' || type === 'line' || type === 'draw') {
    return restoreLinear(raw, base, type === 'arrow' ? 'arrow' : 'line', ctx);
  }
  // A pen stroke is read as a line: people draw arrows with the pen too.
  if (type === 'freedraw') {
    const stroke = restoreFreehand(raw, base);
    if (stroke) return stroke;
  }
  if (type === 'frame' || type === 'magicframe') {
    const name = own(raw, 'name');
    return { ...base, type: 'frame', name: typeof name === 'string' && name.trim() ? name : null };
  }
  const skippedType: SkippedType = SKIPPED.has(type) ? (type as SkippedType) : 'other';
  const link = own(raw, 'link');
  const fileId = own(raw, 'fileId');
  const file = skippedType === 'image' && typeof fileId === 'string' ? own(ctx.files, fileId) : undefined;
  const skipped: SkippedElement = {
    ...base,
    type: skippedType,
    originalType: type.slice(0, 40),
    link: typeof link === 'string' && link.trim() !== '' ? link.slice(0, 500) : null,
    fileMissing: skippedType === 'image' && file === undefined,
  };
  if (file !== undefined && typeof fileId === 'string') {
    if (!ctx.titles.has(fileId)) ctx.titles.set(fileId, pictureTitle(ctx, file, fileId));
    const title = ctx.titles.get(fileId);
    if (title) {
      skipped.title = title.title;
      if (title.printed) skipped.titlePrinted = true;
    }
  }
  return skipped;
}

/** A picture's title: the one an SVG writes, else the name read from its pixels, if short enough. */
function pictureTitle(
  ctx: RestoreContext,
  file: unknown,
  fileId: string,
): { title: string; printed: boolean } | null {
  const written = svgTitle(file);
  if (written) return { title: written, printed: false };
  const printed = ctx.pictureNames.get(fileId)?.replace(/\s+/g, ' ').trim();
  return printed && printed.length <= 60 ? { title: printed, printed: true } : null;
}

/** An icon set's SVG names itself near its start; a longer picture is not read further (a multiple of 4). */
const SVG_HEAD = 8192;
/** Titles editors give every drawing say nothing of what it shows. */
const GENERATED_TITLE =
  /^(layer|group|artboard|page|rectangle|path|untitled|icon|image|logo|svg|vector|shape|frame|drawing)[\s\d_-]*$/i;

const TITLE = /<title[^>]*>([^<]{1,240})<\/title>/i;
const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The `<title>` of an SVG picture, as icon sets write one (`<title>Google Drive</title>`). */
function svgTitle(file: unknown): string | null {
  if (!isObject(file)) return null;
  const url = own(file, 'dataURL');
  if (typeof url !== 'string' || !/^data:image\/svg\+xml[;,]/i.test(url)) return null;
  const comma = url.indexOf(',');
  const data = url.slice(comma + 1, comma + 1 + SVG_HEAD);
  const base64 = /;base64$/i.test(url.slice(0, comma));
  let found: string;
  try {
    // Base64 is read as bytes, one character each, and only the title's bytes as UTF-8.
    const raw = TITLE.exec(base64 ? decodeBase64ToLatin1(data) : percentDecoded(data))?.[1];
    if (!raw) return null;
    found = base64 ? strFromU8(Uint8Array.from(raw, (c) => c.charCodeAt(0))) : raw;
  } catch {
    return null;
  }
  const title = found
    .replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
      const named = XML_ENTITIES[e.toLowerCase()];
      if (named) return named;
      const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return code > 31 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
  const name = fileNameWords(title);
  return name && name.length <= 60 && !GENERATED_TITLE.test(name) ? name : null;
}

/** Words of a file name that say nothing of what a logo shows: its kind, colours, sizes, dates. */
const FILE_NAME_NOISE =
  /^(logo|icon|symbol|mark|color|colour|rgb|cmyk|inkscape|black|white|mono|dark|light|full|horizontal|vertical|final|copy|v?\d+(px|x)?|\d{1,4}([-.]\d{1,4}){1,2})$/i;

/**
 * A title written as a file's name or path (`databases/postgresql`, `Mapbox_Logo_08`,
 * `Icon_24px_CloudRun_Color`) read as the words a person sees in the logo: the last part of the
 * path, without its extension, its underscored words but those naming the file's kind or size.
 */
function fileNameWords(title: string): string {
  let name = title.includes('/') && !title.includes(' ') ? (title.split('/').at(-1) ?? '') : title;
  name = name.replace(/\.(svg|png|jpe?g|gif|webp)$/i, '');
  if (name.includes('_') && !name.includes(' '))
    name = name
      .split('_')
      .filter((word) => word !== '' && !FILE_NAME_NOISE.test(word))
      .join(' ');
  return name;
}

/** Percent-encoding decoded, a character cut in two at the end left out. */
function percentDecoded(text: string): string {
  for (let cut = 0; cut <= 12 && cut < text.length; cut++) {
    try {
      return decodeURIComponent(text.slice(0, text.length - cut));
    } catch {
      // A character's escapes cut off at the end: try without them.
    }
  }
  return '';
}

/** The types drawn along points measured from the element's x and y. */
const STROKES = new Set(['arrow', 'line', 'draw', 'freedraw']);

function restoreBase(raw: Json, index: number, ctx: RestoreContext) {
  const id = uniqueId(own(raw, 'id'), index, ctx);
  let x = coord(own(raw, 'x'), id, 'x', ctx);
  let y = coord(own(raw, 'y'), id, 'y', ctx);
  let width = coord(own(raw, 'width'), id, 'width', ctx);
  let height = coord(own(raw, 'height'), id, 'height', ctx);
  // Old files can hold negative sizes for shapes drawn up or to the left. A stroke's points are
  // measured from its x and y whatever its size says: only the size is turned round.
  const stroke = STROKES.has(String(own(raw, 'type')));
  if (width < 0) {
    if (!stroke) x += width;
    width = -width;
  }
  if (height < 0) {
    if (!stroke) y += height;
    height = -height;
  }
  const angleRaw = own(raw, 'angle');
  const angle = typeof angleRaw === 'number' && Number.isFinite(angleRaw) ? level(angleRaw) : 0;
  const strokeStyle = own(raw, 'strokeStyle');
  const strokeWidth = own(raw, 'strokeWidth');
  return {
    id,
    x,
    y,
    width,
    height,
    angle,
    groupIds: restoreGroupIds(own(raw, 'groupIds'), id, ctx),
    frameId: stringOrNull(own(raw, 'frameId')),
    strokeColor: colorString(own(raw, 'strokeColor'), '#1e1e1e'),
    backgroundColor: colorString(own(raw, 'backgroundColor'), 'transparent'),
    strokeStyle:
      strokeStyle === 'dashed' || strokeStyle === 'dotted'
        ? strokeStyle
        : ('solid' as 'solid' | 'dashed' | 'dotted'),
    strokeWidth:
      typeof strokeWidth === 'number' && Number.isFinite(strokeWidth) && strokeWidth >= 0 ? strokeWidth : 1,
  };
}

function restoreText(raw: Json, base: ReturnType<typeof restoreBase>): TextElement {
  // `originalText` (2021+) is the text as typed; `text` has the line breaks Excalidraw adds when
  // wrapping inside a container. Files from 2020 have only `text`.
  const original = own(raw, 'originalText');
  const wrapped = own(raw, 'text');
  // Excalidraw draws `text`: where the two say different words (the file was edited by hand or
  // by another tool), what the drawing shows is what a reader reads.
  const same =
    typeof original === 'string' &&
    (typeof wrapped !== 'string' ||
      original === wrapped ||
      original.replace(/\s+/g, '') === wrapped.replace(/\s+/g, ''));
  const text = same ? original : typeof wrapped === 'string' ? wrapped : '';
  const align = own(raw, 'verticalAlign');
  const rawSize = own(raw, 'fontSize');
  const fontSize = typeof rawSize === 'number' && rawSize > 0 && rawSize < 1000 ? rawSize : 20;
  const containerId = stringOrNull(own(raw, 'containerId'));
  const shown = typeof wrapped === 'string' ? wrapped : text;
  const textAlign = own(raw, 'textAlign');
  const sized = measured(base, shown, fontSize, textAlign);
  return {
    ...(containerId === null ? inkOnly(sized, shown, fontSize, textAlign) : sized),
    type: 'text',
    text,
    containerId,
    verticalAlign: align === 'top' || align === 'bottom' ? align : 'middle',
    fontSize,
  };
}

/**
 * A text's box when the file gives it no size (some integrations write `width: 0`): Excalidraw
 * measures the text as it draws it, anchored at `x` by its alignment; its size is estimated here.
 */
function measured<B extends ReturnType<typeof restoreBase>>(
  base: B,
  shown: string,
  fontSize: number,
  align: unknown,
): B {
  if ((base.width > 0 && base.height > 0) || shown.trim() === '') return base;
  const lines = shown.split('\n');
  const width = base.width > 0 ? base.width : Math.max(...lines.map((l) => textWidth(l, fontSize)));
  const height = base.height > 0 ? base.height : lines.length * fontSize * LINE_HEIGHT;
  const x =
    base.width > 0
      ? base.x
      : align === 'center'
        ? base.x - width / 2
        : align === 'right'
          ? base.x - width
          : base.x;
  return { ...base, x, width, height };
}

/**
 * A free text's box without the blank lines typed before or after its words (a stray Enter at
 * the end), nor the blank room of a box drawn far wider than its words (a fixed-width text box
 * of a generated drawing): the box a reader sees, so that nearness to arrows and shapes is
 * measured from ink.
 */
function inkOnly<B extends ReturnType<typeof restoreBase>>(
  base: B,
  shown: string,
  fontSize: number,
  align: unknown,
): B {
  if (base.angle !== 0) return base;
  return inkAcross(inkDown(base, shown), shown, fontSize, align);
}

/** A box this many times wider than its words' estimated width has blank room beside them. */
const ROOMY = 1.6;
/** The estimate is rough: the ink kept in a roomy box is this much wider than it. */
const INK_SLACK = 1.2;

/**
 * The columns a left- or right-aligned text's letters fill: not the blanks typed before them
 * (`       s1`), nor the room of a box far wider than its words. (A centred text keeps its box:
 * its middle is its words' middle, and a wide box centred over a shape says it spans it.) Excalidraw
 * always writes the alignment; a box without one is taken as drawn.
 */
function inkAcross<B extends ReturnType<typeof restoreBase>>(
  base: B,
  shown: string,
  fontSize: number,
  align: unknown,
): B {
  // Without an alignment (hand-made scenes), where the words sit in the box is unknown.
  if (align !== 'left' && align !== 'right') return base;
  const lines = shown.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return base;
  const fromEdge =
    align === 'right'
      ? (l: string) => l.length - l.trimEnd().length
      : (l: string) => l.length - l.trimStart().length;
  const spans = lines.map((l) => {
    const blank = textWidth(' '.repeat(fromEdge(l)), fontSize);
    return { blank, ink: blank + textWidth(l.trim(), fontSize), typed: textWidth(l, fontSize) };
  });
  const natural = Math.max(...spans.map((s) => s.typed));
  if (natural <= 0) return base;
  // A box that fits its words scales the estimate to it; a roomy one keeps the estimate.
  const roomy = base.width > ROOMY * natural;
  const k = roomy ? 1 : base.width / natural;
  const near = k * Math.min(...spans.map((s) => s.blank));
  const far = k * Math.max(...spans.map((s) => s.ink)) * (roomy ? INK_SLACK : 1);
  const width = Math.min(base.width, far) - near;
  if (width <= 0 || width >= base.width - 1) return base;
  const x = align === 'right' ? base.x + base.width - near - width : base.x + near;
  return { ...base, x, width };
}

function inkDown<B extends ReturnType<typeof restoreBase>>(base: B, shown: string): B {
  const lines = shown.split('\n');
  const blank = (line: string | undefined) => line !== undefined && line.trim() === '';
  let first = 0;
  while (first < lines.length && blank(lines[first])) first++;
  let last = lines.length - 1;
  while (last > first && blank(lines[last])) last--;
  if (first >= lines.length || (first === 0 && last === lines.length - 1)) return base;
  const lineHeight = base.height / lines.length;
  return { ...base, y: base.y + first * lineHeight, height: (last - first + 1) * lineHeight };
}

function restoreLinear(
  raw: Json,
  base: ReturnType<typeof restoreBase>,
  type: 'arrow' | 'line',
  ctx: RestoreContext,
): LinearElement {
  const points = finitePoints(own(raw, 'points'));
  if (points.length < 2) {
    ctx.repairs.push(`${base.id}: ${type} without two valid points, drawn from its box`);
    points.length = 0;
    points.push([0, 0], [base.width, base.height]);
  }
  // Excalidraw's restore gives arrows an end arrowhead when the field is absent (files before 2020-05).
  const startHead = own(raw, 'startArrowhead');
  const endHead = Object.hasOwn(raw, 'endArrowhead')
    ? own(raw, 'endArrowhead')
    : type === 'arrow'
      ? 'arrow'
      : null;
  // Crow's feet or cardinality marks at both ends say how many, not which way: an ER relation.
  const relation = cardinality(startHead) && cardinality(endHead);
  // A UML diamond marks the whole, an arrowhead the way the relation reads: with both, the
  // arrowhead alone gives the direction. Alone, a diamond is the end the line points at.
  // A bar at both ends (|—|) points neither way: a plain link (Mermaid's x ends are crosses).
  const alike = arrowhead(startHead) === 'bar' && arrowhead(endHead) === 'bar';
  const startMarks = relation || alike || (wholeMark(startHead) && pointer(endHead));
  const endMarks = relation || alike || (wholeMark(endHead) && pointer(startHead));
  // Excalidraw draws a round stroke as a curve through its points (an elbow arrow stays square).
  const curved =
    points.length >= 3 &&
    own(raw, 'elbowed') !== true &&
    (isObject(own(raw, 'roundness')) || own(raw, 'strokeSharpness') === 'round');
  return {
    ...base,
    type,
    points,
    startBindingId: bindingId(own(raw, 'startBinding')),
    endBindingId: bindingId(own(raw, 'endBinding')),
    startArrowhead: startMarks ? null : arrowhead(startHead),
    endArrowhead: endMarks ? null : arrowhead(endHead),
    ...(curved ? { curved: true as const } : {}),
  };
}

/** A stroke's points that are pairs of finite coordinates, in order (none if it has no list). */
export function finitePoints(rawPoints: unknown): [number, number][] {
  const points: [number, number][] = [];
  if (!Array.isArray(rawPoints)) return points;
  for (const p of rawPoints) {
    if (Array.isArray(p) && isFiniteCoord(p[0]) && isFiniteCoord(p[1])) points.push([p[0], p[1]]);
  }
  return points;
}

/** A pen stroke's path keeps the points that stray farther than this from a straight run. */
const FREEHAND_TOLERANCE = 2;

/** A pen stroke as a line along its path, or null when it has no path (a dot, a bad file). */
function restoreFreehand(raw: Json, base: ReturnType<typeof restoreBase>): LinearElement | null {
  const points = finitePoints(own(raw, 'points'));
  if (points.length < 2) return null;
  return {
    ...base,
    type: 'line',
    points: withoutFlicks(penPath(points)),
    startBindingId: null,
    endBindingId: null,
    startArrowhead: null,
    endArrowhead: null,
    freehand: true,
  };
}

/** A pen stroke keeps at most this many corners: enough for where it runs and turns. */
const FREEHAND_POINTS = 16;

/** A pen stroke's corners: the tolerance grows until few enough are left (a long scrawl). */
function penPath(points: [number, number][]): [number, number][] {
  let tolerance = FREEHAND_TOLERANCE;
  // Points closer than the tolerance to the last one kept say nothing a corner would not.
  const spaced: [number, number][] = [points[0]!];
  for (let i = 1; i < points.length - 1; i++) {
    const [x, y] = spaced.at(-1)!;
    if (Math.hypot(points[i]![0] - x, points[i]![1] - y) > tolerance) spaced.push(points[i]!);
  }
  spaced.push(points.at(-1)!);
  let path = simplifyPath(spaced, tolerance);
  while (path.length > FREEHAND_POINTS) {
    tolerance *= 2;
    path = simplifyPath(path, tolerance);
  }
  return path;
}

/** A pen's flick at a stroke's end (as it lands or lifts) is this short at most. */
const FLICK = 20;

/**
 * The path without the flicks at its ends: where the last few pixels turn back on the way the
 * stroke ran, the pen was landing or lifting; the stroke ends where it got farthest.
 */
function withoutFlicks(pts: [number, number][]): [number, number][] {
  return trimFlick(trimFlick(pts).reverse()).reverse();
}

function trimFlick(path: [number, number][]): [number, number][] {
  let i = path.length - 1;
  let walked = 0;
  while (i > 1) {
    const step = Math.hypot(path[i]![0] - path[i - 1]![0], path[i]![1] - path[i - 1]![1]);
    if (walked + step > FLICK) break;
    walked += step;
    i--;
  }
  if (i === path.length - 1) return [...path];
  const [ax, ay] = path[i - 1]!;
  const [bx, by] = path[i]!;
  const ahead = (p: [number, number]) => (p[0] - bx) * (bx - ax) + (p[1] - by) * (by - ay);
  let far = i;
  for (let k = i + 1; k < path.length; k++) if (ahead(path[k]!) > ahead(path[far]!)) far = k;
  return path.slice(0, far + 1);
}

/** The path's corners: the points that stray farther than `tolerance` from a straight run (Ramer–Douglas–Peucker). */
function simplifyPath(pts: [number, number][], tolerance: number): [number, number][] {
  if (pts.length <= 2) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = 1;
  keep[pts.length - 1] = 1;
  const stack: [number, number][] = [[0, pts.length - 1]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = pts[a]!;
    const [bx, by] = pts[b]!;
    const dx = bx - ax;
    const dy = by - ay;
    const len = Math.hypot(dx, dy);
    let far = -1;
    let at = -1;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = pts[i]!;
      const d = len === 0 ? Math.hypot(px - ax, py - ay) : Math.abs(dy * (px - ax) - dx * (py - ay)) / len;
      if (d > far) {
        far = d;
        at = i;
      }
    }
    if (far > tolerance) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  return pts.filter((_, i) => keep[i] === 1);
}

const cardinality = (v: unknown) => typeof v === 'string' && /^(crowfoot|cardinality)_/.test(v);
const wholeMark = (v: unknown) => v === 'diamond' || v === 'diamond_outline';
const pointer = (v: unknown) => v === 'arrow' || v === 'triangle' || v === 'triangle_outline';

// Both the old `{elementId, focus, gap}` and the late-2025 `{elementId, fixedPoint, mode}` carry elementId.
function bindingId(v: unknown): string | null {
  return isObject(v) ? stringOrNull(own(v, 'elementId')) : null;
}

function arrowhead(v: unknown): Arrowhead | null {
  if (typeof v !== 'string' || v === '') return null;
  if (CIRCLE_HEADS.has(v)) return 'circle';
  if (v === 'bar') return 'bar';
  return 'arrow';
}

function uniqueId(v: unknown, index: number, ctx: RestoreContext): string {
  let id =
    typeof v === 'string' && v !== '' ? v.slice(0, MAX_ID_LENGTH) : typeof v === 'number' ? String(v) : '';
  if (id === '') {
    id = `element-${index}`;
    ctx.repairs.push(`element ${index}: no id, named ${id}`);
  }
  if (ctx.ids.has(id)) {
    const renamed = `${id}-${index}`;
    ctx.repairs.push(`${id}: duplicate id, renamed ${renamed}`);
    id = renamed;
  }
  ctx.ids.add(id);
  return id;
}

const isFiniteCoord = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= COORD_LIMIT;

function coord(v: unknown, id: string, field: string, ctx: RestoreContext): number {
  if (isFiniteCoord(v)) return v;
  if (v === undefined) return 0;
  if (typeof v === 'number' && Number.isFinite(v)) {
    ctx.repairs.push(`${id}: ${field} ${v} out of range, clamped`);
    return Math.sign(v) * COORD_LIMIT;
  }
  ctx.repairs.push(`${id}: ${field} is not a number, set to 0`);
  return 0;
}

function restoreGroupIds(v: unknown, id: string, ctx: RestoreContext): string[] {
  if (!Array.isArray(v)) return [];
  const ids = v
    .filter((g): g is string => typeof g === 'string' && g !== '')
    .map((g) => g.slice(0, MAX_ID_LENGTH));
  if (ids.length > MAX_GROUP_DEPTH) {
    ctx.repairs.push(`${id}: groups nested ${ids.length} deep, kept the innermost ${MAX_GROUP_DEPTH}`);
    return ids.slice(0, MAX_GROUP_DEPTH);
  }
  return ids;
}

function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v.slice(0, MAX_ID_LENGTH) : null;
}

function colorString(v: unknown, fallback: string): string {
  return typeof v === 'string' && v.length <= 64 ? v : fallback;
}

/**
 * A container lists its text in `boundElements`; when the text lost its `containerId` (a known
 * Excalidraw bug in 2022 files) the container's list is the only link left.
 */
function recoverLostContainers(raw: unknown[], elements: Element[]): void {
  const texts = new Map<string, TextElement>();
  for (const el of elements) if (el.type === 'text' && el.containerId === null) texts.set(el.id, el);
  if (texts.size === 0) return;
  // Built only when a container lists a lost text (rare): which ids survived restoring.
  let live: Set<string> | null = null;
  for (const item of raw) {
    if (!isObject(item) || own(item, 'isDeleted') === true) continue;
    const id = own(item, 'id');
    const bound = own(item, 'boundElements');
    if (typeof id !== 'string' || !Array.isArray(bound)) continue;
    for (const b of bound) {
      if (!isObject(b) || own(b, 'type') !== 'text') continue;
      const text = texts.get(String(own(b, 'id')));
      if (!text) continue;
      live ??= new Set(elements.map((el) => el.id));
      if (live.has(id)) text.containerId = id;
    }
  }
}

/**
 * An angle in [0, 2π), and 0 for one within a hundredth of a radian of level: a text turned a
 * full circle (stored as 6.28) or nudged by a hair is written level.
 */
function level(angle: number): number {
  const turn = 2 * Math.PI;
  const a = ((angle % turn) + turn) % turn;
  return a < 0.01 || turn - a < 0.01 ? 0 : a;
}
