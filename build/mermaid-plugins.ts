import type { Plugin } from 'vite';
import { fastMermaidConfigCopy } from './mermaid-config-copy.ts';
import { resettableMermaidState } from './mermaid-state-reset.ts';

/**
 * The changes every build of a page that renders with mermaid needs (the app, the engine page,
 * the tests' and the benchmark's engine builds), so that they all draw the same SVG as fast.
 */
export function mermaidPlugins(): Plugin[] {
  return [fastMermaidConfigCopy(), resettableMermaidState()];
}
