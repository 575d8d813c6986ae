import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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

// Two pages from one build: the app (index.html) and the headless render engine page
// (engine.html) that the CLI drives. Both use renderer/mermaid, the one mermaid module.
export default defineConfig({
  root,
  base: './',
  plugins: [react(), excalidrawFonts],
  resolve: {
    // Excalidraw's text-to-diagram dialog (never shown here) would otherwise bundle a second, older
    // mermaid: resolve it to the app's own.
    dedupe: ['@excalidraw/mermaid-to-excalidraw', 'mermaid'],
    // Its production build whatever NODE_ENV the build runs under (vitest sets "test", which
    // would pick the development build by its export conditions).
    alias: [{ find: /^@excalidraw\/excalidraw$/, replacement: excalidrawDist('index.js') }],
  },
  build: {
    outDir,
    emptyOutDir: true,
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
