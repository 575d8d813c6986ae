import { describe, expect, it } from 'vitest';
import { PanZoom } from './pan-zoom.ts';

/** A stage of the given size and the canvas it moves: the two elements PanZoom reads and writes. */
function stage(width: number, height: number) {
  const element = {
    clientWidth: width,
    clientHeight: height,
    addEventListener() {},
  } as unknown as HTMLElement;
  const canvas = { style: { transform: '' } } as unknown as HTMLElement;
  return new PanZoom(element, canvas, () => {});
}

describe('PanZoom', () => {
  it("shows 1:1 after Fit from the diagram's own place, not Fit's offset", () => {
    const view = stage(400, 300);
    view.fit(1600, 200, true);
    view.actual(1600, 200);
    // Wider than the stage: from the left edge (with the padding); as tall as it fits: centred.
    expect(view.view).toEqual({ scale: 1, x: 16, y: 50 });
  });

  it('centres a diagram that fits at 1:1', () => {
    const view = stage(400, 300);
    view.zoomAt(3, 0, 0);
    view.actual(100, 50);
    expect(view.view).toEqual({ scale: 1, x: 150, y: 125 });
  });
});
