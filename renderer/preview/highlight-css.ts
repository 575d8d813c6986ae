/** Styles inside the preview's shadow root: clickable elements and the element under the editor's cursor. */
export const HIGHLIGHT_CSS = `
svg {
  display: block;
}
.merrow-hit {
  cursor: pointer;
}
.merrow-highlight > rect,
.merrow-highlight > polygon,
.merrow-highlight > circle,
.merrow-highlight > ellipse,
.merrow-highlight > path,
.merrow-highlight > g > rect,
.merrow-highlight > g > path,
.merrow-highlight > line,
path.merrow-highlight,
line.merrow-highlight,
rect.merrow-highlight {
  stroke: #f59e0b !important;
  stroke-width: 3px !important;
}
.merrow-highlight {
  filter: drop-shadow(0 0 4px rgba(245, 158, 11, 0.8));
}
`;
