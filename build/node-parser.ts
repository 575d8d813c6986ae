import { resolve } from 'node:path';
import type { InlineConfig, Plugin } from 'vite';
import { NODE_PARSER_ASSET } from '../shared/mermaid/render-types.ts';
import { mermaidPlugins } from './mermaid-plugins.ts';

const root = resolve(import.meta.dirname, '..');

/**
 * The Node build of the mermaid module's parse entry (renderer/mermaid/node-parser.ts): one ES
 * module with mermaid and everything it imports bundled in (diagram types stay separate chunks,
 * loaded when first used), written beside the pages as `NODE_PARSER_ASSET`. `merrow check` loads
 * it as an asset, as the CLI's engine loads the engine page.
 */
export function nodeParserBuild(rendererOutDir: string): InlineConfig {
  const [dir, file] = NODE_PARSER_ASSET.split('/') as [string, string];
  return {
    configFile: false,
    root: resolve(root, 'renderer'),
    publicDir: false,
    logLevel: 'warn',
    plugins: mermaidPlugins(),
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: resolve(root, 'renderer/mermaid/node-parser.ts'),
      outDir: resolve(rendererOutDir, dir),
      emptyOutDir: true,
      target: 'node22',
      minify: true,
      // .mjs: Node need not look for a package.json to learn that these are ES modules.
      rollupOptions: {
        output: { format: 'es', entryFileNames: file, chunkFileNames: 'chunks/[name]-[hash].mjs' },
      },
    },
  };
}

/** Builds the Node parser into a renderer build folder. */
export async function buildNodeParser(rendererOutDir: string): Promise<void> {
  const { build } = await import('vite');
  await build(nodeParserBuild(rendererOutDir));
}

/** A plugin for the pages' build that builds the Node parser beside them once they are written. */
export function nodeParserAfterPages(rendererOutDir: string): Plugin {
  return {
    name: 'merrow-node-parser',
    apply: 'build',
    async closeBundle() {
      await buildNodeParser(rendererOutDir);
    },
  };
}
