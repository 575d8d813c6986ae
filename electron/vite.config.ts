import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, '..');

// Two builds into dist/electron, chosen by `--mode`: the main process as an ES module (its npm
// dependencies stay in node_modules), and the preload as one self-contained CommonJS file,
// because a sandboxed preload can require nothing but `electron`.
export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  return {
    root,
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: resolve(root, 'dist/electron'),
      emptyOutDir: !preload,
      target: 'node22',
      ssr: resolve(root, preload ? 'electron/preload.ts' : 'electron/main.ts'),
      minify: false,
      sourcemap: true,
      rollupOptions: {
        output: { format: preload ? 'cjs' : 'es', entryFileNames: preload ? 'preload.cjs' : 'main.js' },
      },
    },
    ssr: { noExternal: preload ? true : undefined, external: ['electron'] },
  };
});
