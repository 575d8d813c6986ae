import type { DiagramDiff, DiffSide } from '../../shared/diff/diagram-diff.ts';
import { DIFF_ELEMENT_SELECTOR, diffKeyOf } from '../../shared/diff/svg-ids.ts';

/**
 * Puts `diff-added`, `diff-removed` or `diff-changed` on every element of a rendered SVG that
 * stands for a marked node or edge of one side of the diff (svg-ids.ts says which those are).
 * Marks each element as `data-diff-key` too (`nodes:<id>`, `edges:<id>`), for tests and tooltips.
 */
export function markDiff(svg: Element, kind: DiagramDiff['kind'], side: DiffSide, renderId: string): void {
  for (const element of svg.querySelectorAll(DIFF_ELEMENT_SELECTOR)) {
    const key = diffKeyOf(kind, renderId, {
      id: element.id,
      className: element.getAttribute('class') ?? '',
      dataId: element.getAttribute('data-id'),
      name: element.getAttribute('name'),
    });
    const mark = key && side[key.part].get(key.id);
    if (!key || !mark) continue;
    element.classList.add(`diff-${mark}`);
    element.setAttribute('data-diff-key', `${key.part}:${key.id}`);
  }
}

/** Styles for the marks, inside each side's shadow root (the SVG's own styles stay scoped there too). */
export const DIFF_MARK_CSS = `
:host { --added: #16a34a; --removed: #dc2626; --changed: #d97706; }
svg { display: block; margin: 0 auto; max-width: 100%; height: auto; }
.diff-added { --mark: var(--added); }
.diff-removed { --mark: var(--removed); }
.diff-changed { --mark: var(--changed); }
:is(.diff-added, .diff-removed, .diff-changed) > :is(rect, polygon, circle, ellipse, path, line),
:is(.diff-added, .diff-removed, .diff-changed) > g > :is(rect, polygon, circle, ellipse, path),
:is(path, line, rect):is(.diff-added, .diff-removed, .diff-changed) {
  stroke: var(--mark) !important;
  stroke-width: 3px !important;
}
:is(.diff-added, .diff-removed, .diff-changed) {
  filter: drop-shadow(0 0 3px var(--mark));
}
.diff-removed { opacity: 0.85; }
.diff-removed :is(text, span, p) { text-decoration: line-through; }
/* Between peers (Comparison) what only the left side has is its own, in its colour: not removed. */
:host(.peers) { --removed: #2563eb; }
:host(.peers) .diff-removed { opacity: 1; }
:host(.peers) .diff-removed :is(text, span, p) { text-decoration: none; }
`;
