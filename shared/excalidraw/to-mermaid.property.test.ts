/**
 * Property tests against mermaid itself (through the render engine): whatever the drawing holds,
 * the output parses, every edge names a declared node, and no label text changes the structure.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../node/engine/index.ts';
import { readFlowchart } from '../mermaid/flowchart-reader.ts';
import { restoreElements } from './restore.ts';
import { sceneToMermaid } from './to-mermaid.ts';

// Fragments that break naive converters: quotes, brackets, keywords, entities, directives.
const NASTY = [
  '"',
  '"]',
  '[',
  '(',
  '{',
  '}',
  '|',
  '-->',
  '---o',
  'end',
  'subgraph',
  'style',
  '%%',
  '%%{init: {"theme":"dark"}}%%',
  '#quot;',
  '#35;',
  '&amp;',
  '<b>',
  '<script>alert(1)</script>',
  '`',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\u2028',
  '\ud800',
  ';',
  ':::',
  'o',
  'x',
  '__proto__',
  '中文',
  '😀',
];
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.array(fc.constantFrom(...NASTY), { maxLength: 6 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const coord = fc.oneof(
  fc.double({ min: -2000, max: 2000, noNaN: true }),
  fc.constantFrom(Number.NaN, 1e308, -1e308, 0),
);
const ids = ['a', 'b', 'c', 'd', 'end', 'o', 'x-1', '__proto__', 'missing'];
const id = fc.constantFrom(...ids);
const head = fc.constantFrom(null, 'arrow', 'triangle', 'dot', 'circle', 'bar', 'diamond', 'weird');

const element = fc.oneof(
  fc.record({
    id,
    type: fc.constantFrom('rectangle', 'ellipse', 'diamond', 'frame'),
    x: coord,
    y: coord,
    width: coord,
    height: coord,
    angle: coord,
    name: text,
    frameId: fc.option(id),
    groupIds: fc.array(fc.constantFrom('g1', 'g2', 'g3'), { maxLength: 3 }),
    backgroundColor: fc.constantFrom('transparent', '#a5d8ff', 'red', 'x;y'),
    isDeleted: fc.boolean(),
  }),
  fc.record({
    id,
    type: fc.constant('text'),
    x: coord,
    y: coord,
    width: coord,
    height: coord,
    text,
    containerId: fc.option(id),
  }),
  fc.record({
    id,
    type: fc.constantFrom('arrow', 'line'),
    x: coord,
    y: coord,
    points: fc.array(fc.tuple(coord, coord), { maxLength: 4 }),
    startBinding: fc.option(fc.record({ elementId: id })),
    endBinding: fc.option(fc.record({ elementId: id })),
    startArrowhead: head,
    endArrowhead: head,
    strokeStyle: fc.constantFrom('solid', 'dashed', 'dotted'),
    strokeWidth: fc.constantFrom(1, 2, 4),
  }),
  fc.record({ id, type: fc.constantFrom('freedraw', 'image', 'embeddable', 'mystery'), x: coord, y: coord }),
);

describe('sceneToMermaid against mermaid', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = createEngine({ jobs: 1 });
  });
  afterAll(() => engine.close());

  it('always yields Mermaid that parses, with every edge between declared ids', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(element, { maxLength: 14 }), fc.boolean(), async (elements, handDrawn) => {
        const { mermaid } = sceneToMermaid(restoreElements(elements), { handDrawn });
        // Nodes and subgraphs alike: an edge may end at either.
        const chart = readFlowchart(mermaid)!;
        for (const e of chart.edges) {
          expect(chart.nodes.has(e.from) && chart.nodes.has(e.to), mermaid).toBe(true);
        }
        expect(await engine.parse({ text: mermaid }), mermaid).toMatchObject({ ok: true });
      }),
      { numRuns: 80 },
    );
  });

  it('never lets label text inject Mermaid syntax: the rendering has exactly the drawn nodes and edges', async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(text, text, text, text), async ([la, lb, lc, le]) => {
        const elements = [
          { id: 'a', type: 'rectangle', x: 0, y: 0, width: 100, height: 60 },
          { id: 'b', type: 'diamond', x: 300, y: 0, width: 100, height: 60 },
          { id: 'c', type: 'ellipse', x: 600, y: 0, width: 100, height: 60 },
          { id: 'ta', type: 'text', x: 0, y: 0, width: 10, height: 10, text: la, containerId: 'a' },
          { id: 'tb', type: 'text', x: 0, y: 0, width: 10, height: 10, text: lb, containerId: 'b' },
          { id: 'tc', type: 'text', x: 0, y: 0, width: 10, height: 10, text: lc, containerId: 'c' },
          {
            id: 'e1',
            type: 'arrow',
            x: 104,
            y: 30,
            points: [
              [0, 0],
              [192, 0],
            ],
            startBinding: { elementId: 'a' },
            endBinding: { elementId: 'b' },
          },
          { id: 'te', type: 'text', x: 0, y: 0, width: 10, height: 10, text: le, containerId: 'e1' },
          {
            id: 'e2',
            type: 'arrow',
            x: 404,
            y: 30,
            points: [
              [0, 0],
              [192, 0],
            ],
            startBinding: { elementId: 'b' },
            endBinding: { elementId: 'c' },
          },
        ];
        const { mermaid } = sceneToMermaid(restoreElements(elements));
        const out = await engine.render({ text: mermaid });
        if (!out.ok) throw new Error(`${JSON.stringify(out.diagnostics)}\n${mermaid}`);
        expect(out.svg.match(/<g class="node[ "]/g)?.length, mermaid).toBe(3);
        expect(out.svg.match(/<path[^>]*flowchart-link/g)?.length, mermaid).toBe(2);
        expect(out.svg).not.toMatch(/<script/i);
      }),
      { numRuns: 25 },
    );
  });
});
