/**
 * One small scene per way people draw, each read the way a careful person would redraw it in
 * Mermaid, with the guess listed in the report.
 */
import { describe, expect, it } from 'vitest';
import { parseFlowchart } from '../../test/support/excalidraw-score.ts';
import { curveThrough } from './geometry.ts';
import { restoreElements } from './restore.ts';
import { sceneToMermaid } from './to-mermaid.ts';

type Raw = Record<string, unknown>;
const shape = (id: string, type: string, x: number, y: number, w = 120, h = 60, extra: Raw = {}): Raw => ({
  id,
  type,
  x,
  y,
  width: w,
  height: h,
  ...extra,
});
const box = (id: string, x: number, y: number, extra: Raw = {}) =>
  shape(id, 'rectangle', x, y, 120, 60, extra);
const text = (id: string, x: number, y: number, t: string, extra: Raw = {}): Raw => ({
  id,
  type: 'text',
  x,
  y,
  width: t.length * 9,
  height: 20,
  fontSize: 16,
  text: t,
  ...extra,
});
/** A labelled box: the text bound to it, centred. */
const node = (id: string, x: number, y: number, t: string): Raw[] => [
  box(id, x, y, { boundElements: [{ type: 'text', id: `${id}_t` }] }),
  text(`${id}_t`, x + 60 - t.length * 4.5, y + 20, t, { containerId: id }),
];
const line = (id: string, type: string, points: [number, number][], extra: Raw = {}): Raw => {
  const [x0, y0] = points[0]!;
  return {
    id,
    type,
    x: x0,
    y: y0,
    width: Math.max(...points.map((p) => p[0])) - Math.min(...points.map((p) => p[0])),
    height: Math.max(...points.map((p) => p[1])) - Math.min(...points.map((p) => p[1])),
    points: points.map(([x, y]) => [x - x0, y - y0]),
    startArrowhead: null,
    endArrowhead: type === 'arrow' ? 'arrow' : null,
    ...extra,
  };
};
const arrow = (id: string, from: [number, number], to: [number, number], extra: Raw = {}) =>
  line(id, 'arrow', [from, to], extra);
const bind = (elementId: string) => ({ elementId, focus: 0, gap: 4 });

/** The conversion read back: labels of nodes, `from → to "label"` edges, subgraph titles, guesses. */
function read(elements: Raw[], printed?: Map<string, string>, pictures: string[] = []) {
  // Pictures (PNG files), some named by the words read from their pixels.
  const ids = [...(printed?.keys() ?? []), ...pictures];
  const png = { mimeType: 'image/png', dataURL: 'data:image/png;base64,iVBORw0KGgo=' };
  const files = ids.length > 0 ? Object.fromEntries(ids.map((id) => [id, png])) : null;
  const { mermaid, report } = sceneToMermaid(restoreElements(elements, null, files, printed));
  const g = parseFlowchart(mermaid);
  const labelOf = new Map(g.nodes.map((n) => [n.id, n.label]));
  for (const s of g.subgraphs) labelOf.set(s.id, s.title);
  return {
    mermaid,
    nodes: g.nodes.map((n) => n.label).sort(),
    edges: g.edges.map(
      (e) =>
        `${labelOf.get(e.from)} ${e.kind === 'none' ? '---' : '→'} ${labelOf.get(e.to)}${e.label ? ` "${e.label}"` : ''}`,
    ),
    subgraphs: g.subgraphs.map((s) => ({
      title: s.title,
      nodes: s.nodeIds.map((id) => labelOf.get(id)).sort(),
    })),
    guesses: report.inferences.map((i) => i.kind),
  };
}

describe('marks at both ends', () => {
  it('reads a bar at both ends as pointing neither way, and keeps round marks', () => {
    const link = (heads: [string, string], whole = false) => {
      const r = read([
        ...node('a', 0, 0, 'VPC'),
        ...node('b', 300, 0, 'Subnet'),
        arrow('x', [124, 30], [296, 30], {
          startBinding: bind('a'),
          endBinding: bind('b'),
          startArrowhead: heads[0],
          endArrowhead: heads[1],
        }),
      ]);
      return whole ? r.mermaid.split('\n').filter((l) => l.includes('n_a')) : r.edges;
    };
    expect(link(['bar', 'bar'])).toEqual(['VPC --- Subnet']);
    // Mermaid draws round ends itself.
    expect(link(['dot', 'dot'], true)).toContain('  n_a o--o n_b');
    // A dot at the tail and an arrowhead at the tip still point the way the arrowhead does.
    expect(link(['dot', 'arrow'])).toEqual(['VPC → Subnet']);
  });
});

describe('words in a text box far wider than them', () => {
  it('places left-aligned words where their letters are, not across the blank room of their box', () => {
    const r = read([
      ...node('a', 0, 0, 'Client'),
      box('s', 300, 0, { height: 80, boundElements: [{ type: 'text', id: 's_t' }] }),
      text('s_t', 320, 40, 'Service', { containerId: 's' }),
      // A fixed-width box of 400 holding two words at its left: they are written inside the node.
      text('free', 305, 8, 'Logs clicks', { width: 400, textAlign: 'left' }),
      arrow('x', [122, 30], [298, 30], { startBinding: bind('a'), endBinding: bind('s') }),
    ]);
    expect(r.nodes).toEqual(['Client', 'Logs clicks\nService']);
  });
});

describe('blanks to fill in', () => {
  it('reads words made of underscores or dashes as blanks: no label, no node, no note', () => {
    const r = read([
      ...node('a', 0, 0, 'USER'),
      ...node('b', 300, 0, '_____'),
      arrow('x', [124, 30], [296, 30], { startBinding: bind('a'), endBinding: bind('b') }),
      text('f', 0, 120, '______', { width: 60 }),
      text('g', 0, 160, '---', { width: 30 }),
    ]);
    expect(r.nodes).toEqual([' ', 'USER']);
    expect(r.mermaid).not.toContain('%% note');
    // Three dots are words (more of the same), two dashes too short to be a blank.
    expect(read([...node('c', 0, 0, '...')]).nodes).toEqual(['...']);
  });
});

describe('containers', () => {
  const inside = [...node('a', 40, 80, 'API'), ...node('b', 240, 80, 'Worker')];

  it('makes a box named from above around one titled container a region around that region', () => {
    const scene = (withName: boolean) => [
      ...(withName
        ? [text('name', 300, 0, 'Kubernetes Cluster', { fontSize: 28, height: 35, width: 260 })]
        : []),
      shape('cluster', 'rectangle', 0, 50, 900, 480),
      shape('pool', 'rectangle', 420, 150, 440, 320),
      text('pooltitle', 440, 160, 'Worker Nodes'),
      ...node('a', 440, 220, 'Kubelet'),
      ...node('b', 640, 220, 'Docker'),
      ...node('c', 440, 360, 'Kube Proxy'),
    ];
    const r = read(scene(true));
    expect(r.subgraphs.map((g) => g.title).sort()).toEqual(['Kubernetes Cluster', 'Worker Nodes']);
    expect(r.mermaid).not.toContain('%% note: Kubernetes Cluster');
    // Unnamed, the box around is only a border: no region of its own.
    expect(read(scene(false)).subgraphs.map((g) => g.title)).toEqual(['Worker Nodes']);
    // Names written over the corners: each box's over its own top-left corner.
    const corners = read([
      text('outer', 15, 0, 'Cluster kafka'),
      shape('cluster', 'rectangle', 0, 35, 330, 380),
      text('inner', 30, 65, 'Zookeeper'),
      shape('pool', 'rectangle', 20, 95, 290, 250),
      ...node('a', 100, 110, 'Node 1'),
      ...node('b', 100, 190, 'Node 2'),
      ...node('c', 100, 270, 'Node 3'),
    ]);
    expect(corners.subgraphs.map((g) => g.title).sort()).toEqual(['Cluster kafka', 'Zookeeper']);
    expect(corners.subgraphs.find((g) => g.title === 'Zookeeper')?.nodes).toEqual([
      'Node 1',
      'Node 2',
      'Node 3',
    ]);
  });

  it('titles an unnamed frame drawn as a screen by the heading in its top bar, beside its back button', () => {
    const screen = (id: string, x: number, title: string) => [
      { id, type: 'frame', x, y: 0, width: 660, height: 1000, name: null },
      ...node(`${id}back`, x + 20, 20, '<-').map((el) => ({
        ...el,
        frameId: id,
        ...(el.type === 'rectangle' ? { width: 110, height: 50 } : {}),
      })),
      text(`${id}t`, x + 220, 28, title, { frameId: id, width: 200, height: 33, fontSize: 28 }),
      ...node(`${id}a`, x + 60, 200, 'Histoire').map((el) => ({ ...el, frameId: id })),
      ...node(`${id}b`, x + 60, 400, 'Planètes').map((el) => ({ ...el, frameId: id })),
    ];
    const r = read([
      ...screen('s1', 0, 'Gérer les decks'),
      ...screen('s2', 800, 'Choix deck'),
      arrow('x', [184, 430], [856, 230], { startBinding: bind('s1b'), endBinding: bind('s2a') }),
    ]);
    expect(r.subgraphs.map((g) => g.title).sort()).toEqual(['Choix deck', 'Gérer les decks']);
    expect(r.mermaid).not.toContain('%% note: Gérer les decks');
  });

  it('titles a group by the word after the badge drawn in its top-left corner and grouped with it', () => {
    const r = read([
      shape('aws', 'rectangle', 0, 0, 500, 240, { groupIds: ['g'] }),
      // A small square with a cloud drawn in it, flush with the corner, and the name after it.
      shape('badge', 'rectangle', 1, 0, 40, 40, { groupIds: ['icon', 'head', 'g'] }),
      line(
        'cloud',
        'line',
        [
          [8, 25],
          [14, 14],
          [26, 12],
          [33, 25],
          [8, 25],
        ],
        { groupIds: ['icon', 'head', 'g'] },
      ),
      text('name', 50, 8, 'AWS', { groupIds: ['head', 'g'] }),
      ...node('a', 60, 120, 'Queue'),
      ...node('b', 300, 120, 'Function'),
      arrow('x', [184, 150], [296, 150], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'AWS', nodes: ['Function', 'Queue'] }]);
    expect(r.mermaid).not.toContain('%% note: AWS');
  });

  it('reads a box holding shapes with a title inside its top edge as a titled subgraph', () => {
    const r = read([
      box('zone', 0, 0, { width: 400, height: 180 }),
      text('title', 12, 10, 'Backend'),
      ...inside,
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Backend', nodes: ['API', 'Worker'] }]);
    expect(r.nodes).toEqual(['API', 'Worker']);
    expect(r.guesses).toContain('container');
  });

  it('titles a box by the large heading a line under its top, not by a small section word over its corner', () => {
    const r = read([
      text('section', 0, -24, 'CLIENT', { fontSize: 11, height: 16, width: 200, textAlign: 'left' }),
      box('zone', 0, 0, { width: 400, height: 190 }),
      // 27 under the top edge: past the usual strip, within a line of its own 24-unit letters.
      text('title', 20, 27, 'Mobile app', { fontSize: 24, height: 30, width: 200, textAlign: 'left' }),
      ...node('a', 40, 90, 'API'),
      ...node('b', 240, 90, 'Worker'),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Mobile app', nodes: ['API', 'Worker'] }]);
  });

  it('never titles a box by a block of many lines under what it holds (a listing)', () => {
    const listing = 'libraries/\n  angular/\n    components/\n  react/\n    components/';
    const r = read([
      box('zone', 0, 0, { width: 400, height: 300 }),
      ...inside,
      text('tree', 40, 170, listing, { width: 150, height: 110 }),
    ]);
    expect(r.subgraphs.filter((g) => g.title.includes('libraries/'))).toEqual([]);
    expect(r.mermaid).toContain('note: libraries/');
  });

  it('titles a box by the name across its top edge, not by a word across its side border', () => {
    const r = read([
      box('zone', 0, 0, { width: 400, height: 180 }),
      text('title', 150, -35, 'LAN', { width: 60, height: 50, fontSize: 40 }),
      text('side', -50, 100, '*.example.net'),
      ...inside,
    ]);
    expect(r.subgraphs).toEqual([{ title: 'LAN', nodes: ['API', 'Worker'] }]);
  });

  it('titles a box by a heading in large letters over its corner, before words inside above what it holds', () => {
    const r = read([
      box('zone', 0, 0, { width: 500, height: 260 }),
      text('heading', 20, -57, 'STEP 1: REQUEST', { fontSize: 28, height: 35, width: 300 }),
      text('words', 40, 60, 'Asks for a reminder', { width: 200 }),
      ...node('a', 40, 110, 'API'),
      ...node('b', 340, 110, 'Worker'),
      arrow('x', [162, 140], [338, 140], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'STEP 1: REQUEST', nodes: ['API', 'Worker'] }]);
  });

  it('titles a group by the small named tag pinned across its top edge, before a caption under what it holds', () => {
    const tag = (x: number, y: number, t: string): Raw[] => [
      box('tag', x, y, { width: 160, height: 36, boundElements: [{ type: 'text', id: 'tag_t' }] }),
      text('tag_t', x + 20, y + 6, t, { containerId: 'tag', height: 25, fontSize: 20 }),
    ];
    const group = [
      box('zone', 0, 0, { width: 400, height: 200, strokeStyle: 'dashed' }),
      ...node('a', 40, 60, 'SDK'),
      ...node('b', 240, 60, 'worker register'),
    ];
    const r = read([...group, ...tag(220, -18, 'main thread')]);
    expect(r.subgraphs).toEqual([{ title: 'main thread', nodes: ['SDK', 'worker register'] }]);
    const captioned = read([
      ...group,
      ...tag(10, -18, 'worker threads'),
      text('cap', 150, 150, 'Partner Apps'),
    ]);
    expect(captioned.subgraphs.map((s) => s.title)).toEqual(['worker threads']);
    expect(captioned.mermaid).toContain('%% note: Partner Apps');
    // A tall box reaching down into the group from over its edge is a part of it, not a tag.
    const tall = read([
      ...group,
      box('tab', 150, -60, { width: 64, height: 140, boundElements: [{ type: 'text', id: 'tab_t' }] }),
      text('tab_t', 155, -50, 'photo', { containerId: 'tab', height: 25, fontSize: 20 }),
    ]);
    expect(tall.nodes).toContain('photo');
    // A plate taller than its words, over the top edge of a large group and reaching no deeper
    // than a tenth of it, is its title all the same.
    const large = read([
      box('zone', 0, 0, { width: 1200, height: 900 }),
      ...node('a', 100, 300, 'SDK'),
      ...node('b', 700, 300, 'worker register'),
      box('plate', 300, -60, { width: 400, height: 140, boundElements: [{ type: 'text', id: 'plate_t' }] }),
      text('plate_t', 420, -10, 'Event Loop', { containerId: 'plate', height: 25, fontSize: 20 }),
    ]);
    expect(large.subgraphs).toEqual([{ title: 'Event Loop', nodes: ['SDK', 'worker register'] }]);
  });

  it('titles a box by the word in its corner even when a named icon stands right beside it', () => {
    // Icons drawn from two squares, one over the other's shadow, and a stroke, each grouped with
    // its name under it.
    const icon = (id: string, y: number, name: string) => [
      shape(`${id}_sq`, 'rectangle', 120, y, 64, 64, { groupIds: [`${id}_s`, `${id}_i`, id] }),
      shape(`${id}_sh`, 'rectangle', 118, y + 5, 64, 64, { groupIds: [`${id}_h`, `${id}_i`, id] }),
      line(
        `${id}_st`,
        'line',
        [
          [140, y + 20],
          [165, y + 50],
        ],
        { groupIds: [`${id}_l`, `${id}_i`, id] },
      ),
      text(`${id}_n`, 115, y + 72, name, { width: 80, groupIds: [id] }),
    ];
    const r = read([
      shape('zone', 'rectangle', 0, 0, 290, 400, { strokeStyle: 'dashed' }),
      text('title', 40, 24, 'Lambda', { width: 73 }),
      ...icon('a', 22, 'onConnect'),
      ...icon('b', 200, 'upload'),
      ...node('gw', -400, 150, 'Gateway'),
      arrow('x', [-276, 180], [116, 240]),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Lambda', nodes: ['onConnect', 'upload'] }]);
    expect(r.mermaid).not.toContain('%% note');
  });

  it('gives the title in a box’s top-left corner to that box, not to an unnamed box inside it under the title', () => {
    const r = read([
      box('project', 0, 0, { width: 700, height: 360 }),
      text('title', 30, 28, 'GCP Project', { fontSize: 36, height: 45, width: 200 }),
      box('vpc', 30, 110, { width: 600, height: 220 }),
      ...node('a', 60, 160, 'Router'),
      ...node('b', 300, 160, 'NAT'),
    ]);
    expect(r.subgraphs).toEqual([
      { title: 'GCP Project', nodes: [] },
      { title: ' ', nodes: ['NAT', 'Router'] },
    ]);
    // A word right on the inner box's own corner is its tab.
    const tabbed = read([
      box('zone', 0, 0, { width: 700, height: 360 }),
      text('tab', 20, 8, 'cluster', { width: 70 }),
      box('inner', 20, 32, { width: 600, height: 200 }),
      ...node('a', 60, 80, 'Router'),
      ...node('b', 300, 80, 'NAT'),
      ...node('c', 60, 260, 'Gateway'),
    ]);
    expect(tabbed.subgraphs.map((s) => s.title)).toEqual([' ', 'cluster']);
  });

  it('reads words bound to a titled box, drawn in its middle on an arrow, as that arrow’s label, else as a note', () => {
    const zone = [
      box('zone', 0, 0, { width: 300, height: 400, boundElements: [{ type: 'text', id: 'mid' }] }),
      text('mid', 90, 190, 'write metrics', { containerId: 'zone', width: 120 }),
      text('title', 10, 8, 'Metrics service', { width: 140 }),
    ];
    const r = read([
      ...zone,
      ...node('a', 90, 300, 'Proxy'),
      ...node('b', 90, 60, 'Prometheus'),
      arrow('x', [150, 298], [150, 122], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Metrics service', nodes: ['Prometheus', 'Proxy'] }]);
    expect(r.edges).toEqual(['Proxy → Prometheus "write metrics"']);
    const aside = read([...zone, ...node('a', 20, 300, 'Proxy'), ...node('b', 160, 300, 'Prometheus')]);
    expect(aside.mermaid).toContain('%% note: write metrics');
  });

  it('takes a caption just under the box as its title', () => {
    const r = read([
      box('zone', 0, 0, { width: 400, height: 180 }),
      text('cap', 160, 190, 'Backend'),
      ...inside,
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Backend', nodes: ['API', 'Worker'] }]);
    expect(r.nodes).toEqual(['API', 'Worker']);
  });

  it('nests a titled box inside another titled box', () => {
    const r = read([
      shape('outer', 'rectangle', -40, -60, 500, 280, { strokeStyle: 'dashed' }),
      text('ot', -28, -50, 'Cloud'),
      box('zone', 0, 0, { width: 400, height: 180 }),
      text('title', 12, 10, 'Backend'),
      ...inside,
    ]);
    const cloud = r.mermaid.indexOf('["Cloud"]');
    const backend = r.mermaid.indexOf('["Backend"]');
    expect(cloud).toBeGreaterThan(0);
    expect(backend).toBeGreaterThan(cloud);
    expect(r.subgraphs.map((s) => s.title)).toEqual(['Cloud', 'Backend']);
  });
});

describe('free-text labels', () => {
  it('reads "Yes" and "No" beside the arrows leaving a diamond as their labels', () => {
    const r = read([
      shape('d', 'diamond', 200, 0, 140, 90, { boundElements: [{ type: 'text', id: 'dt' }] }),
      text('dt', 235, 35, 'Valid?', { containerId: 'd' }),
      ...node('ok', 0, 200, 'Save'),
      ...node('ko', 400, 200, 'Reject'),
      arrow('y', [230, 80], [60, 196], { startBinding: bind('d'), endBinding: bind('ok') }),
      arrow('n', [310, 80], [460, 196], { startBinding: bind('d'), endBinding: bind('ko') }),
      text('yt', 110, 110, 'Yes'),
      text('nt', 400, 110, 'No'),
    ]);
    expect(r.edges.sort()).toEqual(['Valid? → Reject "No"', 'Valid? → Save "Yes"']);
    expect(r.guesses.filter((k) => k === 'edge-label')).toHaveLength(2);
  });

  it('reads a text just above an arrow as its label', () => {
    const r = read([
      ...node('a', 0, 0, 'Client'),
      ...node('b', 300, 0, 'Server'),
      arrow('x', [124, 30], [296, 30], { startBinding: bind('a'), endBinding: bind('b') }),
      text('l', 180, 6, 'HTTPS'),
    ]);
    expect(r.edges).toEqual(['Client → Server "HTTPS"']);
  });

  it('gives a text touching two close arrows to the one through its middle', () => {
    // Two arrows 40 apart, each with a wide label centred on it that reaches over the other.
    const r = read([
      ...node('a1', 80, 0, 'Sequencer'),
      ...node('a2', 220, 0, 'Prover'),
      ...node('b1', 80, 420, 'L1'),
      ...node('b2', 220, 420, 'Bridge'),
      arrow('x1', [190, 64], [190, 416]),
      arrow('x2', [230, 64], [230, 416]),
      text('l1', 190 - 63, 190, 'Verify batches'),
      text('l2', 230 - 63, 290, 'Post sequences'),
    ]);
    expect([...r.edges].sort()).toEqual([
      'Prover → Bridge "Post sequences"',
      'Sequencer → L1 "Verify batches"',
    ]);
  });

  it('reads two texts above and below one arrow as one label', () => {
    const r = read([
      ...node('a', 0, 0, 'Client'),
      ...node('b', 400, 0, 'Server'),
      arrow('x', [124, 30], [396, 30], { startBinding: bind('a'), endBinding: bind('b') }),
      text('l1', 200, 4, 'POST /orders'),
      text('l2', 210, 36, '(JSON)'),
    ]);
    expect(r.edges).toEqual(['Client → Server "POST /orders\n(JSON)"']);
  });

  it('reads a bound label at the arrow’s middle, wherever it is stored', () => {
    const r = read([
      ...node('a', 0, 0, 'Client'),
      ...node('b', 300, 0, 'Server'),
      arrow('x', [124, 30], [296, 30], {
        startBinding: bind('a'),
        endBinding: bind('b'),
        boundElements: [{ type: 'text', id: 'l' }],
      }),
      text('l', 900, 700, 'HTTPS', { containerId: 'x' }),
    ]);
    expect(r.edges).toEqual(['Client → Server "HTTPS"']);
  });

  it('keeps a text that labels nothing as a note, out of the graph', () => {
    const r = read([
      ...node('a', 0, 0, 'Client'),
      ...node('b', 300, 0, 'Server'),
      arrow('x', [124, 30], [296, 30], { startBinding: bind('a'), endBinding: bind('b') }),
      text('n', 0, 400, 'Draft, to be reviewed'),
    ]);
    expect(r.nodes).toEqual(['Client', 'Server']);
    expect(r.edges).toEqual(['Client → Server']);
    expect(r.mermaid).toContain('%% note: Draft, to be reviewed');
  });
});

describe('ends', () => {
  it('reads a short arrow drawn along another one back to its tail as that arrow’s second head', () => {
    const r = read([
      ...node('logic', 0, 0, 'Logic'),
      ...node('net', 300, 0, 'Network'),
      // Network → Logic, and a short stroke from its middle on to Network, past the gap left by
      // the binding.
      arrow('x', [292, 30], [124, 30], { startBinding: bind('net'), endBinding: bind('logic') }),
      arrow('y', [240, 31], [298, 31]),
    ]);
    expect(r.edges).toEqual(['Network → Logic']);
    expect(r.mermaid).toMatch(/n_net <--> n_logic/);
    // A stroke from the middle to a third box still branches from the arrow's start.
    const branch = read([
      ...node('logic', 0, 0, 'Logic'),
      ...node('net', 300, 0, 'Network'),
      ...node('db', 150, 200, 'DB'),
      arrow('x', [292, 30], [124, 30], { startBinding: bind('net'), endBinding: bind('logic') }),
      arrow('y', [210, 31], [210, 196]),
    ]);
    expect(branch.edges.sort()).toEqual(['Network → DB', 'Network → Logic']);
  });

  it('reads two short strokes meeting at an arrow’s tail, one either side, as its second head', () => {
    // Each arm runs from the tail, at (125, 30), back along the arrow to its far end.
    const arm = (id: string, x: number, y: number) =>
      line(id, 'line', [
        [125, 30],
        [x, y],
      ]);
    const scene = (arms: Raw[]) => [
      ...node('host', 0, 0, 'Host'),
      ...node('chip', 300, 0, 'Chip'),
      arrow('x', [124, 30], [296, 30], { startBinding: bind('host'), endBinding: bind('chip') }),
      ...arms,
    ];
    const r = read(scene([arm('u', 145, 20), arm('d', 145, 41)]));
    expect(r.mermaid).toMatch(/n_host <--> n_chip/);
    expect(r.nodes).toEqual(['Chip', 'Host']);
    // One stroke alone, or two on one side, are marks on the arrow, not a head.
    expect(read(scene([arm('u', 145, 20)])).mermaid).toMatch(/n_host --> n_chip/);
    expect(read(scene([arm('u', 145, 20), arm('d', 150, 22)])).mermaid).toMatch(/n_host --> n_chip/);
  });

  it('reads words grouped with an arrow, along it, as its label though a remark points at them', () => {
    const scene = (group: boolean) => [
      ...node('chip', 0, 0, 'Chip'),
      ...node('core', 300, 0, 'Core'),
      arrow('x', [124, 30], [296, 30], {
        startBinding: bind('chip'),
        endBinding: bind('core'),
        groupIds: group ? ['sig'] : [],
      }),
      text('clk', 190, 36, 'CLK', { groupIds: group ? ['sig'] : [] }),
      text('note', 260, 160, 'Only for synchronous protocol'),
      arrow('r', [255, 165], [215, 60]),
    ];
    const r = read(scene(true));
    expect(r.edges).toEqual(['Chip → Core "CLK"']);
    expect(r.nodes).toEqual(['Chip', 'Core']);
    // Not grouped, the words the remark points at are what it reaches.
    expect(read(scene(false)).nodes).toContain('CLK');
  });

  it('reads words in a white box with no outline, set over an arrow’s shaft, as the arrow’s label', () => {
    const scene = (y: number) => [
      ...node('cfg', 0, 0, 'Config'),
      ...node('core', 400, 0, 'Core'),
      arrow('x', [124, 30], [396, 30], { startBinding: bind('cfg'), endBinding: bind('core') }),
      shape('mask', 'rectangle', 180, y, 160, 26, {
        strokeColor: 'transparent',
        backgroundColor: '#ffffff',
        fillStyle: 'solid',
        groupIds: ['lbl'],
      }),
      text('words', 190, y + 3, 'GameBoy.update()', { groupIds: ['lbl'] }),
    ];
    const r = read(scene(17));
    expect(r.edges).toEqual(['Config → Core "GameBoy.update()"']);
    expect(r.nodes).toEqual(['Config', 'Core']);
    // Away from any arrow, the white box is one more box with its words.
    expect(read(scene(200)).nodes).toContain('GameBoy.update()');
  });

  it('reads a cross in a white box with a white outline on each of two close arrows as each arrow’s label', () => {
    // Two blocked links, each struck through by an X set in a box drawn white on white.
    const cross = (id: string, y: number) => [
      shape(id, 'rectangle', 240, y, 40, 50, {
        strokeColor: '#fff',
        backgroundColor: '#fff',
        fillStyle: 'solid',
        boundElements: [{ type: 'text', id: `${id}_t` }],
      }),
      text(`${id}_t`, 248, y + 5, 'X', { containerId: id, fontSize: 36, height: 40, width: 24 }),
    ];
    const r = read([
      ...node('runner', 0, 0, 'Runner'),
      ...node('job', 0, 90, 'Job'),
      ...node('svc', 500, 40, 'Service'),
      arrow('a', [124, 30], [496, 60], { startBinding: bind('runner'), endBinding: bind('svc') }),
      arrow('b', [124, 120], [496, 80], { startBinding: bind('job'), endBinding: bind('svc') }),
      ...cross('c1', 22),
      ...cross('c2', 76),
    ]);
    expect(r.nodes).toEqual(['Job', 'Runner', 'Service']);
    expect(r.edges.sort()).toEqual(['Job → Service "X"', 'Runner → Service "X"']);
  });

  it('reads an arrow bound to the text inside a box as bound to the box', () => {
    const r = read([
      ...node('a', 0, 0, 'Client'),
      ...node('b', 300, 0, 'Server'),
      arrow('x', [124, 30], [296, 30], { startBinding: bind('a_t'), endBinding: bind('b_t') }),
    ]);
    expect(r.nodes).toEqual(['Client', 'Server']);
    expect(r.edges).toEqual(['Client → Server']);
  });

  it('reads an unbound arrow leaving a container from a box inside it as leaving that box', () => {
    // The arrow starts 18 under API, 12 above the container's bottom edge, and ends on a box
    // outside: it crosses the border on its way from API.
    const r = read([
      box('zone', 0, 0, { width: 400, height: 180 }),
      text('title', 12, 10, 'Backend'),
      ...node('a', 40, 90, 'API'),
      ...node('b', 240, 90, 'Worker'),
      ...node('c', 40, 260, 'Database'),
      arrow('x', [100, 168], [100, 256]),
      // And one that starts on the border itself: from the container.
      arrow('y', [300, 181], [160, 256]),
      // One that stops 25 short of Worker, only the border within reach: it points at Worker.
      ...node('d', 240, 260, 'Queue'),
      arrow('z', [300, 175], [300, 256]),
    ]);
    expect([...r.edges].sort()).toEqual(['API → Database', 'Backend → Database', 'Worker → Queue']);
  });

  it('trims padded labels the way a person reads them', () => {
    const r = read([
      box('a', 0, 0, { boundElements: [{ type: 'text', id: 'at' }] }),
      text('at', 10, 20, '   Order   service  \n', { containerId: 'a' }),
    ]);
    expect(r.nodes).toEqual(['Order service']);
  });

  it('joins a line and an arrow drawn end to end into one edge with the arrow’s head', () => {
    const r = read([
      ...node('a', 0, 0, 'Client'),
      ...node('b', 300, 200, 'Server'),
      line('l', 'line', [
        [122, 30],
        [360, 30],
      ]),
      arrow('x', [362, 32], [362, 198]),
    ]);
    expect(r.edges).toEqual(['Client → Server']);
    expect(r.guesses).toContain('chain');
  });

  it('reads two arrows leaving one point beside a box, tail to tail, as two arrows from the box', () => {
    const r = read([
      ...node('raw', 0, 100, 'Raw Manifests'),
      ...node('helm', 300, 0, 'Helm'),
      ...node('enh', 300, 200, 'Enhanced'),
      arrow('up', [150, 130], [296, 30], { endBinding: bind('helm') }),
      arrow('down', [152, 131], [296, 230], { endBinding: bind('enh') }),
    ]);
    expect(r.edges.sort()).toEqual(['Raw Manifests → Enhanced', 'Raw Manifests → Helm']);
  });

  it('labels a chain of labelled arrows drawn end to end with their words in order, wherever they are stored', () => {
    const step = (id: string, x: number, words: string, storedX: number, extra: Raw = {}) => [
      arrow(id, [x, 30], [x + 100, 30], { boundElements: [{ type: 'text', id: `${id}_t` }], ...extra }),
      text(`${id}_t`, storedX, 400, words, { containerId: id }),
    ];
    const r = read([
      ...node('a', 0, 0, 'Input'),
      ...node('b', 460, 0, 'Output'),
      // The last step's words are stored leftmost and highest: Excalidraw draws them mid-arrow.
      ...step('s1', 124, 'map', 200, { startBinding: bind('a') }),
      ...step('s2', 230, 'filter', 300),
      ...step('s3', 336, 'collect', 0, { endBinding: bind('b') }),
    ]);
    expect(r.edges).toEqual(['Input → Output "map\nfilter\ncollect"']);
  });

  it('reads an arrow into a small picture and a stroke leaving it as one edge through the picture', () => {
    // A formula written on the arrow as an image (its file need not be in the drawing).
    const formula = shape('f', 'image', 200, 20, 60, 20, { fileId: 'latex', status: 'saved' });
    const r = read([
      ...node('a', 0, 0, 'Alice'),
      ...node('b', 400, 160, 'Bob'),
      arrow('in', [122, 30], [190, 30]),
      line('out', 'arrow', [
        [230, 48],
        [230, 190],
        [398, 190],
      ]),
      formula,
    ]);
    expect(r.edges).toEqual(['Alice → Bob']);
    expect(r.guesses).toContain('chain');
  });

  it('joins nothing through a picture two arrows point at, or one that an arrow is bound to', () => {
    const pointedAtTwice = read([
      ...node('a', 0, 0, 'Alice'),
      ...node('c', 0, 200, 'Carol'),
      ...node('b', 400, 0, 'Bob'),
      arrow('in1', [122, 30], [190, 30]),
      arrow('in2', [60, 198], [220, 52]),
      arrow('out', [272, 30], [398, 30], { endArrowhead: null }),
      shape('f', 'image', 200, 20, 60, 20, { fileId: 'latex' }),
    ]);
    expect(pointedAtTwice.guesses).not.toContain('chain');
    const boundPicture = read([
      ...node('a', 0, 0, 'Alice'),
      ...node('b', 400, 0, 'Bob'),
      arrow('in', [122, 30], [196, 30], { endBinding: bind('f') }),
      arrow('out', [264, 30], [398, 30], { startArrowhead: null }),
      shape('f', 'image', 200, 20, 60, 20, { fileId: 'latex' }),
    ]);
    expect(boundPicture.guesses).not.toContain('chain');
  });

  it('gives an arrow from an old file without arrowhead fields an end arrowhead', () => {
    const old = arrow('x', [124, 30], [296, 30], { startBinding: bind('a'), endBinding: bind('b') });
    delete old.startArrowhead;
    delete old.endArrowhead;
    const r = read([...node('a', 0, 0, 'Client'), ...node('b', 300, 0, 'Server'), old]);
    expect(r.edges).toEqual(['Client → Server']);
  });

  it('reads a UML diamond with an arrowhead at the other end as an arrow to that end, and a diamond alone as the head', () => {
    const ends = (startArrowhead: string | null, endArrowhead: string | null) => {
      const r = read([
        ...node('a', 0, 0, 'Task'),
        ...node('b', 300, 0, 'Stack'),
        arrow('x', [124, 30], [296, 30], {
          startBinding: bind('a'),
          endBinding: bind('b'),
          startArrowhead,
          endArrowhead,
        }),
      ]);
      return `${r.edges}${r.mermaid.includes('<--') ? ' both ways' : ''}`;
    };
    expect(ends('diamond', 'arrow')).toBe('Task → Stack');
    expect(ends('triangle', 'diamond_outline')).toBe('Stack → Task');
    expect(ends('diamond_outline', null)).toBe('Stack → Task');
    expect(ends('arrow', 'arrow')).toBe('Task → Stack both ways');
  });

  it('applies a rotated arrow’s angle to its points', () => {
    // Drawn sideways between y = 100 and 220, turned a quarter round its centre: it points down.
    const r = read([
      ...node('a', 100, 0, 'Top'),
      ...node('b', 100, 232, 'Bottom'),
      arrow('x', [100, 146], [220, 146], { angle: Math.PI / 2 }),
    ]);
    expect(r.edges).toEqual(['Top → Bottom']);
  });
});

describe('shapes drawn from several elements', () => {
  it('reads a grouped symbol drawn as a closed line and a mark as one node, not one per part', () => {
    const octagon: [number, number][] = [
      [20, 0],
      [60, 0],
      [80, 20],
      [80, 60],
      [60, 80],
      [20, 80],
      [0, 60],
      [0, 20],
      [20, 0],
    ];
    const r = read([
      line(
        'o',
        'line',
        octagon.map(([x, y]) => [x + 300, y]),
        { groupIds: ['sym'] },
      ),
      line(
        'm',
        'line',
        [
          [320, 40],
          [360, 40],
        ],
        { groupIds: ['sym'] },
      ),
    ]);
    // Alone, as a library item draws it: the symbol is the content, one node.
    expect(r.nodes).toHaveLength(1);
    expect(r.subgraphs).toEqual([]);
    expect(r.guesses).toContain('composite');
  });

  it('reads an empty shape drawn under a labelled copy of itself as one node', () => {
    const r = read([
      box('under', 0, 0),
      ...node('a', 0, 0, 'Client'),
      ...node('b', 300, 0, 'Server'),
      arrow('x', [124, 30], [296, 30], { startBinding: bind('under'), endBinding: bind('b') }),
    ]);
    expect(r.nodes).toEqual(['Client', 'Server']);
    expect(r.edges).toEqual(['Client → Server']);
    expect(r.guesses).toContain('duplicate');
  });

  it('reads a text ringed by small ellipses (a cloud) as one node when an arrow reaches it', () => {
    const puffs: Raw[] = [];
    for (let i = 0; i < 8; i++) {
      const a = (i / 8) * 2 * Math.PI;
      puffs.push(shape(`p${i}`, 'ellipse', 360 + Math.cos(a) * 70 - 30, 30 + Math.sin(a) * 40 - 20, 60, 40));
    }
    const r = read([
      ...node('a', 0, 0, 'Client'),
      ...puffs,
      text('ct', 335, 20, 'Internet'),
      arrow('x', [124, 30], [258, 30], { startBinding: bind('a') }),
    ]);
    expect(r.nodes).toEqual(['Client', 'Internet']);
    expect(r.edges).toEqual(['Client → Internet']);
  });

  it('reads a stick figure drawn from a circle and lines as one node named by its caption', () => {
    const r = read([
      ...node('a', 300, 0, 'API'),
      shape('head', 'ellipse', 20, 0, 30, 30),
      line('body', 'line', [
        [35, 30],
        [35, 70],
      ]),
      line('arms', 'line', [
        [15, 45],
        [55, 45],
      ]),
      line('leg1', 'line', [
        [35, 70],
        [15, 95],
      ]),
      line('leg2', 'line', [
        [35, 70],
        [55, 95],
      ]),
      text('u', 15, 100, 'User'),
      arrow('x', [64, 40], [296, 30], { endBinding: bind('a') }),
    ]);
    expect(r.nodes).toEqual(['API', 'User']);
    expect(r.edges).toEqual(['User → API']);
  });

  it('reads a cylinder drawn from two ellipses and two lines as one database node', () => {
    const r = read([
      ...node('a', 0, 0, 'API'),
      shape('top', 'ellipse', 300, 0, 100, 30),
      shape('bottom', 'ellipse', 300, 80, 100, 30),
      line('left', 'line', [
        [300, 15],
        [300, 95],
      ]),
      line('right', 'line', [
        [400, 15],
        [400, 95],
      ]),
      text('dbt', 325, 45, 'Orders DB'),
      arrow('x', [124, 30], [296, 50], { startBinding: bind('a') }),
    ]);
    expect(r.nodes).toEqual(['API', 'Orders DB']);
    expect(r.edges).toEqual(['API → Orders DB']);
    expect(r.mermaid).toMatch(/\[\("Orders DB"\)\]/);
  });

  it('reads a glyph of a few dots and links grouped in a captioned box as its picture, not a group of dots', () => {
    const icon = { groupIds: ['glyph'] };
    const link = (id: string, from: string, to: string, a: [number, number], b: [number, number]) =>
      arrow(id, a, b, { ...icon, endArrowhead: null, startBinding: bind(from), endBinding: bind(to) });
    const r = read([
      shape('proxy', 'rectangle', 200, 0, 140, 270),
      text('cap', 245, 285, 'Nginx', { width: 50 }),
      shape('hub', 'ellipse', 220, 120, 24, 24, icon),
      shape('d1', 'ellipse', 290, 60, 24, 24, icon),
      shape('d2', 'ellipse', 290, 120, 24, 24, icon),
      shape('d3', 'ellipse', 290, 180, 24, 24, icon),
      link('l1', 'hub', 'd1', [240, 124], [292, 80]),
      link('l2', 'hub', 'd2', [246, 132], [288, 132]),
      link('l3', 'hub', 'd3', [240, 140], [292, 184]),
      ...node('b', 0, 100, 'Browser'),
      ...node('api', 500, 100, 'Backend'),
      arrow('x', [122, 130], [196, 130], { startBinding: bind('b') }),
      arrow('y', [344, 130], [496, 130], { endBinding: bind('api') }),
    ]);
    expect(r.subgraphs).toEqual([]);
    expect(r.nodes).toEqual(['Backend', 'Browser', 'Nginx']);
    expect(r.edges.sort()).toEqual(['Browser → Nginx', 'Nginx → Backend']);
  });

  it('reads a fan of dots spread tall in a named box as its picture too', () => {
    // A load balancer's icon: one dot fanning out to three, 200 px from the top dot to the last.
    const icon = { groupIds: ['fan'] };
    const r = read([
      shape('lb', 'rectangle', 0, 0, 120, 340),
      text('name', 10, 270, 'Load\nBalancer', { width: 100, height: 60 }),
      shape('hub', 'ellipse', 12, 115, 32, 32, icon),
      shape('d1', 'ellipse', 74, 30, 32, 32, icon),
      shape('d2', 'ellipse', 74, 115, 32, 32, icon),
      shape('d3', 'ellipse', 74, 200, 32, 32, icon),
      arrow('l1', [36, 118], [80, 60], { ...icon, startBinding: bind('hub'), endBinding: bind('d1') }),
      arrow('l2', [46, 131], [72, 131], { ...icon, startBinding: bind('hub'), endBinding: bind('d2') }),
      arrow('l3', [36, 144], [80, 204], { ...icon, startBinding: bind('hub') }),
      ...node('gw', 300, 140, 'API Gateway'),
      arrow('x', [124, 170], [296, 170], { startBinding: bind('lb'), endBinding: bind('gw') }),
    ]);
    expect(r.subgraphs).toEqual([]);
    expect(r.edges).toEqual(['Load\nBalancer → API Gateway']);
  });
});

describe('sequence diagrams drawn by hand', () => {
  // Three participants 200 px apart; lifelines hang from x = 100, 300, 500, from y = 60 to 400.
  const participants = (top: number) => [
    ...node(`a${top}`, 40, top, 'Client'),
    ...node(`b${top}`, 240, top, 'API'),
    ...node(`c${top}`, 440, top, 'Store'),
  ];
  const lifelines = (extra: Raw = {}) =>
    [100, 300, 500].map((x, i) =>
      line(
        `ll${i}`,
        'line',
        [
          [x, 66],
          [x, 394],
        ],
        extra,
      ),
    );
  const messages = [
    arrow('m1', [100, 120], [300, 120]),
    text('m1t', 150, 96, 'request'),
    arrow('m2', [300, 180], [500, 180]),
    arrow('m3', [500, 240], [300, 240]),
    arrow('m4', [300, 300], [100, 300]),
    text('m4t', 160, 276, 'reply'),
  ];

  it('reads messages between dashed lifelines as edges between their participants', () => {
    const r = read([...participants(0), ...lifelines({ strokeStyle: 'dashed' }), ...messages]);
    expect(r.nodes).toEqual(['API', 'Client', 'Store']);
    expect(r.edges.sort()).toEqual(
      ['API → Client "reply"', 'API → Store', 'Client → API "request"', 'Store → API'].sort(),
    );
    expect(r.guesses).toContain('lifeline-end');
  });

  it('numbers a message a participant sends itself by the step number at the loop’s mouth', () => {
    const r = read([
      ...participants(0),
      ...lifelines({ strokeStyle: 'dashed' }),
      ...messages,
      line(
        'self',
        'arrow',
        [
          [302, 190],
          [400, 210],
          [302, 230],
        ],
        { roundness: { type: 2 }, boundElements: [{ type: 'text', id: 'self_t' }] },
      ),
      text('self_t', 330, 200, 'validate', { containerId: 'self' }),
      text('n', 245, 200, '2.2', { width: 27 }),
    ]);
    expect(r.edges).toContain('API → API "2.2\nvalidate"');
  });

  it('reads solid lifelines by the messages on them, and a copy at the foot as the same participant', () => {
    const r = read([...participants(0), ...participants(400), ...lifelines(), ...messages]);
    expect(r.nodes).toEqual(['API', 'Client', 'Store']);
    expect(r.edges.sort()).toEqual(
      ['API → Client "reply"', 'API → Store', 'Client → API "request"', 'Store → API'].sort(),
    );
  });

  it('reads solid lifelines with two messages or more on each, with no copy at the foot', () => {
    const r = read([...participants(0), ...lifelines(), ...messages]);
    expect(r.nodes).toEqual(['API', 'Client', 'Store']);
    expect(r.edges).toHaveLength(4);
  });

  it('takes a solid line to a copy of its participant as a lifeline even with one message on it', () => {
    const r = read([
      ...participants(0),
      ...participants(400),
      ...lifelines(),
      arrow('m1', [100, 120], [300, 120]),
      arrow('m2', [300, 180], [500, 180]),
    ]);
    expect(r.nodes).toEqual(['API', 'Client', 'Store']);
    expect(r.edges.sort()).toEqual(['API → Store', 'Client → API'].sort());
  });

  it('reads a hook drawn out from beside a lifeline and back as a message to itself', () => {
    const r = read([
      ...participants(0),
      ...lifelines({ strokeStyle: 'dashed' }),
      ...messages,
      // Both ends 18–22 px right of the API's lifeline, bulging 80 px out.
      line('hook', 'arrow', [
        [318, 320],
        [380, 350],
        [322, 380],
      ]),
      text('hookt', 390, 340, 'retry'),
    ]);
    expect(r.edges).toContain('API → API "retry"');
    expect(r.guesses).toContain('lifeline-end');
  });

  it('keeps a box in the margin of a sequence diagram that no message reaches as a note', () => {
    const r = read([
      ...participants(0),
      ...lifelines({ strokeStyle: 'dashed' }),
      ...messages,
      ...node('sec', -120, 200, 'run cell'),
      line(
        'div',
        'line',
        [
          [0, 230],
          [560, 230],
        ],
        { strokeStyle: 'dashed' },
      ),
    ]);
    expect(r.nodes).toEqual(['API', 'Client', 'Store']);
    expect(r.mermaid).toContain('%% note: run cell');
    expect(r.guesses).toContain('aside');
  });

  it('keeps a box between the lifelines a node, though no message reaches it', () => {
    const r = read([
      ...participants(0),
      ...lifelines({ strokeStyle: 'dashed' }),
      ...messages,
      ...node('cache', 340, 150, 'cache'),
    ]);
    expect(r.nodes).toEqual(['API', 'Client', 'Store', 'cache']);
  });

  it('gives a message the words over it, though the message before it stops on the lifeline just short of them', () => {
    const r = read([
      ...participants(0),
      ...lifelines({ strokeStyle: 'dashed' }),
      arrow('r1', [500, 253], [303, 253]),
      arrow('r2', [297, 253], [100, 253]),
      text('r2t', 110, 234, 'forward bundle', { width: 184, height: 20 }),
    ]);
    expect(r.edges.sort()).toEqual(['API → Client "forward bundle"', 'Store → API']);
  });

  it('leaves a solid upright line between two different boxes an edge', () => {
    const r = read([
      ...node('a', 40, 0, 'Top'),
      ...node('b', 40, 400, 'Bottom'),
      line('l', 'line', [
        [100, 66],
        [100, 394],
      ]),
    ]);
    expect(r.edges).toEqual(['Top --- Bottom']);
  });
});

describe('texts written apart', () => {
  it('reads a heading and the lines under it, written as separate texts, as one node', () => {
    const r = read([
      ...node('a', 0, 0, 'Client'),
      text('h', 300, 10, 'Gateway', { fontSize: 28, height: 35, width: 110 }),
      text('s', 305, 46, 'port 443', { width: 100 }),
      arrow('e', [126, 30], [294, 27]),
    ]);
    expect(r.nodes).toEqual(['Client', 'Gateway\nport 443']);
    expect(r.edges).toEqual(['Client → Gateway\nport 443']);
    expect(r.guesses).toContain('text-block');
  });

  it('keeps a list of words apart when each has an arrow of its own', () => {
    const r = read([
      ...node('a', 0, 40, 'Router'),
      text('w1', 300, 20, 'alpha', { width: 45 }),
      text('w2', 300, 42, 'beta', { width: 45 }),
      text('w3', 300, 64, 'gamma', { width: 45 }),
      arrow('e1', [126, 60], [294, 30]),
      arrow('e2', [126, 70], [294, 52]),
      arrow('e3', [126, 80], [294, 74]),
    ]);
    expect(r.nodes).toEqual(['Router', 'alpha', 'beta', 'gamma']);
    expect(r.edges).toHaveLength(3);
  });

  it('reads plain lines between free words as edges, as in an org chart', () => {
    const r = read([
      text('ceo', 200, 0, 'Director', { fontSize: 28, height: 35, width: 120 }),
      text('ceoName', 205, 36, 'Ada Byron', { width: 110 }),
      text('cto', 0, 200, 'Engineering', { width: 110 }),
      text('cfo', 400, 200, 'Finance', { width: 70 }),
      line('l1', 'line', [
        [240, 62],
        [60, 194],
      ]),
      line('l2', 'line', [
        [280, 62],
        [430, 194],
      ]),
    ]);
    expect(r.nodes).toEqual(['Director\nAda Byron', 'Engineering', 'Finance']);
    expect(r.edges.sort()).toEqual([
      'Director\nAda Byron --- Engineering',
      'Director\nAda Byron --- Finance',
    ]);
  });

  it('does not read a rule drawn under a header as a link between the texts it separates', () => {
    const r = read([
      shape('t', 'rectangle', 0, 0, 300, 120),
      text('head', 10, 8, 'field value', { width: 120 }),
      line('rule', 'line', [
        [8, 30],
        [292, 30],
      ]),
      text('rows', 10, 36, 'name 8\nsize 691', { height: 40, width: 80 }),
    ]);
    expect(r.edges).toEqual([]);
  });

  it('reads texts in a box that arrows reach one by one as nodes the box groups', () => {
    const klass = (id: string, x: number, title: string, a: string, b: string) => [
      shape(id, 'rectangle', x, 0, 200, 130),
      text(`${id}T`, x + 20, 10, title, { fontSize: 20, height: 25, width: 100 }),
      text(`${id}A`, x + 20, 50, a, { width: 120 }),
      text(`${id}B`, x + 20, 90, b, { width: 120 }),
    ];
    const r = read([
      ...klass('p', 0, 'Shop', 'buy()', 'sell()'),
      ...klass('q', 400, 'Ledger', 'credit()', 'debit()'),
      arrow('e1', [130, 60], [414, 60], { startBinding: bind('pA'), endBinding: bind('qA') }),
      arrow('e2', [130, 100], [414, 100], { startBinding: bind('pB'), endBinding: bind('qB') }),
    ]);
    expect(r.edges.sort()).toEqual(['buy() → credit()', 'sell() → debit()']);
    expect(r.subgraphs).toEqual([
      { title: 'Shop', nodes: ['buy()', 'sell()'] },
      { title: 'Ledger', nodes: ['credit()', 'debit()'] },
    ]);
  });

  it('reads two arrows to a word and back, both meeting it on one side, as a pair of edges, not a loop through it', () => {
    const r = read([
      ...node('mgr', 0, 0, 'Manager'),
      text('closed', 0, 150, '4. Check if closed', { width: 160 }),
      text('same', 0, 300, '5. Check if same user', { width: 180 }),
      arrow('q', [60, 64], [60, 146], { startBinding: bind('mgr'), endBinding: bind('closed') }),
      arrow('down', [100, 174], [96, 296], { startBinding: bind('closed'), endBinding: bind('same') }),
      arrow('up', [50, 296], [54, 174], { startBinding: bind('same'), endBinding: bind('closed') }),
    ]);
    expect(r.nodes).toContain('5. Check if same user');
    expect(r.edges.sort()).toEqual([
      '4. Check if closed → 5. Check if same user',
      '5. Check if same user → 4. Check if closed',
      'Manager → 4. Check if closed',
    ]);
  });

  it('reads two words in a titled panel linked by arrows across it as nodes the panel groups, not a ruled table', () => {
    const r = read([
      shape('panel', 'rectangle', 0, 0, 640, 150),
      text('title', 20, 14, '1. Faucet', { width: 90 }),
      text('user', 30, 70, 'User', { width: 44 }),
      text('token', 500, 56, 'DonToken\n(ERC20)', { width: 97, height: 50 }),
      arrow('mint', [88, 70], [494, 70], {
        startBinding: bind('user'),
        endBinding: bind('token'),
        boundElements: [{ type: 'text', id: 'mint_t' }],
      }),
      text('mint_t', 200, 58, 'Free mint', { containerId: 'mint', width: 90 }),
      arrow('get', [494, 94], [88, 94], {
        startBinding: bind('token'),
        endBinding: bind('user'),
        boundElements: [{ type: 'text', id: 'get_t' }],
      }),
      text('get_t', 200, 84, 'Get 100 DON', { containerId: 'get', width: 100 }),
    ]);
    expect(r.subgraphs).toEqual([{ title: '1. Faucet', nodes: ['DonToken\n(ERC20)', 'User'] }]);
    expect(r.edges.sort()).toEqual([
      'DonToken\n(ERC20) → User "Get 100 DON"',
      'User → DonToken\n(ERC20) "Free mint"',
    ]);
  });
  it('reads the one word in a box that arrows link with a box beside it inside as a node of its own', () => {
    const r = read([
      shape('c', 'rectangle', 0, 0, 240, 400),
      text('w', 60, 20, 'My Nodes', { width: 90 }),
      ...node('a', 60, 140, 'ToH Client'),
      ...node('b', 500, 140, 'ToH Server'),
      arrow('down', [90, 52], [90, 136], { startBinding: bind('w'), endBinding: bind('a') }),
      arrow('out', [184, 170], [496, 170], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);
    expect(r.edges.sort()).toEqual(['My Nodes → ToH Client', 'ToH Client → ToH Server']);
    expect(r.subgraphs).toEqual([{ title: ' ', nodes: ['My Nodes', 'ToH Client'] }]);
  });

  it('titles a container by the heading with the short tag under it (an address)', () => {
    const r = read([
      shape('c', 'rectangle', 0, 0, 400, 200),
      text('h', 20, 10, 'Agent Worker 1', { fontSize: 20, height: 25, width: 150 }),
      text('s', 20, 37, '192.168.10.1', { width: 100 }),
      ...node('a', 20, 100, 'Kubelet'),
      ...node('b', 240, 100, 'Kube Proxy'),
      arrow('e', [146, 130], [234, 130]),
    ]);
    expect(r.subgraphs).toEqual([
      { title: 'Agent Worker 1\n192.168.10.1', nodes: ['Kube Proxy', 'Kubelet'] },
    ]);
    expect(r.mermaid).not.toContain('%% note');
  });

  it('titles a container by the heading over its subtitle, and keeps the subtitle as a note', () => {
    const r = read([
      shape('c', 'rectangle', 0, 0, 400, 200),
      text('h', 20, 10, 'CPU PHASE', { fontSize: 20, height: 25, width: 110 }),
      text('s', 20, 37, 'pipelined behind other slots', { width: 230 }),
      ...node('a', 20, 100, 'Tokenize'),
      ...node('b', 240, 100, 'Plan'),
      arrow('e', [146, 130], [234, 130]),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'CPU PHASE', nodes: ['Plan', 'Tokenize'] }]);
    expect(r.mermaid).toContain('%% note: pipelined behind other slots');
  });
});

describe('groups drawn as boxes with a tab', () => {
  it('titles a container by the tab on its top-left corner, before a text inside it', () => {
    const r = read([
      text('tab', 2, -26, 'Raspberry Pi', { width: 110 }),
      shape('c', 'rectangle', 0, 0, 400, 200),
      text('port', 150, 8, 'GPIO', { width: 40 }),
      ...node('a', 20, 100, 'Sensor'),
      ...node('b', 240, 100, 'Webcam'),
      arrow('e', [146, 130], [234, 130]),
    ]);
    expect(r.subgraphs.map((s) => s.title)).toEqual(['Raspberry Pi']);
  });

  it('reads texts written alike in a box with a tab as the items of a group', () => {
    const r = read([
      text('tab', 2, -26, 'Power', { width: 50 }),
      shape('c', 'rectangle', 0, 0, 200, 160),
      text('i1', 20, 20, 'Battery', { fontSize: 20, height: 25, width: 80 }),
      text('i1s', 20, 46, '20 Ah', { width: 50 }),
      text('i2', 20, 100, 'Regulator', { fontSize: 20, height: 25, width: 100 }),
      ...node('d', 400, 50, 'Device'),
      arrow('e', [206, 80], [394, 80]),
    ]);
    expect(r.nodes).toEqual(['Battery\n20 Ah', 'Device', 'Regulator']);
    expect(r.subgraphs).toEqual([{ title: 'Power', nodes: ['Battery\n20 Ah', 'Regulator'] }]);
  });

  it('does not read words beside empty marks in a box with a tab as items', () => {
    const r = read([
      text('tab', 2, -26, 'TRAY', { width: 40 }),
      shape('c', 'rectangle', 0, 0, 120, 160),
      shape('m1', 'rectangle', 10, 20, 30, 30),
      text('s1', 50, 25, 's0', { width: 20 }),
      shape('m2', 'rectangle', 10, 80, 30, 30),
      text('s2', 50, 85, 's1', { width: 20 }),
      ...node('d', 300, 50, 'Cache'),
      arrow('e', [126, 80], [294, 80]),
    ]);
    expect(r.subgraphs).toEqual([]);
    expect(r.nodes).not.toContain('s0');
    expect(r.nodes).not.toContain('s1');
  });
});

describe('step markers', () => {
  it('reads a small numbered circle beside an arrow, linked to nothing, as that arrow’s label', () => {
    const r = read([
      ...node('a', 0, 0, 'User'),
      ...node('b', 300, 0, 'API'),
      ...node('c', 300, 200, 'DB'),
      arrow('e1', [126, 30], [294, 30]),
      arrow('e2', [360, 66], [360, 194]),
      shape('m1', 'ellipse', 194, -30, 32, 32, { boundElements: [{ type: 'text', id: 'm1t' }] }),
      text('m1t', 205, -24, '1', { width: 10, containerId: 'm1' }),
      shape('m2', 'ellipse', 372, 114, 32, 32, { boundElements: [{ type: 'text', id: 'm2t' }] }),
      text('m2t', 383, 120, '2', { width: 10, containerId: 'm2' }),
    ]);
    expect(r.nodes).toEqual(['API', 'DB', 'User']);
    expect(r.edges.sort()).toEqual(['API → DB "2"', 'User → API "1"']);
  });

  it('puts the step number written beside an arrow before the words bound to it', () => {
    const scene = (withNumber: boolean) => [
      ...node('a', 0, 0, 'user'),
      ...node('b', 400, 0, 'frontend'),
      arrow('e', [124, 30], [396, 30], {
        startBinding: bind('a'),
        endBinding: bind('b'),
        boundElements: [{ type: 'text', id: 'e_t' }],
      }),
      text('e_t', 200, 20, 'click roll', { containerId: 'e', width: 90 }),
      ...(withNumber ? [text('n', 150, 40, '1.1', { width: 27 })] : []),
    ];
    expect(read(scene(true)).edges).toEqual(['user → frontend "1.1\nclick roll"']);
    expect(read(scene(true)).mermaid).not.toContain('%% note');
    expect(read(scene(false)).edges).toEqual(['user → frontend "click roll"']);
  });
});

describe('boxes side by side', () => {
  it('reads rounded boxes of different colours touching in a row as boxes, not a table', () => {
    const phase = (id: string, x: number, w: number, colour: string, t: string) => [
      shape(id, 'rectangle', x, 0, w, 50, { roundness: { type: 3 }, strokeColor: colour }),
      text(`${id}t`, x + 10, 15, t),
    ];
    const r = read([
      ...phase('p1', 0, 200, '#e03131', 'Planning'),
      ...phase('p2', 204, 300, '#2f9e44', 'Sponsoring'),
      ...phase('p3', 508, 200, '#f08c00', 'Building'),
    ]);
    expect(r.nodes).toEqual(['Building', 'Planning', 'Sponsoring']);
  });
});

describe('empty decisions', () => {
  it('reads a word under an empty diamond, beside the arrow leaving it, as that arrow’s label', () => {
    const r = read([
      ...node('a', 0, 0, 'Check'),
      shape('d', 'diamond', 10, 120, 100, 100),
      ...node('b', 0, 320, 'Restart'),
      arrow('e1', [60, 66], [60, 114]),
      arrow('e2', [60, 226], [60, 314]),
      text('yes', 66, 228, 'true', { width: 34 }),
    ]);
    expect(r.nodes).toEqual([' ', 'Check', 'Restart']);
    expect(r.edges.sort()).toEqual(['  → Restart "true"', 'Check →  '].sort());
  });
});

describe('title plates', () => {
  it('reads a box of words linked to nothing, just above an untitled group, as the group’s title', () => {
    const r = read([
      ...node('plate', 60, -70, 'Works for curves'),
      shape('c', 'rectangle', 0, 0, 400, 140),
      ...node('a', 20, 40, 'Image'),
      ...node('b', 240, 40, 'Overlay'),
      arrow('e', [146, 70], [234, 70]),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Works for curves', nodes: ['Image', 'Overlay'] }]);
    expect(r.nodes).toEqual(['Image', 'Overlay']);
  });

  it('reads a heading’s plate in a group’s top-left corner as its title, over a remark under it', () => {
    const slide = (heading: boolean, remark: boolean) => [
      shape('c', 'rectangle', 0, 0, 800, 420),
      box('plate', 40, 30, { width: 330, height: 70, backgroundColor: '#b2f2bb', fillStyle: 'solid' }),
      text('pt', 80, 45, 'Clicking tab', heading ? { fontSize: 28, height: 35, width: 160 } : {}),
      ...node('a', 60, 200, 'Search'),
      ...node('b', 400, 200, 'Home'),
      arrow('e', [186, 230], [394, 230], { startBinding: bind('a'), endBinding: bind('b') }),
      ...(remark ? [text('r', 20, 440, 'onClick()', { fontSize: 20, height: 25, width: 100 })] : []),
    ];
    for (const remark of [false, true]) {
      const r = read(slide(true, remark));
      expect(r.subgraphs).toEqual([{ title: 'Clicking tab', nodes: ['Home', 'Search'] }]);
      expect(r.nodes).toEqual(['Home', 'Search']);
      expect(r.guesses).toContain('title-plate');
    }
    // Written as small as the rest, the words in the corner box are a part of the group.
    expect(read(slide(false, false)).nodes).toContain('Clicking tab');
  });
});

describe('group names', () => {
  it('names a group by a heading centred over it, a little farther up than a caption', () => {
    const r = read([
      text('h', 170, -70, 'Proxy', { fontSize: 20, height: 25, width: 60 }),
      shape('c', 'rectangle', 0, 0, 400, 140, { strokeStyle: 'dashed' }),
      ...node('a', 20, 40, 'Decoder'),
      ...node('b', 240, 40, 'Encoder'),
      arrow('e', [146, 70], [234, 70]),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Proxy', nodes: ['Decoder', 'Encoder'] }]);
  });

  it('reads a word facing an arrow into a group as the arrow’s label, not the group’s name', () => {
    const r = read([
      ...node('job', 140, -200, 'Job spec'),
      arrow('runs', [200, -136], [200, -4], { startBinding: bind('job'), endBinding: bind('c') }),
      text('l', 238, -80, 'Runs', { width: 47, height: 25, fontSize: 20 }),
      shape('c', 'rectangle', 0, 0, 600, 140),
      ...node('a', 20, 40, 'Seed'),
      ...node('b', 240, 40, 'Model'),
      arrow('e', [146, 70], [234, 70], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: ' ', nodes: ['Model', 'Seed'] }]);
    expect(r.edges).toContain('Job spec →   "Runs"');
  });

  it('does not name a group by the label of an arrow leaving it', () => {
    const r = read([
      shape('c', 'rectangle', 0, 0, 400, 140, { strokeStyle: 'dashed' }),
      ...node('a', 20, 40, 'Decoder'),
      ...node('b', 240, 40, 'Encoder'),
      arrow('e', [146, 70], [234, 70]),
      ...node('z', 140, 300, 'Codec'),
      arrow('down', [200, 146], [200, 294]),
      text('l', 208, 180, 'Replace with', { width: 100 }),
    ]);
    expect(r.subgraphs.map((s) => s.title)).not.toContain('Replace with');
    expect(r.edges).toContain('  → Codec "Replace with"');
  });
});

describe('tags on arrows', () => {
  const big = (id: string, x: number, t: string) => [
    shape(id, 'rectangle', x, 0, 190, 160, { boundElements: [{ type: 'text', id: `${id}_t` }] }),
    text(`${id}_t`, x + 60, 70, t, { containerId: id }),
  ];
  it('reads a box of words along most of a short arrow, linked to nothing, as its label', () => {
    const r = read([
      ...big('s3', 0, 'Amazon S3'),
      ...big('fn', 330, 'AWS Lambda'),
      arrow('x', [190, 60], [330, 60], { startBinding: bind('s3'), endBinding: bind('fn') }),
      shape('pill', 'rectangle', 195, 8, 125, 42, { boundElements: [{ type: 'text', id: 'pill_t' }] }),
      text('pill_t', 200, 18, 'ObjectCreated', { containerId: 'pill' }),
    ]);
    expect(r.nodes).toEqual(['AWS Lambda', 'Amazon S3']);
    expect(r.edges).toEqual(['Amazon S3 → AWS Lambda "ObjectCreated"']);
    expect(r.guesses).toContain('edge-label');
  });

  it('keeps a box much shorter than the long arrow it lies beside as a node', () => {
    const r = read([
      ...big('a', 0, 'Client'),
      ...big('b', 800, 'Server'),
      arrow('x', [190, 60], [800, 60], { startBinding: bind('a'), endBinding: bind('b') }),
      shape('c', 'rectangle', 420, 8, 125, 42, { boundElements: [{ type: 'text', id: 'c_t' }] }),
      text('c_t', 440, 18, 'ESP8266', { containerId: 'c' }),
    ]);
    expect(r.nodes).toEqual(['Client', 'ESP8266', 'Server']);
    expect(r.edges).toEqual(['Client → Server']);
  });
});

describe('tick marks', () => {
  it('does not read short strokes across a timeline axis as links', () => {
    const r = read([
      arrow('axis', [0, 100], [600, 100]),
      text('m1', 60, 50, 'Kickoff', { width: 70 }),
      line('t1', 'line', [
        [95, 90],
        [95, 110],
      ]),
      text('m2', 300, 50, 'Launch', { width: 60 }),
      line('t2', 'line', [
        [330, 90],
        [330, 110],
      ]),
      ...node('p1', 80, 130, 'Planning'),
      ...node('p2', 300, 130, 'Building'),
    ]);
    expect(r.edges).toEqual([]);
    expect(r.nodes).toEqual(['Building', 'Planning']);
  });
});

describe('nested titles', () => {
  it('keeps the outer box’s centred title for the outer box, and the inner box’s own title for it', () => {
    const r = read([
      shape('outer', 'rectangle', 0, 0, 320, 340),
      text('ot', 80, 10, 'Kafka Connect', { fontSize: 20, height: 25, width: 150 }),
      shape('inner', 'rectangle', 20, 42, 270, 200),
      text('it', 80, 50, 'Source Connector', { width: 150 }),
      ...node('a', 40, 90, 'Parser'),
      ...node('b', 40, 170, 'Builder'),
      arrow('e', [100, 156], [100, 164]),
      ...node('c', 40, 260, 'Converter'),
    ]);
    expect(r.subgraphs.map((s) => s.title).sort()).toEqual(['Kafka Connect', 'Source Connector']);
  });
});

describe('tables with arrows to their cells', () => {
  it('keeps a ruled table one node when arrows point at its cells', () => {
    const r = read([
      shape('t', 'rectangle', 0, 0, 240, 120),
      text('h', 10, 8, 'Price Amount', { width: 120 }),
      line('rule', 'line', [
        [4, 32],
        [236, 32],
      ]),
      text('c1', 10, 44, '40500', { width: 50 }),
      text('c2', 130, 44, '1.50', { width: 40 }),
      text('w1', -200, 44, 'PriceList', { width: 80 }),
      text('w2', 400, 44, 'AmountList', { width: 90 }),
      arrow('e1', [-114, 54], [16, 54]),
      arrow('e2', [394, 54], [174, 54]),
    ]);
    expect(r.subgraphs).toEqual([]);
    expect(r.nodes).not.toContain('40500');
    expect(r.nodes).not.toContain('1.50');
  });

  it('keeps the words in a table drawn as cells: they are notes, never lost', () => {
    // Four rows of a table, each with a shaded key cell and a blank to fill in.
    const rows = [0, 1, 2, 3].flatMap((k) => [
      shape(`row${k}`, 'rectangle', 0, k * 53, 460, 53, { backgroundColor: '#ffffff', fillStyle: 'solid' }),
      shape(`key${k}`, 'rectangle', 2, k * 53 + 2, 131, 50, { backgroundColor: '#e6e6e7' }),
      text(`b${k}`, 145, k * 53 + 26, '_____', { width: 82 }),
    ]);
    const r = read([
      ...rows,
      text('k', 20, 15, 'USER_ID', { width: 63 }),
      text('f', 20, 174, 'FK_ORDER', { width: 72 }),
      ...node('n', 700, 20, 'Orders'),
      arrow('x', [464, 60], [696, 50], { endBinding: bind('n') }),
    ]);
    expect(r.nodes).not.toContain('USER_ID');
    expect(r.mermaid).toContain('%% note: USER_ID');
    expect(r.mermaid).toContain('%% note: FK_ORDER');
  });
});

describe('pictures named over and under', () => {
  // A database drawn as a cylinder of an ellipse and two lines, grouped.
  const db = (id: string, x: number): Raw[] => [
    shape(`${id}_top`, 'ellipse', x, 0, 80, 24, { groupIds: [id] }),
    line(
      `${id}_l`,
      'line',
      [
        [x, 12],
        [x, 90],
      ],
      { groupIds: [id] },
    ),
    line(
      `${id}_r`,
      'line',
      [
        [x + 80, 12],
        [x + 80, 90],
      ],
      { groupIds: [id] },
    ),
    shape(`${id}_bottom`, 'ellipse', x, 78, 80, 24, { groupIds: [id] }),
  ];

  it('names a picture by the line over it and its caption under it', () => {
    const r = read([
      ...db('a', 300),
      text('product', 290, -30, 'SQLite/PostgreSQL', { width: 100 }),
      text('role', 300, 110, 'Results database', { width: 80 }),
      ...node('w', 0, 20, 'Writer'),
      arrow('x', [124, 50], [296, 50], { startBinding: bind('w') }),
    ]);
    expect(r.nodes).toEqual(['SQLite/PostgreSQL\nResults database', 'Writer']);
    expect(r.edges).toEqual(['Writer → SQLite/PostgreSQL\nResults database']);
  });

  it('leaves a row of headings over pictures side by side to the stages they head', () => {
    const r = read([
      ...db('a', 300),
      text('h1', 305, -30, 'Process', { width: 70 }),
      text('c1', 300, 110, 'Logstash', { width: 80 }),
      ...db('b', 500),
      text('h2', 505, -30, 'Storage', { width: 70 }),
      text('c2', 500, 110, 'Elastic', { width: 80 }),
      arrow('x', [384, 50], [496, 50]),
    ]);
    expect(r.nodes).toEqual(['Elastic', 'Logstash']);
  });
});

describe('bars named at their side', () => {
  it('names an empty bar an arrow reaches by the words level with it at its side', () => {
    const r = read([
      ...node('p', 0, 0, 'Parser'),
      shape('rbuf', 'rectangle', 300, -20, 21, 100),
      text('rname', 332, 10, 'READ\nBuffer', { width: 51, height: 40 }),
      arrow('a', [124, 30], [296, 30], { startBinding: bind('p'), endBinding: bind('rbuf') }),
    ]);
    expect(r.nodes).toEqual(['Parser', 'READ\nBuffer']);
    expect(r.edges).toEqual(['Parser → READ\nBuffer']);
  });
});

describe('icons named in a box', () => {
  it('reads a box holding one icon grouped with its name, and one more line, as one node named by both', () => {
    const g = { groupIds: ['icon'] };
    const r = read([
      box('card', 0, 0, { width: 400, height: 330 }),
      line(
        'i1',
        'line',
        [
          [150, 40],
          [250, 40],
          [250, 140],
          [150, 140],
          [150, 40],
        ],
        g,
      ),
      line(
        'i2',
        'line',
        [
          [170, 60],
          [230, 120],
        ],
        g,
      ),
      text('name', 150, 150, 'Artifact Registry', { width: 120, ...g }),
      text('repo', 60, 250, 'gcr.io/acme/api:v1', { width: 200 }),
      ...node('svc', 600, 130, 'Service'),
      arrow('a', [596, 160], [404, 160], { startBinding: bind('svc') }),
    ]);
    expect(r.nodes).toEqual(['Artifact Registry\ngcr.io/acme/api:v1', 'Service']);
    expect(r.edges).toEqual(['Service → Artifact Registry\ngcr.io/acme/api:v1']);
    expect(r.subgraphs).toEqual([]);
  });
});

describe('icons drawn in a box', () => {
  it('leaves the lettering grouped with an icon drawn in a named box out of the box’s name', () => {
    const g = { groupIds: ['icon', 'card'] };
    const r = read([
      box('card', 0, 0, {
        width: 240,
        height: 230,
        groupIds: ['card'],
        boundElements: [{ type: 'text', id: 'card_t' }],
      }),
      text('card_t', 20, 150, 'New receipt', { containerId: 'card', width: 110 }),
      // A file icon drawn from strokes and a small bar, its type printed on it.
      line(
        's1',
        'line',
        [
          [90, 20],
          [150, 20],
          [150, 100],
          [90, 100],
          [90, 20],
        ],
        g,
      ),
      shape('bar', 'rectangle', 100, 30, 26, 8, g),
      text('type', 100, 60, 'Archive', { width: 35, height: 14, fontSize: 10, ...g }),
      ...node('next', 400, 80, 'Check'),
      arrow('a', [242, 110], [396, 110], { startBinding: bind('card'), endBinding: bind('next') }),
    ]);
    expect(r.nodes).toEqual(['Check', 'New receipt']);
    expect(r.edges).toEqual(['New receipt → Check']);
  });
});

describe('entities named over their fields', () => {
  const entity = (id: string, x: number, name: string, fields: string, nameSize: number): Raw[] => [
    shape(id, 'rectangle', x, 40, 220, 160),
    text(`${id}_name`, x + 15, 0, name, { fontSize: nameSize, height: 35, width: 110 }),
    text(`${id}_fields`, x + 20, 60, fields, { width: 160, height: 100, fontSize: 20 }),
  ];

  it('names a box listing fields by the larger heading on its corner, first, then the fields', () => {
    const r = read([
      ...entity('u', 0, 'Users', 'ID\nusername\nemail\ncreated_at', 28),
      ...entity('s', 400, 'Sessions', 'ID\nuser_id\nexpires_at', 28),
      arrow('x', [222, 120], [398, 120], { startBinding: bind('u'), endBinding: bind('s') }),
    ]);
    expect(r.nodes).toEqual(['Sessions\nID\nuser_id\nexpires_at', 'Users\nID\nusername\nemail\ncreated_at']);
    expect(r.mermaid).not.toContain('%% note');
    // Words no larger than the fields over the corner are something else (a remark, a step).
    const plain = read(entity('u', 0, 'Users', 'ID\nusername\nemail', 20));
    expect(plain.nodes).toEqual(['ID\nusername\nemail']);
    // Nor is a cardinality mark written larger on the corner: it has no words.
    const mark = read(entity('u', 0, '*', 'ID\nusername\nemail', 28));
    expect(mark.nodes).toEqual(['ID\nusername\nemail']);
  });
});

describe('stacked boxes', () => {
  it('reads a column of touching named boxes, each with its own arrow, as boxes, not a table', () => {
    const cell = (id: string, y: number, t: string) => [
      shape(id, 'rectangle', 300, y, 110, 60, { roundness: { type: 3 } }),
      text(`${id}t`, 320, y + 20, t),
    ];
    const r = read([
      ...node('lb', 0, 60, 'Balancer'),
      ...cell('b1', 0, 'backend-1'),
      ...cell('b2', 62, 'backend-2'),
      ...cell('b3', 124, 'backend-3'),
      arrow('e1', [126, 80], [296, 30]),
      arrow('e2', [126, 90], [296, 92]),
      arrow('e3', [126, 100], [296, 154]),
      text('more', 340, 200, '...', { width: 20 }),
    ]);
    expect(r.nodes).toEqual(['Balancer', 'backend-1', 'backend-2', 'backend-3']);
    expect(r.edges).toHaveLength(3);
  });
});

describe('captions over and under a group', () => {
  it('takes the nearer caption, over the box, rather than a footnote farther under it', () => {
    const r = read([
      text('over', 60, -28, 'store', { width: 50 }),
      shape('c', 'rectangle', 0, 0, 180, 260, { roundness: { type: 3 } }),
      ...node('a', 30, 20, 'state'),
      ...node('b', 30, 170, 'actions'),
      arrow('e', [90, 166], [90, 86]),
      text('under', 50, 296, 'Zustand', { width: 70 }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'store', nodes: ['actions', 'state'] }]);
  });
});

describe('lifelines drawn as arrows', () => {
  it('reads dashed arrows drawn down from participants, with activation boxes, as lifelines', () => {
    const life = (id: string, x: number) => [
      line(
        `${id}L`,
        'arrow',
        [
          [x, 66],
          [x, 600],
        ],
        { strokeStyle: 'dashed' },
      ),
      shape(`${id}A`, 'rectangle', x - 15, 100, 13, 300),
    ];
    const r = read([
      ...node('a', 40, 0, 'Client'),
      ...node('b', 300, 0, 'Service'),
      ...life('a', 100),
      ...life('b', 360),
      arrow('m1', [100, 150], [343, 150]),
      arrow('m2', [343, 250], [100, 250]),
      text('m1t', 180, 126, 'request', { width: 70 }),
    ]);
    expect(r.nodes).toEqual(['Client', 'Service']);
    expect(r.edges.sort()).toEqual(['Client → Service "request"', 'Service → Client']);
  });
});

describe('a short arrow between two boxes one above the other', () => {
  it('follows the drawing where a binding left over from a copy puts both ends on one box', () => {
    const r = read([
      ...node('db', 0, 0, 'Postgres'),
      ...node('svc', 0, 80, 'Service'),
      // Drawn up from Service's top edge into Postgres, its start still bound to Postgres.
      arrow('x', [60, 83], [62, 58], { startBinding: bind('db') }),
    ]);
    expect(r.edges).toEqual(['Service → Postgres']);
  });

  it('still reads an arrow that leaves a box and comes back to it as a loop', () => {
    const r = read([
      ...node('a', 0, 0, 'Retry'),
      line('x', 'arrow', [
        [124, 20],
        [200, 20],
        [200, 50],
        [124, 50],
      ]),
    ]);
    expect(r.edges).toEqual(['Retry → Retry']);
  });
});

describe('badges', () => {
  it('reads a labelled diamond across a box’s corner as part of the box, though an arrow ends at the box nearby', () => {
    const r = read([
      ...node('a', 0, 200, 'Logs'),
      shape('b', 'rectangle', 300, 40, 165, 107, { boundElements: [{ type: 'text', id: 'bt' }] }),
      text('bt', 350, 84, 'Debit', { containerId: 'b' }),
      shape('badge', 'diamond', 387, 13, 137, 72, { boundElements: [{ type: 'text', id: 'badgeT' }] }),
      text('badgeT', 425, 39, 'method', { containerId: 'badge' }),
      arrow('e', [90, 196], [330, 36]),
    ]);
    expect(r.nodes).toEqual(['Debit', 'Logs']);
    expect(r.edges).toEqual(['Logs → Debit']);
  });

  it('keeps an icon across a box’s corner, named by a caption outside the box, a node of its own', () => {
    const scene = (captionY: number) =>
      read([
        box('web', 0, 0, { width: 200, height: 80, boundElements: [{ type: 'text', id: 'webT' }] }),
        text('webT', 60, 30, 'Web app', { containerId: 'web' }),
        shape('db', 'ellipse', -15, 55, 40, 40),
        text('dbT', -25, captionY, 'requests', { width: 60 }),
      ]);
    expect(scene(100).nodes).toEqual(['Web app', 'requests']);
    // Its name inside the box: a badge on the box.
    expect(scene(62).nodes).toEqual(['Web app']);
  });

  it('reads an arrow bound to an empty dashed ellipse drawn across a box’s edge as reaching the box', () => {
    const r = read([
      ...node('a', 0, 300, 'shell'),
      ...node('b', 300, 40, 'product'),
      shape('mark', 'ellipse', 285, 20, 40, 90, { strokeStyle: 'dashed' }),
      arrow('e', [90, 296], [300, 100], { startBinding: bind('a'), endBinding: bind('mark') }),
    ]);
    expect(r.nodes).toEqual(['product', 'shell']);
    expect(r.edges).toEqual(['shell → product']);
  });

  it('reads a named box with a tag sticking out over its corner as no group, and a box held wholly as one', () => {
    const scene = (tagX: number, tagY: number) =>
      read([
        shape('b', 'rectangle', 300, 40, 183, 74, { boundElements: [{ type: 'text', id: 'bt' }] }),
        text('bt', 340, 50, 'Snapshot', { containerId: 'b' }),
        shape('tag', 'rectangle', tagX, tagY, 110, 30, { boundElements: [{ type: 'text', id: 'tagT' }] }),
        text('tagT', tagX + 25, tagY + 5, 'Golang', { containerId: 'tag' }),
        ...node('w', 700, 40, 'Wallet'),
        arrow('e', [485, 70], [698, 70], { startBinding: bind('b'), endBinding: bind('w') }),
      ]);
    const tagged = scene(363, 93);
    expect(tagged.subgraphs).toEqual([]);
    expect(tagged.nodes).toContain('Snapshot');
    expect(tagged.edges).toEqual(['Snapshot → Wallet']);
    expect(scene(360, 78).subgraphs).toEqual([{ title: 'Snapshot', nodes: ['Golang'] }]);
  });
});

describe('messages drawn short', () => {
  it('reads a level message that stops short of a lifeline as reaching it', () => {
    const r = read([
      ...node('a', 40, 0, 'Client'),
      ...node('b', 300, 0, 'Service'),
      line(
        'la',
        'line',
        [
          [100, 66],
          [100, 500],
        ],
        { strokeStyle: 'dashed' },
      ),
      line(
        'lb',
        'line',
        [
          [360, 66],
          [360, 500],
        ],
        { strokeStyle: 'dashed' },
      ),
      arrow('m1', [130, 150], [325, 150]),
      arrow('m2', [330, 250], [135, 250]),
    ]);
    expect(r.edges.sort()).toEqual(['Client → Service', 'Service → Client']);
  });
});

describe('plain lines drawn short', () => {
  it('reads a plain line stopping a little short of the words it heads for as reaching them', () => {
    const r = read([
      text('a', 0, 0, 'Director', { fontSize: 20, height: 25, width: 110 }),
      text('b', 400, 0, 'Manager', { fontSize: 20, height: 25, width: 100 }),
      line('l', 'line', [
        [144, 12],
        [366, 12],
      ]),
    ]);
    expect(r.edges).toEqual(['Director --- Manager']);
  });
});

describe('words hugging a box', () => {
  it('reads a line ending at the port written just under a box as reaching the box', () => {
    const r = read([
      ...node('a', 0, 0, 'app pay'),
      text('port', 10, 64, 'Port: 8006', { width: 90 }),
      ...node('k', 0, 300, 'Kafka'),
      line('l', 'line', [
        [40, 90],
        [40, 294],
      ]),
    ]);
    expect(r.nodes).toEqual(['Kafka', 'app pay']);
    expect(r.edges).toEqual(['app pay --- Kafka']);
  });
});

describe('outlines drawn with lines', () => {
  // A hexagon (hexagonal architecture) drawn as one closed line: the core inside, three ports
  // written inside its edges, each tied by a line to a note outside listing its adapters.
  const hexagon = line('hex', 'line', [
    [300, 0],
    [600, 150],
    [600, 450],
    [300, 600],
    [0, 450],
    [0, 150],
    [300, 0],
  ]);
  const scene = [
    hexagon,
    shape('core', 'ellipse', 200, 200, 200, 200),
    text('core_t', 260, 290, 'domain', { width: 80 }),
    text('p1', 60, 170, 'Importer', { width: 80 }),
    text('n1', 0, 40, '- json', { width: 60 }),
    line('l1', 'line', [
      [30, 64],
      [80, 164],
    ]),
    text('p2', 480, 420, 'Api', { width: 30 }),
    text('n2', 640, 520, '- http', { width: 60 }),
    line('l2', 'line', [
      [514, 432],
      [636, 526],
    ]),
    text('p3', 60, 420, 'Store', { width: 50 }),
    line('l3', 'line', [
      [90, 444],
      [120, 520],
    ]),
    text('n3', 100, 524, '- sqlite', { width: 70 }),
  ];

  it('reads a large hexagon holding a core and ports as a group, and words in its corners as outside it', () => {
    const r = read(scene);
    expect(r.nodes).toEqual(['- http', '- json', '- sqlite', 'Api', 'Importer', 'Store', 'domain']);
    expect(r.subgraphs).toEqual([{ title: ' ', nodes: ['Api', 'Importer', 'Store', 'domain'] }]);
    expect(r.edges.sort()).toEqual(['- json --- Importer', 'Api --- - http', 'Store --- - sqlite'].sort());
  });
});

describe('group names beside what the group holds', () => {
  const group = [
    box('g', 0, 0, { width: 420, height: 200 }),
    ...node('a', 260, 20, 'thermostat'),
    ...node('b', 260, 120, 'sensor'),
    ...node('c', 700, 70, 'Broker'),
    arrow('x', [384, 50], [696, 90], { startBinding: bind('a'), endBinding: bind('c') }),
    arrow('y', [384, 150], [696, 110], { startBinding: bind('b'), endBinding: bind('c') }),
  ];

  it('names a group by the one word written to the left of the boxes it holds', () => {
    const r = read([...group, text('name', 30, 90, 'paired devices', { width: 126 })]);
    expect(r.subgraphs).toEqual([{ title: 'paired devices', nodes: ['sensor', 'thermostat'] }]);
  });

  it('does not name a group by a word beside its boxes that a line reaches', () => {
    const r = read([
      ...group,
      text('name', 30, 90, 'probe', { width: 45 }),
      line('l', 'line', [
        [50, 114],
        [50, 300],
      ]),
      ...node('d', 0, 304, 'Logger'),
    ]);
    expect(r.subgraphs.map((s) => s.title)).toEqual([' ']);
    expect(r.edges).toContain('probe --- Logger');
  });

  it('names a group by the word at its left over the `…` under its list', () => {
    const r = read([
      ...group,
      text('name', 30, 90, 'sensors', { width: 66 }),
      text('more', 300, 176, '...', { width: 20 }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'sensors', nodes: ['sensor', 'thermostat'] }]);
  });

  it('names a group by the word beside its boxes when an arrow ends on the border next to it', () => {
    const r = read([
      ...group,
      text('name', 10, 90, 'sensors', { width: 66 }),
      ...node('d', -300, 70, 'Poller'),
      arrow('z', [-176, 100], [-4, 100], { startBinding: bind('d'), endBinding: bind('g') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'sensors', nodes: ['sensor', 'thermostat'] }]);
    expect(r.edges).toContain('Poller → sensors');
  });
});

describe('a group of one', () => {
  it('reads a big box captioned outside, holding one small box and no words, as a group', () => {
    const r = read([
      box('g', 0, 0, { width: 300, height: 260 }),
      text('cap', 40, 280, 'python application', { width: 170 }),
      ...node('a', 90, 100, 'define udf'),
      ...node('s', 500, 100, 'scheduler'),
      arrow('x', [304, 130], [496, 130], { endBinding: bind('s') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'python application', nodes: ['define udf'] }]);
    expect(r.edges).toEqual(['python application → scheduler']);
  });

  it('reads a box captioned above holding one box a quarter of its size as a group, reached through its caption', () => {
    const r = read([
      ...node('lb', 0, -200, 'Load Balancer'),
      text('cap', 20, -26, 'Agent Worker 1', { width: 130 }),
      box('w', 0, 0, { width: 185, height: 112 }),
      ...node('s', 29, 40, 'Service').map((el) =>
        el.type === 'rectangle' ? { ...el, width: 127, height: 32 } : el,
      ),
      arrow('x', [60, -136], [80, -30], { startBinding: bind('lb'), endBinding: bind('cap') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Agent Worker 1', nodes: ['Service'] }]);
    expect(r.edges).toEqual(['Load Balancer → Agent Worker 1']);
  });
});

describe('records drawn as rows of cells', () => {
  const cells = (y: number, names: string[]) =>
    names.flatMap((n, k) => [
      box(`c${y}_${k}`, 180 + k * 84, y, {
        width: 80,
        height: 40,
        boundElements: [{ type: 'text', id: `c${y}_${k}_t` }],
      }),
      text(`c${y}_${k}_t`, 200 + k * 84, y + 10, n, { containerId: `c${y}_${k}` }),
    ]);

  it('groups a row of cells side by side under the word at its left', () => {
    const r = read([
      text('rec', 70, 10, 'logRecord', { width: 90 }),
      ...cells(0, ['key', 'value', 'type']),
      text('idx', 70, 210, 'index item', { width: 95 }),
      ...cells(200, ['key', 'Fid', 'offset']),
    ]);
    expect(r.subgraphs).toEqual([
      { title: 'logRecord', nodes: ['key', 'type', 'value'] },
      { title: 'index item', nodes: ['Fid', 'key', 'offset'] },
    ]);
  });

  it('leaves a row in a box of its own to that box, and never groups two cells', () => {
    const r = read([
      text('rec', 70, 10, 'logRecord', { width: 90 }),
      box('frame', 172, -8, { width: 264, height: 56 }),
      ...cells(0, ['key', 'value', 'type']),
      text('pair', 70, 210, 'pair', { width: 40 }),
      ...cells(200, ['key', 'value']),
    ]);
    expect(r.subgraphs.map((g) => g.title)).toEqual(['logRecord']);
    expect(r.mermaid).toContain('note: pair');
  });
});

describe('bars drawn as boxes', () => {
  it('reads a long thin box under a node, arrows bound to it, as the spine its branches leave', () => {
    const spine = box('bar', 56, 72, { width: 8, height: 300 });
    const branch = (id: string, y: number) => [
      ...node(id, 120, y, `Note ${id}`),
      arrow(`to${id}`, [66, y + 30], [116, y + 30], { startBinding: bind('bar'), endBinding: bind(id) }),
    ];
    const r = read([
      ...node('box', 0, 0, 'Box'),
      spine,
      ...branch('a', 90),
      ...branch('b', 190),
      ...branch('c', 290),
    ]);
    expect(r.nodes).toEqual(['Box', 'Note a', 'Note b', 'Note c']);
    expect(r.edges.sort()).toEqual(['Box → Note a', 'Box → Note b', 'Box → Note c']);
    expect(r.guesses).toContain('bar');
  });
});

describe('words in the middle of a link', () => {
  const ends = [...node('a', 0, 300, 'app'), ...node('b', 0, 0, 'Database')];
  const word = text('w', 10, 160, 'Update invoice', { width: 126 });

  it('reads a word a plain stroke runs up to and an arrow leaves on the same heading as the label of one edge', () => {
    const r = read([
      ...ends,
      word,
      line('up', 'line', [
        [60, 296],
        [60, 186],
      ]),
      arrow('on', [60, 156], [60, 64]),
    ]);
    expect(r.nodes).toEqual(['Database', 'app']);
    expect(r.edges).toEqual(['app → Database "Update invoice"']);
    expect(r.mermaid).not.toContain('note: Update invoice');
  });

  it('reads a word arrows leave both ways as the label of one link only when they run straight on', () => {
    const scene = (drop: number) =>
      read([
        ...node('l', 0, drop, 'Left'),
        ...node('r', 600, 0, 'Right'),
        text('w', 220, 20, 'Export', { width: 60 }),
        arrow('to-l', [216, 30], [124, 30 + drop], { endBinding: bind('l') }),
        arrow('to-r', [284, 30], [596, 30], { endBinding: bind('r') }),
      ]);
    expect(scene(0).mermaid).toMatch(/<-->\|"Export"\|/);
    expect(scene(0).nodes).toEqual(['Left', 'Right']);
    // One arrow turning off by a quarter of a right angle: the word sends two arrows out.
    expect(scene(45).nodes).toEqual(['Export', 'Left', 'Right']);
    expect(scene(45).edges.sort()).toEqual(['Export → Left', 'Export → Right']);
  });

  it('keeps a word an arrow arrives at a step of its own', () => {
    const r = read([...ends, word, arrow('up', [60, 296], [60, 186]), arrow('on', [60, 156], [60, 64])]);
    expect(r.nodes).toEqual(['Database', 'Update invoice', 'app']);
  });
});

describe('settings under a shape', () => {
  it('names a store by the word over it rather than the `key: value` setting under it', () => {
    const r = read([
      shape('db', 'ellipse', 0, 40, 80, 80),
      text('name', 5, 14, 'Postgres', { width: 70 }),
      text('port', 0, 124, 'Port: 5432', { width: 80 }),
      ...node('app', 0, -200, 'app'),
      line('l', 'line', [
        [40, -136],
        [40, 10],
      ]),
    ]);
    expect(r.nodes).toEqual(['Postgres', 'app']);
    expect(r.edges).toEqual(['app --- Postgres']);
  });
});

describe('blank lines typed around a text', () => {
  it('measures a label without the empty line typed after it', () => {
    const r = read([
      ...node('u', 0, 0, 'User'),
      ...node('s', 500, 0, 'Service'),
      arrow('go', [124, 30], [496, 30], { startBinding: bind('u'), endBinding: bind('s') }),
      // Two lines tall, the second empty: its words sit just under the arrow going right.
      text('w', 200, 46, 'submit a check\n', { width: 130, height: 50 }),
      line('back', 'arrow', [
        [560, 64],
        [300, 130],
        [60, 64],
      ]),
      text('n', 250, 140, 'notify', { width: 60 }),
    ]);
    expect(r.edges.sort()).toEqual(['Service → User "notify"', 'User → Service "submit a check"']);
  });
});

describe('headings over a group', () => {
  it('names a group by a large heading written from its left end, well above it', () => {
    const r = read([
      box('g', 0, 0, { width: 900, height: 300 }),
      text('h', 16, -92, 'Chat App', { width: 300, height: 34, fontSize: 28 }),
      ...node('a', 100, 100, 'API'),
      ...node('b', 600, 100, 'Store'),
      arrow('x', [224, 130], [596, 130], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Chat App', nodes: ['API', 'Store'] }]);
  });
});

describe('tilted labels', () => {
  it('reads a text turned to run along a curved arrow, a little off it, as its label', () => {
    const r = read([
      box('a', 124, 459, { width: 190, height: 137, boundElements: [{ type: 'text', id: 'a_t' }] }),
      text('a_t', 190, 515, 'Loan', { containerId: 'a' }),
      box('b', 588, 46, { width: 235, height: 131, boundElements: [{ type: 'text', id: 'b_t' }] }),
      text('b_t', 680, 100, 'Bank', { containerId: 'b' }),
      line('c', 'arrow', [
        [214, 462],
        [283, 184],
        [585, 73],
      ]),
      // Turned to run along the curve's bend, some 45 px off it, as a label written by hand sits.
      text('w', 40, 151, 'sends it to the customer bank account', { width: 397, height: 25, angle: -0.72 }),
    ]);
    expect(r.edges).toEqual(['Loan → Bank "sends it to the customer bank account"']);
  });
});

describe('icons drawn from shapes and lines', () => {
  it('does not read stripes drawn across a shape from edge to edge as links', () => {
    const stripes = [0, 1, 2, 3, 4].map((i) =>
      line(`s${i}`, 'line', [
        [1, 8 + i * 8],
        [199, 8 + i * 8],
      ]),
    );
    const r = read([
      box('motor', 0, 0, { width: 200, height: 60 }),
      box('shaft', 220, 25, { width: 60, height: 10 }),
      ...stripes,
      text('cap', 10, 70, 'Motor', { width: 50 }),
      ...node('db', 500, 0, 'Database'),
      arrow('a', [204, 10], [496, 20], { endBinding: bind('db') }),
    ]);
    expect(r.edges).toEqual(['Motor → Database']);
  });

  it('reads a grouped server drawing (empty racks, lights) as one node named by the words beside it', () => {
    const g = { groupIds: ['server'] };
    const r = read([
      ...[0, 1, 2].flatMap((i) => [
        box(`rack${i}`, 0, i * 24, { width: 200, height: 24, ...g }),
        shape(`light${i}`, 'ellipse', 180, i * 24 + 6, 12, 12, g),
      ]),
      text('cap', 220, 10, 'Server with\nmodels', { width: 100, height: 50 }),
      ...node('db', -400, 0, 'Database'),
      arrow('a', [-276, 30], [-4, 30], { startBinding: bind('db') }),
    ]);
    expect(r.nodes).toEqual(['Database', 'Server with\nmodels']);
    expect(r.edges).toEqual(['Database → Server with\nmodels']);
    expect(r.subgraphs).toEqual([]);
  });
});

describe('footnotes inside a group', () => {
  it('names a group by the heading over it rather than a remark written inside under its boxes', () => {
    const r = read([
      box('g', 0, 0, { width: 400, height: 260, strokeStyle: 'dotted' }),
      text('h', 120, -30, 'Process Module', { width: 140 }),
      ...node('a', 40, 60, 'MUL 1'),
      ...node('b', 240, 60, 'MUL 2'),
      arrow('x', [164, 90], [236, 90], { startBinding: bind('a'), endBinding: bind('b') }),
      text('f', 60, 220, 'gives D·X', { width: 80 }),
    ]);
    expect(r.subgraphs.map((s) => s.title)).toEqual(['Process Module']);
  });
});

describe('a word reached there and back', () => {
  it('reads two labelled arrows to a word and back as a pair of edges, not a loop labelled by the word', () => {
    const r = read([
      ...node('q', 0, 0, 'query processor'),
      text('u', 300, 20, 'USER', { width: 50 }),
      arrow('out', [124, 15], [290, 15]),
      text('l1', 170, -12, 'results', { width: 60 }),
      arrow('in', [290, 45], [124, 45]),
      text('l2', 180, 52, 'query', { width: 50 }),
    ]);
    expect(r.edges.sort()).toEqual(['USER → query processor "query"', 'query processor → USER "results"']);
  });
});

describe('forks', () => {
  it('reads a stem from a box meeting a bus whose ends go down to two boxes as a link to each', () => {
    const r = read([
      ...node('k', 200, 0, 'Gateway'),
      ...node('a', 0, 200, 'API one'),
      ...node('b', 400, 200, 'API two'),
      line('stem', 'line', [
        [260, 64],
        [260, 120],
      ]),
      line('bus', 'line', [
        [60, 121],
        [460, 121],
      ]),
      arrow('da', [60, 122], [60, 196]),
      arrow('db', [460, 122], [460, 196]),
    ]);
    expect(r.edges.sort()).toEqual(['Gateway → API one', 'Gateway → API two']);
  });
});

describe('double borders', () => {
  it('reads an empty box drawn close around a labelled one as one node', () => {
    const r = read([
      box('outer', -20, -20, { width: 160, height: 520 }),
      box('inner', 0, 0, { width: 128, height: 474, boundElements: [{ type: 'text', id: 'inner_t' }] }),
      text('inner_t', 20, 220, 'listen on A', { containerId: 'inner' }),
      ...node('b', 400, 200, 'NAT'),
      arrow('x', [144, 230], [396, 230], { endBinding: bind('b') }),
    ]);
    expect(r.nodes).toEqual(['NAT', 'listen on A']);
    expect(r.edges).toEqual(['listen on A → NAT']);
    expect(r.subgraphs).toEqual([]);
  });

  it('reads an empty box drawn close inside a labelled one as one node, arrows to the inner one included', () => {
    const r = read([
      box('outer', 0, 0, { width: 261, height: 106, boundElements: [{ type: 'text', id: 'outer_t' }] }),
      text('outer_t', 60, 41, 'Shared Object', { containerId: 'outer' }),
      box('inner', 21, 7, { width: 210, height: 95 }),
      ...node('t', 400, 200, 'Thread1'),
      arrow('x', [420, 196], [150, 106], { startBinding: bind('t'), endBinding: bind('inner') }),
    ]);
    expect(r.nodes).toEqual(['Shared Object', 'Thread1']);
    expect(r.edges).toEqual(['Thread1 → Shared Object']);
  });
});

describe('X marks and keys', () => {
  const cross = (id: string, x: number, y: number): Raw[] => [
    line(`${id}a`, 'line', [
      [x, y],
      [x + 18, y + 19],
    ]),
    line(`${id}b`, 'line', [
      [x, y + 18],
      [x + 17, y - 1],
    ]),
  ];

  it('reads two short strokes crossed in their middles, an arrow ending at them, as one node', () => {
    const r = read([
      shape('start', 'ellipse', 0, 0, 40, 40, { boundElements: [{ type: 'text', id: 'start_t' }] }),
      text('start_t', 8, 10, 'run', { containerId: 'start' }),
      ...cross('x', 120, 11),
      arrow('a', [44, 20], [122, 20]),
    ]);
    expect(r.nodes).toEqual([' ', 'run']);
    expect(r.edges).toEqual(['run →  ']);
  });

  it('keeps samples each followed by a dash and its meaning out of the graph, as a key', () => {
    const r = read([
      shape('k1', 'ellipse', 0, 0, 30, 30),
      text('t1', 40, 5, '- invoke wrapped function', { width: 220 }),
      shape('k2', 'ellipse', 0, 50, 30, 30),
      text('t2', 40, 55, '- invoke base function', { width: 200 }),
      ...cross('k3', 5, 105),
      text('t3', 40, 105, '- execution completed', { width: 200 }),
      ...node('a', 0, 300, 'first'),
      ...node('b', 300, 300, 'second'),
      arrow('x', [124, 330], [296, 330], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);
    expect(r.nodes).toEqual(['first', 'second']);
    expect(r.guesses).toContain('legend');
  });

  it('keeps everything in a box headed “key” out of the graph, however far apart its samples are', () => {
    const r = read([
      box('k', 0, 0, { width: 900, height: 160, strokeStyle: 'dashed' }),
      text('kt', 16, 10, 'key', { width: 30 }),
      shape('k1', 'diamond', 40, 60, 30, 30),
      text('t1', 76, 60, 'exposed module', { width: 120 }),
      ...node('k2', 340, 50, 'app'),
      ...node('k3', 520, 50, 'library'),
      shape('k4', 'ellipse', 760, 40, 50, 100, { strokeStyle: 'dashed' }),
      text('t4', 790, 30, 'async boundary', { width: 100 }),
      ...node('a', 0, 300, 'shell'),
      ...node('b', 300, 300, 'product'),
      arrow('x', [124, 330], [296, 330], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);
    expect(r.nodes).toEqual(['product', 'shell']);
    expect(r.subgraphs).toEqual([]);
    expect(r.guesses).toContain('legend');
  });
});

describe('a box that is no key', () => {
  it('reads a captioned box holding two boxes joined by a labelled line as a group, not a key', () => {
    const r = read([
      box('m', 0, 40, { width: 460, height: 160 }),
      text('cap', 6, 8, 'client machine', { width: 130 }),
      ...node('a', 30, 80, 'Kafka Client'),
      ...node('b', 300, 80, 'Shim'),
      line('l', 'line', [
        [150, 110],
        [300, 110],
      ]),
      text('w1', 180, 84, 'func call', { width: 80 }),
      text('w2', 186, 114, 'or tcp', { width: 60 }),
    ]);
    expect(r.guesses).not.toContain('legend');
    expect(r.subgraphs).toEqual([{ title: 'client machine', nodes: ['Kafka Client', 'Shim'] }]);
    expect(r.edges).toEqual(['Kafka Client --- Shim "func call\nor tcp"']);
  });
});

describe('a tabbed box around one box', () => {
  it('reads a box named on its top-left corner, holding one named box, as a group of one', () => {
    const r = read([
      box('c', 0, 40, { width: 210, height: 160 }),
      text('tab', 4, 12, 'client colo', { width: 100 }),
      ...node('g', 40, 80, 'Gateway'),
      ...node('p', 400, 80, 'Partition'),
      line('l', 'line', [
        [160, 110],
        [400, 110],
      ]),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'client colo', nodes: ['Gateway'] }]);
    expect(r.nodes).toEqual(['Gateway', 'Partition']);
  });
});

describe('headings over a drawing', () => {
  it('does not read a large title over a flowchart as where its entry arrow starts', () => {
    const r = read([
      text('title', 40, 0, 'if', { fontSize: 46, width: 30, height: 56 }),
      shape('d', 'diamond', 0, 180, 120, 120, { boundElements: [{ type: 'text', id: 'd_t' }] }),
      text('d_t', 30, 230, 'n >= 0', { containerId: 'd' }),
      arrow('entry', [60, 110], [60, 176]),
      ...node('s', 0, 400, 'Anweisung'),
      arrow('t', [60, 304], [60, 396], { startBinding: bind('d'), endBinding: bind('s') }),
    ]);
    expect(r.nodes).toEqual(['Anweisung', 'n >= 0']);
  });
});

describe('captions over an icon', () => {
  it('names an icon by a caption just over it that overlaps its padded edge a little', () => {
    const r = read([
      // A logo drawn as a group (its box a little larger than what it shows).
      shape('i1', 'rectangle', 0, 100, 90, 80, { groupIds: ['logo'] }),
      shape('i2', 'ellipse', 110, 110, 90, 60, { groupIds: ['logo'] }),
      text('cap', 110, 81, 'CLOUD RUN JOB', { width: 120, height: 25 }),
      ...node('b', 400, 110, 'Bigquery'),
      arrow('a', [204, 140], [396, 140], { endBinding: bind('b') }),
    ]);
    expect(r.edges).toEqual(['CLOUD RUN JOB → Bigquery']);
  });
});

describe('pictures in a box', () => {
  it('reads two captioned pictures side by side in a box as nodes the box groups', () => {
    const picture = (id: string, x: number) => ({
      id,
      type: 'image',
      x,
      y: 20,
      width: 90,
      height: 90,
      fileId: id,
      status: 'saved',
    });
    const elements = [
      box('g', 0, 0, { width: 300, height: 150 }),
      picture('p1', 20),
      text('c1', 25, 114, 'WORKFLOWS', { width: 80, height: 13, fontSize: 10 }),
      picture('p2', 170),
      text('c2', 165, 114, 'CLOUD BUILD', { width: 100, height: 13, fontSize: 10 }),
      ...node('job', 100, 300, 'Cloud Run'),
      arrow('a', [150, 154], [150, 296], { endBinding: bind('job') }),
    ];
    const files = {
      p1: { mimeType: 'image/png', dataURL: 'data:,' },
      p2: { mimeType: 'image/png', dataURL: 'data:,' },
    };
    const { mermaid } = sceneToMermaid(restoreElements(elements, null, files));
    const g = parseFlowchart(mermaid);
    expect(g.nodes.map((n) => n.label).sort()).toEqual(['CLOUD BUILD', 'Cloud Run', 'WORKFLOWS']);
    expect(g.subgraphs).toHaveLength(1);
    expect(g.subgraphs[0]!.nodeIds).toHaveLength(2);
  });

  it('reads two pictures grouped with their captions in a titled box as nodes the box groups', () => {
    const logo = (id: string, y: number, name: string) => [
      {
        id,
        type: 'image',
        x: 130,
        y,
        width: 90,
        height: 90,
        fileId: 'f',
        status: 'saved',
        groupIds: [`${id}_g`],
      },
      text(`${id}_c`, 135, y + 100, name, { width: 90, groupIds: [`${id}_g`] }),
    ];
    const elements = [
      box('host', 0, 0, { width: 350, height: 500 }),
      text('title', 20, 20, 'Vercel', { width: 60 }),
      ...logo('m', 80, 'Messenger'),
      ...logo('f', 300, 'Facebook'),
      ...node('c', -400, 220, 'Clients'),
      arrow('a', [-276, 250], [-4, 250], { startBinding: bind('c'), endBinding: bind('host') }),
    ];
    const { mermaid } = sceneToMermaid(
      restoreElements(elements, null, { f: { mimeType: 'image/png', dataURL: 'data:,' } }),
    );
    const g = parseFlowchart(mermaid);
    expect(g.nodes.map((n) => n.label).sort()).toEqual(['Clients', 'Facebook', 'Messenger']);
    expect(g.subgraphs.map((s) => s.title)).toEqual(['Vercel']);
  });

  it('names a box by the caption of the one captioned logo in it, when nothing else names it', () => {
    const elements = [
      box('svc', 0, 0, { width: 320, height: 160 }),
      { id: 'logo', type: 'image', x: 20, y: 30, width: 60, height: 60, fileId: 'logo', status: 'saved' },
      text('name', 90, 45, 'Supabase', { width: 200, height: 40, fontSize: 32 }),
      // What it offers, as two more pictures under the name.
      { id: 'db1', type: 'image', x: 80, y: 100, width: 50, height: 50, fileId: 'logo', status: 'saved' },
      { id: 'db2', type: 'image', x: 160, y: 100, width: 50, height: 50, fileId: 'logo', status: 'saved' },
      ...node('app', -400, 50, 'App'),
      arrow('a', [-276, 80], [-4, 80], { startBinding: bind('app'), endBinding: bind('svc') }),
    ];
    const files = { logo: { mimeType: 'image/png', dataURL: 'data:,' } };
    const { mermaid } = sceneToMermaid(restoreElements(elements, null, files));
    const g = parseFlowchart(mermaid);
    expect(g.nodes.map((n) => n.label).sort()).toEqual(['App', 'Supabase']);
    expect(g.edges).toHaveLength(1);
    expect(mermaid).not.toContain('%% note');
  });
});

describe('message labels touching a lifeline', () => {
  it('gives a message the words written over it, though their end touches the next lifeline', () => {
    const lifeline = (id: string, x: number) =>
      line(
        id,
        'line',
        [
          [x, 40],
          [x, 500],
        ],
        { strokeStyle: 'dashed' },
      );
    const r = read([
      text('pa', 70, 0, 'Browser', { width: 60 }),
      text('pb', 330, 0, 'API', { width: 40 }),
      lifeline('la', 100),
      lifeline('lb', 350),
      arrow('m', [100, 160], [350, 160]),
      text('w', 140, 122, 'open the auth page please', { width: 210, height: 20 }),
    ]);
    expect(r.edges).toEqual(['Browser → API "open the auth page please"']);
  });
});

describe('a class with one method', () => {
  it('reads a titled box with the one text an arrow arrives at as a group of one, where other boxes list items', () => {
    const cls = (id: string, x: number, title: string, items: string[]): Raw[] => [
      box(id, x, 0, { width: 220, height: 60 + items.length * 40 }),
      text(`${id}_h`, x + 20, 10, title, { width: 120 }),
      ...items.map((m, i) => text(`${id}_${i}`, x + 20, 50 + i * 40, m, { width: 150 })),
    ];
    const r = read([
      ...cls('game', 0, 'Game', ['mint()', 'evolve()', 'breed()']),
      ...cls('egg', 400, 'EggToken', ['safeMint()', 'safeBurn()']),
      ...cls('chick', 400, 'ChickToken', ['chickMint()']).map((el) => ({ ...el, y: (el.y as number) + 300 })),
      arrow('a1', [175, 60], [416, 60]),
      arrow('a2', [175, 100], [416, 100]),
      arrow('a3', [175, 140], [416, 360]),
    ]);
    expect(r.subgraphs.map((s) => s.title).sort()).toEqual(['ChickToken', 'EggToken', 'Game']);
    expect(r.edges).toContain('breed() → chickMint()');
  });
});

describe('boxes with a body', () => {
  it('reads a named box over the top of a tall empty box as wide as it as one node', () => {
    const r = read([
      box('body', 0, 0, { width: 200, height: 600 }),
      ...node('info', 0, 0, 'Info').map((el) =>
        el.type === 'rectangle' ? { ...el, width: 200, height: 88 } : el,
      ),
      ...node('f1', 400, 300, 'F1'),
      ...node('blog', 400, 450, 'Blog'),
      arrow('a', [204, 330], [396, 330], { endBinding: bind('f1') }),
      arrow('b', [396, 480], [204, 480], { startBinding: bind('blog') }),
    ]);
    expect(r.nodes).toEqual(['Blog', 'F1', 'Info']);
    expect(r.edges.sort()).toEqual(['Blog → Info', 'Info → F1']);
  });

  it('reads a class box with its name and its typed fields typed as free texts as one node, and a card’s notes not', () => {
    const card = (body: string) =>
      read([
        box('head', 0, 0, { width: 260, height: 40 }),
        text('name', 85, 10, 'UserModel', { width: 90 }),
        box('body', 0, 40, { width: 260, height: 120 }),
        text('fields', 10, 48, body, { width: 200, height: 100 }),
        ...node('k', 0, 300, 'PqcKeyPair'),
        arrow('x', [60, 160], [60, 296], { endBinding: bind('k') }),
      ]);
    expect(card('id: String\nemail: String\nphone: String?\nsave(): void').nodes).toEqual([
      'PqcKeyPair',
      'UserModel\nid: String\nemail: String\nphone: String?\nsave(): void',
    ]);
    // Notes under a card's name are not its fields: the name box stays a node of its own.
    expect(card('EXCHANGE\niron_wallet\nQUEUE\nwallet.settlements').nodes).toContain('UserModel');
  });

  it('reads a box named in one line over a box of its width listing fields as one table', () => {
    const table = (id: string, x: number, name: string, fields: string) => {
      const rows = fields.split('\n').length;
      return [
        ...node(`${id}h`, x, 0, name).map((el) =>
          el.type === 'rectangle' ? { ...el, width: 200, height: 50 } : el,
        ),
        box(`${id}b`, x, 50, {
          width: 200,
          height: 25 * rows + 10,
          boundElements: [{ type: 'text', id: `${id}f` }],
        }),
        { ...text(`${id}f`, x + 5, 55, fields, { containerId: `${id}b` }), height: 25 * rows },
      ];
    };
    const r = read([
      ...table('g', 0, 'GAMES', 'id\ngroup_id\nteam1_id\nteam1_score'),
      ...table('t', 400, 'TEAMS', 'id\nplayer1_id\nplayer2_id'),
      arrow('a', [204, 100], [396, 100], { startBinding: bind('gb'), endBinding: bind('tb') }),
    ]);
    expect(r.nodes).toEqual([
      'GAMES\nid\ngroup_id\nteam1_id\nteam1_score',
      'TEAMS\nid\nplayer1_id\nplayer2_id',
    ]);
    expect(r.edges).toEqual([
      'GAMES\nid\ngroup_id\nteam1_id\nteam1_score → TEAMS\nid\nplayer1_id\nplayer2_id',
    ]);
    expect(r.subgraphs).toEqual([]);
    // Sentences under a step describe it: the step and its description stay two boxes.
    const told = read(
      table('s', 0, 'API Fetch function', '- Fetch a random page\n- Know how many pages are in total'),
    );
    expect(told.nodes).toEqual([
      '- Fetch a random page\n- Know how many pages are in total',
      'API Fetch function',
    ]);
    // With an id column drawn beside it, the box is a column of a wider table, read cell by cell.
    const wide = read([
      ...table('m', 40, 'ModelsConfigs', 'binn-3\nbinn-2'),
      ...node('idh', 0, 0, 'id').map((el) =>
        el.type === 'rectangle' ? { ...el, width: 40, height: 50 } : el,
      ),
      box('idb', 0, 50, { width: 40, height: 60 }),
    ]);
    expect(wide.nodes).toContain('ModelsConfigs');
  });

  it('keeps the words under a box’s picture in its name when arrows point at them', () => {
    const scene = (pointed: boolean) => [
      box('task', 0, 0, { width: 200, height: 200 }),
      text('title', 60, 10, 'task-SG', { width: 70 }),
      // A picture pasted as two images grouped together.
      { id: 'pic1', type: 'image', x: 50, y: 50, width: 80, height: 80, fileId: 'f', groupIds: ['pic'] },
      { id: 'pic2', type: 'image', x: 70, y: 70, width: 80, height: 80, fileId: 'f', groupIds: ['pic'] },
      text('path', 30, 170, '/usr/local/var', { width: 130 }),
      ...node('ep', 40, 400, 'Endpoint'),
      pointed
        ? arrow('a', [100, 398], [100, 192], { startBinding: bind('ep') })
        : line(
            'a',
            'arrow',
            [
              [100, 398],
              [100, 300],
              [-50, 300],
              [-50, 28],
              [-4, 28],
            ],
            { startBinding: bind('ep') },
          ),
    ];
    const r = read(scene(true));
    expect(r.nodes).toEqual(['Endpoint', 'task-SG\n/usr/local/var']);
    expect(r.edges).toEqual(['Endpoint → task-SG\n/usr/local/var']);
    // Words under the picture that nothing points at are a remark, not a part of the name.
    expect(read(scene(false)).nodes).toContain('task-SG');
  });

  it('does not join a small cell to the one under it', () => {
    const r = read([
      box('p', 0, 0, { width: 21, height: 26 }),
      text('pt', 4, 3, 'P', { width: 10 }),
      box('q', 0, 27, { width: 21, height: 26 }),
    ]);
    expect(r.guesses).not.toContain('composite');
  });
});

describe('questions written without a diamond', () => {
  it('reads a text an arrowhead stops a little short of as that arrow’s end, not a passing arrow’s label', () => {
    const r = read([
      ...node('try', 0, 0, 'Try again'),
      text('q', 0, 120, 'Can I reproduce it now?', { width: 150 }),
      arrow('down', [60, 64], [60, 98]),
      ...node('lead', 0, 300, 'Ask the lead'),
      arrow('ask', [60, 146], [60, 296]),
      // A long arrow from elsewhere passing just beside the question.
      ...node('far', 180, -150, 'Back many times?'),
      arrow('pass', [214, -86], [124, 330], { startBinding: bind('far'), endBinding: bind('lead') }),
    ]);
    expect(r.nodes).toContain('Can I reproduce it now?');
    expect(r.edges.sort()).toEqual(
      [
        'Back many times? → Ask the lead',
        'Can I reproduce it now? → Ask the lead',
        'Try again → Can I reproduce it now?',
      ].sort(),
    );
  });
});

describe('routes drawn as arrows corner to corner', () => {
  it('reads arrows whose heads stop at each corner, a little short of the next leg, as one edge', () => {
    const r = read([
      ...node('ask', 300, 600, 'Continue?'),
      ...node('input', 300, 100, 'Input'),
      arrow('left', [296, 630], [104, 632], { startBinding: bind('ask') }),
      arrow('up', [100, 615], [100, 140]),
      arrow('right', [112, 132], [296, 130], { endBinding: bind('input') }),
      text('yes', 180, 604, 'Yes', { width: 30 }),
    ]);
    expect(r.edges).toEqual(['Continue? → Input "Yes"']);
  });

  it('does not run a message on into a lifeline it ends on', () => {
    const r = read([
      text('pa', 70, 0, 'App', { width: 40 }),
      text('pb', 380, 0, 'DB', { width: 30 }),
      line(
        'la',
        'line',
        [
          [90, 30],
          [90, 400],
        ],
        { strokeStyle: 'dashed' },
      ),
      line(
        'lb',
        'line',
        [
          [395, 30],
          [395, 318],
        ],
        { strokeStyle: 'dashed' },
      ),
      arrow('m', [90, 300], [392, 300]),
    ]);
    expect(r.edges).toEqual(['App → DB']);
  });
});

describe('sentences ending near an arrow', () => {
  const scene = (words: string) => [
    ...node('a', 400, 0, 'Client'),
    ...node('b', 400, 300, 'Auth'),
    arrow('x', [460, 64], [460, 296], { startBinding: bind('a'), endBinding: bind('b') }),
    text('w', 460 - 40 - words.length * 9, 170, words, { width: words.length * 9 }),
  ];

  it('reads a short word to the side of a downward arrow as its label', () => {
    expect(read(scene('redirect')).edges).toEqual(['Client → Auth "redirect"']);
  });

  it('keeps a long sentence that ends to the side of an arrow a note', () => {
    const r = read(scene('4. The client sends the request to the gateway with its token'));
    expect(r.edges).toEqual(['Client → Auth']);
  });
});

describe('ends just inside a group', () => {
  it('reads an arrow ending just inside a group’s border, no box within reach, as reaching the group', () => {
    const r = read([
      box('g', 0, 200, { width: 420, height: 200 }),
      text('gt', 120, 210, 'OAuth, OIDC', { width: 100 }),
      ...node('k', 40, 280, 'Keycloak'),
      ...node('s', 240, 280, 'Spring Auth'),
      ...node('c', 0, 0, 'Client'),
      arrow('x', [60, 64], [60, 212], { startBinding: bind('c') }),
    ]);
    expect(r.edges).toEqual(['Client → OAuth, OIDC']);
  });
});

describe('boxes on a group’s edge', () => {
  it('counts boxes straddling a group’s bottom border, their middles inside, as held by it', () => {
    const r = read([
      box('g', 0, 0, { width: 440, height: 110, strokeStyle: 'dashed' }),
      text('gt', 150, 12, 'Azure IoT Hub', { width: 120 }),
      ...node('a', 20, 72, 'MQTT').map((el) => (el.type === 'rectangle' ? { ...el, height: 70 } : el)),
      ...node('b', 240, 72, 'REST API').map((el) => (el.type === 'rectangle' ? { ...el, height: 70 } : el)),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Azure IoT Hub', nodes: ['MQTT', 'REST API'] }]);
  });
});

describe('titles beside an arrow', () => {
  it('keeps a title centred along a group’s top edge its title, though an arrow into the group passes beside it', () => {
    const r = read([
      box('g', 0, 100, { width: 600, height: 200 }),
      text('gt', 250, 112, 'Device SDK', { width: 100 }),
      ...node('a', 240, 200, 'Event Loop'),
      ...node('m', 240, -100, 'MQTT'),
      arrow('x', [300, -36], [362, 196], { startBinding: bind('m'), endBinding: bind('a') }),
    ]);
    expect(r.subgraphs.map((s) => s.title)).toEqual(['Device SDK']);
    expect(r.edges).toEqual(['MQTT → Event Loop']);
  });
});

describe('groups that hold words beside marks', () => {
  it('does not take a group holding linked boxes for a key, though its words sit beside small marks', () => {
    const r = read([
      box('vps', 0, 0, { width: 600, height: 300 }),
      text('title', 240, -30, 'VPS (public IP)', { width: 130 }),
      ...node('a', 40, 100, 'Traefik'),
      ...node('b', 300, 100, 'Crowdsec'),
      arrow('x', [164, 130], [296, 130], { startBinding: bind('a'), endBinding: bind('b') }),
      shape('i1', 'ellipse', 460, 60, 20, 20),
      text('c1', 490, 62, 'Traefik logs', { width: 100 }),
      shape('i2', 'ellipse', 460, 110, 20, 20),
      text('c2', 490, 112, 'Authelia logs', { width: 100 }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'VPS (public IP)', nodes: ['Crowdsec', 'Traefik'] }]);
  });
});

describe('numbered steps', () => {
  it('reads an arrow numbered by its own label and described by a text beside it as one label, number first', () => {
    const r = read([
      ...node('code', 0, 0, 'Code'),
      ...node('llm', 400, 0, 'LLM'),
      // The description sits above the arrow and starts right over the arrow's start.
      text('d', 132, -22, 'Generate SQL', { width: 200 }),
      arrow('a', [126, 30], [396, 30], { boundElements: [{ type: 'text', id: 'n' }] }),
      text('n', 255, 20, '1', { containerId: 'a', width: 9 }),
    ]);
    expect(r.nodes).toEqual(['Code', 'LLM']);
    expect(r.edges).toEqual(['Code → LLM "1\nGenerate SQL"']);
  });

  it('keeps an arrow’s own label that says more than a number, and the text beside it a note', () => {
    const r = read([
      ...node('code', 0, 0, 'Code'),
      ...node('llm', 400, 0, 'LLM'),
      text('d', 180, -22, 'see notes', { width: 100 }),
      arrow('a', [126, 30], [396, 30], { boundElements: [{ type: 'text', id: 'n' }] }),
      text('n', 240, 20, 'query', { containerId: 'a', width: 45 }),
    ]);
    expect(r.edges).toEqual(['Code → LLM "query"']);
    expect(r.mermaid).toContain('%% note: see notes');
  });
});

describe('labels bound by accident', () => {
  it('reads large words over an arrow as its label though the arrow’s end is bound to them', () => {
    const r = read([
      ...node('a', 0, 0, 'Scheduler'),
      ...node('b', 420, 0, 'Weather API'),
      // Two lines of large lettering, 26 units over the arrow; its end stops at the box.
      text('w', 150, -66, 'Fetch the\nforecast', { fontSize: 28, height: 70, width: 140 }),
      arrow('x', [124, 30], [416, 30], { startBinding: bind('a'), endBinding: bind('w') }),
    ]);
    expect(r.nodes).toEqual(['Scheduler', 'Weather API']);
    expect(r.edges).toEqual(['Scheduler → Weather API "Fetch the\nforecast"']);
  });

  it('reads texts beside two-headed arrows inside a box as their labels, though the arrows start bound to them', () => {
    const r = read([
      box('core', 0, 0, { width: 400, height: 300 }),
      text('ct', 150, 8, 'Core', { width: 40 }),
      ...node('srv', 20, 200, 'Server'),
      ...node('llm', 20, 60, 'LLMs'),
      ...node('run', 260, 200, 'Runner'),
      // Drawn from right beside its label, so bound to it; it starts at the server's top.
      line(
        'p',
        'arrow',
        [
          [80, 196],
          [80, 124],
        ],
        { startArrowhead: 'arrow', startBinding: bind('pt'), endBinding: bind('llm') },
      ),
      text('pt', 30, 140, 'proxy', { width: 45 }),
      line(
        'q',
        'arrow',
        [
          [146, 230],
          [256, 230],
        ],
        { startArrowhead: 'arrow', startBinding: bind('qt'), endBinding: bind('run') },
      ),
      text('qt', 170, 240, 'agent', { width: 45 }),
    ]);
    expect(r.nodes).toEqual(['LLMs', 'Runner', 'Server']);
    expect(r.edges.sort()).toEqual(['Server → LLMs "proxy"', 'Server → Runner "agent"'].sort());
  });
});

describe('diagrams grouped whole', () => {
  it('names an icon by the caption grouped with it, not by every word of the diagram grouped around both', () => {
    const all = (els: Raw[], inner: string[] = []) =>
      els.map((el) => ({ ...el, groupIds: [...inner, 'all'] }));
    const r = read([
      // A stick figure and its caption grouped, inside a group holding the whole diagram.
      ...all(
        [
          shape('head', 'ellipse', 20, 0, 30, 30),
          line('body', 'line', [
            [35, 30],
            [35, 70],
          ]),
          line('arms', 'line', [
            [15, 45],
            [55, 45],
          ]),
          line('leg1', 'line', [
            [35, 70],
            [15, 95],
          ]),
          line('leg2', 'line', [
            [35, 70],
            [55, 95],
          ]),
        ],
        ['icon', 'named'],
      ),
      ...all([text('u', 15, 100, 'Users', { width: 40 })], ['named']),
      ...all([
        ...node('lb', 200, 0, 'Load Balancer'),
        text('ip', 200, 80, '10.0.0.1', { width: 70 }),
        arrow('x', [64, 40], [196, 30], { endBinding: bind('lb') }),
      ]),
    ]);
    expect(r.nodes).toEqual(['Load Balancer', 'Users']);
    expect(r.edges).toEqual(['Users → Load Balancer']);
  });
});

describe('strokes flowing together', () => {
  it('reads two lines meeting where one arrow starts as two arrows into its target', () => {
    const r = read([
      ...node('a', 0, 0, 'Kubelet'),
      ...node('b', 200, 0, 'Proxy'),
      ...node('c', 100, 200, 'Pods'),
      line(
        'l1',
        'line',
        [
          [60, 64],
          [60, 120],
          [160, 120],
        ],
        { startBinding: bind('a') },
      ),
      line(
        'l2',
        'line',
        [
          [260, 64],
          [260, 120],
          [161, 120],
        ],
        { startBinding: bind('b') },
      ),
      arrow('m', [160, 121], [160, 196], { endBinding: bind('c') }),
    ]);
    expect(r.edges.sort()).toEqual(['Kubelet → Pods', 'Proxy → Pods']);
    expect(r.guesses).toContain('chain');
  });
});

describe('captions inside a box', () => {
  it('reads arrows reaching the captions over two boxes in a big box as reaching those boxes', () => {
    const r = read([
      box('o', 0, 0, { width: 520, height: 360 }),
      ...node('lb', 200, 20, 'LB'),
      box('w1', 40, 200, { width: 160, height: 100 }),
      text('c1', 80, 176, 'Worker 1', { width: 70 }),
      box('w2', 320, 200, { width: 160, height: 100 }),
      text('c2', 360, 176, 'Worker 2', { width: 70 }),
      arrow('x', [200, 50], [115, 172], { startBinding: bind('lb'), endBinding: bind('c1') }),
      arrow('y', [320, 50], [395, 172], { startBinding: bind('lb'), endBinding: bind('c2') }),
    ]);
    expect(r.edges.sort()).toEqual(['LB → Worker 1', 'LB → Worker 2']);
    expect(r.mermaid).toMatch(/n_w1\b/);
    expect(r.mermaid).toMatch(/n_w2\b/);
  });
});

describe('a heading and its description written apart in a box', () => {
  it('reads arrows reaching either the heading or the description in a box as reaching the box', () => {
    const r = read([
      box('api', 300, 0, { width: 240, height: 180 }),
      text('h', 360, 16, 'SQAaaS API', { width: 110, height: 24, fontSize: 20 }),
      text('d', 320, 90, 'Implements core functions', { width: 200, height: 40, fontSize: 15 }),
      ...node('web', 0, 0, 'Web'),
      ...node('ci', 0, 200, 'CI'),
      arrow('x', [124, 30], [356, 28], { startBinding: bind('web'), endBinding: bind('h') }),
      arrow('y', [124, 230], [316, 110], { startBinding: bind('ci'), endBinding: bind('d') }),
    ]);
    expect(r.edges.sort()).toEqual([
      'CI → SQAaaS API\nImplements core functions',
      'Web → SQAaaS API\nImplements core functions',
    ]);
  });
});

describe('small marks named under them', () => {
  it('names small marks by the words centred under them, though arrows leave from beside the words', () => {
    const r = read([
      shape('a', 'diamond', 100, 0, 37, 39),
      text('at', 84, 46, 'Peptide', { width: 70 }),
      shape('b', 'diamond', 200, -60, 37, 39),
      text('bt', 190, -14, 'MS2PIP', { width: 60 }),
      shape('c', 'diamond', 200, 60, 37, 39),
      text('ct', 184, 106, 'spectrum', { width: 70 }),
      line(
        'x',
        'arrow',
        [
          [140, 18],
          [196, -36],
        ],
        { startBinding: bind('a'), endBinding: bind('b') },
      ),
      line(
        'y',
        'arrow',
        [
          [140, 22],
          [196, 76],
        ],
        { startBinding: bind('a'), endBinding: bind('c') },
      ),
    ]);
    expect(r.nodes).toEqual(['MS2PIP', 'Peptide', 'spectrum']);
    expect(r.edges.sort()).toEqual(['Peptide → MS2PIP', 'Peptide → spectrum']);
  });

  it('reads arrows bound to the names under marks inside a group as reaching the marks', () => {
    const r = read([
      box('g', 0, 0, { width: 300, height: 260, strokeStyle: 'dashed' }),
      text('gt', 100, 230, 'Filtering', { width: 80 }),
      shape('a', 'diamond', 60, 20, 37, 39),
      text('at', 56, 64, 'msgf+', { width: 45 }),
      shape('b', 'diamond', 60, 130, 37, 39),
      text('bt', 40, 176, 'Percolator', { width: 83 }),
      shape('c', 'diamond', 200, 20, 37, 39),
      text('ct', 196, 64, 'SAGE', { width: 45 }),
      arrow('x', [79, 90], [79, 126], { startBinding: bind('at'), endBinding: bind('b') }),
      arrow('y', [218, 90], [100, 140], { startBinding: bind('ct'), endBinding: bind('b') }),
    ]);
    expect(r.edges.sort()).toEqual(['SAGE → Percolator', 'msgf+ → Percolator']);
    expect(r.mermaid).toMatch(/n_a\b/);
    expect(r.mermaid).toMatch(/n_c\b/);
  });
});

describe('heads drawn over a line', () => {
  it('gives a stroke the head of a short arrow drawn over its start', () => {
    const r = read([
      ...node('a', 0, 0, 'Host'),
      ...node('b', 300, 200, 'Lobby'),
      line(
        'l',
        'arrow',
        [
          [60, 66],
          [60, 230],
          [296, 230],
        ],
        { startBinding: bind('a'), endBinding: bind('b') },
      ),
      // Drawn afterwards from a little way down the stroke back up to the box.
      arrow('h', [60, 90], [60, 66], { endBinding: bind('a') }),
    ]);
    expect(r.edges).toEqual(['Host → Lobby']);
    expect(r.mermaid).toContain('<-->');
    expect(r.guesses).toContain('arrowhead');
  });
});

describe('a group of one named by a word beside it', () => {
  it('reads a box holding one named box and a word of its own beside it as a group the word names', () => {
    const r = read([
      box('g', 0, 0, { width: 400, height: 420 }),
      text('gt', 60, 200, 'BRS', { width: 40, height: 30 }),
      ...node('c', 200, 100, 'velero client').map((el) =>
        el.type === 'rectangle' ? { ...el, height: 260 } : el,
      ),
      ...node('api', 600, 180, 'API Server'),
      arrow('x', [324, 210], [596, 210], { startBinding: bind('c'), endBinding: bind('api') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'BRS', nodes: ['velero client'] }]);
    expect(r.edges).toEqual(['velero client → API Server']);
  });

  it('reads a box holding one named box and its own two-line name beside it, half that box’s size, as a group', () => {
    const r = read([
      box('if', 380, 1080, { width: 240, height: 140 }),
      text('ift', 389, 1120, 'LASER\nInterface', { width: 94, height: 50 }),
      ...node('hw', 500, 1100, 'LASER Hardware').map((el) =>
        el.type === 'rectangle' ? { ...el, width: 100, height: 100 } : el,
      ),
      ...node('lg', 500, 900, 'LASER Logic'),
      arrow('x', [552, 964], [552, 1076], { startBinding: bind('lg'), endBinding: bind('if') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'LASER\nInterface', nodes: ['LASER Hardware'] }]);
    expect(r.edges).toEqual(['LASER Logic → LASER\nInterface']);
  });

  it('keeps a box whose words are larger than the small box beside them a node of its own', () => {
    const r = read([
      box('row', 0, 0, { width: 334, height: 73 }),
      text('rt', 16, 20, 'REQ2 on SLOT1', { width: 229, height: 29 }),
      ...node('c', 250, 17, 'chunk').map((el) =>
        el.type === 'rectangle' ? { ...el, width: 73, height: 38 } : el,
      ),
      ...node('tray', 0, 200, 'TRAY'),
      arrow('x', [160, 77], [60, 196], { startBinding: bind('row'), endBinding: bind('tray') }),
    ]);
    expect(r.subgraphs).toEqual([]);
    expect(r.edges).toEqual(['REQ2 on SLOT1 → TRAY']);
  });
});

describe('sentences beside a downward arrow', () => {
  const scene = (x: number) => [
    ...node('a', 0, 0, 'SSH Terminal'),
    ...node('b', 0, 200, 'xdg-open'),
    arrow('x', [60, 64], [60, 196], { startBinding: bind('a'), endBinding: bind('b') }),
    text('t', x, 100, 'You run a command that\ntries to open a browser', { width: 220, height: 46 }),
  ];

  it('reads a sentence written from beside a downward arrow, level with its shaft, as its label', () => {
    const r = read(scene(100));
    expect(r.edges).toEqual(['SSH Terminal → xdg-open "You run a command that\ntries to open a browser"']);
  });

  it('keeps a sentence that ends beside a downward arrow a note', () => {
    const r = read(scene(-260));
    expect(r.edges).toEqual(['SSH Terminal → xdg-open']);
  });
});

describe('texts turned a full circle', () => {
  it('reads a title stored at an angle of 2π as level, and the box it heads as titled', () => {
    const r = read([
      box('g', 0, 0, { width: 400, height: 200 }),
      text('gt', 170, 10, 'Client', { width: 54, angle: 6.2831 }),
      ...node('a', 20, 80, 'Cache'),
      ...node('b', 240, 80, 'Struct'),
      arrow('x', [144, 110], [236, 110], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Client', nodes: ['Cache', 'Struct'] }]);
  });
});

describe('ends bound to a group over a box', () => {
  it('reads an end bound to a dashed group but stopping on the outline of a box inside it as reaching the box', () => {
    const r = read([
      ...node('s', 0, 0, 'Struct'),
      // A dashed band drawn over the box's right part, holding a note box of its own.
      box('band', 100, -40, { width: 200, height: 300, strokeStyle: 'dashed' }),
      text('bt', 170, -30, 'HTTP(S)', { width: 60 }),
      ...node('n', 140, 120, 'payload'),
      ...node('r', 400, 0, 'Routes'),
      arrow('x', [121, 30], [396, 30], { startBinding: bind('band'), endBinding: bind('r') }),
    ]);
    expect(r.edges).toEqual(['Struct → Routes']);
  });
});

describe('a deck of copies', () => {
  it('reads copies of one labelled box fanned out like cards as one node', () => {
    const card = (id: string, x: number, y: number) =>
      node(id, x, y, 'user replies').map((el) =>
        el.type === 'rectangle' ? { ...el, width: 134, height: 62 } : el,
      );
    const r = read([
      ...node('f', -300, 0, 'fetch responses'),
      ...card('c1', 0, 0),
      ...card('c2', 21, 23),
      ...card('c3', 55, 44),
      ...card('c4', 84, 67),
      arrow('x', [-176, 30], [-4, 30], { startBinding: bind('f'), endBinding: bind('c1') }),
    ]);
    expect(r.nodes).toEqual(['fetch responses', 'user replies']);
    expect(r.edges).toEqual(['fetch responses → user replies']);
  });

  it('reads empty replicas fanned out behind a labelled box as that box, arrows to the last card included', () => {
    const card = (id: string, x: number) => box(id, x, 0, { width: 289, height: 201 });
    const r = read([
      card('r1', 125),
      card('r2', 209),
      card('r3', 284),
      ...node('svc', 0, 0, 'PAGAMENTO').map((el) =>
        el.type === 'rectangle' ? { ...el, width: 289, height: 201 } : el,
      ),
      ...node('db', 800, 0, 'PAGAMENTO DB'),
      arrow('x', [577, 100], [796, 30], {
        startBinding: bind('r3'),
        endBinding: bind('db'),
        startArrowhead: 'arrow',
      }),
    ]);
    expect(r.nodes).toEqual(['PAGAMENTO', 'PAGAMENTO DB']);
    expect(r.edges).toEqual(['PAGAMENTO → PAGAMENTO DB']);
  });

  it('keeps two boxes with the same label side by side apart', () => {
    const r = read([...node('a', 0, 0, 'Worker'), ...node('b', 130, 0, 'Worker')]);
    expect(r.nodes).toEqual(['Worker', 'Worker']);
  });
});

describe('a title drawn in a box', () => {
  const scene = (fontSize: number) => [
    box('tb', 100, -120, { width: 240, height: 60, boundElements: [{ type: 'text', id: 'tt' }] }),
    text('tt', 150, -105, 'CircleSpace', { containerId: 'tb', width: 150, height: 35, fontSize }),
    ...node('a', 0, 0, 'Landing page'),
    ...node('b', 0, 200, 'Login'),
    ...node('c', 300, 200, 'Sign in'),
    arrow('x', [60, 64], [60, 196], { startBinding: bind('a'), endBinding: bind('b') }),
    arrow('y', [124, 30], [360, 196], { startBinding: bind('a'), endBinding: bind('c') }),
  ];

  it('keeps a box above everything holding only a heading, linked to nothing, as the title', () => {
    const r = read(scene(28));
    expect(r.nodes).toEqual(['Landing page', 'Login', 'Sign in']);
    expect(r.mermaid).toContain('%% note: CircleSpace');
  });

  it('keeps such a box written at the usual size a node', () => {
    const r = read(scene(16));
    expect(r.nodes).toEqual(['CircleSpace', 'Landing page', 'Login', 'Sign in']);
  });
});

describe('pictures along an arrow', () => {
  it('reads pictures laid along arrows in a box as what flows on them, and the words beyond them as labels', () => {
    const picture = (id: string, x: number, y: number) => ({
      id,
      type: 'image',
      x,
      y,
      width: 260,
      height: 52,
      fileId: id,
      status: 'saved',
    });
    const elements = [
      box('g', -40, -160, { width: 720, height: 420, strokeStyle: 'dashed' }),
      text('gt', 280, -150, 'Pipeline', { width: 80 }),
      ...node('a', 0, 0, 'Convert'),
      ...node('b', 500, 0, 'Music21'),
      arrow('x', [124, 20], [496, 20], { startBinding: bind('a'), endBinding: bind('b') }),
      arrow('y', [496, 50], [124, 50], { startBinding: bind('b'), endBinding: bind('a') }),
      // A score drawn just above the first arrow and one just under the second, each captioned.
      picture('s1', 120, -34),
      text('c1', 140, -56, '.mid file', { width: 120 }),
      picture('s2', 180, 54),
      text('c2', 230, 108, 'time series', { width: 120 }),
    ];
    const files = {
      s1: { mimeType: 'image/png', dataURL: 'data:,' },
      s2: { mimeType: 'image/png', dataURL: 'data:,' },
    };
    const { mermaid } = sceneToMermaid(restoreElements(elements, null, files));
    const g = parseFlowchart(mermaid);
    expect(g.nodes.map((n) => n.label).sort()).toEqual(['Convert', 'Music21']);
    expect(g.edges.map((e) => e.label).sort()).toEqual(['.mid file', 'time series']);
  });
});

describe('boxes laid out in cells drawn as nothing (icon sets)', () => {
  const clear = { strokeColor: 'transparent', backgroundColor: 'transparent' };
  /** A pill as icon sets build it: a drawn box, an icon's cell and a cell per line of its name, grouped. */
  const pill = (id: string, x: number, y: number, lines: string[]): Raw[] => {
    const g = { groupIds: [id] };
    const h = 40 * lines.length;
    return [
      box(id, x, y, { width: 200, height: h, ...g }),
      box(`${id}_icon`, x, y, { width: 40, height: 40, ...clear, groupIds: [`${id}_i`, id] }),
      shape(`${id}_dot`, 'ellipse', x + 14, y + 14, 8, 8, { groupIds: [`${id}_i`, id] }),
      ...lines.flatMap((t, i) => [
        box(`${id}_c${i}`, x + 40, y + 40 * i, {
          width: 160,
          height: 40,
          ...clear,
          ...g,
          boundElements: [{ type: 'text', id: `${id}_t${i}` }],
        }),
        text(`${id}_t${i}`, x + 50, y + 40 * i + 10, t, { containerId: `${id}_c${i}`, ...g }),
      ]),
    ];
  };

  it('names the drawn box by the words in its cells, and binds arrows bound to a cell to the box', () => {
    const r = read([
      ...pill('a', 0, 0, ['pull request', '-> main']),
      ...pill('b', 400, 0, ['CI']),
      arrow('x', [200, 20], [400, 20], { startBinding: bind('a_c0'), endBinding: bind('b_icon') }),
    ]);
    expect(r.nodes).toEqual(['CI', 'pull request\n-> main']);
    expect(r.edges).toEqual(['pull request\n-> main → CI']);
    expect(r.subgraphs).toEqual([]);
    expect(r.guesses).toContain('decoration');
  });

  it('reads an arrow bound to a dot of the icon but stopping on the box as reaching the box', () => {
    const r = read([
      ...pill('a', 0, 0, ['merge']),
      ...node('b', -300, 0, 'Deploy'),
      // Bound to the icon's dot, drawn from the box's left edge, next to the dot.
      arrow('x', [0, 20], [-176, 20], { startBinding: bind('a_dot'), endBinding: bind('b') }),
    ]);
    expect(r.nodes).toEqual(['Deploy', 'merge']);
    expect(r.edges).toEqual(['merge → Deploy']);
  });

  it('leaves a cell drawn as nothing that lies in no drawn box (an icon’s area arrows bind to) as it is', () => {
    const icon = { groupIds: ['icon'] };
    const r = read([
      box('area', 0, 0, { width: 80, height: 80, ...clear, ...icon }),
      shape('c1', 'ellipse', 10, 10, 60, 60, icon),
      line(
        'l1',
        'line',
        [
          [20, 40],
          [60, 40],
        ],
        icon,
      ),
      text('cap', 10, 90, 'Kafka'),
      ...node('b', 300, 10, 'Worker'),
      arrow('x', [84, 40], [296, 40], { startBinding: bind('area'), endBinding: bind('b') }),
    ]);
    expect(r.edges).toEqual(['Kafka → Worker']);
  });
});

describe('drawings grouped inside a grouped section', () => {
  const section = (id: string) => ({ groupIds: [id, 'section'] });
  it('reads an icon grouped inside a section of boxes and arrows as a mark on its box, and a tick on the way as part of the arrow', () => {
    const r = read([
      // The whole row is grouped, arrows too.
      box('ci', 0, 0, { width: 240, height: 140, groupIds: ['ci', 'section'] }),
      text('ct', 50, 10, 'CI pipeline', { groupIds: ['ci', 'section'] }),
      // The pipeline icon: two small squares and the line between them.
      shape('s1', 'rectangle', 10, 10, 8, 8, { groupIds: ['ic', 'ci', 'section'] }),
      shape('s2', 'rectangle', 22, 22, 8, 8, { groupIds: ['ic', 'ci', 'section'] }),
      line(
        'sl',
        'line',
        [
          [14, 18],
          [22, 26],
        ],
        { groupIds: ['ic', 'ci', 'section'] },
      ),
      ...node('q', 40, 36, 'code quality').map((el) => ({ ...el, groupIds: ['ci', 'section'] })),
      ...node('p', 600, 40, 'peer review').map((el) => ({ ...el, groupIds: ['pr', 'section'] })),
      // A line to a tick mark on the way and an arrow on from it (its path repeats its first point).
      line(
        'in',
        'line',
        [
          [240, 70],
          [380, 70],
        ],
        { groupIds: ['section'] },
      ),
      shape('tick', 'ellipse', 380, 60, 20, 20, section('tk')),
      line(
        'tl',
        'line',
        [
          [386, 70],
          [388, 72],
          [394, 66],
        ],
        section('tk'),
      ),
      line(
        'out',
        'arrow',
        [
          [400, 70],
          [400, 70],
          [596, 70],
        ],
        { groupIds: ['section'] },
      ),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'CI pipeline', nodes: ['code quality'] }]);
    expect(r.nodes).toEqual(['code quality', 'peer review']);
    expect(r.edges).toEqual(['CI pipeline → peer review']);
  });
});

describe('a box titled at its top inside another titled just above it', () => {
  it("gives the outer title, written over the inner box's corner, to the outer box", () => {
    const project = (id: string, y: number, title: string) => [
      box(id, 20, y, { width: 300, height: 200 }),
      text(`${id}_t`, 120, y + 10, title),
      ...node(`${id}_a`, 40, y + 60, 'Services'),
      ...node(`${id}_b`, 180, y + 60, 'Infra'),
    ];
    const r = read([
      box('vault', 0, 0, { width: 700, height: 560 }),
      // Written in the outer box's corner, just over the first project's corner.
      text('vt', 10, 8, 'Vault', { fontSize: 28, height: 34 }),
      ...project('px', 41, 'Project X'),
      ...project('py', 320, 'Project Y'),
      shape('u', 'ellipse', 500, 200, 120, 120, { boundElements: [{ type: 'text', id: 'ut' }] }),
      text('ut', 520, 250, 'User A', { containerId: 'u' }),
      line('l1', 'line', [
        [320, 160],
        [500, 260],
      ]),
      line('l2', 'line', [
        [320, 420],
        [500, 260],
      ]),
    ]);
    expect(r.subgraphs.map((s) => s.title).sort()).toEqual(['Project X', 'Project Y', 'Vault']);
    expect(r.edges.sort()).toEqual(['Project X --- User A', 'Project Y --- User A']);
  });
});

describe('texts the file gives no size', () => {
  it('measures a text written with width 0, as Excalidraw does when it draws it', () => {
    // Some integrations write `width: 0`; the words still run right from x (or round it, centred).
    const r = read([
      ...node('a', 0, 100, 'Client'),
      // The arrow stops right under the middle of the word.
      text('db', 300, 0, 'Database', { width: 0, height: 25 }),
      arrow('x', [124, 130], [340, 31]),
    ]);
    expect(r.edges).toEqual(['Client → Database']);
  });
});

describe("crow's feet drawn by hand", () => {
  it('reads a relation with a circle, a bar and toes drawn at its ends as one link between the two tables', () => {
    const r = read([
      ...node('c', 0, 0, 'Customer'),
      ...node('o', 400, 0, 'Order'),
      line('rel', 'line', [
        [120, 30],
        [400, 30],
      ]),
      // "Zero or many" at Order's end: a circle on the line, two toes fanning to the box.
      shape('zero', 'ellipse', 338, 20, 20, 20),
      line('toe1', 'line', [
        [362, 30],
        [400, 14],
      ]),
      line('toe2', 'line', [
        [362, 30],
        [400, 46],
      ]),
      // "Exactly one" at Customer's end: two bars across the line.
      line('bar1', 'line', [
        [140, 18],
        [140, 42],
      ]),
      line('bar2', 'line', [
        [150, 18],
        [150, 42],
      ]),
    ]);
    expect(r.nodes).toEqual(['Customer', 'Order']);
    expect(r.edges).toEqual(['Customer --- Order']);
    expect(r.guesses).toContain('decoration');
  });

  it('keeps a small circle that an arrow is bound to as a node', () => {
    const r = read([
      ...node('a', 0, 0, 'Start'),
      shape('dot', 'ellipse', 300, 20, 20, 20),
      line('l', 'line', [
        [120, 30],
        [500, 30],
      ]),
      arrow('x', [60, 64], [305, 38], { endBinding: bind('dot') }),
    ]);
    expect(r.nodes).toContain(' ');
  });
});

describe('section names in the right margin', () => {
  const group = (name: ReturnType<typeof text> | null, label: Raw | null = null) =>
    read([
      box('g', 0, 0, { width: 600, height: 200, strokeStyle: 'dotted' }),
      ...node('a', 40, 70, 'API'),
      ...node('b', 400, 70, 'Store'),
      arrow('x', [164, 100], [396, 100]),
      ...(name ? [name] : []),
      ...(label ? [label] : []),
    ]);

  it('titles a group by the larger name written level with it in the margin on its right', () => {
    const r = group(text('n', 630, 80, '/v1/ingestion', { fontSize: 36, height: 45, width: 210 }));
    expect(r.subgraphs).toEqual([{ title: '/v1/ingestion', nodes: ['API', 'Store'] }]);
  });

  it('leaves a word of the usual size there alone', () => {
    const r = group(text('n', 630, 80, 'ingestion'));
    expect(r.subgraphs.map((s) => s.title)).toEqual([' ']);
  });
});

describe('numbered steps written beside their words', () => {
  it('reads a small number written just after a letter, a little lower, as its index, after it', () => {
    const state = (id: string, x: number, n: string) => [
      shape(id, 'ellipse', x, 0, 80, 80),
      text(`${id}s`, x + 28, 20, 'S', { width: 16, height: 34, fontSize: 28 }),
      text(`${id}n`, x + 43, 34, n, { width: 12, height: 24, fontSize: 20 }),
    ];
    const r = read([
      // The index first in the file, as when it was typed after the letter was placed.
      ...state('a', 0, '0').reverse(),
      ...state('b', 300, '1').reverse(),
      arrow('x', [84, 40], [296, 40], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);
    expect(r.nodes).toEqual(['S\n0', 'S\n1']);
  });

  it("reads a step's number, written larger, and the words after it on their line as one label", () => {
    const r = read([
      ...node('a', 0, 0, 'Phone'),
      ...node('b', 600, 0, 'Drive'),
      arrow('x', [124, 30], [596, 30]),
      text('n', 160, -2, '1', { fontSize: 28, height: 35, width: 16 }),
      text('w', 186, 4, 'Upload the export', { width: 160 }),
    ]);
    expect(r.edges).toEqual(['Phone → Drive "1 Upload the export"']);
  });
});

describe('a group named by the one word among what it holds', () => {
  it('titles a box by the one short line of words it holds that names no node and labels no arrow', () => {
    const r = read([
      box('g', 0, 0, { width: 700, height: 300 }),
      ...node('a', 40, 40, 'Audio'),
      ...node('b', 500, 40, 'Split'),
      ...node('c', 500, 200, 'Whisper'),
      arrow('x', [164, 70], [496, 70]),
      arrow('y', [560, 104], [560, 196]),
      text('name', 150, 180, 'Speech to text', { width: 130 }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Speech to text', nodes: ['Audio', 'Split', 'Whisper'] }]);
  });

  it('leaves two such lines among what it holds as notes', () => {
    const r = read([
      box('g', 0, 0, { width: 700, height: 300 }),
      ...node('a', 40, 40, 'Audio'),
      ...node('b', 500, 40, 'Split'),
      ...node('c', 500, 200, 'Whisper'),
      arrow('x', [164, 70], [496, 70]),
      arrow('y', [560, 104], [560, 196]),
      text('n1', 150, 160, 'Speech to text', { width: 130 }),
      text('n2', 150, 220, 'runs nightly', { width: 110 }),
    ]);
    expect(r.subgraphs.map((s) => s.title)).toEqual([' ']);
  });
});

describe('flows joining at a small mark', () => {
  it('reads plain strokes into a small grouped mark and one arrow out of it as an edge from each', () => {
    const g = { groupIds: ['x'] };
    const r = read([
      ...node('a', 0, 0, 'CI'),
      ...node('b', 0, 200, 'Review'),
      ...node('c', 500, 100, 'Fix'),
      // A crossed circle where the two flows meet.
      shape('ring', 'ellipse', 300, 120, 20, 20, g),
      line(
        'x1',
        'line',
        [
          [304, 124],
          [316, 136],
        ],
        g,
      ),
      line(
        'x2',
        'line',
        [
          [316, 124],
          [304, 136],
        ],
        g,
      ),
      line('in1', 'line', [
        [120, 30],
        [310, 30],
        [310, 118],
      ]),
      line('in2', 'line', [
        [120, 230],
        [310, 230],
        [310, 142],
      ]),
      arrow('out', [322, 130], [496, 130]),
    ]);
    expect(r.nodes).toEqual(['CI', 'Fix', 'Review']);
    expect(r.edges.sort()).toEqual(['CI → Fix', 'Review → Fix']);
  });
});

describe('pictures that name themselves', () => {
  const svg = (inner: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">${inner}<path d="M0 0h24v24z"/></svg>`;
  const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
  // A box with an arrow to a picture, perhaps captioned; `names`: those read from its pixels.
  const scene = (dataURL: string, caption = false, names = new Map<string, string>()) => {
    const elements = [
      ...node('a', 0, 0, 'Export'),
      { id: 'logo', type: 'image', x: 300, y: 0, width: 60, height: 60, fileId: 'f', status: 'saved' },
      arrow('x', [124, 30], [296, 30], { startBinding: bind('a'), endBinding: bind('logo') }),
      ...(caption ? [text('cap', 290, 70, 'Drive')] : []),
    ];
    const mimeType = dataURL.slice('data:'.length, dataURL.search(/[;,]/));
    const { mermaid, report } = sceneToMermaid(
      restoreElements(elements, null, { f: { mimeType, dataURL } }, names),
    );
    return { g: parseFlowchart(mermaid), report };
  };

  it("names an icon by its SVG title (an icon set's logo) when no text names it", () => {
    const { g, report } = scene(
      `data:image/svg+xml;base64,${base64(svg('<title>Google Drive &amp; Docs</title>'))}`,
    );
    expect(g.nodes.map((n) => n.label).sort()).toEqual(['Export', 'Google Drive & Docs']);
    expect(g.edges).toHaveLength(1);
    expect(report.inferences.map((i) => i.kind)).toContain('picture-name');
  });

  it('reads a title written percent-encoded, and one in other scripts', () => {
    expect(
      scene(`data:image/svg+xml,${encodeURIComponent(svg('<title>Svelte</title>'))}`).g.nodes.map(
        (n) => n.label,
      ),
    ).toContain('Svelte');
    expect(
      scene(`data:image/svg+xml;base64,${base64(svg('<title>Ярлык</title>'))}`).g.nodes.map((n) => n.label),
    ).toContain('Ярлык');
  });

  it('reads a title written as a file name or path as the words of the logo', () => {
    const named = (title: string) =>
      scene(`data:image/svg+xml;base64,${base64(svg(`<title>${title}</title>`))}`).g.nodes.map(
        (n) => n.label,
      );
    expect(named('databases-and-servers/databases/postgresql')).toContain('postgresql');
    expect(named('Icon_24px_CloudRun_Color')).toContain('CloudRun');
    expect(named('Mapbox_Logo_08')).toContain('Mapbox');
    expect(named('logo.svg').sort()).toEqual([' ', 'Export']);
    // Words with spaces are a title as written.
    expect(named('Google Drive / Docs')).toContain('Google Drive / Docs');
  });

  it("lets the author's caption win, and ignores titles an editor gives every drawing", () => {
    const titled = `data:image/svg+xml;base64,${base64(svg('<title>Google Drive</title>'))}`;
    expect(scene(titled, true).g.nodes.map((n) => n.label)).toContain('Drive');
    const generated = scene(`data:image/svg+xml;base64,${base64(svg('<title>Layer 1</title>'))}`);
    expect(generated.g.nodes.map((n) => n.label).sort()).toEqual([' ', 'Export']);
    expect(generated.report.inferences.map((i) => i.kind)).not.toContain('picture-name');
  });

  const png = 'data:image/png;base64,iVBORw0KGgo=';
  const printed = (names: Map<string, string>, dataURL = png, caption = false) =>
    scene(dataURL, caption, names);

  it('names a PNG icon by the name printed in it, and says the name was read from its pixels', () => {
    const { g, report } = printed(new Map([['f', 'Amazon API Gateway']]));
    expect(g.nodes.map((n) => n.label).sort()).toEqual(['Amazon API Gateway', 'Export']);
    expect(g.edges).toHaveLength(1);
    const guess = report.inferences.find((i) => i.kind === 'picture-words');
    expect(guess).toMatchObject({ confidence: 'low', from: ['logo'] });
    expect(report.inferences.map((i) => i.kind)).not.toContain('picture-name');
  });

  it("lets the author's caption and an SVG's own title win over printed words", () => {
    expect(printed(new Map([['f', 'Google Drive']]), png, true).g.nodes.map((n) => n.label)).toContain(
      'Drive',
    );
    const titled = `data:image/svg+xml;base64,${base64(svg('<title>Google Drive</title>'))}`;
    expect(printed(new Map([['f', 'G00gle']]), titled).g.nodes.map((n) => n.label)).toContain('Google Drive');
  });

  it('keeps a printed name to the length of a title', () => {
    const long = printed(new Map([['f', 'word '.repeat(20)]]));
    expect(long.g.nodes.map((n) => n.label).sort()).toEqual([' ', 'Export']);
  });
});

describe('icons named by the words printed in them', () => {
  const icon = (id: string, x: number, y: number, w = 60, h = 60): Raw => ({
    id,
    type: 'image',
    x,
    y,
    width: w,
    height: h,
    fileId: `file-${id}`,
    status: 'saved',
  });
  const names = (entries: Record<string, string>) =>
    new Map(Object.entries(entries).map(([id, name]) => [`file-${id}`, name]));
  // A cloud account holding two linked services, its title inside its top edge.
  const account = (title: string | null): Raw[] => [
    box('aws', 0, 0, { width: 700, height: 400 }),
    ...(title ? [text('t', 20, 10, title)] : []),
    ...node('api', 60, 150, 'API'),
    ...node('db', 300, 150, 'Orders'),
    arrow('x', [184, 180], [296, 180], { startBinding: bind('api'), endBinding: bind('db') }),
  ];

  it('makes an unlinked icon in a box of services one of them', () => {
    const r = read([...account('AWS'), icon('athena', 560, 160)], names({ athena: 'Amazon Athena' }));
    expect(r.nodes).toEqual(['API', 'Amazon Athena', 'Orders']);
    expect(r.subgraphs).toEqual([{ title: 'AWS', nodes: ['API', 'Amazon Athena', 'Orders'] }]);
    // Without words read from it, it is a picture like any other: left out.
    expect(read([...account('AWS'), icon('athena', 560, 160)]).nodes).toEqual(['API', 'Orders']);
  });

  it('leaves an icon alone in a box of logos to the box', () => {
    const r = read(
      [
        box('vendors', 0, 0, { width: 300, height: 200 }),
        text('cap', 100, 210, 'Vendors'),
        icon('logo', 20, 20),
        ...node('app', 500, 60, 'App'),
        arrow('x', [496, 90], [304, 90], { startBinding: bind('app'), endBinding: bind('vendors') }),
      ],
      names({ logo: 'Plausible' }),
    );
    expect(r.nodes).toEqual(['App', 'Vendors']);
    expect(r.subgraphs).toEqual([]);
  });

  it("leaves a caption saying two icons' names to the pair: each keeps its own name", () => {
    // Two icons one over the other, a caption over both, a dataset feeding each.
    const pair = (caption: string, glue: string) =>
      read(
        [
          text('cap', 0, 0, caption, { width: 160 }),
          icon('lambda', 50, 40),
          icon('glue', 50, 110),
          ...node('src', 300, 80, 'Dataset'),
          arrow('x', [296, 110], [114, 70], { startBinding: bind('src'), endBinding: bind('lambda') }),
          arrow('y', [296, 120], [114, 140], { startBinding: bind('src'), endBinding: bind('glue') }),
        ],
        names({ lambda: 'AWS Lambda', glue }),
      );
    const r = pair('ETL w/ Lambda & Glue', 'Amazon Glue');
    expect(r.nodes).toEqual(['AWS Lambda', 'Amazon Glue', 'Dataset']);
    expect(r.mermaid).toContain('%% note: ETL w/ Lambda & Glue');
    // A caption saying one icon's name (or only what both names share) names that icon.
    expect(pair('AWS ETL', 'AWS Glue').nodes).toEqual(['AWS ETL', 'AWS Glue', 'Dataset']);
  });

  it('titles an untitled box by the word mark in its top-left corner, and keeps a titled one', () => {
    const mark = icon('airflow', 10, 10, 200, 70);
    const untitled = read([...account(null), mark], names({ airflow: 'Apache Airflow' }));
    expect(untitled.subgraphs).toEqual([{ title: 'Apache Airflow', nodes: ['API', 'Orders'] }]);
    expect(untitled.guesses).toContain('title-plate');
    // Beside a title, the logo in the corner is the brand of the box, not a part of it.
    const titled = read(
      [...account('Data platform'), { ...mark, x: 300, y: 10 }, icon('corner', 10, 10)],
      names({
        airflow: 'Apache Airflow',
        corner: 'databricks',
      }),
    );
    expect(titled.nodes).toEqual(['API', 'Apache Airflow', 'Orders']);
    expect(titled.subgraphs).toEqual([
      { title: 'Data platform', nodes: ['API', 'Apache Airflow', 'Orders'] },
    ]);
  });
});

describe('section names in the margin', () => {
  it('titles a group by the heading written in the margin left of it, level with its top', () => {
    const r = read([
      text('h', -160, 40, 'Indexing\nPhase', { width: 140, height: 70, fontSize: 28 }),
      box('g', 0, 0, { width: 600, height: 300 }),
      ...node('a', 40, 100, 'Data'),
      ...node('b', 400, 100, 'Chunks'),
      arrow('x', [164, 130], [396, 130], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Indexing\nPhase', nodes: ['Chunks', 'Data'] }]);
  });

  it('leaves a group untitled by a note written beside its lower half', () => {
    const r = read([
      text('h', -160, 200, 'see notes', { width: 140 }),
      box('g', 0, 0, { width: 600, height: 300 }),
      ...node('a', 40, 100, 'Data'),
      ...node('b', 400, 100, 'Chunks'),
      arrow('x', [164, 130], [396, 130], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);
    expect(r.subgraphs.map((s) => s.title)).toEqual([' ']);
  });

  it('titles each band of a stack by the name written level with it in the left margin', () => {
    const band = (id: string, y: number, name: string, a: string, b: string) => [
      text(`${id}_n`, -190, y + 38, name, { width: 180, height: 25, fontSize: 20 }),
      box(id, 0, y, { width: 600, height: 100 }),
      ...node(`${id}_a`, 40, y + 20, a),
      ...node(`${id}_b`, 400, y + 20, b),
    ];
    const r = read([
      ...band('apps', 0, 'Layer 3: Apps', 'Feed', 'Portainer'),
      ...band('mon', 110, 'Layer 2: Monitoring', 'Grafana', 'Loki'),
      ...band('data', 220, 'Layer 1: Data', 'PostgreSQL', 'Longhorn'),
    ]);
    expect(r.subgraphs.map((s) => s.title).sort()).toEqual([
      'Layer 1: Data',
      'Layer 2: Monitoring',
      'Layer 3: Apps',
    ]);
  });
});

describe('labels by round shapes', () => {
  const circle = (id: string, x: number, y: number, t: string) => [
    shape(id, 'ellipse', x, y, 150, 150, { boundElements: [{ type: 'text', id: `${id}_t` }] }),
    text(`${id}_t`, x + 75 - t.length * 4.5, y + 65, t, { containerId: id }),
  ];

  it('reads a time written over a short arrow as its label, though the arrow’s bound end is close by', () => {
    const r = read([
      ...circle('a', 0, 0, 'JLK 208'),
      ...circle('b', 260, 0, 'JLK 209'),
      arrow('x', [152, 75], [258, 75], { startBinding: bind('a'), endBinding: bind('b') }),
      text('t', 180, 29, '11:00am', { width: 70, height: 25 }),
    ]);
    expect(r.edges).toEqual(['JLK 208 → JLK 209 "11:00am"']);
  });

  it('reads a time beside a slanted arrow as its label, though a circle’s box reaches between them', () => {
    const r = read([
      ...circle('m', 40, 190, 'Mac'),
      ...circle('e', 140, 0, 'ERTA'),
      arrow('x', [106, 192], [152, 113], { startBinding: bind('m'), endBinding: bind('e') }),
      text('t', 28, 113, '12:50am', { width: 78, height: 25 }),
    ]);
    expect(r.edges).toEqual(['Mac → ERTA "12:50am"']);
  });
});

describe('a banner inside a group', () => {
  it('titles a group by the box holding only a heading centred in its top strip, linked to nothing', () => {
    const r = read([
      box('g', 0, 0, { width: 1600, height: 480 }),
      box('plate', 600, 30, { width: 380, height: 70, boundElements: [{ type: 'text', id: 'pt' }] }),
      text('pt', 620, 48, 'Machine Learning Pipeline', {
        containerId: 'plate',
        width: 335,
        height: 35,
        fontSize: 28,
      }),
      ...node('a', 60, 50, 'Input Data'),
      ...node('b', 60, 250, 'Fetch Data'),
      ...node('c', 400, 380, 'Raw Data'),
      arrow('x', [120, 114], [120, 246], { startBinding: bind('a'), endBinding: bind('b') }),
      arrow('y', [184, 280], [396, 400], { startBinding: bind('b'), endBinding: bind('c') }),
    ]);
    expect(r.subgraphs).toEqual([
      { title: 'Machine Learning Pipeline', nodes: ['Fetch Data', 'Input Data', 'Raw Data'] },
    ]);
    expect(r.nodes).toEqual(['Fetch Data', 'Input Data', 'Raw Data']);
  });

  it('titles groups by the bar across their top, over all they hold, in the same lettering as the rest', () => {
    const r = read([
      box('kafka', 0, 0, { width: 500, height: 260 }),
      box('bar', 16, 12, { width: 468, height: 44, boundElements: [{ type: 'text', id: 'bart' }] }),
      text('bart', 220, 24, 'Kafka', { containerId: 'bar', width: 50 }),
      box('topic', 16, 80, { width: 240, height: 160 }),
      box('tbar', 28, 90, { width: 216, height: 50, boundElements: [{ type: 'text', id: 'tbart' }] }),
      text('tbart', 60, 104, 'Program execution topic', { containerId: 'tbar', width: 160 }),
      ...[1, 2, 3].flatMap((n) => [
        shape(`p${n}`, 'rectangle', 30 + (n - 1) * 70, 170, 50, 50, {
          boundElements: [{ type: 'text', id: `p${n}t` }],
        }),
        text(`p${n}t`, 50 + (n - 1) * 70, 185, String(n), { containerId: `p${n}`, width: 10 }),
      ]),
      ...node('s', -300, 170, 'Sandbox'),
      arrow('x', [-176, 195], [26, 195], { startBinding: bind('s'), endBinding: bind('p1') }),
    ]);
    expect(r.subgraphs.map((s) => s.title).sort()).toEqual(['Kafka', 'Program execution topic']);
    expect(r.nodes).toEqual(['1', '2', '3', 'Sandbox']);
  });

  it('keeps the first of a stack of boxes alike in a group a node', () => {
    const r = read([
      box('g', 0, 0, { width: 300, height: 200 }),
      box('a', 20, 20, { width: 260, height: 60, boundElements: [{ type: 'text', id: 'at' }] }),
      text('at', 60, 40, 'file store', { containerId: 'a', width: 80 }),
      box('b', 20, 110, { width: 260, height: 60, boundElements: [{ type: 'text', id: 'bt' }] }),
      text('bt', 60, 130, 'memory store', { containerId: 'b', width: 100 }),
      ...node('c', 500, 60, 'Engine'),
      arrow('x', [496, 90], [284, 140], { startBinding: bind('c'), endBinding: bind('b') }),
    ]);
    expect(r.nodes).toEqual(['Engine', 'file store', 'memory store']);
  });
});

describe('a group’s name grouped with it', () => {
  it('titles a group by the word grouped with it on its corner, and leaves the notes under its boxes notes', () => {
    const g = { groupIds: ['gke'] };
    const r = read([
      box('outer', -40, -80, { width: 900, height: 460, strokeStyle: 'dotted' }),
      box('gke', 0, 0, { ...g, width: 600, height: 300 }),
      text('name', 12, -36, 'GKE Autopilot', { ...g, width: 160, height: 30, fontSize: 24 }),
      ...node('w', 30, 40, 'Web'),
      ...node('s', 200, 40, 'Streaming'),
      text('r1', 40, 104, 'R: 1/n', { width: 50 }),
      text('r2', 210, 104, 'R: 1/n', { width: 50 }),
      ...node('i', 0, -300, 'Ingress'),
      arrow('x', [60, -236], [300, -4], { startBinding: bind('i'), endBinding: bind('gke') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'GKE Autopilot', nodes: ['Streaming', 'Web'] }]);
    expect(r.nodes).toEqual(['Ingress', 'Streaming', 'Web']);
    expect(r.edges).toEqual(['Ingress → GKE Autopilot']);
  });
});

describe('logos in a group’s corner', () => {
  const group = [
    box('g', 0, 0, { width: 800, height: 500 }),
    ...node('a', 200, 150, 'Gateway'),
    ...node('b', 500, 150, 'Eureka'),
    arrow('x', [324, 180], [496, 180], { startBinding: bind('a'), endBinding: bind('b') }),
    ...node('w', -400, 150, 'World'),
    arrow('y', [-276, 180], [-4, 180], { startBinding: bind('w'), endBinding: bind('g') }),
  ];

  it('titles a group by the named logo in its top-left corner, linked to nothing', () => {
    const r = read([
      ...group,
      // A whale drawn in a small box and grouped with it, its name under it.
      ...[
        box('logo', 30, 30, { width: 64, height: 64 }),
        line('whale', 'line', [
          [38, 70],
          [86, 68],
          [80, 82],
          [46, 86],
          [38, 70],
        ]),
        shape('m1', 'rectangle', 44, 58, 6, 6),
        shape('m2', 'rectangle', 52, 58, 6, 6),
      ].map((el) => ({ ...el, groupIds: ['logo'] })),
      text('lt', 36, 98, 'Docker', { width: 54 }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Docker', nodes: ['Eureka', 'Gateway'] }]);
    expect(r.edges.sort()).toEqual(['Gateway → Eureka', 'World → Docker']);
  });

  it('titles a group by a logo drawn with lines and the word beside it, not by a heading over two groups', () => {
    const r = read([
      ...group,
      ...node('c', 1000, 150, 'API server'),
      box('g2', 900, 0, { width: 500, height: 500 }),
      arrow('z', [804, 250], [896, 250], { startBinding: bind('g'), endBinding: bind('g2') }),
      // The drawing's heading, its text box stretched over both groups, its words in the middle.
      text('h', 0, -60, 'Simplified architecture diagram', { width: 1400, height: 35, textAlign: 'center' }),
      ...[
        line('l1', 'line', [
          [40, 80],
          [70, 30],
          [80, 60],
          [40, 80],
        ]),
        line('l2', 'line', [
          [75, 30],
          [100, 80],
          [60, 80],
          [75, 30],
        ]),
      ].map((el) => ({ ...el, groupIds: ['azure'] })),
      text('lt', 110, 40, 'Azure', { width: 60, height: 30, fontSize: 24 }),
    ]);
    expect(r.subgraphs.map((s) => s.title).sort()).toEqual([' ', 'Azure']);
    expect(r.nodes).toEqual(['API server', 'Eureka', 'Gateway', 'World']);
  });

  it('keeps a plain named box in a group’s top-left corner a node', () => {
    const r = read([...group, ...node('p', 30, 30, 'POD')]);
    expect(r.nodes).toEqual(['Eureka', 'Gateway', 'POD', 'World']);
  });
});

describe('lanes between lines across a box', () => {
  it('reads columns split by dashed lines inside a box, each headed over its line, as subgraphs in the box’s', () => {
    const upright = (id: string, x: number) =>
      line(
        id,
        'line',
        [
          [x, 80],
          [x, 460],
        ],
        { strokeStyle: 'dashed' },
      );
    const r = read([
      box('app', 0, 0, { width: 900, height: 500, strokeStyle: 'dotted' }),
      text('cap', 360, 520, 'Infra: Vite', { width: 90 }),
      upright('d1', 300),
      upright('d2', 600),
      text('h1', 100, 30, 'components', { width: 100 }),
      text('h2', 400, 30, 'store', { width: 50 }),
      text('h3', 720, 30, 'APIs', { width: 40 }),
      text('f1', 100, 470, 'React', { width: 50 }),
      ...node('a', 80, 200, 'App'),
      ...node('s', 380, 200, 'state'),
      ...node('u', 680, 150, 'users'),
      ...node('o', 680, 300, 'other'),
      arrow('x', [204, 230], [376, 230], { startBinding: bind('a'), endBinding: bind('s') }),
      arrow('y', [504, 230], [676, 180], { startBinding: bind('s'), endBinding: bind('u') }),
      arrow('z', [504, 240], [676, 330], { startBinding: bind('s'), endBinding: bind('o') }),
      ...node('srv', 1100, 200, 'server'),
      arrow('g', [904, 230], [1096, 230], { startBinding: bind('app'), endBinding: bind('srv') }),
    ]);
    expect(r.subgraphs.map((g) => g.title).sort()).toEqual(['APIs', 'Infra: Vite', 'components', 'store']);
    expect(r.subgraphs.find((g) => g.title === 'APIs')?.nodes).toEqual(['other', 'users']);
    expect(r.edges).toContain('Infra: Vite → server');
    expect(r.mermaid).toContain('%% note: React');
  });
});

describe('lanes between lines across the drawing', () => {
  // Three bands split by two dashed lines, each named at the lines' right end.
  const bands = [
    line(
      'd1',
      'line',
      [
        [0, 100],
        [700, 100],
      ],
      { strokeStyle: 'dashed' },
    ),
    line(
      'd2',
      'line',
      [
        [0, 300],
        [700, 300],
      ],
      { strokeStyle: 'dashed' },
    ),
    text('ops', 640, 74, 'Ops'),
    text('mon', 520, 274, 'Monitoring'),
    text('svc', 610, 310, 'Services'),
    text('ana', 200, 20, 'Analyze'),
    ...node('p', 100, 160, 'Perses'),
    ...node('j', 400, 160, 'Jaeger'),
    ...node('c', 250, 380, 'Collector'),
    arrow('a1', [230, 45], [160, 156], { endBinding: bind('p') }),
    arrow('a2', [220, 200], [396, 190], { startBinding: bind('p'), endBinding: bind('j') }),
    arrow('a3', [310, 376], [460, 224], { startBinding: bind('c'), endBinding: bind('j') }),
  ];

  it('reads the bands as subgraphs named by the words at the lines’ ends', () => {
    const r = read(bands);
    expect(r.subgraphs.sort((a, b) => a.title.localeCompare(b.title))).toEqual([
      { title: 'Monitoring', nodes: ['Jaeger', 'Perses'] },
      { title: 'Ops', nodes: ['Analyze'] },
      { title: 'Services', nodes: ['Collector'] },
    ]);
    expect(r.edges.sort()).toEqual(['Analyze → Perses', 'Collector → Jaeger', 'Perses → Jaeger']);
    expect(r.guesses).toContain('lane');
  });

  it('reads bands side by side, named at the top of upright lines', () => {
    const r = read([
      line('d1', 'line', [
        [300, 0],
        [300, 500],
      ]),
      text('web', 200, 10, 'Web'),
      text('api', 310, 10, 'API'),
      ...node('ui', 60, 200, 'UI'),
      ...node('svc', 420, 200, 'Service'),
      arrow('x', [184, 230], [416, 230], { startBinding: bind('ui'), endBinding: bind('svc') }),
    ]);
    expect(r.subgraphs).toEqual([
      { title: 'Web', nodes: ['UI'] },
      { title: 'API', nodes: ['Service'] },
    ]);
  });

  it('leaves one line with a note by it a note, not a band', () => {
    const r = read([
      line(
        'd1',
        'line',
        [
          [0, 100],
          [700, 100],
        ],
        { strokeStyle: 'dashed' },
      ),
      text('n', 620, 74, 'Internet'),
      ...node('p', 100, 10, 'Client'),
      ...node('q', 100, 200, 'Server'),
      arrow('x', [160, 74], [160, 196], { startBinding: bind('p'), endBinding: bind('q') }),
    ]);
    expect(r.subgraphs).toEqual([]);
    expect(r.mermaid).toContain('%% note: Internet');
  });

  it('names rows by the word at their start, past everything else, over remarks at their end', () => {
    const r = read([
      line('d1', 'line', [
        [0, 120],
        [800, 120],
      ]),
      line('d2', 'line', [
        [0, 260],
        [800, 260],
      ]),
      text('cache', 20, 50, 'Cache'),
      ...node('c1', 200, 30, 'client'),
      ...node('r1', 450, 30, 'redis'),
      arrow('a', [324, 60], [446, 60], { startBinding: bind('c1'), endBinding: bind('r1') }),
      text('otp', 20, 180, 'OTP Store'),
      ...node('c2', 200, 160, 'client'),
      ...node('r2', 450, 160, 'redis'),
      arrow('b', [324, 190], [446, 190], { startBinding: bind('c2'), endBinding: bind('r2') }),
      text('note', 600, 132, 'TTL: 3 min'),
      text('jobs', 20, 320, 'Job Queue'),
      ...node('w', 200, 300, 'Worker'),
      ...node('l', 450, 300, 'List'),
      arrow('c', [324, 330], [446, 330], { startBinding: bind('w'), endBinding: bind('l') }),
    ]);
    expect(r.subgraphs.map((s) => s.title).sort()).toEqual(['Cache', 'Job Queue', 'OTP Store']);
    expect(r.mermaid).toContain('%% note: TTL: 3 min');
  });

  it('leaves a table of words drawn with lines alone', () => {
    const r = read([
      line('d1', 'line', [
        [0, 40],
        [400, 40],
      ]),
      line('d2', 'line', [
        [0, 80],
        [400, 80],
      ]),
      line('d3', 'line', [
        [0, 120],
        [400, 120],
      ]),
      text('h1', 10, 14, 'Name'),
      text('h2', 300, 14, 'Port'),
      text('r1', 10, 52, 'api'),
      text('r2', 300, 52, '8080'),
      text('r3', 10, 92, 'db'),
      text('r4', 300, 92, '5432'),
      ...node('a', 500, 40, 'Gateway'),
    ]);
    expect(r.subgraphs).toEqual([]);
    expect(r.mermaid).toContain('%% note: Name');
  });

  it('takes no line through a box for a border between bands', () => {
    const r = read([
      line('d1', 'line', [
        [0, 100],
        [700, 100],
      ]),
      line('d2', 'line', [
        [0, 300],
        [700, 300],
      ]),
      text('top', 620, 74, 'Top'),
      text('bottom', 620, 310, 'Bottom'),
      ...node('p', 100, 70, 'Across'),
      ...node('q', 100, 180, 'Middle'),
      ...node('r', 100, 270, 'Low'),
    ]);
    expect(r.subgraphs).toEqual([]);
  });
});

describe('cylinders named in their lower end, and stacked', () => {
  const cylinder = (id: string, x: number, y: number, name?: string): Raw[] => [
    shape(`${id}_top`, 'ellipse', x, y, 80, 36),
    shape(
      `${id}_bottom`,
      'ellipse',
      x,
      y + 60,
      80,
      36,
      name ? { boundElements: [{ type: 'text', id: `${id}_t` }] } : {},
    ),
    line(`${id}_l`, 'line', [
      [x, y + 18],
      [x, y + 78],
    ]),
    line(`${id}_r`, 'line', [
      [x + 80, y + 18],
      [x + 80, y + 78],
    ]),
    ...(name ? [text(`${id}_t`, x + 30, y + 66, name, { containerId: `${id}_bottom` })] : []),
  ];

  it('reads a cylinder whose name is bound to its lower ellipse as one node of that name', () => {
    const r = read([
      ...node('a', 0, 40, 'Report'),
      ...cylinder('s3', 300, 20, 'S3'),
      arrow('x', [124, 70], [296, 70], { startBinding: bind('a') }),
    ]);
    expect(r.nodes).toEqual(['Report', 'S3']);
    expect(r.edges).toEqual(['Report → S3']);
  });

  it('reads rings drawn across a tall cylinder, between its ends, as part of it (a stack of disks)', () => {
    const r = read([
      ...node('a', 0, 40, 'Worker'),
      shape('db_top', 'ellipse', 300, 20, 80, 36),
      line('db_l', 'line', [
        [300, 38],
        [300, 250],
      ]),
      line('db_r', 'line', [
        [380, 38],
        [380, 250],
      ]),
      shape('db_ring1', 'ellipse', 300, 90, 80, 36),
      shape('db_ring2', 'ellipse', 301, 150, 80, 36),
      shape('db_base', 'ellipse', 300, 232, 80, 36),
      // A stroke of a ring drawn again by hand, from one ring to the next.
      line('db_arc', 'line', [
        [330, 125],
        [335, 150],
      ]),
      text('cap', 300, -30, 'PostgreSQL', { width: 90 }),
      arrow('x', [124, 70], [296, 70], { startBinding: bind('a') }),
    ]);
    expect(r.nodes).toEqual(['PostgreSQL', 'Worker']);
    expect(r.edges).toEqual(['Worker → PostgreSQL']);
  });

  it('reads a logo laid over a cylinder as drawn on it: arrows bound to the logo reach the store', () => {
    const logo = (x: number, y: number) => ({
      id: 'logo',
      type: 'image',
      x,
      y,
      width: 84,
      height: 84,
      fileId: 'logo',
      status: 'saved',
    });
    const r = read(
      [
        ...node('a', 0, 40, 'Fund Manager'),
        ...cylinder('ta', 300, 20),
        logo(298, 26),
        text('cap', 290, 130, 'Trading Account', { width: 110 }),
        ...node('b', 600, 40, 'Bot'),
        arrow('x', [124, 70], [294, 70], { startBinding: bind('a'), endBinding: bind('logo') }),
        arrow('y', [386, 70], [596, 70], { startBinding: bind('logo'), endBinding: bind('b') }),
      ],
      undefined,
      ['logo'],
    );
    expect(r.nodes).toEqual(['Bot', 'Fund Manager', 'Trading Account']);
    expect(r.edges).toEqual(['Fund Manager → Trading Account', 'Trading Account → Bot']);
    expect(r.guesses).toContain('decoration');
  });

  it('reads a word under a picture, off its middle and beside an arrow’s shaft, as the arrow’s label', () => {
    const r = read(
      [
        shape('p', 'image', 20, 0, 140, 110, { fileId: 'p', status: 'saved' }),
        ...node('bot', 30, 300, 'Bot'),
        arrow('down', [80, 114], [80, 296], { startBinding: bind('p'), endBinding: bind('bot') }),
        arrow('up', [110, 296], [110, 114], { startBinding: bind('bot'), endBinding: bind('p') }),
        text('l', 0, 125, 'Listings', { width: 72 }),
      ],
      undefined,
      ['p'],
    );
    expect(r.nodes).toEqual([' ', 'Bot']);
    expect(r.edges.sort()).toEqual(['  → Bot "Listings"', 'Bot →  ']);
  });

  it('reads cylinders stacked one behind the other under one caption as one node', () => {
    const r = read([
      ...node('a', 0, 40, 'Scanner'),
      ...cylinder('c1', 300, 0),
      ...cylinder('c2', 390, 36),
      ...cylinder('c3', 480, 72),
      text('cap', 400, 150, 'GH Repos'),
      arrow('x', [124, 70], [296, 60], { startBinding: bind('a') }),
    ]);
    expect(r.nodes).toEqual(['GH Repos', 'Scanner']);
    expect(r.edges).toEqual(['Scanner → GH Repos']);
  });

  it('names a library icon by the larger caption over it, not by its own small lettering', () => {
    const g = { groupIds: ['db'] };
    const r = read([
      ...node('a', 0, 40, 'Sensors'),
      ...cylinder('c1', 300, 20).map((el) => ({ ...el, ...g })),
      text('small', 312, 118, 'Database', { ...g, width: 56, height: 12, fontSize: 10 }),
      text('cap', 280, -12, 'Raw sensor data', { width: 140, height: 25, fontSize: 20 }),
      arrow('x', [124, 70], [296, 60], { startBinding: bind('a') }),
    ]);
    expect(r.nodes).toEqual(['Raw sensor data', 'Sensors']);
    expect(r.mermaid).toContain('%% note: Database');
  });

  it('names a library icon by the caption grouped with it one group out, though no larger', () => {
    // The icon and its lettering grouped, then grouped again with the author's caption.
    const icon = { groupIds: ['db', 'named'] };
    const r = read([
      ...node('a', 0, 40, 'Sensors'),
      ...cylinder('c1', 300, 20).map((el) => ({ ...el, ...icon })),
      text('kind', 330, 80, 'pod', { ...icon, width: 32, height: 25 }),
      text('cap', 290, 150, 'zk jumpbox', { groupIds: ['named'], width: 110, height: 25 }),
      arrow('x', [124, 70], [296, 60], { startBinding: bind('a') }),
    ]);
    expect(r.nodes).toEqual(['Sensors', 'zk jumpbox']);
    expect(r.mermaid).toContain('%% note: pod');
  });

  it('names an icon by that caption when its lettering lies inside it among other marks', () => {
    // Its lettering grouped with a mark of its own that is no part of the drawing's outline.
    const icon = { groupIds: ['drawn', 'icon', 'named'] };
    const r = read([
      ...node('a', 0, 40, 'Sensors'),
      ...cylinder('c1', 300, 20).map((el) => ({ ...el, ...icon })),
      shape('mark', 'rectangle', 335, 55, 20, 12, { groupIds: ['cube', 'icon', 'named'] }),
      text('kind', 330, 80, 'pod', { groupIds: ['icon', 'named'], width: 32, height: 25 }),
      text('cap', 290, 150, 'zk jumpbox', { groupIds: ['named'], width: 110, height: 25 }),
      arrow('x', [124, 70], [296, 60], { startBinding: bind('a') }),
    ]);
    expect(r.nodes).toEqual(['Sensors', 'zk jumpbox']);
  });

  it('names an icon by the caption centred under or over it when its own lettering is small in it', () => {
    const icon = { groupIds: ['svc'] };
    const scene = (lettering: number, captionY = 150, letteringSize = 20) =>
      read([
        ...node('a', 0, 40, 'Ingress'),
        ...cylinder('c1', 300, 20).map((el) => ({ ...el, ...icon })),
        text('kind', 340 - lettering / 2, 80, 'svc', {
          ...icon,
          width: lettering,
          height: 25,
          fontSize: letteringSize,
        }),
        // Not grouped with it, and no larger than its lettering.
        text('cap', 290, captionY, 'orders-svc', { width: 100, height: 23, fontSize: 18 }),
        arrow('x', [124, 70], [296, 60], { startBinding: bind('a') }),
      ]);
    expect(scene(30).nodes).toEqual(['Ingress', 'orders-svc']);
    expect(scene(30, -20).nodes).toEqual(['Ingress', 'orders-svc']);
    // Words across most of the drawing are its name, not a library's lettering; so are words
    // written larger than the caption.
    expect(scene(70).nodes).not.toContain('orders-svc');
    expect(scene(30, 150, 30).nodes).not.toContain('orders-svc');
  });

  it('keeps cylinders side by side, each captioned, apart', () => {
    const r = read([
      ...node('a', 0, 40, 'API'),
      ...cylinder('c1', 300, 0, 'Users'),
      ...cylinder('c2', 390, 0, 'Orders'),
      arrow('x', [124, 70], [296, 60], { startBinding: bind('a') }),
    ]);
    expect(r.nodes).toEqual(['API', 'Orders', 'Users']);
  });
});

describe('a picture drawn as two groups, one over the other', () => {
  // Layers of a stack: four flat diamonds grouped, and four more grouped under them, overlapping.
  const layers = (group: string, y: number): Raw[] =>
    [0, 12, 24, 36].map((dy, i) =>
      shape(`${group}${i}`, 'diamond', 300, y + dy, 110, 36, { groupIds: [group] }),
    );

  it('reads the two groups as one picture, named by the caption over it', () => {
    const r = read([
      ...node('a', 0, 60, 'tweet service'),
      ...layers('top', 40),
      ...layers('low', 88),
      text('cap', 330, 4, 'REDIS', { width: 50 }),
      arrow('x', [124, 90], [296, 120], { startBinding: bind('a'), endBinding: bind('low2') }),
    ]);
    expect(r.nodes).toEqual(['REDIS', 'tweet service']);
    expect(r.edges).toEqual(['tweet service → REDIS']);
  });

  it('keeps a small grouped icon drawn on a large grouped backdrop apart from it', () => {
    const r = read([
      ...node('a', 0, 60, 'Traefik'),
      // A backdrop (a whale) of four large grouped shapes, an icon of two small ones on it.
      ...[0, 1, 2, 3].map((k) =>
        line(
          `w${k}`,
          'line',
          [
            [300 + k * 60, 160],
            [360 + k * 60, 0],
            [420 + k * 60, 160],
          ],
          { groupIds: ['whale'] },
        ),
      ),
      line(
        'i1',
        'line',
        [
          [340, 80],
          [360, 40],
          [380, 80],
        ],
        { groupIds: ['icon'] },
      ),
      line(
        'i2',
        'line',
        [
          [345, 60],
          [375, 60],
        ],
        { groupIds: ['icon'] },
      ),
      text('it', 330, 84, 'Grafana', { width: 60 }),
      arrow('x', [124, 90], [336, 60], { startBinding: bind('a') }),
      ...node('b', 800, 300, 'Loki'),
      arrow('y', [800, 300], [560, 150], { startBinding: bind('b') }),
    ]);
    // The icon, the backdrop (named by the word on it), and the two boxes; the arrow from Loki
    // ends on the backdrop, and no stroke of the backdrop carries it on.
    expect(r.nodes).toHaveLength(4);
    expect(r.edges).toEqual(['Traefik →  ', 'Loki → Grafana']);
  });

  it('keeps two grouped pictures side by side apart', () => {
    const r = read([
      ...node('a', 0, 60, 'tweet service'),
      ...layers('top', 40),
      text('cap', 330, 4, 'REDIS', { width: 50 }),
      ...[0, 12, 24, 36].map((dy, i) =>
        shape(`kafka${i}`, 'diamond', 500, 40 + dy, 110, 36, { groupIds: ['kafka'] }),
      ),
      text('cap2', 530, 4, 'Kafka', { width: 50 }),
      arrow('x', [124, 90], [296, 80], { startBinding: bind('a'), endBinding: bind('top2') }),
      arrow('y', [124, 100], [496, 90], { startBinding: bind('a'), endBinding: bind('kafka2') }),
    ]);
    expect(r.nodes).toEqual(['Kafka', 'REDIS', 'tweet service']);
  });
});

describe('an arrow passing through a box', () => {
  // A scheduler box captioned above; a dotted arrow from the left box to the right one passes
  // through it, with its words just above it inside the box.
  const scene = (wordsY: number) => [
    ...node('app', 0, 100, 'App'),
    box('mid', 200, 60, { width: 200, height: 160 }),
    text('cap', 240, 30, 'Scheduler'),
    ...node('exe', 480, 100, 'Executor'),
    arrow('x', [124, 140], [476, 140], { strokeStyle: 'dotted' }),
    text('words', 230, wordsY, 'ships the code'),
  ];

  it('reads the words beside it inside the box as its label, and the caption as the box’s name', () => {
    const r = read(scene(112));
    expect(r.nodes).toEqual(['App', 'Executor', 'Scheduler']);
    expect(r.edges).toEqual(['App → Executor "ships the code"']);
  });

  it('keeps words the arrow runs across the box’s label', () => {
    const r = read(scene(130));
    expect(r.nodes).toContain('ships the code');
  });
});

describe('a dot or a bar at an arrow’s tail', () => {
  it('reads an arrow with a dot where it leaves as running one way', () => {
    const r = read([
      ...node('a', 0, 0, 'Service'),
      ...node('b', 300, 0, 'Kafka'),
      arrow('x', [124, 30], [296, 30], {
        startBinding: bind('a'),
        endBinding: bind('b'),
        startArrowhead: 'dot',
      }),
      arrow('y', [296, 50], [124, 50], {
        startBinding: bind('b'),
        endBinding: bind('a'),
        startArrowhead: 'arrow',
        endArrowhead: 'bar',
      }),
    ]);
    expect(r.edges).toEqual(['Service → Kafka', 'Service → Kafka']);
    expect(r.mermaid).not.toContain('<-->');
  });

  it('reads a relation with crow’s feet or cardinality marks at both ends as a line, not an arrow', () => {
    const r = read([
      ...node('a', 0, 0, 'Customer'),
      ...node('b', 300, 0, 'Order'),
      ...node('c', 300, 200, 'Invoice'),
      arrow('x', [124, 30], [296, 30], {
        startBinding: bind('a'),
        endBinding: bind('b'),
        startArrowhead: 'crowfoot_one',
        endArrowhead: 'crowfoot_many',
      }),
      arrow('y', [360, 64], [360, 196], {
        startBinding: bind('b'),
        endBinding: bind('c'),
        startArrowhead: 'cardinality_exactly_one',
        endArrowhead: 'cardinality_zero_or_many',
      }),
      // A mark at one end only reads as a head, as a person sees it.
      arrow('z', [124, 50], [296, 230], {
        startBinding: bind('a'),
        endBinding: bind('c'),
        endArrowhead: 'crowfoot_many',
      }),
    ]);
    expect(r.edges.sort()).toEqual(['Customer --- Order', 'Customer → Invoice', 'Order --- Invoice']);
  });
});

describe('a small mark grouped with its name', () => {
  it('names a small diamond by the words grouped with it beside it', () => {
    const r = read([
      ...node('a', 0, 0, 'shell'),
      shape('m', 'diamond', 200, 40, 40, 40, { groupIds: ['g1'] }),
      text('n', 242, 36, '_app.tsx', { groupIds: ['g1'] }),
      ...node('b', 400, 0, 'home'),
      arrow('x', [124, 40], [196, 60], { startBinding: bind('a'), endBinding: bind('m') }),
      arrow('y', [244, 66], [396, 40], { startBinding: bind('m'), endBinding: bind('b') }),
    ]);
    expect(r.nodes).toEqual(['_app.tsx', 'home', 'shell']);
    expect(r.edges).toEqual(['shell → _app.tsx', '_app.tsx → home']);
  });

  it('leaves words grouped with a box and an arrow to the arrow', () => {
    const r = read([
      ...node('a', 0, 0, 'shell'),
      shape('m', 'diamond', 200, 40, 40, 40, { groupIds: ['g1'] }),
      text('n', 300, 64, 'loads', { groupIds: ['g1'] }),
      ...node('b', 400, 0, 'home'),
      arrow('y', [244, 60], [396, 40], { startBinding: bind('m'), endBinding: bind('b'), groupIds: ['g1'] }),
    ]);
    expect(r.edges).toEqual(['  → home "loads"']);
  });
});

describe('small marks named by the words by them', () => {
  // Process circles in a box, each named by a word beside it or over it.
  const scene = [
    box('app', 0, 0, { width: 500, height: 300 }),
    text('title', 200, 10, 'Phoenix'),
    shape('p1', 'ellipse', 40, 100, 36, 32),
    text('n1', 30, 74, '/sfw-trending'),
    shape('p2', 'ellipse', 250, 100, 36, 32),
    text('n2', 292, 106, 'SlidingWindow'),
    arrow('x', [80, 116], [246, 116], { startBinding: bind('p1'), endBinding: bind('p2') }),
  ];

  it('names a mark an arrow reaches by the word beside it or starting over it', () => {
    const r = read(scene);
    expect(r.nodes).toEqual(['/sfw-trending', 'SlidingWindow']);
    expect(r.edges).toEqual(['/sfw-trending → SlidingWindow']);
  });

  it('leaves the word beside a mark nothing reaches a note', () => {
    const r = read([
      ...node('a', 0, 0, 'API'),
      ...node('b', 300, 0, 'DB'),
      arrow('x', [124, 30], [296, 30], { startBinding: bind('a'), endBinding: bind('b') }),
      shape('dot', 'ellipse', 600, 10, 20, 20),
      text('w', 626, 10, 'Process'),
    ]);
    expect(r.nodes).toEqual(['API', 'DB']);
    expect(r.mermaid).toContain('%% note: Process');
  });
});

describe('an unnamed box arrows reach, holding one named box', () => {
  it('reads it as an untitled subgraph, not an empty node beside the box it holds', () => {
    const r = read([
      ...node('src', 0, 100, 'Client'),
      box('region', 300, 0, { width: 260, height: 400 }),
      ...node('in', 340, 20, 'Graph'),
      ...node('dst', 700, 100, 'Store'),
      arrow('x', [124, 130], [296, 130], { startBinding: bind('src'), endBinding: bind('region') }),
      arrow('y', [564, 130], [696, 130], { startBinding: bind('region'), endBinding: bind('dst') }),
    ]);
    expect(r.nodes).toEqual(['Client', 'Graph', 'Store']);
    expect(r.subgraphs).toEqual([{ title: ' ', nodes: ['Graph'] }]);
    expect(r.edges.sort()).toEqual(['  → Store', 'Client →  ']);
  });

  it('keeps an unnamed box nothing reaches out of the graph', () => {
    const r = read([box('region', 300, 0, { width: 260, height: 400 }), ...node('in', 340, 20, 'Graph')]);
    expect(r.subgraphs).toEqual([]);
  });
});

describe('a loop’s label out past its bend', () => {
  it('labels a loop by the words just out past its far bend', () => {
    const r = read([
      shape('s', 'ellipse', 0, 0, 140, 140, { boundElements: [{ type: 'text', id: 's_t' }] }),
      text('s_t', 40, 60, 'Lunch', { containerId: 's' }),
      ...node('n', 400, 40, 'Seminar'),
      arrow('x', [144, 70], [396, 70], { startBinding: bind('s'), endBinding: bind('n') }),
      line(
        'loop',
        'arrow',
        [
          [30, 130],
          [60, 210],
          [120, 120],
        ],
        { startBinding: bind('s'), endBinding: bind('s') },
      ),
      text('why', 20, 250, 'Lunch is not over'),
    ]);
    expect(r.edges).toContain('Lunch → Lunch "Lunch is not over"');
  });
});

describe('a group holding all a container holds', () => {
  it('is one subgraph with the container, not an untitled one inside it', () => {
    const r = read([
      box('ns', 0, 0, { width: 400, height: 200 }),
      text('title', 10, 8, 'NameSpace (DEV)'),
      ...node('a', 20, 80, 'LlmDoc').map((e) => ({ ...e, groupIds: ['g'] })),
      ...node('b', 220, 80, 'Ollama').map((e) => ({ ...e, groupIds: ['g'] })),
      ...node('c', 600, 80, 'Index'),
      arrow('x', [404, 110], [596, 110], { startBinding: bind('ns'), endBinding: bind('c') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'NameSpace (DEV)', nodes: ['LlmDoc', 'Ollama'] }]);
  });
});

describe('two boxes of one name joined by an arrow down', () => {
  it('reads an arrow from a box down to another of its name as an edge between two nodes', () => {
    const r = read([
      ...node('a', 0, 0, 'DAPR'),
      ...node('b', 0, 300, 'DAPR'),
      arrow('x', [60, 64], [60, 296], { startBinding: bind('a'), endBinding: bind('b') }),
      ...node('c', 300, 300, 'Weather'),
      arrow('y', [124, 330], [296, 330], { startBinding: bind('b'), endBinding: bind('c') }),
    ]);
    expect(r.nodes).toEqual(['DAPR', 'DAPR', 'Weather']);
    expect(r.edges).toEqual(['DAPR → DAPR', 'DAPR → Weather']);
  });

  it('takes no numbered mark over a container for its title', () => {
    const r = read([
      box('zone', 0, 60, { width: 400, height: 200 }),
      ...node('a', 30, 120, 'API'),
      ...node('b', 230, 120, 'Worker'),
      shape('m', 'ellipse', 180, 20, 36, 36, { boundElements: [{ type: 'text', id: 'm_t' }] }),
      text('m_t', 192, 28, '6', { containerId: 'm' }),
    ]);
    expect(r.subgraphs.map((s) => s.title)).toEqual([' ']);
  });
});

describe('a box drawn as three sides with lines', () => {
  it('reads three strokes drawn as three sides of a box, captioned under it, as a titled container', () => {
    const r = read([
      line('l', 'line', [
        [0, 0],
        [0, 300],
      ]),
      line('b', 'line', [
        [0, 300],
        [400, 300],
      ]),
      line('r', 'line', [
        [400, 300],
        [400, 0],
      ]),
      text('cap', 120, 310, 'relish container'),
      ...node('a', 40, 100, 'API'),
      ...node('c', 240, 100, 'CLI'),
      // A second frame drawn a few units to the right: its corner does not join the first's.
      line('l2', 'line', [
        [406, 40],
        [406, 300],
      ]),
      line('b2', 'line', [
        [406, 300],
        [806, 300],
      ]),
      line('r2', 'line', [
        [806, 300],
        [806, 40],
      ]),
      text('cap2', 520, 310, 'mongo container'),
      ...node('d', 446, 100, 'Server'),
      ...node('e', 646, 100, 'Search'),
    ]);
    expect(r.subgraphs.sort((p, q) => p.title.localeCompare(q.title))).toEqual([
      { title: 'mongo container', nodes: ['Search', 'Server'] },
      { title: 'relish container', nodes: ['API', 'CLI'] },
    ]);
  });
});

describe('arrows down from a box', () => {
  it('reads arrows bound from one box down to another as links, not lifelines', () => {
    const r = read([
      ...node('b', 0, 0, 'Mqtt Broker'),
      ...node('c', 0, 300, 'Calibrator'),
      ...node('t', -300, 20, 'thermostat'),
      arrow('x', [-176, 40], [-4, 40], { startBinding: bind('t'), endBinding: bind('b') }),
      arrow('d1', [30, 64], [30, 296], { startBinding: bind('b'), endBinding: bind('c') }),
      arrow('d2', [90, 64], [90, 296], { startBinding: bind('b'), endBinding: bind('c') }),
      // Strokes from the sides stopping on them.
      arrow('m', [-176, 180], [28, 180], { startBinding: bind('t') }),
      arrow('m2', [-176, 200], [28, 220], { startBinding: bind('t') }),
      ...node('k', 300, 170, 'sensor'),
      arrow('m3', [296, 200], [92, 200], { startBinding: bind('k') }),
      arrow('m4', [296, 220], [92, 240], { startBinding: bind('k') }),
    ]);
    expect(r.edges.filter((e) => e === 'Mqtt Broker → Calibrator')).toHaveLength(2);
    expect(r.guesses).not.toContain('lifeline-end');
  });
});

describe('a divider broken by arrow labels', () => {
  it('leaves the stretches of a line that stop at other arrows’ labels out of the graph', () => {
    const r = read([
      ...node('a', 0, 200, 'Raspberry Pi'),
      ...node('b', 500, 200, 'Main Server'),
      ...node('c', 0, 500, 'MikroTik'),
      ...node('d', 500, 500, 'MikroTik 2'),
      arrow('x', [124, 230], [496, 230], {
        startBinding: bind('a'),
        endBinding: bind('b'),
        startArrowhead: 'arrow',
      }),
      text('lx', 258, 200, 'Wireguard VPN', { width: 124 }),
      arrow('y', [124, 530], [496, 530], {
        startBinding: bind('c'),
        endBinding: bind('d'),
        startArrowhead: 'arrow',
      }),
      text('ly', 270, 500, 'WiFi Bridge', { width: 100 }),
      // The divider, drawn in stretches between the labels.
      line('s1', 'line', [
        [320, 40],
        [320, 196],
      ]),
      line('s2', 'line', [
        [320, 240],
        [320, 496],
      ]),
      line('s3', 'line', [
        [320, 540],
        [320, 700],
      ]),
    ]);
    expect(r.nodes).toEqual(['Main Server', 'MikroTik', 'MikroTik 2', 'Raspberry Pi']);
    expect(r.edges.sort()).toEqual(['MikroTik → MikroTik 2', 'Raspberry Pi → Main Server']);
  });
});

describe('a mark carried on a flow', () => {
  it('reads a line up to a small grouped envelope and an arrow on from its far side as one edge', () => {
    const g = { groupIds: ['env'] };
    const r = read([
      ...node('a', 0, 0, 'thermostat'),
      ...node('b', 400, 0, 'Broker'),
      line('in', 'line', [
        [124, 30],
        [230, 30],
      ]),
      shape('env', 'rectangle', 232, 16, 56, 28, g),
      line(
        'v1',
        'line',
        [
          [236, 20],
          [260, 32],
        ],
        g,
      ),
      line(
        'v2',
        'line',
        [
          [284, 20],
          [260, 32],
        ],
        g,
      ),
      arrow('out', [290, 30], [396, 30]),
    ]);
    expect(r.nodes).toEqual(['Broker', 'thermostat']);
    expect(r.edges).toEqual(['thermostat → Broker']);
  });

  it('keeps a small icon named by the caption under it as a node the arrows pass through', () => {
    // A service's logo (a round badge with a mark drawn on it), grouped, its name under it.
    const g = { groupIds: ['logo'] };
    const r = read([
      ...node('a', 0, 0, 'grafana'),
      ...node('b', 400, 0, 'exporter'),
      shape('badge', 'ellipse', 232, 0, 76, 76, g),
      line(
        'mark',
        'line',
        [
          [256, 50],
          [270, 20],
          [284, 50],
          [256, 50],
        ],
        g,
      ),
      text('name', 226, 84, 'prometheus\n:9090', { width: 88, height: 40 }),
      arrow('in', [124, 38], [228, 38], { endBinding: bind('badge') }),
      arrow('out', [312, 38], [396, 38], { startBinding: bind('badge'), endBinding: bind('b') }),
    ]);
    expect(r.nodes).toEqual(['exporter', 'grafana', 'prometheus\n:9090']);
    expect(r.edges.sort()).toEqual(['grafana → prometheus\n:9090', 'prometheus\n:9090 → exporter']);
  });
});

describe('a queue drawn as a bar of slots', () => {
  it('is named by the one word written among its slots', () => {
    // A long bar with narrow slots drawn on it (grouped), its name written between two of them.
    const g = { groupIds: ['bus'] };
    const slots = [20, 120, 360, 460, 560].map((x, i) =>
      shape(`slot${i}`, 'rectangle', 300 + x, 112, 12, 50, g),
    );
    const r = read([
      ...node('a', 0, 0, 'Webhook'),
      ...node('b', 600, 0, 'Scheduler'),
      shape('bar', 'rectangle', 300, 100, 600, 76, g),
      ...slots,
      text('name', 520, 124, 'Message Bus', { ...g, width: 130, height: 26 }),
      arrow('in', [60, 64], [360, 96], { startBinding: bind('a'), endBinding: bind('bar') }),
      arrow('out', [700, 96], [660, 64], { startBinding: bind('bar'), endBinding: bind('b') }),
    ]);
    expect(r.nodes).toEqual(['Message Bus', 'Scheduler', 'Webhook']);
    expect(r.edges.sort()).toEqual(['Message Bus → Scheduler', 'Webhook → Message Bus']);
  });
});

describe('a square icon with marks drawn on it, grouped with its name', () => {
  it('is named by the name grouped with it, its marks no other thing in the group, an arrow through the name', () => {
    // An icon set's tile: a square, a glyph drawn on it (grouped with it), then the tile grouped
    // with its name under it.
    const tile = { groupIds: ['tile', 'named'] };
    const r = read([
      ...node('a', 0, 0, 'frontend'),
      shape('sq', 'rectangle', 300, 0, 64, 64, tile),
      shape('dot', 'ellipse', 322, 20, 20, 20, tile),
      line(
        'glyph',
        'line',
        [
          [310, 50],
          [354, 50],
        ],
        tile,
      ),
      // Wider than the tile, as names under icons are.
      text('name', 247, 68, 'ingredients-api-gw', { groupIds: ['named'], width: 170, height: 24 }),
      arrow('x', [124, 30], [296, 30], { startBinding: bind('a'), endBinding: bind('sq') }),
      // An arrow leaving its foot runs down through the name.
      ...node('c', 180, 200, 'cognito'),
      arrow('y', [320, 66], [240, 196], { startBinding: bind('sq'), endBinding: bind('c') }),
    ]);
    expect(r.nodes).toEqual(['cognito', 'frontend', 'ingredients-api-gw']);
    expect(r.edges.sort()).toEqual(['frontend → ingredients-api-gw', 'ingredients-api-gw → cognito']);
  });
});

describe('a card: a box with a name bar across its top and notes under it', () => {
  const card = (title: string, under: Raw[]): Raw[] => [
    box('card', 300, 0, { width: 240, height: 200 }),
    box('bar', 300, 0, { width: 240, height: 40, boundElements: [{ type: 'text', id: 'bar_t' }] }),
    text('bar_t', 360, 8, title, { containerId: 'bar', fontSize: 18, height: 24 }),
    ...under,
  ];
  const flow = [
    ...node('user', 0, 60, 'User'),
    arrow('x', [124, 90], [298, 90]),
    ...node('db', 700, 60, 'Ledger'),
    arrow('y', [542, 90], [696, 90]),
  ];

  it('is one node named by its bar, its notes left out of the graph', () => {
    const r = read([
      ...flow,
      ...card('Omnibus', [
        text('n1', 316, 60, 'ENDPOINT', { fontSize: 10, height: 14 }),
        text('n2', 316, 80, 'POST /bank-transfers', { fontSize: 12, height: 16 }),
        text('n3', 316, 110, '• dedup on bank_reference', { fontSize: 12, height: 16 }),
      ]),
    ]);
    expect(r.nodes).toEqual(['Ledger', 'Omnibus', 'User']);
    expect(r.edges.sort()).toEqual(['Omnibus → Ledger', 'User → Omnibus']);
    expect(r.subgraphs).toEqual([]);
    expect(r.mermaid).toContain('%% note: ENDPOINT');
    expect(r.guesses).toContain('card');
  });

  it('is a group when words larger than the bar title it', () => {
    const r = read([
      ...flow,
      ...card('Console', [text('t', 330, 60, 'Content Script', { fontSize: 24, height: 30 })]),
    ]);
    expect(r.guesses).not.toContain('card');
  });
});

describe('a box grouped with the captioned icons it holds', () => {
  // Each icon grouped with its caption, then the pairs grouped with the box they sit in.
  const pair = (id: string, x: number, name: string, extra: Raw[] = []): Raw[] => [
    { id, type: 'image', x, y: 40, width: 48, height: 48, fileId: 'f', groupIds: [`${id}_g`, 'all'] },
    text(`${id}_c`, x - 30, 100, name, { width: 110, groupIds: [`${id}_g`, 'all'] }),
    ...extra,
  ];

  it('holds them as its parts, each named by its caption', () => {
    const r = read(
      [
        box('apps', 0, 0, { width: 400, height: 160, groupIds: ['all'] }),
        ...pair('vault', 130, 'Vault'),
        ...pair('grafana', 280, 'Grafana'),
        ...node('user', 0, 300, 'User'),
        arrow('x', [60, 296], [60, 164], { startBinding: bind('user'), endBinding: bind('apps') }),
      ],
      undefined,
      ['f'],
    );
    expect(r.nodes).toEqual(['Grafana', 'User', 'Vault']);
    expect(r.subgraphs).toEqual([{ title: ' ', nodes: ['Grafana', 'Vault'] }]);
  });

  it('is one node with one captioned icon in it: its picture', () => {
    const r = read(
      [
        box('card', 0, 0, { width: 200, height: 160, groupIds: ['all'] }),
        ...pair('laptop', 70, 'Client'),
        ...node('api', 400, 40, 'API'),
        arrow('x', [204, 70], [396, 70], { startBinding: bind('card'), endBinding: bind('api') }),
      ],
      undefined,
      ['f'],
    );
    expect(r.subgraphs).toEqual([]);
    expect(r.edges).toEqual(['Client → API']);
  });
});

describe('a sequence diagram drawn freehand', () => {
  // Three words with solid lifelines leaning a little, messages stopping well short of them.
  const lean = (id: string, x: number) =>
    line(id, 'line', [
      [x, 60],
      [x - 23, 1060],
    ]);
  const scene = [
    text('u', 40, 20, 'User'),
    text('a', 330, 20, 'API'),
    text('d', 630, 20, 'Store'),
    lean('lu', 70),
    lean('la', 350),
    lean('ld', 650),
    arrow('m1', [95, 200], [318, 200]),
    text('t1', 150, 170, 'send'),
    arrow('m2', [375, 400], [612, 400]),
    text('t2', 430, 370, 'read'),
    arrow('m3', [612, 600], [375, 600]),
    text('t3', 430, 570, 'rows'),
    arrow('m4', [318, 800], [80, 800]),
    text('t4', 150, 770, 'reply'),
  ];

  it('reads leaning solid lifelines with messages stopping short of them', () => {
    const r = read(scene);
    expect(r.nodes).toEqual(['API', 'Store', 'User']);
    expect(r.edges.sort()).toEqual([
      'API → Store "read"',
      'API → User "reply"',
      'Store → API "rows"',
      'User → API "send"',
    ]);
  });

  it('reads a lifeline drawn twice over itself as one', () => {
    const r = read([...scene, { ...lean('ld2', 650), id: 'ld2' }]);
    expect(r.nodes).toEqual(['API', 'Store', 'User']);
    expect(r.edges).toHaveLength(4);
  });
});

describe('tokens and pictures by a box', () => {
  it('leaves a dot on a flow, grouped with a tilted word, the flow’s label', () => {
    const r = read([
      ...node('a', 0, 0, 'Tweets'),
      ...node('b', 400, 0, 'Timeline'),
      arrow('x', [124, 30], [396, 30], {
        startBinding: bind('a'),
        endBinding: bind('b'),
        strokeStyle: 'dotted',
      }),
      shape('dot', 'ellipse', 250, 22, 15, 16, { groupIds: ['g'] }),
      text('w', 262, 0, 'twee', { groupIds: ['g'], angle: 5.45 }),
    ]);
    expect(r.nodes).toEqual(['Timeline', 'Tweets']);
  });

  it('takes no drawing named by a caption above it for the title of the box under it', () => {
    const r = read([
      shape('face', 'ellipse', 40, 0, 90, 90),
      text('cap', 40, -24, 'Very happy'),
      box('site', 0, 110, { width: 200, height: 200 }),
      ...node('in', 10, 130, 'My website'),
      ...node('u', 400, 180, 'Users'),
      arrow('x', [396, 210], [204, 210], { startBinding: bind('u'), endBinding: bind('site') }),
    ]);
    expect(r.subgraphs.map((s) => s.title)).not.toContain('Very happy');
  });
});

describe('arrows coming in from outside', () => {
  it('takes the words written over a loose tail for where the arrow comes from', () => {
    const r = read([
      ...node('api', 300, 0, 'API'),
      arrow('x', [40, 30], [296, 30], { endBinding: bind('api') }),
      text('w', 38, 4, 'POST /orders'),
    ]);
    expect(r.nodes).toEqual(['API', 'POST /orders']);
    expect(r.edges).toEqual(['POST /orders → API']);
  });

  it('keeps a legend’s sample arrow, only pointing from afar at a box, out of the graph', () => {
    const r = read([
      ...node('api', 300, 0, 'API'),
      ...node('db', 300, 200, 'DB'),
      arrow('x', [360, 64], [360, 196], { startBinding: bind('api'), endBinding: bind('db') }),
      arrow('k', [0, 230], [220, 230]),
      text('kw', 0, 204, 'HTTP'),
    ]);
    expect(r.edges).toEqual(['API → DB']);
  });
});

describe('icons drawn with arrows in them', () => {
  const icon = (g: string): Raw[] => [
    box('frame', 300, 0, { width: 80, height: 80, groupIds: [g] }),
    shape('top', 'ellipse', 320, 15, 40, 10, { groupIds: [g] }),
    line(
      'side',
      'line',
      [
        [320, 20],
        [320, 60],
        [360, 60],
        [360, 20],
      ],
      { groupIds: [g] },
    ),
    line(
      'turn1',
      'arrow',
      [
        [318, 22],
        [306, 40],
        [314, 62],
      ],
      { groupIds: [g], startBinding: bind('top') },
    ),
    line(
      'turn2',
      'arrow',
      [
        [362, 22],
        [374, 40],
        [366, 62],
      ],
      { groupIds: [g], startBinding: bind('top') },
    ),
    text('cap', 322, 86, 'RDS'),
  ];

  it('reads a small grouped icon with arrows drawn inside its frame as one node', () => {
    const r = read([
      ...node('app', 0, 10, 'App'),
      ...icon('g'),
      arrow('x', [124, 40], [296, 40], { startBinding: bind('app'), endBinding: bind('frame') }),
    ]);
    expect(r.subgraphs).toEqual([]);
    expect(r.nodes).toEqual(['App', 'RDS']);
    expect(r.edges).toEqual(['App → RDS']);
  });
});

describe('cardinality marks', () => {
  it('reads marks written at both ends of a relation, on one side of it, as its label, tail first', () => {
    const r = read([
      ...node('a', 0, 0, 'Order'),
      ...node('b', 400, 0, 'Customer'),
      arrow('x', [124, 30], [396, 30], { startBinding: bind('a'), endBinding: bind('b') }),
      text('m1', 384, 6, '1', { width: 8 }),
      text('m2', 128, 6, 'n', { width: 8 }),
    ]);
    expect(r.edges).toEqual(['Order → Customer "n\n1"']);
  });

  it('reads them tail first when the head is drawn at the arrow’s start', () => {
    const r = read([
      ...node('a', 0, 0, 'Order'),
      ...node('b', 400, 0, 'Customer'),
      arrow('x', [396, 30], [124, 30], {
        startBinding: bind('b'),
        endBinding: bind('a'),
        startArrowhead: 'triangle',
        endArrowhead: null,
      }),
      text('m1', 384, 6, '1', { width: 8 }),
      text('m2', 128, 6, 'n', { width: 8 }),
    ]);
    expect(r.edges).toEqual(['Order → Customer "n\n1"']);
  });
});

describe('arrows drawn with the pen', () => {
  const pen = (id: string, points: [number, number][]): Raw => ({
    ...line(id, 'line', points),
    type: 'freedraw',
  });
  // A wavering stroke stopping short of both boxes, the pen flicking back as it lifts, and a V
  // drawn apart at its end.
  const stroke = pen('s', [
    [150, 34],
    [200, 30],
    [260, 36],
    [320, 28],
    [372, 32],
    [366, 40],
  ]);
  const vee = pen('v', [
    [352, 14],
    [378, 32],
    [350, 50],
  ]);

  it('reads a pen stroke with a V drawn at its end as an arrow between the boxes it runs between', () => {
    const r = read([...node('a', 0, 0, 'App'), ...node('b', 420, 0, 'Store'), stroke, vee]);
    expect(r.edges).toEqual(['App → Store']);
    expect(r.guesses).toContain('arrowhead');
  });

  it('reads a hook written by a stroke’s end, both arms on one side of it, as no head (an ER `1`)', () => {
    // A `7` over the end: its bend at the stroke's tip, both its ends above the stroke.
    const seven = pen('one', [
      [350, 10],
      [380, 28],
      [372, 4],
    ]);
    const r = read([...node('a', 0, 0, 'App'), ...node('b', 420, 0, 'Store'), stroke, seven]);
    expect(r.guesses).not.toContain('arrowhead');
    expect(r.edges).not.toContain('App → Store');
  });

  it('reads a pen stroke without a head, from box to box, as a line', () => {
    const plain = pen('p', [
      [128, 34],
      [200, 30],
      [330, 36],
      [412, 30],
    ]);
    const r = read([...node('a', 0, 0, 'App'), ...node('b', 420, 0, 'Store'), plain]);
    expect(r.edges).toEqual(['App --- Store']);
  });

  it('reads handwriting, pen strokes with no shapes, as nothing and says so', () => {
    const { mermaid, report } = sceneToMermaid(
      restoreElements([
        pen('h1', [
          [0, 0],
          [10, 20],
          [20, 0],
        ]),
        pen('h2', [
          [30, 0],
          [30, 20],
          [40, 10],
        ]),
      ]),
    );
    expect(parseFlowchart(mermaid).nodes).toEqual([]);
    expect(report.dropped.freedraw).toBe(2);
  });
});

describe('a box drawn over arrows', () => {
  const ends = [
    ...node('a1', 0, 0, 'Servlet'),
    ...node('a2', 0, 200, 'Consumer'),
    ...node('c1', 600, 0, 'Queue A'),
    ...node('c2', 600, 200, 'Queue B'),
    arrow('x1', [124, 30], [596, 30], { startBinding: bind('a1'), endBinding: bind('c1') }),
    arrow('x2', [124, 230], [596, 230], { startBinding: bind('a2'), endBinding: bind('c2') }),
  ];
  const bus = (fillStyle: string): Raw[] => [
    box('bus', 300, -20, {
      width: 80,
      height: 300,
      backgroundColor: '#fa5252',
      fillStyle,
      boundElements: [{ type: 'text', id: 'bus_t' }],
    }),
    text('bus_t', 310, 120, 'adapter', { containerId: 'bus' }),
  ];

  it('reads arrows running under a solid box drawn over them as running into it and on from it', () => {
    const r = read([...ends, ...bus('solid')]);
    expect(r.edges.sort()).toEqual([
      'Consumer --- adapter',
      'Servlet --- adapter',
      'adapter → Queue A',
      'adapter → Queue B',
    ]);
    expect(r.guesses).toContain('covered');
  });

  it('leaves arrows whole under a hatched box, which lets them show through', () => {
    const r = read([...ends, ...bus('hachure')]);
    expect(r.edges.sort()).toEqual(['Consumer → Queue B', 'Servlet → Queue A']);
  });

  // A solid box drawn over the middle of one arrow.
  const onArrow = [
    ...node('a', 0, 0, 'implemented'),
    ...node('c', 600, 0, 'tested'),
    arrow('x', [124, 30], [596, 30], { startBinding: bind('a'), endBinding: bind('c') }),
    box('tag', 300, 10, {
      width: 80,
      height: 40,
      backgroundColor: '#ced4da',
      fillStyle: 'solid',
      boundElements: [{ type: 'text', id: 'tag_t' }],
    }),
    text('tag_t', 310, 20, 'test', { containerId: 'tag' }),
  ];

  it('reads a solid box only one arrow runs under, reached by nothing else, as a step on it', () => {
    // A transition drawn on the flow between two states.
    const r = read(onArrow);
    expect(r.edges.sort()).toEqual(['implemented --- test', 'test → tested']);
  });

  it('leaves an arrow whole under a solid box that other arrows reach: it passes behind a node', () => {
    const r = read([
      ...onArrow,
      ...node('q', 280, 200, 'queue'),
      arrow('y', [340, 196], [340, 54], { startBinding: bind('q'), endBinding: bind('tag') }),
    ]);
    expect(r.edges.sort()).toEqual(['implemented → tested', 'queue → test']);
  });

  it('reads one arrow running under a row of boxes alike as running through each in turn', () => {
    const solid = (id: string, x: number, t: string): Raw[] => {
      const [b, label] = node(id, x, 0, t);
      return [{ ...b, backgroundColor: '#96f2d7', fillStyle: 'solid' }, label!];
    };
    const r = read([
      ...solid('build', 0, 'build'),
      arrow('x', [122, 30], [596, 30], { startBinding: bind('build'), endBinding: bind('unpack') }),
      ...solid('compress', 140, 'compress'),
      ...solid('upload', 280, 'upload'),
      ...solid('unpack', 600, 'unpackage'),
      text('w', 450, 5, 'deploy', { width: 60 }),
    ]);
    expect(r.edges).toEqual(['build --- compress', 'compress --- upload', 'upload → unpackage "deploy"']);
  });
});

describe('a key of sample boxes', () => {
  const filled = (id: string, x: number, y: number, t: string, color: string): Raw[] => {
    const [b, label] = node(id, x, y, t);
    return [{ ...b, backgroundColor: color }, label!];
  };
  const graph = [
    ...filled('s', 500, 0, 'Service', '#b2f2bb'),
    ...filled('q', 800, 0, 'Queue', '#a5d8ff'),
    arrow('x', [624, 30], [796, 30], { startBinding: bind('s'), endBinding: bind('q') }),
  ];

  it('keeps unlinked boxes named and filled like linked ones, each described beside it, out of the graph', () => {
    const r = read([
      ...graph,
      ...filled('ks', 0, 0, 'Service', '#b2f2bb'),
      text('kst', 140, 20, '* a process of its own'),
      ...filled('kq', 0, 100, 'Queue', '#a5d8ff'),
      text('kqt', 140, 120, '* holds messages until read'),
    ]);
    expect(r.nodes).toEqual(['Queue', 'Service']);
    expect(r.guesses).toContain('legend');
  });

  it('keeps a single such box, which is no key, in the graph', () => {
    const r = read([
      ...graph,
      ...filled('ks', 0, 0, 'Service', '#b2f2bb'),
      text('kst', 140, 20, '* a process'),
    ]);
    expect(r.nodes).toEqual(['Queue', 'Service', 'Service']);
  });
});

describe('words written side by side', () => {
  it('reads words of one line written as separate texts (a word in another colour) as one text', () => {
    const r = read([
      text('w1', 0, 0, '{slug}', { strokeColor: '#e03131' }),
      text('w2', 58, 0, '.domain.com/'),
      text('w3', 168, 0, '{id}', { strokeColor: '#e03131' }),
      ...node('api', 40, 100, 'API Gateway'),
      arrow('x', [100, 24], [100, 96], { endBinding: bind('api') }),
    ]);
    expect(r.nodes).toEqual(['API Gateway', '{slug} .domain.com/ {id}']);
    expect(r.edges).toEqual(['{slug} .domain.com/ {id} → API Gateway']);
  });

  it('keeps texts a wide gap apart on one line as two', () => {
    const r = read([
      text('w1', 0, 0, 'Orders'),
      text('w2', 80, 0, 'Billing'),
      ...node('api', 0, 100, 'API'),
      arrow('x', [20, 24], [20, 96], { endBinding: bind('api') }),
    ]);
    expect(r.edges).toEqual(['Orders → API']);
  });
});

describe('captions under drawn icons', () => {
  it('names a circle with strokes drawn inside it by the caption under it, not a label of those strokes', () => {
    const r = read([
      shape('fn', 'ellipse', 0, 0, 80, 80),
      line('s1', 'line', [
        [20, 6],
        [62, 70],
      ]),
      line('s2', 'line', [
        [46, 44],
        [18, 72],
      ]),
      text('cap', -20, 92, 'order_handler'),
      ...node('db', 300, 10, 'Orders DB'),
      arrow('x', [86, 40], [296, 40], { endBinding: bind('db') }),
    ]);
    expect(r.nodes).toEqual(['Orders DB', 'order_handler']);
    expect(r.edges).toEqual(['order_handler → Orders DB']);
  });
});

describe('marks drawn inside a named box', () => {
  it('takes a slash drawn between two logos in a named box for part of the box, not a link', () => {
    const { mermaid } = sceneToMermaid(
      restoreElements(
        [
          box('svc', 0, 0, { width: 240, height: 120, boundElements: [{ type: 'text', id: 'svc_t' }] }),
          text('svc_t', 60, 10, 'expense-service', { containerId: 'svc', verticalAlign: 'top' }),
          shape('js', 'image', 40, 60, 40, 40, { fileId: 'f1' }),
          shape('ts', 'image', 120, 60, 40, 40, { fileId: 'f2' }),
          line('slash', 'line', [
            [92, 100],
            [106, 60],
          ]),
        ],
        null,
        { f1: {}, f2: {} },
      ),
    );
    const g = parseFlowchart(mermaid);
    expect(g.nodes.map((n) => n.label)).toEqual(['expense-service']);
    expect(g.edges).toEqual([]);
  });
});

describe('notes of several paragraphs', () => {
  it('never reads a note of paragraphs, however near an arrow, as the arrow’s label', () => {
    const r = read([
      ...node('a', 605, 250, 'Gateway'),
      ...node('b', 946, 47, 'Auth'),
      arrow('x', [802, 326], [940, 119], { startBinding: bind('a'), endBinding: bind('b') }),
      text(
        'n',
        295,
        -25,
        '- Gateway: routes traffic to the rest, checks tokens.\n\n- Auth: signs people up and in.\n\n- Expenses: keeps groups and what they spent.\n\n- Settlement: works out who owes whom, fast.',
        { width: 563, height: 242 },
      ),
    ]);
    expect(r.edges).toEqual(['Gateway → Auth']);
  });
});

describe('titles inside a box against words over its corner', () => {
  it('keeps the title written inside a box’s top over a list ending just above its corner', () => {
    const r = read([
      text('k1', 20, -78, 'http(s)'),
      text('k2', 20, -54, 'gRPC'),
      text('k3', 20, -30, 'TCP'),
      box('ns', 0, 0, { width: 420, height: 200, strokeStyle: 'dashed' }),
      text('title', 20, 8, 'Platform namespace'),
      ...node('a', 20, 80, 'Web API'),
      ...node('b', 260, 80, 'Ingress'),
      arrow('x', [256, 110], [144, 110], { startBinding: bind('b'), endBinding: bind('a') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'Platform namespace', nodes: ['Ingress', 'Web API'] }]);
  });

  it('gives a word inside a box’s top corner to that box, not as a tab to a box under it', () => {
    const r = read([
      box('ns', 0, 0, { width: 600, height: 300, strokeStyle: 'dashed' }),
      text('title', 20, 8, 'App namespace'),
      box('minio', 10, 44, { width: 200, height: 140 }),
      text('mt', 20, 52, 'Minio'),
      ...node('basket', 40, 100, 'basket'),
      ...node('ing', 400, 100, 'Ingress'),
      arrow('x', [396, 130], [164, 130], { startBinding: bind('ing'), endBinding: bind('basket') }),
    ]);
    expect(r.subgraphs.map((s) => s.title).sort()).toEqual(['App namespace', 'Minio']);
  });
});

describe('captions of a row of marks', () => {
  it('keeps side-by-side captions apart when each has an arrow of its own', () => {
    const diamond = (id: string, x: number) => shape(id, 'diamond', x, 0, 37, 39);
    const caption = (id: string, x: number) => text(id, x, 45, 'Percolator', { width: 83 });
    const r = read([
      diamond('d1', 18),
      diamond('d2', 110),
      diamond('d3', 200),
      caption('c1', 0),
      caption('c2', 91),
      caption('c3', 182),
      shape('m', 'diamond', 110, 160, 37, 39),
      text('mt', 100, 205, 'Merge', { width: 50 }),
      arrow('x1', [40, 67], [112, 158], { startBinding: bind('c1'), endBinding: bind('m') }),
      arrow('x2', [130, 67], [128, 158], { startBinding: bind('c2'), endBinding: bind('m') }),
      arrow('x3', [220, 67], [146, 158], { startBinding: bind('c3'), endBinding: bind('m') }),
    ]);
    expect(r.nodes).toEqual(['Merge', 'Percolator', 'Percolator', 'Percolator']);
    expect(r.edges).toEqual(['Percolator → Merge', 'Percolator → Merge', 'Percolator → Merge']);
  });

  it('names a slim store by a caption centred under it, however much wider', () => {
    const r = read([
      shape('db', 'rectangle', 50, 0, 38, 88),
      text('cap', 0, 96, 'Global Protein\nDatabase', { width: 138, height: 40 }),
      ...node('a', 250, 14, 'Alignment'),
      arrow('x', [92, 44], [246, 44], { startBinding: bind('db'), endBinding: bind('a') }),
    ]);
    expect(r.edges).toEqual(['Global Protein\nDatabase → Alignment']);
  });
});

describe('boxes in boxes, each named over it', () => {
  /** A VM box holding a dotted Docker box and a node, in a host box named by `host`. */
  const nest = (...host: Raw[]) =>
    read([
      ...host,
      box('vm', 40, 80, { width: 600, height: 300 }),
      text('vt', 320, 50, 'VM'),
      box('dc', 80, 160, { width: 260, height: 180, strokeStyle: 'dotted' }),
      text('dt', 165, 130, 'DOCKER', { width: 90 }),
      text('proxy', 160, 240, 'Proxy', { width: 100 }),
      ...node('env', 440, 220, 'Dev env'),
      arrow('x', [342, 250], [436, 250], { endBinding: bind('env') }),
    ]);

  it('titles each box by the name over it when the outermost box is named over it, outside', () => {
    const r = nest(
      box('host', 0, 0, { width: 700, height: 500 }),
      text('ht', 320, -34, 'HOST'),
      ...node('db', 60, 410, 'Store'),
    );
    expect(r.subgraphs.map((s) => s.title).sort()).toEqual(['HOST', 'VM']);
    expect(r.subgraphs.find((s) => s.title === 'VM')?.nodes).toEqual(['Dev env', 'Proxy']);
  });

  it('keeps a title inside a box’s top over a box it holds when the outermost box is named inside', () => {
    const r = nest(box('host', 0, 0, { width: 700, height: 420 }), text('ht', 320, 10, 'HOST'));
    expect(r.subgraphs.map((s) => s.title).sort()).toEqual(['DOCKER', 'HOST']);
  });
});

describe('pictures under a box’s heading rule', () => {
  it('names pictures by their captions, however near the rule under the box’s heading', () => {
    const picture = (id: string, x: number) =>
      shape(id, 'image', x, 70, 100, 100, { fileId: id, status: 'saved' });
    const elements = [
      box('load', 0, 0, { width: 600, height: 230 }),
      text('lt', 20, 12, 'Load', { width: 60, height: 37, fontSize: 30 }),
      line('rule', 'line', [
        [2, 55],
        [598, 57],
      ]),
      picture('p1', 20),
      text('c1', 40, 176, 'SQLite', { width: 60 }),
      picture('p2', 320),
      text('c2', 335, 176, 'Parquet', { width: 70 }),
      ...node('dash', 240, 330, 'Dashboard'),
      arrow('x', [300, 234], [300, 326], { startBinding: bind('load'), endBinding: bind('dash') }),
    ];
    const files = {
      p1: { mimeType: 'image/png', dataURL: 'data:,' },
      p2: { mimeType: 'image/png', dataURL: 'data:,' },
    };
    const g = parseFlowchart(sceneToMermaid(restoreElements(elements, null, files)).mermaid);
    expect(g.nodes.map((n) => n.label).sort()).toEqual(['Dashboard', 'Parquet', 'SQLite']);
  });
});

describe('names written upright along a group', () => {
  /** A dashed group of two linked boxes, with `name` somewhere beside it. */
  const flow = (name: Raw) =>
    read([
      box('flow', 100, 0, { width: 500, height: 200, strokeStyle: 'dashed' }),
      name,
      ...node('a', 140, 70, 'Create post'),
      ...node('b', 420, 70, 'Publish'),
      arrow('x', [262, 100], [416, 100], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);

  it('titles a group by a name turned a quarter along its left side', () => {
    // Stored level and turned: 160 wide, 40 high, centred at (40, 100).
    const r = flow(
      text('name', -40, 80, 'Admin flow', { width: 160, height: 40, fontSize: 32, angle: (3 * Math.PI) / 2 }),
    );
    expect(r.subgraphs).toEqual([{ title: 'Admin flow', nodes: ['Create post', 'Publish'] }]);
  });

  it('leaves a level word far beside a group out of its title', () => {
    const r = flow(text('name', -100, 90, 'Admin flow', { width: 160, height: 40, fontSize: 32 }));
    expect(r.subgraphs).toEqual([{ title: ' ', nodes: ['Create post', 'Publish'] }]);
  });
});

describe('arrows drawn up to a grouped drawing', () => {
  it('keeps an arrow’s head where it meets a stroke of a grouped drawing, and points it at the drawing', () => {
    const g = { groupIds: ['store'] };
    const r = read([
      ...node('a', 0, 40, 'Topic'),
      arrow('x', [124, 86], [298, 86], { startBinding: bind('a') }),
      // A can drawn as one closed stroke, and a rim across its middle starting by the arrow's head.
      line(
        'can',
        'line',
        [
          [302, 20],
          [302, 140],
          [328, 150],
          [354, 140],
          [354, 20],
          [328, 10],
          [302, 20],
        ],
        g,
      ),
      line(
        'rim',
        'line',
        [
          [303, 70],
          [315, 78],
          [341, 78],
          [353, 70],
        ],
        g,
      ),
      text('cap', 282, 160, 'Subscription', { width: 100 }),
    ]);
    expect(r.edges).toEqual(['Topic → Subscription']);
  });
});

describe('empty boxes in a row of named ones', () => {
  it('keeps empty boxes drawn in a row beside named boxes of their height as unnamed nodes', () => {
    const r = read([
      ...node('a', 0, 0, 'Worker'),
      ...node('b', 0, 200, 'test1'),
      ...node('c', 200, 200, 'test2'),
      shape('s1', 'rectangle', 335, 200, 40, 60, { strokeStyle: 'dotted' }),
      shape('s2', 'rectangle', 390, 200, 40, 60, { strokeStyle: 'dotted' }),
      arrow('x', [60, 64], [60, 196], { startBinding: bind('a'), endBinding: bind('b') }),
      arrow('y', [100, 64], [250, 196], { startBinding: bind('a'), endBinding: bind('c') }),
    ]);
    expect(r.nodes).toEqual([' ', ' ', 'Worker', 'test1', 'test2']);
  });

  it('keeps a row of slots one of which an arrow reaches', () => {
    const r = read([
      ...node('a', 0, 0, 'Worker'),
      ...[0, 1, 2, 3].map((k) => shape(`s${k}`, 'rectangle', k * 40, 200, 30, 80)),
      arrow('x', [60, 64], [55, 196], { startBinding: bind('a'), endBinding: bind('s1') }),
    ]);
    expect(r.nodes).toEqual([' ', ' ', ' ', ' ', 'Worker']);
  });

  it('keeps a row of empty boxes in a titled box as its unnamed parts, and one alone out', () => {
    const layer = (parts: number) => [
      box('layer', 0, 0, { width: 520, height: 140 }),
      text('t', 16, 8, 'UI - React'),
      ...Array.from({ length: parts }, (_, k) => shape(`p${k}`, 'rectangle', 20 + k * 125, 50, 110, 60)),
      ...node('s', 700, 40, 'State'),
      arrow('x', [524, 70], [696, 70]),
    ];
    const r = read(layer(3));
    expect(r.subgraphs).toEqual([{ title: 'UI - React', nodes: [' ', ' ', ' '] }]);
    expect(r.nodes).toEqual([' ', ' ', ' ', 'State']);
    expect(read(layer(1)).nodes).not.toContain(' ');
  });

  it('reads the narrow bars of a chart drawn in a captioned box as its picture, one node', () => {
    const r = read([
      text('cap', 20, -30, 'Dashboard', { width: 90 }),
      box('d', 0, 0, { width: 186, height: 160 }),
      shape('b1', 'rectangle', 28, 90, 12, 47, { backgroundColor: '#1e1e1e', fillStyle: 'solid' }),
      shape('b2', 'rectangle', 72, 86, 12, 51, { backgroundColor: '#1e1e1e', fillStyle: 'solid' }),
      ...node('auth', 300, 50, 'Auth'),
      arrow('x', [296, 80], [190, 80], { startBinding: bind('auth'), endBinding: bind('d') }),
    ]);
    expect(r.subgraphs).toEqual([]);
    expect(r.nodes).toEqual(['Auth', 'Dashboard']);
    expect(r.edges).toEqual(['Auth → Dashboard']);
  });

  it('reads narrow cells side by side in a named box as the picture of a queue, one node', () => {
    const queue = (id: string, x: number, name: string) => [
      box(id, x, 0, { width: 160, height: 160 }),
      text(`${id}_t`, x + 40, 16, name),
      ...[0, 1, 2, 3].map((k) =>
        shape(`${id}_c${k}`, 'rectangle', x + 4 + k * 40, 50, 30, 90, {
          backgroundColor: '#82c91e',
          fillStyle: 'hachure',
        }),
      ),
    ];
    const r = read([
      ...queue('in', 0, 'input queue'),
      ...node('w', 240, 50, 'worker'),
      ...queue('out', 420, 'output queue'),
      arrow('x', [164, 80], [236, 80], { startBinding: bind('in'), endBinding: bind('w') }),
      arrow('y', [364, 80], [416, 80], { startBinding: bind('w'), endBinding: bind('out') }),
    ]);
    expect(r.subgraphs).toEqual([]);
    expect(r.nodes).toEqual(['input queue', 'output queue', 'worker']);
    expect(r.edges).toEqual(['input queue → worker', 'worker → output queue']);
  });

  it('leaves a row of small tokens or round marks beside one an arrow reaches out', () => {
    const r = read([
      ...node('a', 0, 0, 'Refill'),
      ...[0, 1, 2, 3].map((k) => shape(`t${k}`, 'ellipse', k * 50, 200, 44, 44)),
      ...[0, 1, 2].map((k) => shape(`c${k}`, 'rectangle', 300 + k * 30, 200, 24, 24)),
      arrow('x', [60, 64], [72, 196], { startBinding: bind('a'), endBinding: bind('t1') }),
      arrow('y', [100, 64], [336, 196], { startBinding: bind('a'), endBinding: bind('c1') }),
    ]);
    expect(r.nodes).toEqual([' ', ' ', 'Refill']);
  });
});

describe('shadows made by copying a box, words and all', () => {
  const card = (id: string, x: number, y: number, t: string, extra: Raw = {}): Raw[] => [
    shape(id, 'rectangle', x, y, 80, 93, { boundElements: [{ type: 'text', id: `${id}_t` }], ...extra }),
    text(`${id}_t`, x + 20, y + 36, t, { containerId: id }),
  ];

  it('reads a copy whose words a solid box drawn over it hides as that box’s shadow', () => {
    const r = read([
      ...card('back', 558, 574, 'auth'),
      ...card('front', 550, 566, 'Hbase', { backgroundColor: '#ffffff', fillStyle: 'solid' }),
      ...node('m', 800, 590, 'mysql'),
      arrow('x', [632, 612], [796, 612], { startBinding: bind('front'), endBinding: bind('m') }),
    ]);
    expect(r.nodes).toEqual(['Hbase', 'mysql']);
  });

  it('keeps two see-through boxes with different words, one over the other, as two', () => {
    const r = read([
      ...card('back', 558, 574, 'auth'),
      ...card('front', 550, 566, 'Hbase'),
      ...node('m', 800, 590, 'mysql'),
      arrow('x', [632, 612], [796, 612], { startBinding: bind('front'), endBinding: bind('m') }),
    ]);
    expect(r.nodes).toEqual(['Hbase', 'auth', 'mysql']);
  });
});

describe('boxes drawn alike, titled alike', () => {
  it('titles a box by its word placed where its twins have their titles, though an arrow crosses it', () => {
    const r = read([
      ...['A', 'B', 'C'].flatMap((z, k) => [
        box(`z${z}`, k * 300, 0, { width: 250, height: 300 }),
        text(`t${z}`, k * 300 + 100, 265, `AZ ${z}`, { width: 50 }),
        box(`p${z}`, k * 300 + 20, 20, { width: 210, height: 200 }),
        ...node(`w${z}`, k * 300 + 65, 35, `NGINX ${z}`),
        ...node(`j${z}`, k * 300 + 65, 145, `App ${z}`),
      ]),
      ...node('db', 365, 420, 'RDS'),
      arrow('x', [425, 209], [425, 416], { startBinding: bind('jB'), endBinding: bind('db') }),
    ]);
    expect(r.subgraphs.map((s) => s.title).sort()).toEqual([' ', ' ', ' ', 'AZ A', 'AZ B', 'AZ C']);
  });
});

describe('a band split again the other way', () => {
  it('reads the rows of the band beside a column as lanes of their own', () => {
    const dashed = { strokeStyle: 'dashed' };
    const r = read([
      line(
        'v',
        'line',
        [
          [300, 0],
          [300, 900],
        ],
        dashed,
      ),
      line(
        'h1',
        'line',
        [
          [320, 300],
          [840, 300],
        ],
        dashed,
      ),
      line(
        'h2',
        'line',
        [
          [320, 600],
          [840, 600],
        ],
        dashed,
      ),
      text('left', 20, 10, 'upstream', { width: 90 }),
      text('s1', 330, 10, 'recorder', { width: 90 }),
      text('s2', 330, 310, 'validator', { width: 90 }),
      text('s3', 330, 610, 'compiler', { width: 90 }),
      ...node('y', 80, 120, 'YAML files'),
      ...node('r', 500, 120, 'Recorder'),
      ...node('t', 500, 420, 'Type tester'),
      ...node('c', 500, 720, 'Compiler'),
      ...node('o', 800, 720, 'Model'),
      arrow('a1', [204, 150], [496, 150], { startBinding: bind('y'), endBinding: bind('r') }),
      arrow('a2', [560, 184], [560, 416], { startBinding: bind('r'), endBinding: bind('t') }),
      arrow('a3', [560, 716], [560, 484], { startBinding: bind('c'), endBinding: bind('t') }),
      arrow('a4', [624, 750], [796, 750], { startBinding: bind('c'), endBinding: bind('o') }),
    ]);
    expect(r.subgraphs.sort((a, b) => a.title.localeCompare(b.title))).toEqual([
      { title: 'compiler', nodes: ['Compiler', 'Model'] },
      { title: 'recorder', nodes: ['Recorder'] },
      { title: 'upstream', nodes: ['YAML files'] },
      { title: 'validator', nodes: ['Type tester'] },
    ]);
  });
});

describe('remarks that say they are remarks', () => {
  it('never titles a box by words opening with “Note:”', () => {
    const r = read([
      box('zone', 0, 0, { width: 400, height: 200 }),
      text('n', 12, 10, 'Note: reads only, no sweep here', { width: 260 }),
      ...node('a', 40, 80, 'Laser'),
      ...node('b', 240, 80, 'Logic'),
      arrow('x', [162, 110], [238, 110], { startBinding: bind('a'), endBinding: bind('b') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: ' ', nodes: ['Laser', 'Logic'] }]);
  });
});

describe('a lane’s name level with a label in its band', () => {
  it('names a band by the words over it though an arrow’s label beside them reaches a little higher', () => {
    const dashed = { strokeStyle: 'dashed' };
    const r = read([
      line(
        'v1',
        'line',
        [
          [316, -130],
          [310, 570],
        ],
        dashed,
      ),
      line(
        'v2',
        'line',
        [
          [506, -130],
          [500, 570],
        ],
        dashed,
      ),
      text('ext', 35, -122, 'External\ndevices', { width: 131, height: 50 }),
      text('async', 380, -109, 'async', { width: 54 }),
      ...node('cw', 41, -50, 'CW1'),
      ...node('rd', 348, -45, 'READER1'),
      ...node('cw2', 41, 150, 'CW2'),
      ...node('rd2', 348, 150, 'READER2'),
      ...node('q', 611, 50, 'QUEUE'),
      arrow('x', [165, -20], [344, -20], { startBinding: bind('cw'), endBinding: bind('rd') }),
      text('resp', 201, -73, 'RESPONSE', { width: 100 }),
      arrow('y', [165, 180], [344, 180], { startBinding: bind('cw2'), endBinding: bind('rd2') }),
      arrow('p', [472, 0], [607, 70], { startBinding: bind('rd'), endBinding: bind('q') }),
      arrow('p2', [472, 180], [607, 90], { startBinding: bind('rd2'), endBinding: bind('q') }),
    ]);
    expect(r.subgraphs.find((s) => s.nodes.includes('CW1'))?.title).toBe('External\ndevices');
  });
});

describe('an arrow splitting in two', () => {
  it('runs each branch that starts at an arrow’s loose head on from the arrow’s tail', () => {
    const r = read([
      ...node('a', 0, 0, 'Count players'),
      ...node('b', 400, -120, 'Pause game'),
      ...node('c', 400, 120, 'Do nothing'),
      arrow('t', [124, 30], [240, 30], { startBinding: bind('a') }),
      arrow('b1', [241, 20], [396, -80], { endBinding: bind('b') }),
      arrow('b2', [242, 39], [396, 140], { endBinding: bind('c') }),
    ]);
    expect(r.edges.sort()).toEqual(['Count players → Do nothing', 'Count players → Pause game']);
  });

  it('reads the words by the split arrow first on every branch, then each branch’s own', () => {
    const r = read([
      ...node('a', 0, 0, 'Count players'),
      ...node('b', 400, -120, 'Pause game'),
      ...node('c', 400, 120, 'Do nothing'),
      arrow('t', [124, 30], [240, 30], { startBinding: bind('a') }),
      text('one', 150, 6, '1 player', { width: 60 }),
      arrow('b1', [241, 20], [396, -80], { endBinding: bind('b') }),
      text('w1', 270, -70, 'any other state', { width: 120 }),
      arrow('b2', [242, 39], [396, 140], { endBinding: bind('c') }),
      text('w2', 330, 80, 'not started', { width: 90 }),
    ]);
    expect(r.edges.sort()).toEqual([
      'Count players → Do nothing "1 player\nnot started"',
      'Count players → Pause game "1 player\nany other state"',
    ]);
  });
});

describe('a click with the arrow tool', () => {
  it('leaves the words beside it to the arrow they label', () => {
    const r = read([
      ...node('c', 0, 0, 'client'),
      ...node('g', 300, 0, 'api gateway'),
      arrow('a', [124, 22], [296, 22], { startBinding: bind('c'), endBinding: bind('g') }),
      arrow('b', [124, 48], [296, 48], { startBinding: bind('c'), endBinding: bind('g') }),
      text('w', 170, -6, 'request', { width: 60 }),
      line('click', 'arrow', [
        [210, 14],
        [210, 14],
      ]),
    ]);
    expect(r.edges.sort()).toEqual(['client → api gateway', 'client → api gateway "request"']);
    expect(r.mermaid).toContain('1 arrow with a loose end');
  });

  it('leaves the words it carries where they are drawn: inside a diamond, they name it', () => {
    const r = read([
      ...node('t', 0, 0, 'tag'),
      ...node('i', 400, 0, 'item'),
      shape('rel', 'diamond', 220, 0, 60, 70),
      line('click', 'arrow', [
        [250, 35],
        [250, 35],
      ]),
      text('has', 238, 23, 'has', { containerId: 'click', width: 24 }),
      line('l1', 'line', [
        [124, 30],
        [222, 35],
      ]),
      line('l2', 'line', [
        [278, 35],
        [396, 30],
      ]),
    ]);
    expect(r.nodes).toEqual(['has', 'item', 'tag']);
    expect(r.edges.sort()).toEqual(['has --- item', 'tag --- has']);
  });
});

describe('a name over a list of items', () => {
  const scene = (over: number) => [
    box('m', 0, 0, { width: 140, height: 150 }),
    text('h', 40, -over, 'Module', { width: 66, height: 26, fontSize: 20 }),
    text('i1', 12, 50, '- fkSystem', { width: 100 }),
    text('i2', 12, 80, '- ikSystem', { width: 100 }),
    ...node('n', 300, 40, 'Master'),
    arrow('a', [144, 75], [296, 70], { startBinding: bind('m'), endBinding: bind('n') }),
  ];

  it('begins the name of the box when centred on its top edge, over items behind bullets', () => {
    expect(read(scene(24)).nodes).toEqual(['Master', 'Module\n- fkSystem\n- ikSystem']);
  });

  it('is no heading when it floats well over the box', () => {
    expect(read(scene(60)).nodes).toEqual(['- fkSystem\n- ikSystem', 'Master']);
  });
});

describe('a can drawn from two ellipses and two lines', () => {
  it('is one store, named by the words in its top', () => {
    const r = read([
      ...node('a', 0, 110, 'App'),
      shape('top', 'ellipse', 300, 40, 200, 70),
      text('name', 355, 65, 'PostgreSQL', { width: 90 }),
      line('l', 'line', [
        [300, 76],
        [301, 200],
      ]),
      line('r', 'line', [
        [500, 76],
        [499, 196],
      ]),
      shape('bottom', 'ellipse', 300, 165, 200, 70),
      arrow('e', [124, 140], [296, 140], { startBinding: bind('a') }),
    ]);
    expect(r.nodes).toEqual(['App', 'PostgreSQL']);
    expect(r.edges).toEqual(['App → PostgreSQL']);
  });
});

describe('words set in a clear box', () => {
  const clear = { strokeColor: 'transparent', backgroundColor: 'transparent' };
  it('float free when the box holds nothing else: they label the arrow beside them', () => {
    const r = read([
      ...node('f', 0, 0, 'Frontend'),
      ...node('g', 300, 0, 'Gateway'),
      shape('c', 'rectangle', 110, -10, 200, 30, { ...clear, boundElements: [{ type: 'text', id: 'w' }] }),
      text('w', 190, -5, 'HTTP', { width: 40, containerId: 'c' }),
      arrow('a', [124, 24], [296, 24], { startBinding: bind('f'), endBinding: bind('g') }),
      arrow('b', [296, 44], [124, 44], { startBinding: bind('c'), endBinding: bind('f') }),
    ]);
    expect(r.nodes).toEqual(['Frontend', 'Gateway']);
    expect(r.edges.sort()).toEqual(['Frontend → Gateway "HTTP"', 'Gateway → Frontend']);
  });
});

describe('a column’s name well over its first box', () => {
  const card = (id: string, x: number, y: number, words: string) => [
    box(id, x, y, { width: 260, height: 100 }),
    text(`${id}_t`, x + 20, y + 12, words, { width: 200, height: 75, fontSize: 20 }),
  ];
  it('names the column between the lines, not the box under it', () => {
    const r = read([
      box('frame', 0, 0, { width: 1000, height: 900 }),
      text('h1', 60, 40, 'Frontend', { width: 150, height: 46, fontSize: 36 }),
      text('h2', 560, 40, 'Backend', { width: 145, height: 46, fontSize: 36 }),
      ...card('c1', 40, 120, 'Component\nMicro Front End\nFE: 3000'),
      ...card('c2', 40, 280, 'Main\nMicro Front End\nFE: 3001'),
      ...card('c3', 540, 120, 'Users\nREST API\nApp: 10010'),
      ...card('c4', 540, 280, 'Projects\nREST API\nApp: 10003'),
      line('d0', 'line', [
        [20, 100],
        [20, 860],
      ]),
      line('d1', 'line', [
        [500, 100],
        [500, 860],
      ]),
      line('d2', 'line', [
        [980, 100],
        [980, 860],
      ]),
    ]);
    expect(r.nodes).toContain('Component\nMicro Front End\nFE: 3000');
    expect(r.subgraphs.map((s) => s.title).sort()).toContain('Frontend');
  });
});

describe('fields spilling over the edge of their box', () => {
  it('stay the box’s words though they lie along the rule under its heading', () => {
    const r = read([
      ...node('w', 0, 0, 'Wonders'),
      box('s', 300, 0, { width: 180, height: 200 }),
      text('h', 320, 20, 'Stages', { width: 70, height: 25, fontSize: 20 }),
      line('rule', 'line', [
        [302, 56],
        [478, 56],
      ]),
      text('f', 320, 70, 'Cost\nVictory points\nMilitary points', { width: 178, height: 75, fontSize: 20 }),
      arrow('a', [124, 30], [296, 30], { startBinding: bind('w'), endBinding: bind('s') }),
    ]);
    expect(r.nodes).toEqual(['Stages\nCost\nVictory points\nMilitary points', 'Wonders']);
  });
});

describe('a logo and its name heading a group', () => {
  it('title the group when they sit over all else it holds, the name after the logo', () => {
    const r = read([
      box('g', 0, 0, { width: 420, height: 300 }),
      line(
        'l1',
        'line',
        [
          [140, 20],
          [176, 56],
        ],
        { groupIds: ['logo'] },
      ),
      line(
        'l2',
        'line',
        [
          [176, 20],
          [140, 56],
        ],
        { groupIds: ['logo'] },
      ),
      shape('l3', 'ellipse', 154, 34, 8, 8, { groupIds: ['logo'] }),
      text('name', 182, 28, 'PQC-Lib', { width: 70 }),
      ...node('a', 30, 110, 'dilithium'),
      ...node('b', 250, 110, 'kyber'),
      ...node('c', 140, 210, 'merkle'),
      ...node('x', 600, 110, 'Client'),
      arrow('e', [596, 140], [374, 140], { startBinding: bind('x'), endBinding: bind('b') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'PQC-Lib', nodes: ['dilithium', 'kyber', 'merkle'] }]);
    expect(r.nodes).not.toContain('PQC-Lib');
  });

  it('title the group when the logo sits centred over all else it holds, its name under it', () => {
    // A bucket drawn as a cup and a handle, captioned, over the two things the bucket holds.
    const logo = { groupIds: ['bucket'] };
    const r = read([
      box('g', 0, 0, { width: 420, height: 300 }),
      line(
        'cup',
        'line',
        [
          [186, 20],
          [194, 60],
          [226, 60],
          [234, 20],
          [186, 20],
        ],
        logo,
      ),
      line(
        'handle',
        'line',
        [
          [190, 26],
          [210, 40],
          [230, 26],
        ],
        logo,
      ),
      text('name', 200, 66, 'S3', { width: 20 }),
      ...node('a', 30, 150, 'index.html'),
      ...node('b', 250, 150, 'history/'),
      ...node('x', 600, 150, 'Local Computer'),
      arrow('e', [596, 180], [424, 180], { startBinding: bind('x'), endBinding: bind('g') }),
    ]);
    expect(r.subgraphs).toEqual([{ title: 'S3', nodes: ['history/', 'index.html'] }]);
    expect(r.nodes).not.toContain('S3');
  });
});

describe('a word beside a picture in a group', () => {
  it('is the name the picture gives the group, not a remark on the picture', () => {
    const elements = [
      box('g', 0, 0, { width: 560, height: 220 }),
      { id: 'logo', type: 'image', x: 3, y: -2, width: 73, height: 82, fileId: 'vm', status: 'saved' },
      text('name', 81, 17, 'Monitoring VM', { width: 136, height: 25 }),
      box('inner', 83, 61, { width: 466, height: 143 }),
      ...node('a', 100, 100, 'Prometheus'),
      ...node('b', 300, 100, 'Grafana'),
      ...node('x', 700, 100, 'Alerts'),
      arrow('e', [424, 130], [696, 130], { startBinding: bind('b'), endBinding: bind('x') }),
    ];
    const files = { vm: { mimeType: 'image/png', dataURL: 'data:,' } };
    const g = parseFlowchart(sceneToMermaid(restoreElements(elements, null, files)).mermaid);
    expect(g.subgraphs.map((s) => s.title)).toContain('Monitoring VM');
  });
});

describe('ideas on a board under a large title', () => {
  const board = (titleSize: number) => [
    box('b', 0, 0, { width: 900, height: 400 }),
    text('t', 30, 20, 'Features', { width: 200, height: titleSize * 1.25, fontSize: titleSize }),
    text('i1', 30, 140, 'Plugin architecture', { width: 190, fontSize: 20, height: 25 }),
    text('i2', 400, 120, 'Map tasks', { width: 100, fontSize: 20, height: 25 }),
    text('i3', 120, 260, 'Rewards for tasks', { width: 170, fontSize: 20, height: 25 }),
    text('i4', 560, 300, 'Browser history', { width: 150, fontSize: 20, height: 25 }),
  ];

  it('are its items, the title the group’s', () => {
    expect(read(board(64)).subgraphs).toEqual([
      {
        title: 'Features',
        nodes: ['Browser history', 'Map tasks', 'Plugin architecture', 'Rewards for tasks'],
      },
    ]);
  });

  it('are one box’s words when the title is written no larger than they are', () => {
    expect(read(board(20)).subgraphs).toEqual([]);
  });
});

describe('a grid of alike tiles behind the drawing', () => {
  it('is its backdrop: the actors on the tiles are the nodes, the words on the tiles label arrows', () => {
    const hatch = { backgroundColor: '#be4bdb', fillStyle: 'cross-hatch' };
    const tiles = [0, 280, 560].flatMap((x, i) =>
      [0, 260].map((y, j) => shape(`t${i}${j}`, 'rectangle', x, y, 240, 220, hatch)),
    );
    const r = read([
      ...tiles,
      ...node('a', 60, 80, 'Borrower'),
      ...node('b', 340, 80, 'Trading Account'),
      ...node('c', 340, 340, 'Qredo Wallet'),
      arrow('e1', [336, 110], [184, 110], { startBinding: bind('b'), endBinding: bind('a') }),
      text('w1', 200, 84, 'wETH', { width: 40 }),
      arrow('e2', [400, 336], [400, 144], { startBinding: bind('c'), endBinding: bind('b') }),
      text('w2', 410, 230, 'Funds', { width: 50 }),
    ]);
    expect(r.nodes).toEqual(['Borrower', 'Qredo Wallet', 'Trading Account']);
    expect(r.edges.sort()).toEqual([
      'Qredo Wallet → Trading Account "Funds"',
      'Trading Account → Borrower "wETH"',
    ]);
    expect(r.subgraphs).toEqual([]);
  });

  it('is no backdrop when the boxes carry only words and the rules under their headers (tables)', () => {
    const table = (k: number) => {
      const [x, y] = [(k % 3) * 380, Math.floor(k / 3) * 300];
      return [
        box(`t${k}`, x, y, { width: 317, height: 252 }),
        line(`r${k}`, 'line', [
          [x, y + 39],
          [x + 317, y + 39],
        ]),
        text(`h${k}`, x + 120, y + 8, `table${k}`, { width: 70 }),
        text(`f${k}`, x + 20, y + 60, 'int id\nvarchar name\ndatetime time', { width: 140, height: 75 }),
      ];
    };
    const r = read([0, 1, 2, 3, 4, 5].flatMap(table));
    expect(r.nodes).toHaveLength(6);
  });

  it('is a set of groups when what stands on each tile fills it (slides of one deck)', () => {
    const slide = (k: number) => {
      const [x, y] = [(k % 3) * 280, Math.floor(k / 3) * 260];
      return [
        box(`s${k}`, x, y, { width: 240, height: 220 }),
        ...node(`a${k}`, x + 10, y + 20, `Step ${k}`),
        ...node(`b${k}`, x + 110, y + 140, `Done ${k}`),
        arrow(`e${k}`, [x + 70, y + 84], [x + 170, y + 136], {
          startBinding: bind(`a${k}`),
          endBinding: bind(`b${k}`),
        }),
      ];
    };
    const r = read([0, 1, 2, 3, 4, 5].flatMap(slide));
    expect(r.subgraphs).toHaveLength(6);
  });
});

describe('corrections made with the pen', () => {
  it('ring a digit of a label and lead away from it: they are no shapes or arrows', () => {
    const pen = (id: string, points: [number, number][]) => ({
      ...line(id, 'line', points),
      type: 'freedraw',
    });
    const ring: [number, number][] = [];
    for (let k = 0; k <= 16; k++)
      ring.push([178 + 10 * Math.cos((k * Math.PI) / 8), 12 + 16 * Math.sin((k * Math.PI) / 8)]);
    const r = read([
      ...node('a', 0, 20, 'Users'),
      ...node('b', 400, 20, 'POSSUI'),
      arrow('e', [124, 50], [396, 50], { startBinding: bind('a'), endBinding: bind('b') }),
      text('card', 160, 0, '(1,n)', { width: 50, height: 25 }),
      pen('ring', ring),
      pen('lead', [
        [184, -6],
        [210, -60],
        [260, -110],
      ]),
      text('big', 250, -150, '(n,n)', { width: 90, height: 40, fontSize: 32 }),
    ]);
    expect(r.nodes).toEqual(['POSSUI', 'Users']);
    expect(r.edges).toEqual(['Users → POSSUI "(1,n)"']);
  });
});

describe('an arrow coming down onto the heading over a box', () => {
  it('means the box, which the heading names with its numbered items', () => {
    const r = read([
      ...node('a', 100, 0, 'Start'),
      text('h', 90, 140, 'Data Collection:', { width: 150, height: 25, fontSize: 20 }),
      box('b', 40, 166, { width: 260, height: 80 }),
      text('w', 56, 180, '1. Simulated data\n2. Seven branches', { width: 180, height: 50, fontSize: 20 }),
      arrow('e', [160, 64], [160, 138], { startBinding: bind('a'), endBinding: bind('h') }),
    ]);
    expect(r.nodes).toEqual(['Data Collection:\n1. Simulated data\n2. Seven branches', 'Start']);
    expect(r.edges).toEqual(['Start → Data Collection:\n1. Simulated data\n2. Seven branches']);
  });

  it('means the box though its heading names no list of it', () => {
    const r = read([
      ...node('a', 100, 0, 'Client'),
      text('h', 110, 140, 'Service ECS', { width: 100 }),
      box('b', 40, 166, { width: 260, height: 80 }),
      text('w', 100, 195, 'Scaling and failover', { width: 170 }),
      arrow('e', [160, 64], [160, 138], { startBinding: bind('a'), endBinding: bind('h') }),
    ]);
    expect(r.edges).toEqual(['Client → Scaling and failover']);
  });
});

describe('trees of lines', () => {
  /** An org chart: a stem down from the head, a bar, a drop to each box under it. */
  const org = (drop = 'line') => [
    ...node('p', 240, 0, 'CEO'),
    ...node('a', 0, 200, 'CTO'),
    ...node('b', 240, 200, 'CFO'),
    ...node('c', 480, 200, 'COO'),
    line('stem', 'line', [
      [300, 60],
      [300, 130],
    ]),
    line('bar', 'line', [
      [60, 130],
      [540, 130],
    ]),
    line('da', drop, [
      [60, 130],
      [60, 198],
    ]),
    line('db', drop, [
      [300, 130],
      [300, 198],
    ]),
    line('dc', drop, [
      [540, 130],
      [540, 198],
    ]),
  ];

  it('joins the box over the bar to each box hanging from it, not the stem to the drop under it', () => {
    const r = read(org());
    expect(r.edges.sort()).toEqual(['CEO --- CFO', 'CEO --- COO', 'CEO --- CTO']);
  });

  it('keeps the heads drawn at the drops', () => {
    const r = read(org('arrow'));
    expect(r.edges.sort()).toEqual(['CEO → CFO', 'CEO → COO', 'CEO → CTO']);
  });

  it('joins the one box on a bus’s trunk to each box dropping from the bus', () => {
    const r = read([
      ...node('h', 0, 100, 'Consul'),
      ...node('a', 200, 200, 'config'),
      ...node('b', 400, 200, 'invoice'),
      ...node('c', 600, 200, 'pay'),
      line('tap', 'line', [
        [120, 130],
        [160, 130],
      ]),
      // The trunk runs on below the tap, ending in nothing.
      line('trunk', 'line', [
        [160, 20],
        [160, 400],
      ]),
      line('bus', 'line', [
        [160, 20],
        [760, 20],
      ]),
      line('d1', 'line', [
        [260, 20],
        [260, 200],
      ]),
      line('d2', 'line', [
        [460, 20],
        [460, 200],
      ]),
      line('d3', 'line', [
        [660, 20],
        [660, 200],
      ]),
    ]);
    expect(r.edges.sort()).toEqual(['Consul --- config', 'Consul --- invoice', 'Consul --- pay']);
  });

  it('leaves lines grouped with the round shapes they touch as one drawing', () => {
    // A logo: four dots joined like a tree, all grouped: no links between its dots.
    const g = { groupIds: ['logo'] };
    const dot = (id: string, x: number, y: number) => shape(id, 'ellipse', x - 10, y - 10, 20, 20, g);
    const { report } = sceneToMermaid(
      restoreElements([
        dot('top', 60, 0),
        dot('l', 0, 90),
        dot('m', 60, 90),
        dot('r', 120, 90),
        line(
          'stem',
          'line',
          [
            [60, 10],
            [60, 40],
          ],
          g,
        ),
        line(
          'bar',
          'line',
          [
            [0, 40],
            [120, 40],
          ],
          g,
        ),
        line(
          'dl',
          'line',
          [
            [0, 40],
            [0, 80],
          ],
          g,
        ),
        line(
          'dm',
          'line',
          [
            [60, 40],
            [60, 80],
          ],
          g,
        ),
        line(
          'dr',
          'line',
          [
            [120, 40],
            [120, 80],
          ],
          g,
        ),
      ]),
    );
    expect(report.inferences.map((i) => i.what).filter((w) => w.includes('a tree'))).toEqual([]);
  });
});

describe('words turned along an arrow', () => {
  it('label the arrow, though they lie in a dotted region the arrow crosses', () => {
    // Two sensors broadcast into a bridge across a dotted region; each label is turned to run
    // along its slanted arrow.
    const r = read([
      ...node('s1', 0, 0, 'Sensor A'),
      ...node('s2', 0, 300, 'Sensor B'),
      ...node('b', 500, 150, 'Bridge'),
      shape('ble', 'rectangle', 140, -20, 300, 400, { strokeStyle: 'dotted' }),
      arrow('a1', [124, 40], [496, 170], { startBinding: bind('s1'), endBinding: bind('b') }),
      arrow('a2', [124, 320], [496, 200], { startBinding: bind('s2'), endBinding: bind('b') }),
      text('t1', 250, 60, 'Broadcasts', { width: 116, height: 25, angle: 0.34 }),
      text('t2', 250, 215, 'Broadcasts', { width: 116, height: 25, angle: 2 * Math.PI - 0.31 }),
    ]);
    expect(r.edges.sort()).toEqual(['Sensor A → Bridge "Broadcasts"', 'Sensor B → Bridge "Broadcasts"']);
    expect(r.nodes).not.toContain('Broadcasts\nBroadcasts');
  });
});

describe('a library icon lettered tiny', () => {
  it('is one node named by its words of the usual size, its rows and tiny lettering its look', () => {
    // A key-value store drawn as rows of key → value cells, each lettered in 6 px type, under
    // the store's name; the whole icon grouped, an arrow reaching it.
    const rows = { groupIds: ['rows', 'icon'] };
    // The middle row is left unlettered.
    const row = (k: number, y: number, lettered = true) => [
      shape(`k${k}`, 'rectangle', 108, y, 25, 10, { groupIds: [`r${k}`, 'rows', 'icon'] }),
      shape(`v${k}`, 'rectangle', 148, y, 66, 11, { groupIds: [`r${k}`, 'rows', 'icon'] }),
      arrow(`a${k}`, [134, y + 5], [147, y + 5], {
        groupIds: [`r${k}`, 'rows', 'icon'],
        startBinding: bind(`k${k}`),
        endBinding: bind(`v${k}`),
      }),
      ...(lettered
        ? [
            text(`kt${k}`, 115, y + 1, 'Key', { width: 10, height: 8, fontSize: 6, ...rows }),
            text(`vt${k}`, 173, y + 1, 'Value', { width: 15, height: 8, fontSize: 6, ...rows }),
          ]
        : []),
    ];
    const r = read([
      shape('frame', 'rectangle', 100, 0, 120, 88, rows),
      ...row(1, 7),
      ...row(2, 21, false),
      ...row(3, 48),
      text('name', 132, 59, 'Redis', { width: 56, height: 28, fontSize: 22, groupIds: ['icon'] }),
      ...node('svc', -200, 14, 'Redirector'),
      arrow('x', [-76, 44], [96, 44], { startBinding: bind('svc'), endBinding: bind('frame') }),
      // The rest of the drawing, in words of the usual size.
      ...['Gateway', 'Shortener', 'Analytics', 'Postgres', 'InfluxDB', 'Monitoring', 'Loki'].flatMap(
        (name, i) => node(`n${i}`, -200 + 160 * i, 300, name),
      ),
    ]);
    expect(r.nodes).toContain('Redis');
    expect(r.nodes).not.toContain('Value');
    expect(r.edges).toEqual(['Redirector → Redis']);
    expect(r.subgraphs).toEqual([]);
    expect(r.guesses).not.toContain('legend');
  });
});

describe('a row of people grouped together', () => {
  it('is a person each, named by the caption grouped under each, one word apart', () => {
    const person = (id: string, x: number) => {
      const g = { groupIds: [`${id}_fig`, id, 'row'] };
      return [
        shape(`${id}_head`, 'ellipse', x, 0, 48, 52, g),
        line(
          `${id}_body`,
          'line',
          [
            [x + 24, 52],
            [x + 22, 113],
          ],
          g,
        ),
        line(
          `${id}_arms`,
          'line',
          [
            [x - 2, 62],
            [x + 23, 83],
            [x + 50, 64],
          ],
          g,
        ),
        line(
          `${id}_l1`,
          'line',
          [
            [x + 22, 113],
            [x + 38, 146],
          ],
          g,
        ),
        line(
          `${id}_l2`,
          'line',
          [
            [x + 22, 113],
            [x - 4, 142],
          ],
          g,
        ),
        text(`${id}_name`, x - 16, 168, 'server', {
          width: 80,
          height: 31,
          fontSize: 25,
          groupIds: [id, 'row'],
        }),
      ];
    };
    const r = read([
      ...person('p1', 0),
      ...person('p2', 94),
      ...person('p3', 188),
      ...node('req', 60, -260, 'Position request'),
      arrow('x', [120, -196], [118, -6], { startBinding: bind('req') }),
    ]);
    expect(r.nodes).toEqual(['Position request', 'server', 'server', 'server']);
    expect(r.edges).toEqual(['Position request → server']);
  });
});

describe('beads on a string', () => {
  const commit = (id: string, x: number, name: string) => [
    shape(id, 'ellipse', x, 0, 60, 60, { boundElements: [{ type: 'text', id: `${id}_t` }] }),
    text(`${id}_t`, x + 14, 20, name, { containerId: id }),
  ];

  it('links the shapes a loose line runs through, middle to middle, each to the next', () => {
    // A branch drawn as one dotted line with its commits strung along it, running on past both ends.
    const r = read([
      line(
        'branch',
        'line',
        [
          [-80, 30],
          [620, 30],
        ],
        { strokeStyle: 'dotted' },
      ),
      ...commit('c1', 0, 'init'),
      ...commit('c2', 250, 'add'),
      ...commit('c3', 500, 'sub'),
    ]);
    expect(r.edges.sort()).toEqual(['add --- sub', 'init --- add']);
  });

  it('links nothing with a line that runs past shapes beside it, not through their middles', () => {
    // A divider drawn under a row of boxes, grazing them.
    const r = read([
      line('rule', 'line', [
        [-80, 56],
        [620, 56],
      ]),
      ...node('a', 0, 0, 'Ingest'),
      ...node('b', 250, 0, 'Store'),
      ...node('c', 500, 0, 'Serve'),
    ]);
    expect(r.edges).toEqual([]);
  });
});

describe('round strokes', () => {
  it('measures a word by the curve Excalidraw draws through a round arrow’s points', () => {
    const arch = (id: string, y: number, from: string, to: string, x0: number, x1: number) =>
      line(
        id,
        'arrow',
        [
          [x0, -4],
          [x0, y],
          [x1, y],
          [x1, -4],
        ],
        { startBinding: bind(from), endBinding: bind(to), roundness: { type: 2 } },
      );
    const r = read([
      ...node('a', 0, 0, 'Client'),
      ...node('b', 600, 0, 'Server'),
      arch('go', -150, 'a', 'b', 60, 660),
      arch('back', -110, 'b', 'a', 660, 60),
      // Over the corners' line of the upper arch, on the curve of the lower one.
      text('l', 300, -148, 'request', { width: 63 }),
    ]);
    expect(r.edges.sort()).toEqual(['Client → Server', 'Server → Client "request"']);
  });

  it('draws a round stroke through its points, bulging as a Catmull-Rom curve does', () => {
    const pts = [
      { x: 0, y: 0 },
      { x: 150, y: -120 },
      { x: 300, y: 0 },
    ];
    const curve = curveThrough(pts);
    for (const p of pts) expect(curve.some((q) => Math.hypot(q.x - p.x, q.y - p.y) < 1e-9)).toBe(true);
    // Halfway along the first span, out past the straight line from the first point to the second.
    const mid = curve[4]!;
    expect(mid.x).toBeCloseTo(65.625, 3);
    expect(mid.y).toBeCloseTo(-67.5, 3);
    expect(curveThrough(pts.slice(0, 2))).toEqual(pts.slice(0, 2));
  });
});
