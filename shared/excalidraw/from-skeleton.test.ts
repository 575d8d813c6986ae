import { describe, expect, it } from 'vitest';
import { type ExcalidrawScene, type Skeleton, skeletonsToScene } from './from-skeleton.ts';
import { readExcalidraw } from './read.ts';
import { fractionalIndex } from './scene-elements.ts';
import { sceneToMermaid } from './to-mermaid.ts';

// As `@excalidraw/mermaid-to-excalidraw` 3.6 returns `flowchart LR; subgraph S [Group]; A[Start] -->|go| B(Round); end; B -.-> C{Choice}`.
const FLOWCHART: Skeleton[] = [
  { id: 'S', type: 'rectangle', groupIds: [], x: 8, y: 10, width: 340, height: 160 },
  {
    id: 'A_B',
    type: 'arrow',
    x: 106,
    y: 108,
    strokeWidth: 2,
    points: [
      [0, 0],
      [32, -24],
      [104, -24],
    ],
    label: { text: 'go', fontSize: 20, labelPosition: 0.5 },
    roundness: { type: 2 },
    start: { id: 'A' },
    end: { id: 'B' },
  },
  {
    id: 'B_C',
    type: 'arrow',
    x: 305,
    y: 83,
    strokeStyle: 'dashed',
    points: [
      [0, 0],
      [108, 0],
    ],
    start: { id: 'B' },
    end: { type: 'rectangle', id: 'C' },
  },
  {
    id: 'S__title',
    type: 'rectangle',
    x: 115,
    y: 16,
    width: 122,
    height: 35,
    strokeColor: 'transparent',
    label: { text: 'Group', fontSize: 20 },
  },
  {
    id: 'A',
    type: 'rectangle',
    x: 28,
    y: 89,
    width: 78,
    height: 54,
    label: { text: 'Start', fontSize: 20 },
    link: 'https://example.com/',
    backgroundColor: '#f9f',
  },
  {
    id: 'B',
    type: 'rectangle',
    x: 210,
    y: 56,
    width: 95,
    height: 54,
    label: { text: 'Round', fontSize: 20 },
    roundness: { type: 3 },
    link: 'javascript:alert(1)',
  },
  {
    id: 'C',
    type: 'diamond',
    x: 413,
    y: 37,
    width: 147,
    height: 92,
    label: { text: 'Choice', fontSize: 20 },
  },
];

const byId = (scene: ExcalidrawScene, id: string) => scene.elements.find((e) => e.id === id)!;

function readBack(scene: ExcalidrawScene) {
  return readExcalidraw(new TextEncoder().encode(JSON.stringify(scene))).scenes[0]!;
}

describe('skeletonsToScene', () => {
  it('binds each label to its shape or arrow both ways, centred in the shape', () => {
    const scene = skeletonsToScene(FLOWCHART);
    const a = byId(scene, 'A');
    const label = byId(scene, 'A-label');
    expect(label).toMatchObject({ type: 'text', containerId: 'A', text: 'Start', originalText: 'Start' });
    expect(a.boundElements).toContainEqual({ id: 'A-label', type: 'text' });
    expect((label.x as number) + (label.width as number) / 2).toBeCloseTo(28 + 78 / 2, 1);
    expect((label.y as number) + (label.height as number) / 2).toBeCloseTo(89 + 54 / 2, 1);
    expect(byId(scene, 'A_B').boundElements).toContainEqual({ id: 'A_B-label', type: 'text' });
  });

  it('binds arrow ends in the 0.18 form and the late-2025 form, and lists the arrow on both shapes', () => {
    const scene = skeletonsToScene(FLOWCHART);
    const arrow = byId(scene, 'A_B');
    expect(arrow.startBinding).toMatchObject({ elementId: 'A', focus: 0, mode: 'orbit' });
    expect(arrow.endBinding).toMatchObject({ elementId: 'B', fixedPoint: [0, expect.any(Number)] });
    expect((arrow.endBinding as { gap: number }).gap).toBeGreaterThanOrEqual(1);
    expect(byId(scene, 'A').boundElements).toContainEqual({ id: 'A_B', type: 'arrow' });
    expect(byId(scene, 'B').boundElements).toContainEqual({ id: 'A_B', type: 'arrow' });
    expect(byId(scene, 'B_C').endBinding).toMatchObject({ elementId: 'C' });
  });

  it('ends an arrow in an arrowhead unless the skeleton says none, as Excalidraw does', () => {
    const scene = skeletonsToScene([
      {
        type: 'arrow',
        x: 0,
        y: 0,
        points: [
          [0, 0],
          [10, 0],
        ],
      },
      {
        type: 'arrow',
        x: 0,
        y: 9,
        points: [
          [0, 0],
          [10, 0],
        ],
        endArrowhead: null,
      },
      {
        type: 'arrow',
        x: 0,
        y: 20,
        points: [
          [0, 0],
          [10, 0],
        ],
        startArrowhead: 'cardinality_zero_or_many',
      },
    ]);
    expect(scene.elements.map((e) => [e.startArrowhead, e.endArrowhead])).toEqual([
      [null, 'arrow'],
      [null, null],
      ['crowfoot_many', 'arrow'],
    ]);
  });

  it('turns a subgraph box and its title band into a frame named by the title, holding its nodes', () => {
    const scene = skeletonsToScene(FLOWCHART);
    expect(scene.elements.some((e) => e.id === 'S__title')).toBe(false);
    expect(byId(scene, 'S')).toMatchObject({ type: 'frame', name: 'Group' });
    for (const id of ['A', 'A-label', 'B', 'A_B']) expect(byId(scene, id).frameId).toBe('S');
    expect(byId(scene, 'C').frameId).toBeNull();
    // Excalidraw keeps a frame's children before the frame.
    const order = scene.elements.map((e) => e.id);
    expect(order.indexOf('A')).toBeLessThan(order.indexOf('S'));
  });

  it('keeps web and mail links only', () => {
    const scene = skeletonsToScene(FLOWCHART);
    expect(byId(scene, 'A').link).toBe('https://example.com/');
    expect(byId(scene, 'B').link).toBeNull();
  });

  it('gives every element the fields Excalidraw writes, increasing indices and unique ids', () => {
    const scene = skeletonsToScene([
      ...FLOWCHART,
      { id: 'A', type: 'ellipse', x: 0, y: 0, width: 1, height: 1 },
    ]);
    const ids = scene.elements.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const indices = scene.elements.map((e) => e.index as string);
    expect([...indices].sort()).toEqual(indices);
    for (const el of scene.elements) {
      for (const key of [
        'seed',
        'versionNonce',
        'version',
        'groupIds',
        'frameId',
        'boundElements',
        'angle',
      ]) {
        expect(el, `${el.id}.${key}`).toHaveProperty(key);
      }
      expect(Number.isInteger(el.seed)).toBe(true);
    }
  });

  it('writes the same file for the same skeletons, whatever random group ids they carry', () => {
    const withGroups = (g: string) => [{ ...FLOWCHART[4]!, groupIds: [g] }, ...FLOWCHART.slice(5)];
    expect(JSON.stringify(skeletonsToScene(withGroups('x1')))).toBe(
      JSON.stringify(skeletonsToScene(withGroups('y2'))),
    );
  });

  it('embeds an image with its file, named by content', () => {
    const dataURL = `data:image/svg+xml;base64,${btoa('<svg xmlns="http://www.w3.org/2000/svg"/>')}`;
    const scene = skeletonsToScene(
      [{ type: 'image', x: 0, y: 0, width: 200, height: 100, fileId: 'diagram' }],
      { diagram: { mimeType: 'image/svg+xml', dataURL } },
    );
    const image = scene.elements[0]!;
    expect(image).toMatchObject({ type: 'image', status: 'saved', width: 200 });
    expect(scene.files[image.fileId as string]).toMatchObject({ mimeType: 'image/svg+xml', dataURL });
  });

  it('drops what cannot be trusted: non-finite numbers, unknown types, images without a data URL', () => {
    const scene = skeletonsToScene(
      [
        { type: 'rectangle', x: Number.NaN, y: 1e308, width: 10, height: 10, strokeColor: 'x'.repeat(99) },
        { type: 'magic', x: 0, y: 0 },
        { type: 'image', x: 0, y: 0, width: 1, height: 1, fileId: 'f' },
      ] as Skeleton[],
      { f: { mimeType: 'image/png', dataURL: 'https://example.com/x.png' } },
    );
    expect(scene.elements).toHaveLength(1);
    expect(scene.elements[0]).toMatchObject({ x: 0, y: 0, strokeColor: '#1e1e1e' });
  });

  it('reads back with Merrow’s reader without repairs, as the same flowchart', () => {
    const scene = readBack(skeletonsToScene(FLOWCHART));
    expect(scene.repairs).toEqual([]);
    const { mermaid, report } = sceneToMermaid(scene);
    expect(report.warnings).toEqual([]);
    expect(mermaid).toContain('n_A -->|"go"| n_B');
    expect(mermaid).toContain('n_B -.-> n_C');
    expect(mermaid).toMatch(/subgraph f_S \["Group"\]\n\s+n_A\n\s+n_B\n\s+end/);
  });
});

describe('fractionalIndex', () => {
  it('counts a0…az, then b00…, in Excalidraw’s base-62 order', () => {
    expect([0, 9, 10, 61, 62, 63, 62 + 3843, 62 + 3844].map(fractionalIndex)).toEqual([
      'a0',
      'a9',
      'aA',
      'az',
      'b00',
      'b01',
      'bzz',
      'c000',
    ]);
  });
});
