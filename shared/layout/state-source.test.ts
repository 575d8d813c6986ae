import { describe, expect, it } from 'vitest';
import { orderCandidateEdits } from './candidates.ts';
import { applyOps } from './edit.ts';
import type { ProbedLayout } from './probe.ts';
import { unitsMentioning } from './source.ts';
import { readStateSource } from './state-source.ts';

const TEXT = [
  '---',
  'title: Jobs',
  '---',
  '%% a comment',
  'stateDiagram-v2',
  '  direction LR',
  '  [*] --> Idle',
  '  state "Working hard" as Busy',
  '  Idle --> Busy : start',
  '  Busy:::hot --> Done: finish --> now',
  '  Done : all done',
  '  note right of Done',
  '    the end',
  '  end note',
  '  state Busy {',
  '    Fetch --> Parse',
  '    --',
  '    Watch',
  '  }',
  '  classDef hot fill:#f00',
].join('\n');

describe('a state diagram read for layout edits', () => {
  const source = readStateSource(TEXT)!;
  const at = (line: number) => source.units.find((u) => u.first === line - 1)!;

  it('finds the header after frontmatter and comments, and what each statement mentions', () => {
    expect(source.header).toBe(4);
    expect(at(6).kind).toBe('direction');
    expect(at(7)).toMatchObject({ kind: 'chain', nodes: ['Idle'] });
    expect(at(8)).toMatchObject({ kind: 'chain', nodes: ['Busy'] });
    expect(at(9).nodes).toEqual(['Idle', 'Busy']);
    // A class on an end, and a label holding an arrow.
    expect(at(10).nodes).toEqual(['Busy', 'Done']);
    expect(at(11).nodes).toEqual(['Done']);
    // A note is one unit to its `end note`, and is not moved with its state.
    expect(at(12)).toMatchObject({ kind: 'note', last: 13 });
    expect(unitsMentioning(source, 'Done').map((u) => u.first + 1)).toEqual([10, 11]);
    expect(at(20).kind).toBe('classDef');
  });

  it('knows composite states and their concurrent regions as blocks', () => {
    expect(at(15)).toMatchObject({ kind: 'subgraph', nodes: ['Busy'], block: '' });
    expect(at(16)).toMatchObject({ nodes: ['Fetch', 'Parse'], block: 'Busy#0' });
    expect(at(18)).toMatchObject({ nodes: ['Watch'], block: 'Busy#1' });
    expect(at(19)).toMatchObject({ kind: 'end', block: '' });
    expect(source.blocks.get('Busy')).toMatchObject({ open: 14, close: 18, parent: '' });
    expect(source.blocks.get('Busy#1')).toMatchObject({ open: 16, close: 18, parent: 'Busy' });
  });

  it('moves whole lines and keeps the rest byte for byte', () => {
    const crlf = readStateSource(TEXT.replace(/\n/g, '\r\n'))!;
    const unit = crlf.units.find((u) => u.first === 9)!;
    const moved = applyOps(crlf, [{ op: 'move', unit, before: 7, indent: '  ' }]);
    expect(moved.split('\r\n').slice(7, 10)).toEqual([
      '  Busy:::hot --> Done: finish --> now',
      '  state "Working hard" as Busy',
      '  Idle --> Busy : start',
    ]);
  });

  it('is not a flowchart reader', () => {
    expect(readStateSource('flowchart LR\n  a --> b\n')).toBeNull();
    expect(readStateSource('---\ntitle: x\n')).toBeNull();
  });
});

describe('the edits that move a state along its rank', () => {
  const CONCURRENT = [
    'stateDiagram-v2',
    '  state Active {',
    '    [*] --> Playing',
    '    Playing --> Paused',
    '    --',
    '    [*] --> ScreenOn',
    '    ScreenOn --> ScreenDimmed',
    '  }',
    '',
  ].join('\n');
  const layout: ProbedLayout = {
    ok: true,
    nodes: {},
    clusters: {},
    graph: {
      direction: 'TB',
      nodes: [],
      edges: [],
      edgeDefaults: { style: [], interpolate: '' },
      subgraphs: [],
      classDefs: [],
    },
  };
  const edits = (node: string, kind: 'left-of' | 'right-of', other: string, text = CONCURRENT) =>
    orderCandidateEdits(
      readStateSource(text)!,
      layout,
      { node, kind, other },
      { layout: 'elk', forcedModelOrder: false },
    );

  it('swaps concurrent regions, each keeping its separator between them', () => {
    const swap = edits('ScreenOn', 'left-of', 'Playing').find((c) => c.description.includes('region'))!;
    expect(swap.description).toBe('moved lines 6–7 (the region of ScreenOn) before the region of Playing');
    expect(swap.text.split('\n').slice(1, 8)).toEqual([
      '  state Active {',
      '    [*] --> ScreenOn',
      '    ScreenOn --> ScreenDimmed',
      '    --',
      '    [*] --> Playing',
      '    Playing --> Paused',
      '  }',
    ]);
    const back = edits('Playing', 'right-of', 'ScreenOn').find((c) => c.description.includes('region'))!;
    expect(back.text).toBe(swap.text);
  });

  it("moves a statement of one state past the other's, and offers the kept model order last", () => {
    const text = 'stateDiagram-v2\n  [*] --> A\n  A --> B\n  A --> C\n';
    const list = edits('C', 'left-of', 'B', text);
    expect(list[0]).toMatchObject({ description: 'moved line 4 before line 3', family: 'order' });
    expect(list[0]!.text).toBe('stateDiagram-v2\n  [*] --> A\n  A --> C\n  A --> B\n');
    expect(list.find((c) => c.likely)).toMatchObject({ family: 'model-order' });
  });
});
