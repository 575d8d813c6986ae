import { resolve } from 'node:path';
import { mermaidPlugins } from './mermaid-plugins.ts';
import { buildNodeParser } from './node-parser.ts';

const renderer = resolve(import.meta.dirname, '../renderer');

/**
 * Builds what the CLI loads from the renderer's build, alone, into `outDir`: the headless engine
 * page and the mermaid module's Node build. For MERROW_ENGINE_ASSETS in tests and benchmarks,
 * which must not depend on dist/renderer (it may be stale, or rebuilt while they read it).
 */
export async function buildEngineAssets(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: renderer,
    base: './',
    logLevel: 'error',
    plugins: mermaidPlugins(),
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2023',
      chunkSizeWarningLimit: 16_384,
      rollupOptions: { input: { engine: resolve(renderer, 'engine.html') } },
    },
  });
  await buildNodeParser(outDir);
}
