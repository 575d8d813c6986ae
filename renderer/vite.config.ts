import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { mermaidPlugins } from '../build/mermaid-plugins.ts';
import { nodeParserAfterPages } from '../build/node-parser.ts';

const root = import.meta.dirname;
const outDir = resolve(root, '../dist/renderer');

// Excalidraw fetches its fonts from window.EXCALIDRAW_ASSET_PATH, else from a public CDN: ship them
// with the app (renderer/import/excalidraw-svg.ts points the path here).
const excalidrawDist = (path: string) =>
  resolve(root, '../node_modules/@excalidraw/excalidraw/dist/prod', path);
const excalidrawFonts: Plugin = {
  name: 'merrow-excalidraw-fonts',
  apply: 'build',
  writeBundle() {
    cpSync(excalidrawDist('fonts'), resolve(outDir, 'excalidraw-assets/fonts'), { recursive: true });
  },
};

// Mermaid 12 lays flowchart, class, state and ER diagrams out with ELK by default, and flowcharts are
// the commonest diagram: the preview frame fetches and compiles their code while mermaid itself
// loads, instead of after the first diagram's text has been parsed (ELK alone is 1.9 MB).
const COMMON_DIAGRAM_CODE = [/\/layout-elk\/.*\/elk-\w+\.mjs$/, /\/mermaid\.core\/flowDiagram-\w+\.mjs$/];
const preloadCommonDiagrams: Plugin = {
  name: 'merrow-preload-common-diagrams',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler(html, ctx) {
      if (!ctx.bundle || !ctx.filename.endsWith('preview.html')) return;
      const chunks = new Map(
        Object.values(ctx.bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])),
      );
      const files = new Set<string>();
      const add = (fileName: string) => {
        if (files.has(fileName)) return;
        files.add(fileName);
        for (const dep of chunks.get(fileName)?.imports ?? []) add(dep);
      };
      for (const chunk of chunks.values()) {
        const id = chunk.facadeModuleId ?? '';
        if (COMMON_DIAGRAM_CODE.some((pattern) => pattern.test(id))) add(chunk.fileName);
      }
      if (files.size < 2) throw new Error('the flowchart and ELK chunks to preload were not found');
      // Vite already links the page's static imports; add only the rest.
      return [...files]
        .filter((file) => !html.includes(file))
        .map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: '', href: `./${file}` },
          injectTo: 'head' as const,
        }));
    },
  },
};

// Three pages from one build: the app (index.html), its preview frame (preview.html) and the
// headless render engine page (engine.html) that the CLI drives; then the mermaid module's Node
// build beside them, which `merrow check` parses with. All use renderer/mermaid, the one mermaid
// module.
export default defineConfig({
  root,
  base: './',
  plugins: [
    react(),
    excalidrawFonts,
    preloadCommonDiagrams,
    ...mermaidPlugins(),
    nodeParserAfterPages(outDir),
  ],
  resolve: {
    // Excalidraw's text-to-diagram dialog (never shown here) would otherwise bundle a second, older
    // mermaid: resolve it to the app's own (mermaidPlugins dedupes mermaid itself).
    dedupe: ['@excalidraw/mermaid-to-excalidraw'],
    // Its production build whatever NODE_ENV the build runs under (vitest sets "test", which
    // would pick the development build by its export conditions).
    alias: [{ find: /^@excalidraw\/excalidraw$/, replacement: excalidrawDist('index.js') }],
  },
  build: {
    outDir,
    emptyOutDir: true,
    // .vite/manifest.json: which files each page loads (the npm package takes the engine page's).
    manifest: true,
    target: 'es2023',
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        index: resolve(root, 'index.html'),
        engine: resolve(root, 'engine.html'),
        preview: resolve(root, 'preview.html'),
      },
    },
  },
  worker: { format: 'es' },
});
