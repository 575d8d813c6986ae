/**
 * The drawing's scale. The reading rules measure in scene units (an arrow end snaps to a shape
 * within 24, a caption sits within 40 of its box …), sized for a drawing at Excalidraw's default
 * text size. People draw larger or smaller (the XL font, a drawing resized as a whole, an SVG
 * imported at another size), and everything they draw grows with it: the gaps, the slack of a
 * hand-placed arrow end, the labels. So the scene is read at the default scale: scaled about the
 * origin so that its typical text is the default size. Stroke widths are not scaled (Excalidraw
 * keeps them when a drawing is resized), and nothing the output names (element ids, texts) moves.
 */
import type { Element, Scene } from './model.ts';

/** Excalidraw's default font size (its "M"), the size the rules' distances are written for. */
const DEFAULT_FONT_SIZE = 20;
/** Scales this close to 1 are left alone: 16 and 20 are both ordinary sizes. */
const LEAVE_BELOW = 1.3;
/** The most a drawing is scaled either way. */
const LIMIT = 8;

/**
 * How many times larger than the default the drawing is drawn: its median text size over the
 * default, or 1 when it has no text or is near the default.
 */
export function drawingScale(elements: readonly Element[]): number {
  const sizes: number[] = [];
  for (const el of elements) {
    if (el.type === 'text' && Number.isFinite(el.fontSize) && el.fontSize > 0 && el.text.trim() !== '')
      sizes.push(el.fontSize);
  }
  if (sizes.length === 0) return 1;
  sizes.sort((a, b) => a - b);
  const median = sizes[Math.floor(sizes.length / 2)]!;
  const scale = Math.min(LIMIT, Math.max(1 / LIMIT, median / DEFAULT_FONT_SIZE));
  return scale < LEAVE_BELOW && scale > 1 / LEAVE_BELOW ? 1 : scale;
}

/** The scene at the default scale (the same scene when it is drawn at it). */
export function atDefaultScale(scene: Scene): Scene {
  const scale = drawingScale(scene.elements);
  return scale === 1 ? scene : scaleScene(scene, 1 / scale);
}

/** The scene drawn `k` times larger about the origin, as a resize of the whole drawing would. */
export function scaleScene(scene: Scene, k: number): Scene {
  const elements = scene.elements.map((el): Element => {
    const base = { x: el.x * k, y: el.y * k, width: el.width * k, height: el.height * k };
    switch (el.type) {
      case 'text':
        return { ...el, ...base, fontSize: el.fontSize * k };
      case 'arrow':
      case 'line':
        return { ...el, ...base, points: el.points.map(([x, y]): [number, number] => [x * k, y * k]) };
      default:
        return { ...el, ...base };
    }
  });
  return { ...scene, elements };
}
