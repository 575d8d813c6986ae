import { fileURLToPath } from 'node:url';

const DEFAULT_ASSETS = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

/**
 * The built renderer the engine and the parser load (the engine page, the mermaid module's Node
 * build): the option, else MERROW_ENGINE_ASSETS, else dist/renderer beside the code.
 */
export function engineAssetsDir(option?: string): string {
  return option ?? process.env.MERROW_ENGINE_ASSETS ?? DEFAULT_ASSETS;
}
