/**
 * Bars: a box drawn long and thin (a rectangle a few pixels wide, hundreds long) with nothing in
 * it, that arrows are bound to, is a stroke to a reader — the spine a tree's branches leave, a
 * bus — whatever tool drew it. It is read as the line along its middle, and the arrows bound to
 * it start or end on that line.
 */
import type { Element, LinearElement, Scene, ShapeElement } from './model.ts';
import { boundIds } from './reading.ts';
import { type ConversionReport, recordGuess } from './report.ts';

/** A bar is at most this thick… */
const BAR_THICKNESS = 12;
/** …and at least this many times as long as thick, and this long. */
const BAR_ASPECT = 8;
const BAR_LENGTH = 60;

/** The scene with each bar read as the line along its middle. */
export function barsAsLines(scene: Scene, report: ConversionReport): Scene {
  const { worded, linked } = boundIds(scene.elements);
  // Only a bar strokes are bound to carries them; one alone is a rule or a mark of a mock-up.
  const isBar = (el: Element): el is ShapeElement => {
    if (el.type !== 'rectangle' || el.angle !== 0 || el.invisible || worded.has(el.id) || !linked.has(el.id))
      return false;
    const thin = Math.min(el.width, el.height);
    const long = Math.max(el.width, el.height);
    return thin <= BAR_THICKNESS && long >= BAR_LENGTH && long >= BAR_ASPECT * Math.max(thin, 1);
  };
  if (!scene.elements.some(isBar)) return scene;
  const elements = scene.elements.map((el): Element => {
    if (!isBar(el)) return el;
    const upright = el.height > el.width;
    const line: LinearElement = {
      ...el,
      type: 'line',
      x: upright ? el.x + el.width / 2 : el.x,
      y: upright ? el.y : el.y + el.height / 2,
      width: upright ? 0 : el.width,
      height: upright ? el.height : 0,
      points: upright
        ? [
            [0, 0],
            [0, el.height],
          ]
        : [
            [0, 0],
            [el.width, 0],
          ],
      startBindingId: null,
      endBindingId: null,
      startArrowhead: null,
      endArrowhead: null,
    };
    recordGuess(
      report,
      'bar',
      'medium',
      [el.id],
      () => `rectangle ${el.id}, long and thin with nothing in it, is a stroke`,
    );
    return line;
  });
  return { ...scene, elements };
}
