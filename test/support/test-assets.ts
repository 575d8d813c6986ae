import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mermaidPlugins } from '../../build/mermaid-plugins.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BUILT = join(ROOT, 'dist/renderer');

/**
 * Test support: the folder holding the built engine page: MERROW_ENGINE_ASSETS, else
 * dist/renderer (`npm test` builds it first), else the engine page alone built into a temp folder.
 */
export async function engineAssets(): Promise<string> {
  if (process.env.MERROW_ENGINE_ASSETS) return process.env.MERROW_ENGINE_ASSETS;
  if (existsSync(join(BUILT, 'engine.html'))) return BUILT;
  const out = join(tmpdir(), `merrow-engine-test-${process.pid}`);
  if (existsSync(join(out, 'engine.html'))) return out;
  const { build } = await import('vite');
  const root = join(ROOT, 'renderer');
  await build({
    configFile: false,
    root,
    base: './',
    logLevel: 'error',
    plugins: mermaidPlugins(),
    build: {
      outDir: out,
      emptyOutDir: true,
      target: 'es2023',
      chunkSizeWarningLimit: 16_384,
      rollupOptions: { input: { engine: join(root, 'engine.html') } },
    },
  });
  return out;
}
