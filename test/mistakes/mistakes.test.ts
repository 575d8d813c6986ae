import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../node/engine/index.ts';
import { createParser, type Parser } from '../../node/engine/parser.ts';
import type { Diagnostic } from '../../shared/mermaid/diagnostic.ts';
import { engineAssets } from '../support/test-assets.ts';
import { grade, misses, mistakes, scoreTable } from './score.ts';

let engine: Engine;
let parser: Parser;

beforeAll(async () => {
  const assets = await engineAssets();
  engine = createEngine({ assetsDir: assets, jobs: 1 });
  parser = createParser({ assetsDir: assets, workers: 1 });
}, 180_000);
afterAll(async () => {
  await Promise.all([engine?.close(), parser?.close()]);
});

describe('the corpus of typical mistakes', () => {
  it('gets one sentence at the exact line and column for at least 90 %, alike in merrow check and in the app', async () => {
    const corpus = mistakes();
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    const first = (o: { ok: boolean; diagnostics?: Diagnostic[] }) => (o.ok ? undefined : o.diagnostics?.[0]);
    // merrow check parses in Node; the app's preview renders with the same mermaid module in a page.
    const [checked, rendered] = await Promise.all([
      Promise.all(corpus.map((m) => parser.parse({ text: m.text }).then(first))),
      Promise.all(corpus.map((m) => engine.render({ text: m.text }).then(first))),
    ]);
    expect(rendered).toEqual(checked);
    const graded = grade(corpus, checked);
    console.log(`${scoreTable(graded)}\n${misses(graded).join('\n')}`);
    const good = graded.filter((g) => g.sentence && g.exact && g.got?.message === g.mistake.message);
    expect(good.length / corpus.length).toBeGreaterThanOrEqual(0.9);
    // Mermaid's own message stays one click away.
    for (const g of good) expect(g.got?.detail, g.mistake.file).toBeTruthy();
  }, 120_000);
});
