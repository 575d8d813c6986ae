/**
 * The real-world corpus (../shared/corpus/excalidraw, or MERROW_CORPUS), scored against the
 * human truth in test/excalidraw-truth: for every drawing, a Mermaid flowchart written by looking
 * at the drawing rendered as Excalidraw draws it — not from its bindings, not from this converter.
 * How labels, nodes, edges and subgraphs are matched is written in test/support/excalidraw-score.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../node/engine/index.ts';
import { createPictureReader, readPictureNames } from '../../node/pictures/read-pictures.ts';
import {
  addScores,
  emptyScore,
  formatTable,
  parseFlowchart,
  type Score,
  scoreGraph,
  scoreTable,
  unreadableIds,
} from '../../test/support/excalidraw-score.ts';
import { readExcalidraw } from './read.ts';
import { ExcalidrawReadError } from './restore.ts';
import { scaleScene } from './scale.ts';
import { sceneToMermaid } from './to-mermaid.ts';

/** Every drawing is also read drawn this many times smaller and larger as a whole. */
const RESIZED = [0.5, 2.5];

const root = resolve(import.meta.dirname, '../..');
const truthDir = join(root, 'test/excalidraw-truth');
const corpusDir = (() => {
  const fromEnv = process.env.MERROW_CORPUS;
  if (fromEnv) return existsSync(join(fromEnv, 'excalidraw')) ? join(fromEnv, 'excalidraw') : fromEnv;
  return resolve(root, '../shared/corpus/excalidraw');
})();
const present = existsSync(corpusDir);
if (!present)
  console.warn(`Excalidraw corpus not found at ${corpusDir}; set MERROW_CORPUS to run these tests.`);

describe.skipIf(!present)('Excalidraw corpus against its human truth', () => {
  let engine: Engine;
  // Drawings are read as the app and the CLI read them: with the names printed in their icons.
  const pictures = createPictureReader();
  let full = emptyScore();
  let readable = emptyScore();
  const resized = RESIZED.map(() => emptyScore());
  let unbound = emptyScore();
  const parsed = { hit: 0, total: 0 };
  const perScene: { name: string; score: Score }[] = [];

  beforeAll(() => {
    // CI runs the corpus before `npm test` builds the renderer; build it here when missing.
    if (!existsSync(join(root, 'dist/renderer/engine.html'))) {
      execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    }
    engine = createEngine({ jobs: 1 });
  }, 300_000);

  afterAll(async () => {
    await Promise.all([engine?.close(), pictures.close()]);
    const lines = [
      formatTable(
        'Excalidraw → Mermaid on the reference corpus, against its human truth:',
        scoreTable(full, parsed),
      ),
      '',
      formatTable(
        'The same, not counting what only pictures or handwriting name (truth lines `%% unreadable:`):',
        scoreTable(readable, parsed),
      ),
      '',
      ...RESIZED.map(
        (k, i) =>
          `Drawn ${k}× as large: ${scoreTable(resized[i]!, parsed)
            .slice(1)
            .map((r) => `${r.measure.replace(/ \(.*/, '')} ${r.value}`)
            .join(', ')}`,
      ),
      `Drawn without snapping (every arrow's bindings removed): ${scoreTable(unbound, parsed)
        .slice(1)
        .map((r) => `${r.measure.replace(/ \(.*/, '')} ${r.value}`)
        .join(', ')}`,
      '',
      'Misses, per drawing:',
    ];
    for (const { name, score } of perScene) {
      if (score.misses.length === 0) continue;
      lines.push(`  ${name}`);
      for (const miss of score.misses.slice(0, 12)) lines.push(`    ${miss}`);
      if (score.misses.length > 12) lines.push(`    … and ${score.misses.length - 12} more`);
    }
    console.log(lines.join('\n'));
  });

  const files = present
    ? readdirSync(corpusDir)
        .filter((f) => f !== 'SOURCES.tsv' && !f.startsWith('.'))
        .sort()
    : [];

  it.each(files)('converts %s to Mermaid that parses, scored against its truth', async (file) => {
    let doc: ReturnType<typeof readExcalidraw>;
    try {
      const bytes = readFileSync(join(corpusDir, file));
      doc = readExcalidraw(bytes, { pictureNames: await readPictureNames(bytes, pictures) });
    } catch (error) {
      // A clear refusal is acceptable; a crash is not.
      expect(error).toBeInstanceOf(ExcalidrawReadError);
      return;
    }
    for (const [i, scene] of doc.scenes.entries()) {
      const name = doc.scenes.length > 1 ? `${file}.item${i + 1}` : file;
      const truthFile = join(truthDir, `${name}.truth.mmd`);
      expect(existsSync(truthFile), `no truth file for ${name}`).toBe(true);
      const truthText = readFileSync(truthFile, 'utf8');
      // The truth is Mermaid too: it must parse.
      expect(await engine.parse({ text: truthText }), truthFile).toMatchObject({ ok: true });
      const { mermaid } = sceneToMermaid(scene);
      const outcome = await engine.parse({ text: mermaid });
      parsed.total++;
      if (outcome.ok) parsed.hit++;
      expect(outcome, `${file}:\n${mermaid}`).toMatchObject({ ok: true });
      const truth = parseFlowchart(truthText);
      const output = parseFlowchart(mermaid);
      const score = scoreGraph(truth, output);
      full = addScores(full, score);
      readable = addScores(readable, scoreGraph(truth, output, unreadableIds(truthText)));
      perScene.push({ name, score });
      for (const [i, k] of RESIZED.entries()) {
        const drawn = parseFlowchart(sceneToMermaid(scaleScene(scene, k)).mermaid);
        resized[i] = addScores(resized[i]!, scoreGraph(truth, drawn));
      }
      // Many people draw arrows without letting them snap to the shapes: the drawing alone counts.
      const loose = {
        ...scene,
        elements: scene.elements.map((el) =>
          el.type === 'arrow' || el.type === 'line'
            ? { ...el, startBindingId: null, endBindingId: null }
            : el,
        ),
      };
      unbound = addScores(unbound, scoreGraph(truth, parseFlowchart(sceneToMermaid(loose).mermaid)));
    }
  });

  it('has a truth file for every drawing and no truth file without a drawing', () => {
    const scenes = new Set(perScene.map((s) => `${s.name}.truth.mmd`));
    const truths = readdirSync(truthDir).filter((f) => f.endsWith('.truth.mmd'));
    expect(truths.filter((t) => !scenes.has(t))).toEqual([]);
    expect(scenes.size).toBe(truths.length);
  });

  it('keeps the figures the README quotes', () => {
    const ratio = (hit: number, total: number) => hit / total;
    expect(parsed.hit).toBe(parsed.total);
    // The issue's goals, where this corpus reaches them; the README says what is still short.
    expect(ratio(full.matchedEdgeLabels, full.truthEdgeLabels)).toBeGreaterThanOrEqual(0.9);
    expect(ratio(full.matchedSubgraphs, full.truthSubgraphs)).toBeGreaterThanOrEqual(0.8);
    expect(ratio(full.keptOutput, full.outputNodes + full.outputEdges)).toBeGreaterThanOrEqual(0.95);
    expect(ratio(full.matchedEdges, full.truthEdges)).toBeGreaterThanOrEqual(0.95);
    // Met with less than one node to spare: of the 8 missed, 4 are handwriting and 4 an
    // illustration's words.
    expect(ratio(full.matchedNodes, full.truthNodes)).toBeGreaterThanOrEqual(0.98);
    expect(ratio(readable.matchedNodes, readable.truthNodes)).toBeGreaterThanOrEqual(0.98);
    // Without its bindings, a drawing reads almost as well: its arrows end where they point.
    expect(ratio(unbound.matchedEdges, unbound.truthEdges)).toBeGreaterThanOrEqual(
      ratio(full.matchedEdges, full.truthEdges) - 0.02,
    );
    // Labels within three points: two arrows bound to DVA-Project's API Gateway icon lose their
    // labels without their bindings (one starts nearer the edge of the box around the icon).
    expect(ratio(unbound.matchedEdgeLabels, unbound.truthEdgeLabels)).toBeGreaterThanOrEqual(
      ratio(full.matchedEdgeLabels, full.truthEdgeLabels) - 0.03,
    );
    // A drawing drawn larger or smaller as a whole reads the same (within a point: near the
    // default size a drawing is read as drawn, so a threshold may fall the other way).
    for (const s of resized) {
      expect(ratio(s.matchedNodes, s.truthNodes)).toBeGreaterThanOrEqual(
        ratio(full.matchedNodes, full.truthNodes) - 0.01,
      );
      expect(ratio(s.matchedEdges, s.truthEdges)).toBeGreaterThanOrEqual(
        ratio(full.matchedEdges, full.truthEdges) - 0.01,
      );
      expect(ratio(s.matchedEdgeLabels, s.truthEdgeLabels)).toBeGreaterThanOrEqual(
        ratio(full.matchedEdgeLabels, full.truthEdgeLabels) - 0.01,
      );
      expect(ratio(s.matchedSubgraphs, s.truthSubgraphs)).toBeGreaterThanOrEqual(
        ratio(full.matchedSubgraphs, full.truthSubgraphs) - 0.01,
      );
    }
  });
});
