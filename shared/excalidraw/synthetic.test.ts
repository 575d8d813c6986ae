/**
 * The table on synthetic drawings with exact truth (test/support/excalidraw-synthetic.ts),
 * scored with the same scorer as the real-world corpus.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../node/engine/index.ts';
import {
  addScores,
  emptyScore,
  formatTable,
  parseFlowchart,
  scoreGraph,
  scoreTable,
} from '../../test/support/excalidraw-score.ts';
import { syntheticScene } from '../../test/support/excalidraw-synthetic.ts';
import { restoreElements } from './restore.ts';
import { sceneToMermaid } from './to-mermaid.ts';

const SCENES = 40;

describe('Excalidraw → Mermaid on synthetic drawings with exact truth', () => {
  let engine: Engine;
  let total = emptyScore();
  const parsed = { hit: 0, total: 0 };
  const misses: string[] = [];

  beforeAll(() => {
    engine = createEngine({ jobs: 1 });
  });
  afterAll(async () => {
    await engine.close();
    console.log(
      [
        formatTable(
          `Excalidraw → Mermaid on ${SCENES} synthetic drawings, against their exact truth:`,
          scoreTable(total, parsed),
        ),
        ...misses.slice(0, 20),
      ].join('\n'),
    );
  });

  it('reads every pattern the way a person would redraw it, and the output parses', async () => {
    for (let seed = 1; seed <= SCENES; seed++) {
      const { elements, truth } = syntheticScene(seed);
      const { mermaid } = sceneToMermaid(restoreElements(elements));
      parsed.total++;
      if ((await engine.parse({ text: mermaid })).ok) parsed.hit++;
      const score = scoreGraph(parseFlowchart(truth), parseFlowchart(mermaid));
      total = addScores(total, score);
      for (const m of score.misses) misses.push(`  seed ${seed}: ${m}`);
    }
    const rows = scoreTable(total, parsed);
    expect(
      rows.filter((r) => !r.met).map((r) => `${r.measure}: ${r.value}`),
      misses.join('\n'),
    ).toEqual([]);
  }, 120_000);
});
