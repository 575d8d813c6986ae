/**
 * The real-world corpus (../shared/corpus/excalidraw, or MERROW_CORPUS): every file converts or
 * fails with a clear message, every output parses with mermaid, and the figures the README quotes
 * are measured here against ground truth taken from the files themselves, not from the converter.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../node/engine/index.ts';
import { type FlowEdge, readFlowchart } from '../mermaid/flowchart-reader.ts';
import type { Element, LinearElement, Scene } from './model.ts';
import { readExcalidraw } from './read.ts';
import { ExcalidrawReadError } from './restore.ts';
import { sceneToMermaid } from './to-mermaid.ts';

const root = resolve(import.meta.dirname, '../..');
const corpusDir = (() => {
  const fromEnv = process.env.MERROW_CORPUS;
  if (fromEnv) return existsSync(join(fromEnv, 'excalidraw')) ? join(fromEnv, 'excalidraw') : fromEnv;
  return resolve(root, '../shared/corpus/excalidraw');
})();
const present = existsSync(corpusDir);
if (!present)
  console.warn(`Excalidraw corpus not found at ${corpusDir}; set MERROW_CORPUS to run these tests.`);

interface Tally {
  hit: number;
  total: number;
  misses: string[];
}
const tally = (): Tally => ({ hit: 0, total: 0, misses: [] });
const pct = (t: Tally) => (t.total === 0 ? 'n/a' : `${((100 * t.hit) / t.total).toFixed(1)}%`);

describe.skipIf(!present)('Excalidraw corpus', () => {
  let engine: Engine;
  const labeled = tally();
  const bound = tally();
  const snapped = tally();
  const parsed = tally();

  beforeAll(() => {
    // CI runs the corpus before `npm test` builds the renderer; build it here when missing.
    if (!existsSync(join(root, 'dist/renderer/engine.html'))) {
      execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    }
    engine = createEngine({ jobs: 1 });
  }, 300_000);

  afterAll(async () => {
    await engine?.close();
    const lines = [
      'Excalidraw corpus figures:',
      `  labeled shapes → nodes with the same label:          ${pct(labeled)} (${labeled.hit}/${labeled.total})`,
      `  arrows bound at both ends → right edges with labels:  ${pct(bound)} (${bound.hit}/${bound.total})`,
      `  half/unbound arrows within 24 px → right edges:       ${pct(snapped)} (${snapped.hit}/${snapped.total})`,
      `  outputs that parse with mermaid:                      ${pct(parsed)} (${parsed.hit}/${parsed.total})`,
    ];
    for (const [name, t] of Object.entries({ labeled, bound, snapped })) {
      for (const miss of t.misses.slice(0, 10)) lines.push(`  miss (${name}): ${miss}`);
    }
    console.log(lines.join('\n'));
  });

  const files = present
    ? readdirSync(corpusDir).filter((f) => f !== 'SOURCES.tsv' && !f.startsWith('.'))
    : [];

  it.each(files)('converts %s to Mermaid that parses and keeps shapes, arrows and labels', async (file) => {
    let doc: ReturnType<typeof readExcalidraw>;
    try {
      doc = readExcalidraw(readFileSync(join(corpusDir, file)));
    } catch (error) {
      // A clear refusal is acceptable; a crash is not.
      expect(error).toBeInstanceOf(ExcalidrawReadError);
      return;
    }
    for (const scene of doc.scenes) {
      const { mermaid, ids } = sceneToMermaid(scene);
      const outcome = await engine.parse({ text: mermaid });
      parsed.total++;
      if (outcome.ok) parsed.hit++;
      expect(outcome, `${file}:\n${mermaid}`).toMatchObject({ ok: true });
      measure(file, scene, mermaid, ids, { labeled, bound, snapped });
    }
  });

  it('meets the quality bars of the Excalidraw issue', () => {
    expect(parsed.hit).toBe(parsed.total);
    expect(labeled.hit / labeled.total).toBeGreaterThanOrEqual(0.98);
    expect(bound.hit / bound.total).toBeGreaterThanOrEqual(0.98);
    expect(snapped.hit / snapped.total).toBeGreaterThanOrEqual(0.9);
  });
});

type Target = Element & { type: 'rectangle' | 'ellipse' | 'diamond' | 'text' | 'frame' };

function measure(
  file: string,
  scene: Scene,
  mermaid: string,
  ids: Map<string, string>,
  t: { labeled: Tally; bound: Tally; snapped: Tally },
): void {
  const written = readFlowchart(mermaid)!;
  const labelOf = new Map([...written.nodes.values()].map((n) => [n.id, n.label]));
  const byId = new Map(scene.elements.map((el) => [el.id, el]));
  const boundText = new Map<string, string[]>();
  for (const el of scene.elements) {
    if (el.type === 'text' && el.containerId && el.text.trim()) {
      boundText.set(el.containerId, [...(boundText.get(el.containerId) ?? []), el.text.trim()]);
    }
  }

  for (const el of scene.elements) {
    if (!isShape(el) || !boundText.has(el.id)) continue;
    const expected = boundText.get(el.id)!.join('\n');
    const id = ids.get(el.id);
    t.labeled.total++;
    if (id && labelOf.get(id) === expected) t.labeled.hit++;
    else t.labeled.misses.push(`${file} ${el.id} "${expected}" → ${id ? `"${labelOf.get(id)}"` : 'no node'}`);
  }

  const shapes = scene.elements.filter(isShape);
  for (const el of scene.elements) {
    if (el.type !== 'arrow') continue;
    const startBound = boundTarget(el.startBindingId, byId);
    const endBound = boundTarget(el.endBindingId, byId);
    const label = boundText.get(el.id)?.join('\n') ?? null;
    if (startBound && endBound) {
      t.bound.total++;
      check(t.bound, file, el, startBound, endBound, label, ids, labelOf, written.edges);
      continue;
    }
    const [start, end] = arrowEnds(el);
    const startTarget = startBound ?? nearestShape(start, shapes);
    const endTarget = endBound ?? nearestShape(end, shapes);
    if (!startTarget || !endTarget || startTarget === 'tie' || endTarget === 'tie') continue;
    t.snapped.total++;
    check(t.snapped, file, el, startTarget, endTarget, null, ids, labelOf, written.edges);
  }
}

function check(
  t: Tally,
  file: string,
  arrow: LinearElement,
  start: Target,
  end: Target,
  label: string | null,
  ids: Map<string, string>,
  labels: Map<string, string>,
  edges: FlowEdge[],
): void {
  const reversed = arrow.startArrowhead !== null && arrow.endArrowhead === null;
  const from = nodesShowing(reversed ? end : start, ids, labels);
  const to = nodesShowing(reversed ? start : end, ids, labels);
  const undirected = (arrow.startArrowhead === null) === (arrow.endArrowhead === null);
  const found = edges.some(
    (e) =>
      ((from.has(e.from) && to.has(e.to)) || (undirected && to.has(e.from) && from.has(e.to))) &&
      (label === null || e.label === label),
  );
  if (found) t.hit++;
  else
    t.misses.push(
      `${file} arrow ${arrow.id}: expected ${[...from]} → ${[...to]}${label ? ` "${label}"` : ''}`,
    );
}

// The node an arrow end should reach: the element's own node or, for free text, any node that
// shows that text in its label (text drawn in a box labels the box).
function nodesShowing(target: Target, ids: Map<string, string>, labels: Map<string, string>): Set<string> {
  const found = new Set<string>();
  const own = ids.get(target.id);
  if (own) found.add(own);
  if (target.type === 'text') {
    for (const [id, label] of labels) if (label.includes(target.text.trim())) found.add(id);
  }
  return found;
}

function isShape(el: Element): el is Element & { type: 'rectangle' | 'ellipse' | 'diamond' } {
  return el.type === 'rectangle' || el.type === 'ellipse' || el.type === 'diamond';
}

// The element a binding names; text bound inside a shape stands for that shape.
function boundTarget(id: string | null, byId: Map<string, Element>): Target | null {
  const el = id ? byId.get(id) : undefined;
  if (!el) return null;
  if (el.type === 'text' && el.containerId) {
    const container = byId.get(el.containerId);
    return container && isShape(container) ? container : null;
  }
  return isShape(el) || el.type === 'text' || el.type === 'frame' ? (el as Target) : null;
}

// Independent geometry (outlines sampled as polygons, not the converter's closed forms).
type P = [number, number];

function rotateAround([x, y]: P, [cx, cy]: P, angle: number): P {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c];
}

function arrowEnds(el: LinearElement): [P, P] {
  const xs = el.points.map((p) => p[0]);
  const ys = el.points.map((p) => p[1]);
  const center: P = [
    el.x + (Math.min(...xs) + Math.max(...xs)) / 2,
    el.y + (Math.min(...ys) + Math.max(...ys)) / 2,
  ];
  const first = el.points[0]!;
  const last = el.points.at(-1)!;
  return [
    rotateAround([el.x + first[0], el.y + first[1]], center, el.angle),
    rotateAround([el.x + last[0], el.y + last[1]], center, el.angle),
  ];
}

function outlinePolygon(el: Element): P[] {
  const cx = el.x + el.width / 2;
  const cy = el.y + el.height / 2;
  const a = el.width / 2;
  const b = el.height / 2;
  let local: P[];
  if (el.type === 'ellipse') {
    local = Array.from({ length: 720 }, (_, i) => [
      a * Math.cos((i * Math.PI) / 360),
      b * Math.sin((i * Math.PI) / 360),
    ]);
  } else if (el.type === 'diamond') {
    local = [
      [0, -b],
      [a, 0],
      [0, b],
      [-a, 0],
    ];
  } else {
    local = [
      [-a, -b],
      [a, -b],
      [a, b],
      [-a, b],
    ];
  }
  return local.map(([x, y]) => rotateAround([cx + x, cy + y], [cx, cy], el.angle));
}

function polygonDistance(p: P, poly: P[]): { d: number; inside: boolean } {
  let d = Number.POSITIVE_INFINITY;
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [x1, y1] = poly[j]!;
    const [x2, y2] = poly[i]!;
    const len2 = (x2 - x1) ** 2 + (y2 - y1) ** 2;
    const u =
      len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - x1) * (x2 - x1) + (p[1] - y1) * (y2 - y1)) / len2));
    d = Math.min(d, Math.hypot(p[0] - (x1 + u * (x2 - x1)), p[1] - (y1 + u * (y2 - y1))));
    if (y1 > p[1] !== y2 > p[1] && p[0] < ((x2 - x1) * (p[1] - y1)) / (y2 - y1) + x1) inside = !inside;
  }
  return { d, inside };
}

// The shape an unbound end is meant for: the unique nearest outline within 24 px, else the
// smallest shape around the end. Equal distances (within 1 px) are no ground truth at all.
function nearestShape(p: P, shapes: Element[]): Target | 'tie' | null {
  const near: { s: Element; d: number }[] = [];
  let around: Element | null = null;
  for (const s of shapes) {
    const { d, inside } = polygonDistance(p, outlinePolygon(s));
    if (d <= 24) near.push({ s, d });
    if (inside && (!around || s.width * s.height < around.width * around.height)) around = s;
  }
  near.sort((a, b) => a.d - b.d || a.s.width * a.s.height - b.s.width * b.s.height);
  if (near.length > 1 && near[1]!.d - near[0]!.d < 1) return 'tie';
  return (near[0]?.s ?? around) as Target | null;
}
