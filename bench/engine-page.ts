import { join } from 'node:path';
import { mermaidPlugins } from '../build/mermaid-plugins.ts';

/**
 * Builds merrow's headless engine page alone from the current sources into `outDir`, for
 * MERROW_ENGINE_ASSETS. The benchmark measures its own build rather than dist/renderer: that one may
 * be stale, or rebuilt (emptied) while a run is reading it.
 */
export async function buildEnginePage(root: string, outDir: string): Promise<void> {
  const { build } = await import('vite');
  const renderer = join(root, 'renderer');
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
      rollupOptions: { input: { engine: join(renderer, 'engine.html') } },
    },
  });
}
