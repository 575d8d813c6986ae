import { describe, expect, it } from 'vitest';
import { restoreElements } from './restore.ts';
import { atDefaultScale, drawingScale } from './scale.ts';
import { sceneToMermaid } from './to-mermaid.ts';

type Raw = Record<string, unknown>;

/**
 * A box holding two labelled boxes, with its caption 28 under it, and a third box whose arrow
 * points at the container: all drawn `k` times larger.
 */
function drawing(k: number): Raw[] {
  const box = (id: string, x: number, y: number, label: string): Raw[] => [
    {
      id,
      type: 'rectangle',
      x: x * k,
      y: y * k,
      width: 160 * k,
      height: 80 * k,
      boundElements: [{ type: 'text', id: `${id}-label` }],
    },
    {
      id: `${id}-label`,
      type: 'text',
      x: (x + 40) * k,
      y: (y + 30) * k,
      width: 80 * k,
      height: 25 * k,
      fontSize: 20 * k,
      text: label,
      containerId: id,
    },
  ];
  return [
    { id: 'frame', type: 'rectangle', x: 0, y: 0, width: 600 * k, height: 200 * k },
    ...box('a', 40, 60, 'Orders'),
    ...box('b', 400, 60, 'Billing'),
    {
      id: 'cap',
      type: 'text',
      x: 250 * k,
      y: 228 * k,
      width: 100 * k,
      height: 25 * k,
      fontSize: 20 * k,
      text: 'Backend',
    },
    ...box('c', 220, 400, 'Client'),
    {
      id: 'arrow',
      type: 'arrow',
      x: 300 * k,
      y: 400 * k,
      width: 0,
      height: 120 * k,
      points: [
        [0, 0],
        [0, -120 * k],
      ],
      startBinding: { elementId: 'c', focus: 0, gap: 1 },
      endBinding: { elementId: 'frame', focus: 0, gap: 1 },
    },
  ];
}

const read = (raw: Raw[]) =>
  sceneToMermaid(restoreElements(raw))
    .mermaid.split('\n')
    .filter((l) => !l.startsWith('%%'));

describe('the scale a drawing is read at', () => {
  it('is the median text size over the default, and 1 for ordinary sizes or no text', () => {
    const at = (sizes: number[]) =>
      drawingScale(
        restoreElements(sizes.map((fontSize, i) => ({ id: `t${i}`, type: 'text', text: 'x', fontSize })))
          .elements,
      );
    expect(at([16, 20, 20])).toBe(1);
    expect(at([20, 40, 40])).toBe(2);
    expect(at([36, 36, 16])).toBeCloseTo(1.8);
    expect(at([10, 10, 20])).toBe(0.5);
    expect(at([])).toBe(1);
  });

  it('reads a drawing the same at any size', () => {
    // The caption sits 28 under its box at the default size: drawn three times larger it is 84
    // under, and so is everything else a caption is measured against.
    expect(read(drawing(1))).toContain('  subgraph s_frame ["Backend"]');
    expect(read(drawing(3))).toEqual(read(drawing(1)));
    expect(read(drawing(0.4))).toEqual(read(drawing(1)));
  });

  it('keeps stroke widths, element ids and texts as drawn', () => {
    const scene = restoreElements(drawing(3));
    const read = atDefaultScale(scene);
    expect(read.elements.map((e) => e.id)).toEqual(scene.elements.map((e) => e.id));
    expect(read.elements.map((e) => e.strokeWidth)).toEqual(scene.elements.map((e) => e.strokeWidth));
    const label = read.elements.find((e) => e.id === 'a-label');
    expect(label).toMatchObject({ text: 'Orders', fontSize: 20, width: 80 });
  });
});
