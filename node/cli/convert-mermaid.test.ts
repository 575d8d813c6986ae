import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExcalidrawScene } from '../../shared/excalidraw/from-skeleton.ts';
import { buildGraph } from '../../shared/excalidraw/graph.ts';
import type { Scene } from '../../shared/excalidraw/model.ts';
import { readExcalidraw } from '../../shared/excalidraw/read.ts';
import { sceneToMermaid } from '../../shared/excalidraw/to-mermaid.ts';
import { engineAssets } from '../../test/support/test-assets.ts';
import { createEngine, type Engine } from '../engine/index.ts';
import { isMermaidText } from './convert-mermaid.ts';

const run = promisify(execFile);
const CLI = resolve(import.meta.dirname, 'merrow.ts');
const ROOT = resolve(import.meta.dirname, '../..');
const CORPUS = (() => {
  const fromEnv = process.env.MERROW_CORPUS;
  if (fromEnv) return existsSync(join(fromEnv, 'excalidraw')) ? join(fromEnv, 'excalidraw') : fromEnv;
  return resolve(ROOT, '../shared/corpus/excalidraw');
})();
// Drawings from the corpus whose round trip is checked: every carrier era, with edge labels.
const CORPUS_FILES = [
  'YokiToki__excalidraw-to-mermaid__example.excalidraw',
  'daic0r__build_your_own_redis__flowchart.excalidraw',
  'sindrel__excalidraw-converter__test_input_mermaid.excalidraw',
  'Hidayathamir__golang-clean-architecture__architecture.excalidraw',
  'frantjc__valheimw__architecture.excalidraw.svg',
];

let engine: Engine;
let assets: string;

beforeAll(async () => {
  assets = await engineAssets();
  engine = createEngine({ assetsDir: assets, jobs: 2 });
}, 180_000);
afterAll(() => engine?.close());

function readBack(scene: ExcalidrawScene): Scene {
  const read = readExcalidraw(new TextEncoder().encode(JSON.stringify(scene))).scenes[0]!;
  expect(read.repairs).toEqual([]);
  return read;
}

async function toScene(text: string) {
  const out = await engine.toExcalidraw({ text });
  if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
  return out;
}

// Mermaid wraps long labels at 200 px, so line breaks may move; the words must all stay.
const words = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Nodes by label, and edges as "from label → to label : edge label", sorted. */
function meaning(scene: Scene) {
  const graph = buildGraph(scene);
  const label = new Map(graph.nodes.map((n) => [n.id, words(n.label)]));
  return {
    nodes: graph.nodes.map((n) => words(n.label)).sort(),
    edges: graph.edges
      .map((e) => `${label.get(e.from)} → ${label.get(e.to)} : ${words(e.label ?? '')}`)
      .sort(),
  };
}

/** Excalidraw → Mermaid → Excalidraw → Mermaid, comparing the first drawing with the second. */
async function roundTrip(first: Scene) {
  const mermaid = sceneToMermaid(first).mermaid;
  const out = await toScene(mermaid);
  expect(out.editable).toBe(true);
  const second = readBack(out.scene);
  expect(sceneToMermaid(second).report.converted).toMatchObject({
    nodes: sceneToMermaid(first).report.converted.nodes,
    edges: sceneToMermaid(first).report.converted.edges,
  });
  return { before: meaning(first), after: meaning(second) };
}

function generatedScene(): Scene {
  const elements: unknown[] = [];
  const names = ['Web "app"', 'API #1', 'Queue & jobs', 'Worker\nnode', 'DB <primary>', 'end'];
  names.forEach((name, i) => {
    const id = `s${i}`;
    const type = i === 4 ? 'ellipse' : i === 2 ? 'diamond' : 'rectangle';
    elements.push({ id, type, x: (i % 3) * 260, y: Math.floor(i / 3) * 200, width: 160, height: 80 });
    elements.push({
      id: `t${i}`,
      type: 'text',
      x: 0,
      y: 0,
      width: 10,
      height: 10,
      text: name,
      containerId: id,
    });
  });
  const arrow = (id: string, from: number, to: number, extra: object = {}) => {
    const a = { x: (from % 3) * 260 + 80, y: Math.floor(from / 3) * 200 + 40 };
    const b = { x: (to % 3) * 260 + 80, y: Math.floor(to / 3) * 200 + 40 };
    elements.push({
      id,
      type: 'arrow',
      x: a.x,
      y: a.y,
      points: [
        [0, 0],
        [b.x - a.x, b.y - a.y],
      ],
      startBinding: { elementId: `s${from}`, focus: 0, gap: 4 },
      endBinding: { elementId: `s${to}`, fixedPoint: [0.5, 0.5], mode: 'orbit' },
      ...extra,
    });
  };
  arrow('a1', 0, 1);
  arrow('a2', 1, 2, { strokeStyle: 'dashed' });
  arrow('a3', 2, 3, { startArrowhead: 'arrow' });
  arrow('a4', 3, 4, { strokeWidth: 4 });
  arrow('a5', 4, 5, { endArrowhead: null });
  elements.push({
    id: 'l1',
    type: 'text',
    x: 0,
    y: 0,
    width: 10,
    height: 10,
    text: 'sends',
    containerId: 'a1',
  });
  elements.push({
    id: 'l4',
    type: 'text',
    x: 0,
    y: 0,
    width: 10,
    height: 10,
    text: 'writes "rows"',
    containerId: 'a4',
  });
  return readExcalidraw(new TextEncoder().encode(JSON.stringify({ type: 'excalidraw', elements })))
    .scenes[0]!;
}

describe('engine.toExcalidraw', () => {
  const editable: [string, string, string[]][] = [
    [
      'flowchart',
      'flowchart LR\n  A[Start] -->|go| B(Round)\n  B --> C{Choice}',
      ['Start', 'Round', 'Choice', 'go'],
    ],
    [
      'sequence',
      'sequenceDiagram\n  Alice->>Bob: Hello\n  Bob-->>Alice: Hi',
      ['Alice', 'Bob', 'Hello', 'Hi'],
    ],
    ['class', 'classDiagram\n  Animal <|-- Duck\n  Duck : +swim()', ['Animal', 'Duck', '+swim()']],
    ['ER', 'erDiagram\n  CUSTOMER ||--o{ ORDER : places', ['CUSTOMER', 'ORDER', 'places']],
    ['state', 'stateDiagram-v2\n  [*] --> Still\n  Still --> Moving : push', ['Still', 'Moving', 'push']],
  ];
  for (const [name, text, labels] of editable) {
    it(`turns a ${name} diagram into shapes, arrows and their labels`, async () => {
      const out = await toScene(text);
      expect(out.editable).toBe(true);
      const types = new Set(out.scene.elements.map((e) => e.type));
      expect(types.has('arrow')).toBe(true);
      expect(types.has('rectangle') || types.has('ellipse')).toBe(true);
      const texts = out.scene.elements.filter((e) => e.type === 'text').map((e) => e.text);
      for (const label of labels) expect(texts).toContain(label);
      expect(out.scene.files).toEqual({});
      readBack(out.scene);
    });
  }

  it('embeds a pie chart as an SVG image drawn by mermaid, with its file', async () => {
    const out = await toScene('pie title Pets\n  "Dogs" : 386\n  "Cats" : 85');
    expect(out.editable).toBe(false);
    expect(out.scene.elements).toHaveLength(1);
    const image = out.scene.elements[0]!;
    expect(image).toMatchObject({ type: 'image', status: 'saved' });
    const file = out.scene.files[image.fileId as string]!;
    expect(file.mimeType).toBe('image/svg+xml');
    const svg = Buffer.from(file.dataURL.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString();
    expect(svg).toMatch(/^<svg[\s\S]*Dogs[\s\S]*<\/svg>$/);
  });

  it('reports a syntax error at its line and column', async () => {
    const out = await engine.toExcalidraw({ text: 'flowchart TD\n  A --> B\n  B -->> C[' });
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.diagnostics[0]).toMatchObject({
        line: 3,
        column: 5,
        severity: 'error',
        message: "'-->>' is not a flowchart arrow; did you mean '-->'?",
      });
    }
  });
});

describe('Excalidraw → Mermaid → Excalidraw → Mermaid', () => {
  it('keeps the nodes, edges and labels of a generated drawing', async () => {
    const { before, after } = await roundTrip(generatedScene());
    expect(before.nodes).toHaveLength(6);
    expect(before.edges).toHaveLength(5);
    expect(after).toEqual(before);
  });

  const present = existsSync(CORPUS);
  if (!present)
    console.warn(`Excalidraw corpus not found at ${CORPUS}; set MERROW_CORPUS to run the round trips.`);
  const files = present ? CORPUS_FILES.filter((f) => readdirSync(CORPUS).includes(f)) : [];
  it.skipIf(files.length === 0).each(files)('keeps the nodes, edges and labels of %s', async (file) => {
    const first = readExcalidraw(readFileSync(join(CORPUS, file))).scenes[0]!;
    const { before, after } = await roundTrip(first);
    expect(before.edges.length).toBeGreaterThan(0);
    expect(after).toEqual(before);
  });
});

describe('merrow convert with Mermaid inputs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'merrow-convert-mmd-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function merrow(...args: string[]) {
    const env = { ...process.env, MERROW_ENGINE_ASSETS: assets };
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, 'convert', ...args], { cwd: dir, env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('writes the .excalidraw beside the input, and -o names another file', async () => {
    await writeFile(join(dir, 'flow.mmd'), 'flowchart TD\n  A[Hello] --> B[World]\n');
    expect((await merrow('flow.mmd', '-q')).code).toBe(0);
    const scene = JSON.parse(await readFile(join(dir, 'flow.excalidraw'), 'utf8'));
    expect(scene).toMatchObject({ type: 'excalidraw', version: 2, source: 'merrow', files: {} });
    expect(sceneToMermaid(readBack(scene)).mermaid).toContain('n_A --> n_B');
    expect((await merrow('flow.mmd', '-o', 'other.excalidraw', '-q')).code).toBe(0);
    expect(existsSync(join(dir, 'other.excalidraw'))).toBe(true);
  });

  it('reports bad Mermaid as file:line:col, exits 1 and writes nothing', async () => {
    const sub = await mkdtemp(join(dir, 'bad-'));
    await writeFile(join(sub, 'bad.mmd'), 'flowchart TD\n  A --> B\n  B -->> C[\n');
    const { code, stderr } = await merrow(sub, '-q');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^bad-\w+\/bad\.mmd:3:5: '-->>' is not a flowchart arrow/m);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(sub)).toEqual(['bad.mmd']);
  });

  it('refuses to swap a drawing and the diagram converted from it', async () => {
    const sub = await mkdtemp(join(dir, 'pair-'));
    await writeFile(join(sub, 'x.mmd'), 'flowchart TD\n  A --> B\n');
    await writeFile(join(sub, 'x.excalidraw'), '{"type":"excalidraw","elements":[]}');
    const { code, stderr } = await merrow(sub, '-q');
    expect(code).toBe(1);
    expect(stderr).toMatch(/x\.mmd:1:1: not converted: it would overwrite .*x\.excalidraw/);
    expect(await readFile(join(sub, 'x.excalidraw'), 'utf8')).toBe('{"type":"excalidraw","elements":[]}');
  });
});

describe('isMermaidText', () => {
  it('tells Mermaid from every Excalidraw carrier by content', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(isMermaidText(bytes('---\ntitle: x\n---\nflowchart TD\n  A --> B'))).toBe(true);
    expect(isMermaidText(bytes('\uFEFF  {"type":"excalidraw"}'))).toBe(false);
    expect(isMermaidText(bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBe(false);
    expect(isMermaidText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe(false);
    expect(isMermaidText(bytes('---\nexcalidraw-plugin: parsed\n---\n# Text Elements\n'))).toBe(false);
  });
});
