import { describe, expect, it } from 'vitest';
import { convertScene, openDrawing } from './drawing.ts';
import { DEFAULT_OPTIONS, diagramPath, isDrawingName } from './names.ts';

type Raw = Record<string, unknown>;
const box = (id: string, x: number, y: number, extra: Raw = {}): Raw => ({
  id,
  type: 'rectangle',
  x,
  y,
  width: 100,
  height: 60,
  ...extra,
});
const label = (id: string, containerId: string, text: string): Raw => ({
  id,
  type: 'text',
  x: 0,
  y: 0,
  width: 10,
  height: 10,
  text,
  containerId,
});
const arrow = (id: string, from: [number, number], to: [number, number], extra: Raw = {}): Raw => ({
  id,
  type: 'arrow',
  x: from[0],
  y: from[1],
  width: Math.abs(to[0] - from[0]),
  height: Math.abs(to[1] - from[1]),
  points: [
    [0, 0],
    [to[0] - from[0], to[1] - from[1]],
  ],
  ...extra,
});
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

const scene = {
  type: 'excalidraw',
  version: 2,
  elements: [
    box('lb', 0, 0),
    label('lbt', 'lb', 'Load balancer'),
    box('api', 300, 0),
    label('apit', 'api', 'API'),
    arrow('a1', [104, 30], [296, 30], {
      startBinding: { elementId: 'lb', focus: 0, gap: 4 },
      endBinding: null,
    }),
    arrow('loose', [0, 400], [60, 460]),
    { id: 'scribble', type: 'freedraw', x: 500, y: 500, width: 10, height: 10, points: [[0, 0]] },
    box('empty', 600, 300),
  ],
  appState: { viewBackgroundColor: '#fafafa' },
  files: {},
};

describe('openDrawing', () => {
  it('reads the model and the raw scene Excalidraw draws from the same bytes', () => {
    const drawing = openDrawing('lb.excalidraw', bytes(scene));
    expect(drawing.carrier).toBe('scene');
    expect(drawing.scenes).toHaveLength(1);
    expect(drawing.scenes[0]!.raw.elements).toHaveLength(8);
    expect(drawing.scenes[0]!.raw.background).toBe('#fafafa');
    expect(drawing.scenes[0]!.model.elements.map((e) => e.id)).toContain('api');
  });

  it('gives each library item its own scene, named by the item', () => {
    const lib = {
      type: 'excalidrawlib',
      version: 2,
      libraryItems: [
        { id: '1', name: 'Queue', elements: [box('q', 0, 0), label('qt', 'q', 'Q')] },
        { id: '2', elements: [box('r', 0, 0)] },
      ],
    };
    const drawing = openDrawing('kit.excalidrawlib', bytes(lib));
    expect(drawing.scenes.map((s) => s.title)).toEqual(['Queue', 'item 2']);
    expect(drawing.scenes[1]!.raw.elements).toHaveLength(1);
  });

  it('refuses a file that is not a drawing with the reader’s message', () => {
    expect(() => openDrawing('x.excalidraw', bytes({ hello: 1 }))).toThrow(/no "elements" array/);
  });
});

describe('convertScene', () => {
  const model = () => openDrawing('lb.excalidraw', bytes(scene)).scenes[0]!.model;

  it('lists converted nodes with both ids, the guessed end as the converter describes it, and each dropped element', () => {
    const { items, conversion } = convertScene(model(), DEFAULT_OPTIONS);
    const lb = items.find((i) => i.text === 'node “Load balancer”');
    expect(lb).toMatchObject({ group: 'converted', elementIds: ['lb'] });
    expect(conversion.mermaid).toContain(`${lb!.mermaidIds[0]}["Load balancer"]`);
    expect(items).toContainEqual(
      expect.objectContaining({
        group: 'converted',
        text: 'edge “Load balancer” → “API”',
        elementIds: ['a1'],
      }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({
        group: 'guessed',
        elementIds: ['a1'],
        text: 'the end of arrow a1 is attached to the nearest outline, shape api (high confidence)',
      }),
    );
    const dropped = items.filter((i) => i.group === 'dropped').map((i) => i.elementIds[0]);
    expect(dropped.sort()).toEqual(['empty', 'loose', 'scribble']);
  });

  /** A box titled “Backend” holding a load balancer and an API. */
  const backend = () => [
    box('zone', -40, -80, { width: 520, height: 220 }),
    { id: 'title', type: 'text', x: -30, y: -70, width: 80, height: 20, text: 'Backend' },
    box('lb', 0, 0),
    label('lbt', 'lb', 'Load balancer'),
    box('api', 300, 0),
    label('apit', 'api', 'API'),
  ];

  it('lists a titled box around shapes as a subgraph, and marks a label read from free text as guessed', () => {
    const drawn = {
      type: 'excalidraw',
      elements: [
        ...backend(),
        arrow('a1', [104, 30], [296, 30], {
          startBinding: { elementId: 'lb', focus: 0, gap: 4 },
          endBinding: { elementId: 'api', focus: 0, gap: 4 },
        }),
        { id: 'yes', type: 'text', x: 180, y: 8, width: 30, height: 18, text: 'calls' },
      ],
    };
    const { items, conversion } = convertScene(
      openDrawing('zone.excalidraw', bytes(drawn)).scenes[0]!.model,
      DEFAULT_OPTIONS,
    );
    const zone = items.find((i) => i.text.startsWith('subgraph “Backend”'));
    expect(zone).toMatchObject({ group: 'converted', text: 'subgraph “Backend” holding 2 nodes' });
    expect(conversion.mermaid).toContain(`subgraph ${zone!.mermaidIds[0]} ["Backend"]`);
    expect(items).toContainEqual(
      expect.objectContaining({
        group: 'converted',
        text: 'edge “Load balancer” → “API” “calls” (label guessed)',
      }),
    );
    const guesses = items.filter((i) => i.group === 'guessed').map((i) => i.text);
    expect(guesses).toContainEqual(
      expect.stringMatching(
        /^rectangle zone holds 2 nodes under the title “Backend”: a subgraph \(high confidence\)$/,
      ),
    );
    expect(guesses).toContainEqual(
      expect.stringMatching(/^free text “calls” beside arrow a1 is its label \(\w+ confidence\)$/),
    );
    expect(items.filter((i) => i.group === 'dropped')).toEqual([]);
  });

  it('names a group an edge reaches by its title, not its Mermaid id', () => {
    const drawn = {
      type: 'excalidraw',
      elements: [
        ...backend(),
        box('user', 0, 300),
        label('usert', 'user', 'User'),
        arrow('a1', [50, 296], [50, 144], {
          startBinding: { elementId: 'user', focus: 0, gap: 4 },
          endBinding: { elementId: 'zone', focus: 0, gap: 4 },
        }),
      ],
    };
    const { items } = convertScene(
      openDrawing('zone.excalidraw', bytes(drawn)).scenes[0]!.model,
      DEFAULT_OPTIONS,
    );
    expect(items.map((i) => i.text)).toContain('edge “User” → “Backend”');
  });

  it('names a node without words by what it is drawn as, and its Mermaid id', () => {
    const drawn = {
      type: 'excalidraw',
      elements: [
        box('user', 0, 0),
        label('usert', 'user', 'User'),
        { ...box('dot', 300, 0), type: 'ellipse', width: 60 },
        arrow('a1', [104, 30], [296, 30], {
          startBinding: { elementId: 'user', focus: 0, gap: 4 },
          endBinding: { elementId: 'dot', focus: 0, gap: 4 },
        }),
      ],
    };
    const { items, conversion } = convertScene(
      openDrawing('dot.excalidraw', bytes(drawn)).scenes[0]!.model,
      DEFAULT_OPTIONS,
    );
    const id = /(n_\w+)\(\(" "\)\)/.exec(conversion.mermaid)?.[1];
    expect(id).toBeDefined();
    expect(items.map((i) => i.text)).toEqual(
      expect.arrayContaining([`node: unnamed circle ${id}`, `edge “User” → “unnamed circle ${id}”`]),
    );
  });

  it('names an icon by the words printed in it, and does not list as dropped the picture it became', () => {
    const icon = bytes({
      type: 'excalidraw',
      elements: [
        box('api', 0, 0),
        label('apit', 'api', 'API'),
        { id: 'pic', type: 'image', x: 300, y: 0, width: 60, height: 60, fileId: 'f' },
        { id: 'photo', type: 'image', x: 0, y: 300, width: 60, height: 60, fileId: 'f' },
        arrow('a', [104, 30], [296, 30], {
          startBinding: { elementId: 'api', focus: 0, gap: 4 },
          endBinding: { elementId: 'pic', focus: 0, gap: 4 },
        }),
      ],
      files: { f: { mimeType: 'image/png', dataURL: 'data:image/png;base64,iVBORw0KGgo=' } },
    });
    const model = openDrawing('icon.excalidraw', icon, new Map([['f', 'Order Queue']])).scenes[0]!.model;
    const { conversion, items } = convertScene(model, DEFAULT_OPTIONS);
    expect(conversion.mermaid).toContain('["Order Queue"]');
    expect(items.find((i) => i.group === 'guessed' && i.elementIds.includes('pic'))?.text).toContain(
      'by the words printed in it',
    );
    // The picture no arrow reaches is the one dropped.
    expect(items.filter((i) => i.group === 'dropped').map((i) => i.elementIds)).toEqual([['photo']]);
  });

  it('re-converts with the chosen direction, look and colours', () => {
    const { conversion } = convertScene(model(), { direction: 'TD', handDrawn: true, colors: false });
    expect(conversion.mermaid).toMatch(/^flowchart TD$/m);
    expect(conversion.mermaid).toContain('look: handDrawn');
    expect(convertScene(model(), DEFAULT_OPTIONS).conversion.mermaid).toMatch(/^flowchart LR$/m);
  });

  it('maps Mermaid ids back to the elements they came from', () => {
    const { elementOf, conversion } = convertScene(model(), DEFAULT_OPTIONS);
    for (const [elementId, id] of conversion.ids) expect(elementOf.get(id)).toBe(elementId);
  });
});

describe('names', () => {
  it('saves beside the drawing as merrow convert names it', () => {
    expect(diagramPath('docs/lb.excalidraw', 'docs', 0, 1)).toBe('docs/lb.mmd');
    expect(diagramPath('flow.excalidraw.png', '', 0, 1)).toBe('flow.mmd');
    expect(diagramPath('note.excalidraw.md', 'out/', 0, 1)).toBe('out/note.mmd');
    expect(diagramPath('kit.excalidrawlib', '', 1, 3)).toBe('kit-2.mmd');
    expect(diagramPath('clip.json', '', 0, 1)).toBe('clip.mmd');
  });

  it('knows every drawing carrier by name', () => {
    for (const name of [
      'a.excalidraw',
      'a.excalidraw.json',
      'a.excalidraw.svg',
      'a.excalidraw.png',
      'a.excalidraw.md',
      'a.excalidrawlib',
    ])
      expect(isDrawingName(name)).toBe(true);
    for (const name of ['a.mmd', 'a.svg', 'a.png', 'a.md', 'a.json']) expect(isDrawingName(name)).toBe(false);
  });
});
