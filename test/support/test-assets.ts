import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildEngineAssets } from '../../build/engine-assets.ts';
import { NODE_PARSER_ASSET } from '../../shared/mermaid/render-types.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BUILT = join(ROOT, 'dist/renderer');

/**
 * Test support: the folder holding the built engine page and parser: MERROW_ENGINE_ASSETS, else
 * dist/renderer (`npm test` builds it first), else the engine page and the mermaid parser's Node
 * build alone, built into a temp folder.
 */
export async function engineAssets(): Promise<string> {
  if (process.env.MERROW_ENGINE_ASSETS) return process.env.MERROW_ENGINE_ASSETS;
  const built = (dir: string) => ['engine.html', NODE_PARSER_ASSET].every((f) => existsSync(join(dir, f)));
  if (built(BUILT)) return BUILT;
  const out = join(tmpdir(), `merrow-engine-test-${process.pid}`);
  if (built(out)) return out;
  await buildEngineAssets(out);
  return out;
}
