/** Styles of a node drag inside the preview's shadow root: the node left behind, its ghost, the drop mark. */
export const DRAG_CSS = `
svg.merrow-dragging {
  overflow: visible;
}
.merrow-drag-source {
  opacity: 0.35;
}
.merrow-drag-ghost {
  opacity: 0.8;
  filter: drop-shadow(0 4px 8px rgba(0, 0, 0, 0.25));
}
.merrow-drop-mark {
  fill: #2563eb;
  stroke: none;
}
.merrow-drop-mark.into,
.merrow-drop-mark.out-of {
  fill: rgba(37, 99, 235, 0.08);
  stroke: #2563eb;
  stroke-width: 2px;
  stroke-dasharray: 6 4;
}
.merrow-drop-mark.out-of {
  fill: rgba(220, 38, 38, 0.06);
  stroke: #dc2626;
}
.merrow-drop-mark.already {
  fill: #9ca3af;
}
`;
