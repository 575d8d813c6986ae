import { describe, expect, it } from 'vitest';
import { readFlowchart } from '../mermaid/flowchart-reader.ts';
import type { Scene } from './model.ts';
import { restoreElements } from './restore.ts';
import { linkOperator, sceneToMermaid } from './to-mermaid.ts';

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
const free = (id: string, x: number, y: number, text: string): Raw => ({
  id,
  type: 'text',
  x,
  y,
  width: 40,
  height: 20,
  text,
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
const scene = (elements: Raw[]): Scene => restoreElements(elements);
const convert = (elements: Raw[], options = {}) => sceneToMermaid(scene(elements), options);
const bind = (elementId: string) => ({ elementId, focus: 0, gap: 4 });

describe('sceneToMermaid nodes', () => {
  it('maps shapes to node shapes and keeps multi-line labels from bound text', () => {
    const { mermaid } = convert([
      box('a', 0, 0),
      box('b', 200, 0, { roundness: { type: 3 } }),
      { id: 'c', type: 'ellipse', x: 400, y: -10, width: 80, height: 80 },
      { id: 'd', type: 'ellipse', x: 600, y: 0, width: 200, height: 60 },
      { id: 'e', type: 'diamond', x: 900, y: -20, width: 100, height: 100 },
      label('ta', 'a', 'line one\nline two'),
      label('tb', 'b', 'B'),
      label('tc', 'c', 'C'),
      label('td', 'd', 'D'),
      label('te', 'e', 'E'),
    ]);
    expect(mermaid).toContain(
      '  n_a["line one<br>line two"]\n  n_b("B")\n  n_c(("C"))\n  n_d(["D"])\n  n_e{"E"}\n',
    );
  });

  it('escapes every label so that no text can end the string or start syntax', () => {
    const nasty = 'end"]\n%%{init: {"theme":"dark"}}%%\n`md` <b>&amp; #35; A-->B |x|';
    const { mermaid } = convert([box('a', 0, 0), label('t', 'a', nasty)]);
    const line = mermaid.split('\n').find((l) => l.startsWith('  n_a'))!;
    expect(line).toBe(
      '  n_a["end#quot;]<br>#37;#37;{init: {#quot;theme#quot;:#quot;dark#quot;}}#37;#37;<br>#96;md#96; #lt;b#gt;#amp;amp; #35;35; A--#gt;B |x|"]',
    );
    expect(readFlowchart(mermaid)?.nodes.get('n_a')?.label).toBe(nasty);
  });

  it('derives ids from element ids, never from labels, and keeps duplicates apart', () => {
    const { mermaid } = convert([
      box('end', 0, 0),
      box('o-1', 200, 0),
      box('x_1', 400, 0),
      box('o_1', 600, 0),
      label('t1', 'end', 'end'),
      label('t2', 'o-1', 'same'),
      label('t3', 'x_1', 'same'),
      label('t4', 'o_1', 'same'),
    ]);
    expect([...readFlowchart(mermaid)!.nodes.keys()]).toEqual(['n_end', 'n_o_1', 'n_x_1', 'n_o_1_2']);
  });

  it('keeps an element id written as words whole, and cuts a drawn one to its first characters', () => {
    const { mermaid } = convert([
      box('haproxy-a', 0, 0),
      box('haproxy-b', 200, 0),
      box('Xk3_rT9vQp2LmN8sWz1aB', 400, 0),
      label('t1', 'haproxy-a', 'HAProxy A'),
      label('t2', 'haproxy-b', 'HAProxy B'),
      label('t3', 'Xk3_rT9vQp2LmN8sWz1aB', 'API'),
    ]);
    expect([...readFlowchart(mermaid)!.nodes.keys()]).toEqual(['n_haproxy_a', 'n_haproxy_b', 'n_Xk3_rT']);
  });

  it('breaks the summary comments after a comma at 100 characters', () => {
    const { mermaid, report } = convert([
      box('a', 0, 0),
      box('b', 300, 0),
      box('c', 600, 0),
      free('ta', 20, 20, 'Web'),
      free('tb', 320, 20, 'API'),
      free('tc', 620, 20, 'DB'),
      free('tl', 180, 0, 'calls'),
      arrow('x', [104, 30], [296, 30]),
      arrow('y', [404, 30], [596, 30]),
    ]);
    const summary = mermaid.split('\n').filter((l) => l.startsWith('%%'));
    expect(summary.length).toBeGreaterThan(report.converted.nodes > 0 ? 2 : 1);
    for (const line of summary) expect(line.length).toBeLessThanOrEqual(100);
    // Read together again, the lines say what one line said.
    expect(summary.join(' ').replace(/\s+%%\s+/g, ' ')).toContain('direction LR.');
  });

  it('uses free text inside a shape as its label and keeps other free text as a note', () => {
    const { mermaid, report } = convert([
      box('a', 0, 0),
      free('t', 30, 20, 'inside'),
      free('n', 500, 500, 'Title of the drawing'),
    ]);
    expect(mermaid).toContain('n_a["inside"]');
    expect(mermaid).toContain('  %% note: Title of the drawing');
    expect(report.guessed.shapeLabels).toBe(1);
    expect(report.converted.notes).toBe(1);
  });

  it('drops deleted elements, freedraw and images, and says so', () => {
    const { mermaid, report } = convert([
      box('a', 0, 0, { isDeleted: true }),
      box('b', 0, 0),
      label('tb', 'b', 'B'),
      { id: 'f', type: 'freedraw', x: 0, y: 0, width: 5, height: 5, points: [] },
      { id: 'i', type: 'image', x: 0, y: 0, width: 5, height: 5 },
    ]);
    expect(mermaid).not.toContain('n_a');
    expect(report.dropped).toMatchObject({ deleted: 1, freedraw: 1, images: 1 });
    expect(mermaid).toContain('%% Dropped: 1 deleted element, 1 freedraw stroke, 1 image.');
  });
});

describe('sceneToMermaid edges', () => {
  const two = [box('a', 0, 0), box('b', 300, 0), label('ta', 'a', 'A'), label('tb', 'b', 'B')];

  it('turns bound arrows into edges with labels from bound text', () => {
    const { mermaid } = convert([
      ...two,
      arrow('e', [104, 30], [296, 30], {
        startBinding: bind('a'),
        endBinding: { elementId: 'b', fixedPoint: [0, 0.5], mode: 'orbit' },
      }),
      label('te', 'e', 'calls'),
    ]);
    expect(mermaid).toContain('  n_a -->|"calls"| n_b\n');
  });

  it.each([
    [{ startArrowhead: null, endArrowhead: 'arrow' }, 'n_a --> n_b'],
    [{ startArrowhead: 'arrow', endArrowhead: null }, 'n_b --> n_a'],
    [{ startArrowhead: 'arrow', endArrowhead: 'triangle' }, 'n_a <--> n_b'],
    [{ startArrowhead: null, endArrowhead: null }, 'n_a --- n_b'],
    [{ endArrowhead: 'circle_outline' }, 'n_a --o n_b'],
    [{ endArrowhead: 'bar' }, 'n_a --x n_b'],
    [{ strokeStyle: 'dashed' }, 'n_a -.-> n_b'],
    [{ strokeStyle: 'dotted', startArrowhead: 'dot', endArrowhead: 'dot' }, 'n_a o-.-o n_b'],
    [{ strokeWidth: 4 }, 'n_a ==> n_b'],
  ])('picks the link for %o', (style, expected) => {
    const { mermaid } = convert([
      ...two,
      arrow('e', [104, 30], [296, 30], { startBinding: bind('a'), endBinding: bind('b'), ...style }),
    ]);
    expect(mermaid).toContain(`  ${expected}\n`);
  });

  it('writes every arrowhead combination as a link Mermaid knows', () => {
    for (const stroke of ['normal', 'dotted', 'thick'] as const) {
      for (const start of [null, 'arrow', 'circle', 'bar'] as const) {
        for (const end of [null, 'arrow', 'circle', 'bar'] as const) {
          expect(linkOperator(stroke, start, end)).toMatch(
            /^([<ox]?--[->ox]|[<ox]?-\.-[>ox]?|[<ox]?==[=>ox])$/,
          );
        }
      }
    }
  });

  it('snaps unbound arrow ends to the nearest shape within 24 px', () => {
    const { mermaid, report } = convert([...two, arrow('e', [120, 30], [280, 30])]);
    expect(mermaid).toContain('  n_a --> n_b\n');
    expect(report.guessed.snappedEnds).toBe(2);
  });

  it('snaps to rotated shapes by their real outline', () => {
    // A tall box rotated 90° lies across y=30; unrotated, x=290 would be 40 px from it.
    const tall = box('b', 320, -20, { width: 60, height: 100, angle: Math.PI / 2 });
    const { mermaid } = convert([
      box('a', 0, 0),
      tall,
      label('ta', 'a', 'A'),
      label('tb', 'b', 'B'),
      arrow('e', [104, 30], [290, 30]),
    ]);
    expect(mermaid).toContain('  n_a --> n_b\n');
  });

  it('drops an arrow whose end is more than 24 px from every shape and aims at none, and one that ties between two', () => {
    const { mermaid, report } = convert([
      ...two,
      box('c', 300, 100),
      label('tc', 'c', 'C'),
      arrow('far', [50, 64], [50, 250]),
      arrow('tie', [104, 30], [350, 80]),
    ]);
    expect(readFlowchart(mermaid)?.edges).toEqual([]);
    expect(report.dropped).toMatchObject({ looseArrows: 1, ambiguousEnds: 1 });
    expect(report.warnings.join('\n')).toContain('arrow tie: its end is equally close to b and c');
  });

  it('makes free text that an arrow is bound to a node, and keeps self-loops', () => {
    const { mermaid } = convert([
      ...two,
      free('user', -200, 20, 'User'),
      arrow('e', [-150, 30], [-4, 30], { startBinding: bind('user'), endBinding: bind('a') }),
      arrow('loop', [50, 64], [60, 64], {
        points: [
          [0, 0],
          [0, 40],
          [40, 40],
          [10, 0],
        ],
        startBinding: bind('a'),
        endBinding: bind('a'),
      }),
    ]);
    expect(mermaid).toContain('t_user["User"]');
    expect(mermaid).toContain('  t_user --> n_a\n');
    expect(mermaid).toContain('  n_a --> n_a\n');
  });

  it('places an end bound to empty text by geometry instead of pointing at a missing node', () => {
    const { mermaid } = convert([
      ...two,
      free('empty', 500, 500, '  '),
      arrow('e', [104, 30], [296, 30], { endBinding: bind('empty') }),
    ]);
    expect(mermaid).toContain('  n_a --> n_b\n');
    expect(mermaid).not.toContain('undefined');
  });

  it('uses lines between shapes as undirected links and ignores lines between nothing', () => {
    const { mermaid, report } = convert([
      ...two,
      { ...arrow('l', [104, 30], [296, 30]), type: 'line' },
      { ...arrow('u', [0, 300], [200, 300]), type: 'line' },
    ]);
    expect(mermaid).toContain('  n_a --- n_b\n');
    expect(report.dropped.decorativeLines).toBe(1);
  });

  it('keeps only the ends of elbow and multi-point arrows, and labels arrows with text sitting on them', () => {
    const elbow = arrow('e', [104, 30], [296, 30], {
      elbowed: true,
      points: [
        [0, 0],
        [50, 0],
        [50, 100],
        [150, 100],
        [150, 0],
        [192, 0],
      ],
    });
    const { mermaid, report } = convert([...two, elbow, free('on', 180, 120, 'over the top')]);
    expect(mermaid).toContain('  n_a -->|"over the top"| n_b\n');
    expect(report.guessed.edgeLabels).toBe(1);
  });
});

describe('sceneToMermaid structure', () => {
  it('turns frames into named subgraphs and groups into nested subgraphs', () => {
    const { mermaid } = convert([
      { id: 'F', type: 'frame', x: -50, y: -50, width: 1000, height: 400, name: 'Backend' },
      box('a', 0, 0, { frameId: 'F', groupIds: ['inner', 'outer'] }),
      box('b', 200, 0, { frameId: 'F', groupIds: ['inner', 'outer'] }),
      box('c', 400, 0, { frameId: 'F', groupIds: ['outer'] }),
      box('e', 600, 0, { frameId: 'F' }),
      box('d', 0, 600),
      label('ta', 'a', 'A'),
      label('tb', 'b', 'B'),
      label('tc', 'c', 'C'),
      label('te', 'e', 'E'),
      label('td', 'd', 'D'),
    ]);
    expect(mermaid).toContain(
      [
        '  subgraph f_F ["Backend"]',
        '    n_e',
        '    subgraph g_outer [" "]',
        '      n_c',
        '      subgraph g_inner [" "]',
        '        n_a',
        '        n_b',
        '      end',
        '    end',
        '  end',
      ].join('\n'),
    );
  });

  it('reads a group holding all a frame holds as the frame alone', () => {
    const { mermaid } = convert([
      { id: 'F', type: 'frame', x: -50, y: -50, width: 1000, height: 400, name: 'Backend' },
      box('a', 0, 0, { frameId: 'F', groupIds: ['all'] }),
      box('b', 200, 0, { frameId: 'F', groupIds: ['all'] }),
      label('ta', 'a', 'A'),
      label('tb', 'b', 'B'),
    ]);
    expect(mermaid).toContain(['  subgraph f_F ["Backend"]', '    n_a', '    n_b', '  end'].join('\n'));
  });

  it('writes shape colours as classDefs shared by nodes that look alike', () => {
    const { mermaid } = convert([
      box('a', 0, 0, { backgroundColor: '#a5d8ff', strokeColor: '#1971c2' }),
      box('b', 200, 0, { backgroundColor: '#a5d8ff', strokeColor: '#1971c2' }),
      box('c', 400, 0, { backgroundColor: 'red;stroke:url(x)', strokeStyle: 'dashed' }),
      label('ta', 'a', 'A'),
      label('tb', 'b', 'B'),
      label('tc', 'c', 'C'),
    ]);
    expect(mermaid).toContain(
      '  classDef c1 fill:#a5d8ff,stroke:#1971c2\n  class n_a,n_b c1\n  classDef c2 stroke-dasharray:8 4\n  class n_c c2\n',
    );
  });

  it('infers left-to-right when arrows mostly run sideways, top-down otherwise', () => {
    const row = [
      box('a', 0, 0),
      box('b', 300, 0),
      label('ta', 'a', 'A'),
      label('tb', 'b', 'B'),
      arrow('e', [104, 30], [296, 30]),
    ];
    expect(convert(row).mermaid).toMatch(/^flowchart LR$/m);
    const column = [
      box('a', 0, 0),
      box('b', 0, 300),
      label('ta', 'a', 'A'),
      label('tb', 'b', 'B'),
      arrow('e', [50, 64], [50, 296]),
    ];
    expect(convert(column).mermaid).toMatch(/^flowchart TD$/m);
  });

  it('uses a chosen direction over the inferred one, and does not report it as guessed', () => {
    const row = [
      box('a', 0, 0),
      box('b', 300, 0),
      label('ta', 'a', 'A'),
      label('tb', 'b', 'B'),
      arrow('e', [104, 30], [296, 30]),
    ];
    const { mermaid } = convert(row, { direction: 'TD' });
    expect(mermaid).toMatch(/^flowchart TD$/m);
    expect(mermaid).not.toContain('direction LR');
    expect(mermaid).toMatch(/^%% Guessed: 2 unbound arrow ends snapped to the nearest shape\.$/m);
  });

  it('leaves colours out when asked to, keeping the nodes', () => {
    const { mermaid } = convert(
      [box('a', 0, 0, { backgroundColor: '#a5d8ff', strokeColor: '#1971c2' }), label('ta', 'a', 'A')],
      { colors: false },
    );
    expect(mermaid).toContain('n_a["A"]');
    expect(mermaid).not.toContain('classDef');
    expect(mermaid).not.toMatch(/^\s*class /m);
  });

  it('puts the sketchy look in the frontmatter and the report right after it', () => {
    const { mermaid } = convert([box('a', 0, 0), label('t', 'a', 'A')], { handDrawn: true });
    expect(
      mermaid.startsWith('---\nconfig:\n  look: handDrawn\n---\n%% Converted from Excalidraw: 1 node.\n'),
    ).toBe(true);
  });

  it('is deterministic: the same drawing in any element order gives byte-identical text', () => {
    const elements = [
      box('a', 0, 0),
      box('b', 300, 0),
      label('ta', 'a', 'A'),
      label('tb', 'b', 'B'),
      arrow('e', [104, 30], [296, 30]),
    ];
    const first = convert(elements).mermaid;
    expect(convert([...elements].reverse()).mermaid).toBe(first);
    expect(convert(elements).mermaid).toBe(first);
  });
});
