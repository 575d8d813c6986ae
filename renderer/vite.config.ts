import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

// Two pages from one build: the app (index.html) and the headless render engine page
// (engine.html) that the CLI drives. Both use renderer/mermaid, the one mermaid module.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(root, '../dist/renderer'),
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
