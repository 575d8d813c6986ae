import mermaid from 'mermaid';
import { withoutMerrowSettings } from '../../shared/mermaid/config.ts';
import { fontStackFor, ownFontFamily } from '../../shared/mermaid/font-stack.ts';
import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';
import { fontConfig, over } from './font-config.ts';

let currentConfig = '';
let currentFonts = fontStackFor('');

/**
 * Initialises mermaid with a request's config, only when it differs from the last one. Mermaid
 * only takes `securityLevel`, `maxTextSize` and `maxEdges` through `initialize()`. `fontFamily`
 * is the bundled fonts' stack for the text about to be rendered (unless the config names its own
 * font); a diagram's frontmatter may still choose another.
 */
export function applyConfig(config: MermaidConfig | undefined, fontFamily = currentFonts): void {
  // The folder config's `merrow` key holds Merrow's own settings, not mermaid's.
  // A fixed hand-drawn seed by default: roughjs otherwise draws new random strokes on every render,
  // so an unchanged diagram would export a different SVG each time and churn in git.
  const own = config && ownFontFamily(config);
  currentFonts = fontFamily;
  const effective = {
    ...over(
      { handDrawnSeed: 1, ...(own ? {} : fontConfig(fontFamily)) },
      withoutMerrowSettings(config ?? {}),
    ),
    securityLevel: 'strict',
    startOnLoad: false,
  };
  const key = JSON.stringify(effective);
  if (key !== currentConfig) {
    mermaid.initialize(effective as Parameters<typeof mermaid.initialize>[0]);
    currentConfig = key;
  }
}
