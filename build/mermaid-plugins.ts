import type { Plugin } from 'vite';
import { bundledFonts, textInBundledFonts } from './bundled-fonts.ts';
import { fastMermaidConfigCopy } from './mermaid-config-copy.ts';
import { resettableMermaidState } from './mermaid-state-reset.ts';

/**
 * The changes every build of a page that renders with mermaid needs (the app, the engine page,
 * the tests' and the benchmark's engine builds), so that they all draw the same SVG as fast, with
 * the same fonts.
 */
export function mermaidPlugins(): Plugin[] {
  return [
    fastMermaidConfigCopy(),
    resettableMermaidState(),
    oneMermaidAndOneDOMPurify(),
    bundledFonts(),
    textInBundledFonts(),
  ];
}

/**
 * One copy of each in the page: renderer/mermaid sets mermaid up and caches the labels of the
 * DOMPurify instance mermaid sanitizes with (renderer/mermaid/sanitize-cache.ts), so both must be
 * the copies mermaid's own code imports, whichever other package brings another.
 */
function oneMermaidAndOneDOMPurify(): Plugin {
  return {
    name: 'merrow-one-mermaid-one-dompurify',
    config: () => ({ resolve: { dedupe: ['mermaid', 'dompurify'] } }),
  };
}
