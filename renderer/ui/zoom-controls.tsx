/** What a zoom button asks of a view. */
export type ZoomAction = 'zoom-in' | 'zoom-out' | 'fit' | 'actual';

/** Zoom out, the scale, zoom in, Fit and 1:1: the preview's and the comparisons' zoom buttons. */
export function ZoomControls({
  scale,
  onAction,
  testIdPrefix = '',
}: {
  scale: number;
  onAction: (action: ZoomAction) => void;
  testIdPrefix?: string;
}) {
  return (
    <>
      <button
        type="button"
        title="Zoom out"
        data-testid={`${testIdPrefix}zoom-out`}
        onClick={() => onAction('zoom-out')}
      >
        −
      </button>
      <span className="zoom-level" data-testid={`${testIdPrefix}zoom-level`}>
        {Math.round(scale * 100)}%
      </span>
      <button
        type="button"
        title="Zoom in"
        data-testid={`${testIdPrefix}zoom-in`}
        onClick={() => onAction('zoom-in')}
      >
        +
      </button>
      <button
        type="button"
        title="Fit to the pane"
        data-testid={`${testIdPrefix}zoom-fit`}
        onClick={() => onAction('fit')}
      >
        Fit
      </button>
      <button
        type="button"
        title="Actual size"
        data-testid={`${testIdPrefix}zoom-100`}
        onClick={() => onAction('actual')}
      >
        1:1
      </button>
    </>
  );
}
