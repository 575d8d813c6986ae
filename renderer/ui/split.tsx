import { type ReactNode, useRef } from 'react';

interface SplitProps {
  /**
   * The left part's size, owned by the caller so it can be remembered: pixels, or with
   * `proportional` a share of the split's width (0–1), so both panes grow with the window.
   */
  size: number;
  onSize: (size: number) => void;
  proportional?: boolean;
  /** The narrowest each part may be, in pixels; the left part gives way first when both cannot fit. */
  min?: number;
  minRight?: number;
  /** The widest the left part may be, in pixels. */
  max?: number;
  /** A double-click on the divider: the caller puts the size back to its default. */
  onReset?: () => void;
  /**
   * The left part is folded to its own content's width (the sidebar's activity bar alone), with no
   * divider; `size` is kept for when it opens again.
   */
  collapsed?: boolean;
  left: ReactNode;
  right: ReactNode;
  testId?: string;
}

const KEY_STEP_PX = 20;

/**
 * Two panes side by side with a draggable divider (also keyboard-resizable with the arrow keys).
 * The browser keeps both minimums as the window shrinks (CSS min/max width), so no pane is pushed
 * out of the window and nothing needs measuring on resize.
 */
export function Split({
  size,
  onSize,
  proportional,
  min = 120,
  minRight = min,
  max = Number.POSITIVE_INFINITY,
  onReset,
  collapsed = false,
  left,
  right,
  testId,
}: SplitProps) {
  const container = useRef<HTMLDivElement>(null);
  const width = () => container.current?.getBoundingClientRect().width ?? 0;
  /** The size for a left part `px` wide, within both minimums. */
  const sizeFor = (px: number) => {
    const total = width();
    const clamped = Math.max(min, Math.min(total - minRight, max, px));
    return proportional ? (total > 0 ? clamped / total : size) : Math.round(clamped);
  };
  const leftPx = () => (proportional ? size * width() : size);
  const drag = (e: React.PointerEvent) => {
    const box = container.current?.getBoundingClientRect();
    if (!box) return;
    const el = e.currentTarget as HTMLElement;
    el.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => onSize(sizeFor(ev.clientX - box.left));
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      document.body.classList.remove('resizing');
    };
    document.body.classList.add('resizing');
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };
  return (
    <div className="split" ref={container}>
      <div
        className="split-left"
        style={
          collapsed
            ? {}
            : {
                width: proportional ? `${size * 100}%` : size,
                minWidth: min,
                maxWidth: Number.isFinite(max)
                  ? `min(${max}px, calc(100% - ${minRight}px))`
                  : `calc(100% - ${minRight}px)`,
              }
        }
      >
        {left}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a vertical splitter has no semantic element */}
      <div
        hidden={collapsed}
        className="split-divider"
        role="separator"
        aria-orientation="vertical"
        aria-label={`Resize the panes (left and right arrow keys${onReset ? ', double-click resets' : ''})`}
        title={onReset ? 'Drag to resize; double-click to reset' : undefined}
        aria-valuenow={Math.round(proportional ? size * 100 : size)}
        tabIndex={0}
        data-testid={testId}
        onPointerDown={drag}
        onDoubleClick={onReset}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') onSize(sizeFor(leftPx() - KEY_STEP_PX));
          if (e.key === 'ArrowRight') onSize(sizeFor(leftPx() + KEY_STEP_PX));
        }}
      />
      <div className="split-right" style={{ minWidth: minRight }}>
        {right}
      </div>
    </div>
  );
}
