import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParseOutcome } from '../../shared/mermaid/render-types.ts';
import {
  brokenVariants,
  type CorpusDiagram,
  diagramsInTests,
  mermaidExamples,
  mistakeDiagrams,
  repositoryDiagrams,
} from '../../test/support/diagram-corpus.ts';
import { engineAssets } from '../../test/support/test-assets.ts';
import { EngineUnavailableError } from './browser.ts';
import { createEngine } from './index.ts';
import { createParser } from './parser.ts';

let assets: string;

beforeAll(async () => {
  assets = await engineAssets();
}, 180_000);

/** What `merrow check` reports of an outcome, and whether it would ask a browser. */
function reported(o: ParseOutcome) {
  return o.ok
    ? { ok: true, diagramType: o.diagramType }
    : { ok: false, diagnostics: o.diagnostics, internal: !!o.internal };
}

describe('the Node parser', () => {
  it("gives the browser engine's answer for every diagram of the examples and the tests, the typical mistakes, and broken variants", async () => {
    const valid = [...repositoryDiagrams(), ...mermaidExamples()];
    const corpus: CorpusDiagram[] = [
      ...valid,
      ...diagramsInTests(),
      ...mistakeDiagrams(),
      ...brokenVariants(valid),
    ];
    const engine = createEngine({ assetsDir: assets, jobs: 1 });
    const parser = createParser({ assetsDir: assets, workers: 2 });
    try {
      const [inBrowser, inNode] = await Promise.all([
        Promise.all(corpus.map((d) => engine.parse({ text: d.text }))),
        Promise.all(corpus.map((d) => parser.parse({ text: d.text }, d.name.split(' ')[1]))),
      ]);
      const differences = corpus.flatMap((d, i) => {
        const browser = reported(inBrowser[i]!);
        const node = reported(inNode[i]!);
        return JSON.stringify(browser) === JSON.stringify(node) ? [] : [{ name: d.name, browser, node }];
      });
      expect(differences).toEqual([]);
      expect(inNode.filter((o) => o.ok).length).toBeGreaterThan(valid.length - 5);
      expect(inNode.filter((o) => !o.ok).length).toBeGreaterThan(valid.length);
    } finally {
      await Promise.all([engine.close(), parser.close()]);
    }
  }, 180_000);

  it('stops a diagram at the time limit and goes on with the others', async () => {
    const parser = createParser({ assetsDir: assets, workers: 1, timeoutMs: 1 });
    try {
      const chain = Array.from({ length: 400 }, (_, i) => `  n${i}[Step ${i}] --> n${i + 1}`);
      const slow = await parser.parse({ text: `flowchart TD\n${chain.join('\n')}\n` });
      expect(slow).toEqual({
        ok: false,
        diagnostics: [
          expect.objectContaining({
            message:
              'parsing did not finish within 0 s; the diagram may be too large, or it makes mermaid loop',
          }),
        ],
      });
    } finally {
      await parser.close();
    }
    const patient = createParser({ assetsDir: assets, workers: 1 });
    try {
      expect(await patient.parse({ text: 'flowchart TD\n  a --> b\n' })).toEqual({
        ok: true,
        diagramType: 'flowchart-v2',
      });
    } finally {
      await patient.close();
    }
  });

  it('says how to build it when it is not built', () => {
    const empty = mkdtempSync(join(tmpdir(), 'merrow-no-parser-'));
    try {
      expect(() => createParser({ assetsDir: empty, workers: 1 })).toThrow(EngineUnavailableError);
      expect(() => createParser({ assetsDir: empty, workers: 1 })).toThrow(/npm run build/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
