import { type ReactNode, useRef } from 'react';

interface SplitProps {
  /** Width of the left part in pixels, owned by the caller so it can be remembered. */
  size: number;
  onSize: (size: number) => void;
  min?: number;
  left: ReactNode;
  right: ReactNode;
  testId?: string;
}

/** Two panes side by side with a draggable divider (also keyboard-resizable with the arrow keys). */
export function Split({ size, onSize, min = 120, left, right, testId }: SplitProps) {
  const container = useRef<HTMLDivElement>(null);
  const drag = (e: React.PointerEvent) => {
    const box = container.current?.getBoundingClientRect();
    if (!box) return;
    const el = e.currentTarget as HTMLElement;
    el.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) =>
      onSize(Math.min(box.width - min, Math.max(min, ev.clientX - box.left)));
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
      <div className="split-left" style={{ width: size }}>
        {left}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a vertical splitter has no semantic element */}
      <div
        className="split-divider"
        role="separator"
        aria-orientation="vertical"
        aria-valuenow={size}
        tabIndex={0}
        data-testid={testId}
        onPointerDown={drag}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') onSize(Math.max(min, size - 20));
          if (e.key === 'ArrowRight') onSize(size + 20);
        }}
      />
      <div className="split-right">{right}</div>
    </div>
  );
}
