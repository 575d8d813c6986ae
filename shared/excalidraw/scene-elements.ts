/**
 * Complete Excalidraw elements, as Excalidraw 0.18 writes them, from the few fields a converter
 * decides. Everything else (seeds, nonces, fractional indices, defaults) is derived from the
 * element id, so the same input always gives the same file.
 */

/** A saved Excalidraw element (the JSON form; fields vary by type). */
export type ExcalidrawElement = { id: string; type: string } & Record<string, unknown>;

/** Excalidraw's default font since 2024 (Excalifont); older releases fall back to Virgil. */
export const FONT_FAMILY = 5;
export const LINE_HEIGHT = 1.25;
/** Excalidraw's padding between a container's outline and its bound text. */
export const BOUND_TEXT_PADDING = 5;

// Base62, the digits Excalidraw's fractional indices (`index`) are written in.
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The n-th fractional index in increasing order: `a0`…`az`, then `b00`…`bzz`, then `c000`…, as
 * the `fractional-indexing` package Excalidraw uses generates them for a fresh list.
 */
export function fractionalIndex(n: number): string {
  let rest = n;
  for (let digits = 1; digits <= 25; digits++) {
    const span = 62 ** digits;
    if (rest < span) {
      let key = '';
      for (let i = 0; i < digits; i++) {
        key = DIGITS[rest % 62] + key;
        rest = Math.floor(rest / 62);
      }
      return String.fromCharCode(96 + digits) + key;
    }
    rest -= span;
  }
  throw new RangeError('too many elements for a fractional index');
}

/** A stable 31-bit seed from a string (FNV-1a), so that output is reproducible. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 1 || 1;
}

/** Fields every Excalidraw element has, with Excalidraw's defaults. */
export function baseElement(
  id: string,
  type: string,
  box: { x: number; y: number; width: number; height: number },
): ExcalidrawElement {
  return {
    id,
    type,
    x: box.x,
    y: box.y,
    width: box.width,
    height: box.height,
    angle: 0,
    strokeColor: '#1e1e1e',
    backgroundColor: 'transparent',
    fillStyle: 'solid',
    strokeWidth: 2,
    strokeStyle: 'solid',
    roughness: 1,
    opacity: 100,
    groupIds: [],
    frameId: null,
    index: null,
    roundness: null,
    seed: seedOf(id),
    version: 1,
    versionNonce: seedOf(`${id}\u0000nonce`),
    isDeleted: false,
    boundElements: null,
    updated: 1,
    link: null,
    locked: false,
  };
}

/** Estimated width of a line of Excalifont text: Excalidraw re-measures it when the text is edited. */
export function textWidth(line: string, fontSize: number): number {
  let em = 0;
  for (const ch of line) {
    const code = ch.codePointAt(0)!;
    // CJK, Hangul, full-width forms and emoji are about one em wide; Latin letters about half.
    em += code >= 0x1100 ? 1 : /[A-Z]/.test(ch) ? 0.64 : ch === ' ' ? 0.3 : 0.52;
  }
  return Math.ceil(em * fontSize);
}

/** A text element; `containerId` makes it the label of a shape or arrow. */
export function textElement(
  id: string,
  text: string,
  at: { x: number; y: number },
  options: {
    fontSize: number;
    textAlign: 'left' | 'center' | 'right';
    verticalAlign: 'top' | 'middle' | 'bottom';
    containerId: string | null;
    strokeColor: string;
    groupIds: string[];
  },
): ExcalidrawElement {
  const lines = text.split('\n');
  const width = Math.max(1, ...lines.map((l) => textWidth(l, options.fontSize)));
  const height = lines.length * options.fontSize * LINE_HEIGHT;
  // `at` is where the text is anchored horizontally: its left, centre or right.
  const x =
    options.textAlign === 'center' ? at.x - width / 2 : options.textAlign === 'right' ? at.x - width : at.x;
  return {
    ...baseElement(id, 'text', {
      x: Math.round(x * 100) / 100,
      y: Math.round(at.y * 100) / 100,
      width,
      height,
    }),
    strokeColor: options.strokeColor,
    groupIds: options.groupIds,
    text,
    originalText: text,
    fontSize: options.fontSize,
    fontFamily: FONT_FAMILY,
    textAlign: options.textAlign,
    verticalAlign: options.verticalAlign,
    containerId: options.containerId,
    autoResize: true,
    lineHeight: LINE_HEIGHT,
  };
}

/** A box: an element's, or a region's. */
export type Box = { x: number; y: number; width: number; height: number };

export const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** The point `t` of the way along an arrow's path, by length. */
export function pointAlong(arrow: ExcalidrawElement, t: number): { x: number; y: number } {
  const pts = (arrow.points as [number, number][]).map(([x, y]) => ({
    x: (arrow.x as number) + x,
    y: (arrow.y as number) + y,
  }));
  const lengths = pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i]!.x, p.y - pts[i]!.y));
  let remaining = clamp01(t) * lengths.reduce((a, b) => a + b, 0);
  for (let i = 0; i < lengths.length; i++) {
    const len = lengths[i]!;
    if (remaining <= len && len > 0) {
      const k = remaining / len;
      return {
        x: pts[i]!.x + (pts[i + 1]!.x - pts[i]!.x) * k,
        y: pts[i]!.y + (pts[i + 1]!.y - pts[i]!.y) * k,
      };
    }
    remaining -= len;
  }
  return pts.at(-1)!;
}

export function bounds(el: ExcalidrawElement): Box {
  const x = el.x as number;
  const y = el.y as number;
  if (!Array.isArray(el.points)) return { x, y, width: el.width as number, height: el.height as number };
  const pts = el.points as [number, number][];
  const xs = pts.map((p) => x + p[0]);
  const ys = pts.map((p) => y + p[1]);
  return {
    x: Math.min(...xs),
    y: Math.min(...ys),
    width: Math.max(...xs) - Math.min(...xs),
    height: Math.max(...ys) - Math.min(...ys),
  };
}

export function inside(a: Box, b: Box): boolean {
  const e = 0.5;
  return (
    a.x >= b.x - e &&
    a.y >= b.y - e &&
    a.x + a.width <= b.x + b.width + e &&
    a.y + a.height <= b.y + b.height + e
  );
}
