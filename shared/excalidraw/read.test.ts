import { strToU8, zlibSync } from 'fflate';
import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { readExcalidraw } from './read.ts';
import { ExcalidrawReadError } from './restore.ts';
import { sceneToMermaid } from './to-mermaid.ts';

const ELEMENTS = [
  {
    id: 'a',
    type: 'rectangle',
    x: 0,
    y: 0,
    width: 100,
    height: 50,
    boundElements: [{ type: 'text', id: 'ta' }],
  },
  {
    id: 'ta',
    type: 'text',
    x: 10,
    y: 10,
    width: 80,
    height: 20,
    text: 'Ünïcode\n"label"',
    originalText: 'Ünïcode "label"',
    containerId: 'a',
  },
  { id: 'b', type: 'ellipse', x: 300, y: 0, width: 100, height: 100 },
  {
    id: 'e',
    type: 'arrow',
    x: 100,
    y: 25,
    width: 200,
    height: 25,
    points: [
      [0, 0],
      [200, 25],
    ],
    startBinding: { elementId: 'a', focus: 0, gap: 1 },
    endBinding: { elementId: 'b', fixedPoint: [0, 0.5], mode: 'orbit' },
  },
];
const SCENE = {
  type: 'excalidraw',
  version: 2,
  source: 'https://excalidraw.com',
  elements: ELEMENTS,
  appState: {},
};
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const latin1 = (u8: Uint8Array) => Buffer.from(u8).toString('latin1');

// Excalidraw's encode(): zlib-deflated UTF-8 JSON as a byte string in a small JSON envelope.
function encoded(json: string): string {
  return JSON.stringify({
    version: '1',
    encoding: 'bstring',
    compressed: true,
    encoded: latin1(zlibSync(strToU8(json))),
  });
}

function svgWith(payload: string, version: string): Uint8Array {
  return bytes(
    `<svg version="1.1" xmlns="http://www.w3.org/2000/svg"><!-- svg-source:excalidraw --><metadata><!-- payload-type:application/vnd.excalidraw+json --><!-- payload-version:${version} --><!-- payload-start -->${payload}<!-- payload-end --></metadata><rect/></svg>`,
  );
}

function pngWith(keyword: string, text: string): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('tEXt', Buffer.concat([Buffer.from(`${keyword}\0`, 'latin1'), Buffer.from(text, 'latin1')])),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

function readError(input: Uint8Array): ExcalidrawReadError {
  try {
    readExcalidraw(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ExcalidrawReadError);
    return error as ExcalidrawReadError;
  }
  throw new Error('expected a read error');
}

describe('readExcalidraw carriers', () => {
  const plain = readExcalidraw(bytes(JSON.stringify(SCENE)));
  const json = JSON.stringify(SCENE);

  it('reads a plain scene and prefers originalText over the wrapped text', () => {
    expect(plain.carrier).toBe('scene');
    const label = plain.scenes[0]!.elements.find((e) => e.id === 'ta');
    expect(label).toMatchObject({ type: 'text', text: 'Ünïcode "label"', containerId: 'a' });
    expect(plain.scenes[0]!.elements.find((e) => e.id === 'e')).toMatchObject({
      startBindingId: 'a',
      endBindingId: 'b',
    });
  });

  it('reads the words the drawing shows where its originalText says other words', () => {
    const edited = ELEMENTS.map((e) =>
      e.id === 'ta'
        ? { ...e, text: 'Transfers\nRead API-\nStateStore', originalText: 'Transfers Read API-V2' }
        : e,
    );
    const doc = readExcalidraw(bytes(JSON.stringify({ type: 'excalidraw', elements: edited })));
    expect(doc.scenes[0]!.elements.find((e) => e.id === 'ta')).toMatchObject({
      text: 'Transfers\nRead API-\nStateStore',
    });
    expect(sceneToMermaid(doc.scenes[0]!).mermaid).toContain('"Transfers<br>Read API-StateStore"');
  });

  it.each([
    [
      'clipboard JSON',
      'clipboard',
      bytes(JSON.stringify({ type: 'excalidraw/clipboard', elements: ELEMENTS })),
    ],
    [
      'SVG payload v2 (base64 of a zlib byte string)',
      'svg',
      svgWith(Buffer.from(encoded(json), 'latin1').toString('base64'), '2'),
    ],
    [
      'SVG payload v1 (base64 of UTF-8 scene JSON)',
      'svg',
      svgWith(Buffer.from(json, 'utf8').toString('base64'), '1'),
    ],
    ['PNG tEXt chunk', 'png', pngWith('application/vnd.excalidraw+json', encoded(json))],
    [
      'Obsidian compressed-json under ## Drawing',
      'obsidian-compressed',
      bytes(
        `---\nexcalidraw-plugin: parsed\n---\n# Excalidraw Data\n## Text Elements\nx ^ta\n\n%%\n## Drawing\n\`\`\`compressed-json\n${(LZString.compressToBase64(json).match(/.{1,64}/g) ?? []).join('\n\n')}\n\`\`\`\n%%`,
      ),
    ],
    [
      'Obsidian json under # Drawing',
      'obsidian-json',
      bytes(`# Text Elements\nx ^ta\n\n# Drawing\n\`\`\`json\n${json}\n\`\`\`\n`),
    ],
  ])('reads the same drawing from %s, detected by content', (_name, carrier, input) => {
    const doc = readExcalidraw(input);
    expect(doc.carrier).toBe(carrier);
    expect(doc.scenes[0]!.elements).toEqual(plain.scenes[0]!.elements);
    expect(sceneToMermaid(doc.scenes[0]!).mermaid).toBe(sceneToMermaid(plain.scenes[0]!).mermaid);
  });

  it('reads library v1 and v2, one scene per item with its name', () => {
    const v1 = readExcalidraw(
      bytes(JSON.stringify({ type: 'excalidrawlib', version: 1, library: [ELEMENTS, ELEMENTS.slice(0, 1)] })),
    );
    expect(v1.carrier).toBe('library-v1');
    expect(v1.scenes.map((s) => s.elements.length)).toEqual([4, 1]);
    const v2 = readExcalidraw(
      bytes(
        JSON.stringify({
          type: 'excalidrawlib',
          version: 2,
          libraryItems: [{ id: 'i', status: 'published', name: 'Flow', elements: ELEMENTS }],
        }),
      ),
    );
    expect(v2.carrier).toBe('library-v2');
    expect(v2.scenes[0]!.name).toBe('Flow');
    expect(sceneToMermaid(v2.scenes[0]!).mermaid).toContain('%% Library item: Flow');
  });

  it('migrates 2020 files: draw → line, strokeSharpness round, arrows without arrowhead fields', () => {
    const doc = readExcalidraw(
      bytes(
        JSON.stringify({
          type: 'excalidraw',
          elements: [
            {
              id: 'r',
              type: 'rectangle',
              x: 0,
              y: 0,
              width: 10,
              height: 10,
              strokeSharpness: 'round',
              boundElementIds: ['x'],
            },
            {
              id: 'd',
              type: 'draw',
              x: 0,
              y: 0,
              width: 5,
              height: 5,
              points: [
                [0, 0],
                [5, 5],
              ],
            },
            {
              id: 'x',
              type: 'arrow',
              x: 0,
              y: 0,
              width: 5,
              height: 5,
              points: [
                [0, 0],
                [5, 5],
              ],
              font: '20px Virgil',
            },
          ],
        }),
      ),
    );
    const [r, d, x] = doc.scenes[0]!.elements;
    expect(r).toMatchObject({ rounded: true });
    expect(d).toMatchObject({ type: 'line', endArrowhead: null });
    expect(x).toMatchObject({ type: 'arrow', startArrowhead: null, endArrowhead: 'arrow' });
  });

  it('turns a negative size round: a box moves to its top-left corner, an arrow stays on its points', () => {
    const doc = readExcalidraw(
      bytes(
        JSON.stringify({
          type: 'excalidraw',
          elements: [
            { id: 'r', type: 'rectangle', x: 100, y: 100, width: -40, height: -30 },
            {
              id: 'a',
              type: 'arrow',
              x: 285,
              y: 540,
              width: 560,
              height: -70,
              points: [
                [0, 0],
                [560, -70],
              ],
            },
          ],
        }),
      ),
    );
    const [r, a] = doc.scenes[0]!.elements;
    expect(r).toMatchObject({ x: 60, y: 70, width: 40, height: 30 });
    // Points are measured from x and y: the arrow still starts at (285, 540).
    expect(a).toMatchObject({ x: 285, y: 540, width: 560, height: 70 });
  });
});

describe('readExcalidraw on bad input', () => {
  it('reports invalid JSON with the line and column of the mistake', () => {
    const e = readError(bytes('{\n  "type": "excalidraw",\n  "elements": [}\n}'));
    expect(e.message).toBe("invalid JSON: Unexpected token '}'");
    expect([e.line, e.column]).toEqual([3, 16]);
  });

  it.each([
    ['a bare number', '42', /not an Excalidraw file/],
    ['a JSON string', '"excalidraw"', /not an Excalidraw file/],
    ['an object without elements', '{"type":"excalidraw"}', /no "elements"/],
    ['elements that are not an array', '{"type":"excalidraw","elements":{"0":{}}}', /must be an array/],
    ['plain text', 'hello world', /not an Excalidraw file/],
    [
      'an SVG without a scene',
      '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
      /no embedded Excalidraw scene/,
    ],
    ['a library without items', '{"type":"excalidrawlib","version":2}', /neither/],
  ])('refuses %s with a clear message', (_name, text, message) => {
    expect(readError(bytes(text)).message).toMatch(message);
  });

  it('refuses a PNG without the scene chunk and a corrupt compressed payload', () => {
    expect(readError(pngWith('Software', 'x')).message).toMatch(/no embedded Excalidraw scene/);
    const corrupt = JSON.stringify({
      version: '1',
      encoding: 'bstring',
      compressed: true,
      encoded: 'not zlib',
    });
    expect(readError(pngWith('application/vnd.excalidraw+json', corrupt)).message).toMatch(/corrupt/);
  });

  it('refuses a payload that inflates past the size limit instead of exhausting memory', () => {
    const envelope = (content: Uint8Array) =>
      pngWith(
        'application/vnd.excalidraw+json',
        JSON.stringify({
          version: '1',
          encoding: 'bstring',
          compressed: true,
          encoded: latin1(zlibSync(content)),
        }),
      );
    // 70 MB of spaces could be JSON, but no drawing compresses a thousand times over; 70 MB of
    // zeros is not JSON from its first byte. (The 32 MB limit itself: shared/bytes/inflate.test.ts.)
    const spaces = new Uint8Array(70 * 1024 * 1024).fill(0x20);
    expect(readError(envelope(spaces)).message).toBe(
      'PNG scene inflates to over 200 times its size: a decompression bomb',
    );
    expect(readError(envelope(spaces.fill(0))).message).toBe('PNG scene is not JSON');
  });

  it('repairs wrong types, NaN and 1e308 coordinates field by field and still converts', () => {
    const text = `{"type":"excalidraw","elements":[
      {"id":"a","type":"rectangle","x":1e308,"y":"12","width":-50,"height":null,"angle":"x","groupIds":"g","strokeColor":{}},
      {"id":"b","type":"rectangle","x":0,"y":0,"width":NaN,"height":10},
      7, null, [], {"type":42}, {"id":"a","type":"ellipse","x":0,"y":0,"width":10,"height":10},
      {"id":"t","type":"text","text":["no"],"containerId":5},
      {"id":"l","type":"arrow","points":"nope","startBinding":"a"}
    ]}`.replace('NaN', 'null');
    const scene = readExcalidraw(bytes(text)).scenes[0]!;
    expect(scene.elements.map((e) => e.id)).toEqual(['a', 'b', 'a-6', 't', 'l']);
    expect(scene.elements[0]).toMatchObject({
      x: 1e7 - 50,
      y: 0,
      width: 50,
      height: 0,
      angle: 0,
      groupIds: [],
    });
    expect(scene.repairs.join('\n')).toMatch(/out of range/);
    for (const el of scene.elements) {
      for (const v of [el.x, el.y, el.width, el.height, el.angle]) expect(Number.isFinite(v)).toBe(true);
    }
    expect(sceneToMermaid(scene).mermaid).toMatch(/^flowchart TD$/m);
  });

  it('keeps __proto__ keys as inert data: no prototype pollution', () => {
    const text =
      '{"type":"excalidraw","__proto__":{"polluted":1},"elements":[{"id":"__proto__","type":"rectangle","x":0,"y":0,"width":10,"height":10,"__proto__":{"polluted":2},"constructor":{"prototype":{"polluted":3}}},{"id":"t","type":"text","text":"x","containerId":"__proto__"}]}';
    const { mermaid } = sceneToMermaid(readExcalidraw(bytes(text)).scenes[0]!);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(mermaid).toContain('n___prot["x"]');
  });

  it('ignores containerId cycles and text bound to text', () => {
    const els = [
      { id: 't1', type: 'text', x: 0, y: 0, width: 10, height: 10, text: 'one', containerId: 't2' },
      { id: 't2', type: 'text', x: 50, y: 0, width: 10, height: 10, text: 'two', containerId: 't1' },
      { id: 't3', type: 'text', x: 90, y: 0, width: 10, height: 10, text: 'self', containerId: 't3' },
    ];
    const { mermaid, report } = sceneToMermaid(
      readExcalidraw(bytes(JSON.stringify({ type: 'excalidraw', elements: els }))).scenes[0]!,
    );
    expect(report.converted.notes).toBe(3);
    expect(mermaid).toContain('%% note: one');
  });

  it('converts 100 000 elements with groups nested 1 000 deep in well under a few seconds of CPU', () => {
    const groups = Array.from({ length: 1000 }, (_, i) => `g${i}`);
    const elements = Array.from({ length: 100_000 }, (_, i) => {
      const x = (i % 300) * 150;
      const y = Math.floor(i / 300) * 100;
      return i % 2 === 0
        ? { id: `r${i}`, type: 'rectangle', x, y, width: 100, height: 50, groupIds: i < 2000 ? groups : [] }
        : {
            id: `a${i}`,
            type: 'arrow',
            x: x - 50,
            y: y + 25,
            width: 200,
            height: 0,
            points: [
              [0, 0],
              [200, 0],
            ],
          };
    });
    // CPU time, not wall time: on a busy machine the wall clock measures the neighbours.
    const started = process.cpuUsage();
    const { mermaid, report } = sceneToMermaid(
      readExcalidraw(bytes(JSON.stringify({ type: 'excalidraw', elements }))).scenes[0]!,
    );
    const used = process.cpuUsage(started);
    expect((used.user + used.system) / 1000).toBeLessThan(15_000);
    expect(report.converted.nodes).toBe(50_000);
    expect(report.converted.edges).toBeGreaterThan(49_000);
    expect(report.warnings.join('\n')).toMatch(/maxEdges/);
    expect(mermaid.match(/^\s*subgraph /gm)?.length).toBe(1);
  });

  it('refuses a file over 64 MB before parsing it', () => {
    const big = new Uint8Array(65 * 1024 * 1024).fill(0x20);
    big[0] = 0x7b;
    expect(readError(big).message).toMatch(/larger than 64 MB/);
  });

  it('reads a 50 MB scene', () => {
    const pad = 'x'.repeat(50 * 1024 * 1024);
    const text = JSON.stringify({
      type: 'excalidraw',
      elements: [{ id: 'a', type: 'rectangle', x: 0, y: 0, width: 1, height: 1, customData: pad }],
    });
    expect(readExcalidraw(bytes(text)).scenes[0]!.elements).toHaveLength(1);
  });
});
