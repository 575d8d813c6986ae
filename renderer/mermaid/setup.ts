import mermaid from 'mermaid';
import { withoutMerrowSettings } from '../../shared/mermaid/config.ts';
import type { MermaidConfig } from '../../shared/mermaid/render-types.ts';

let currentConfig = '';

/**
 * Initialises mermaid with a request's config, only when it differs from the last one. Mermaid
 * only takes `securityLevel`, `maxTextSize` and `maxEdges` through `initialize()`.
 */
export function applyConfig(config: MermaidConfig | undefined): void {
  // The folder config's `merrow` key holds Merrow's own settings, not mermaid's.
  // A fixed hand-drawn seed by default: roughjs otherwise draws new random strokes on every render,
  // so an unchanged diagram would export a different SVG each time and churn in git.
  const effective = {
    handDrawnSeed: 1,
    ...withoutMerrowSettings(config ?? {}),
    securityLevel: 'strict',
    startOnLoad: false,
  };
  const key = JSON.stringify(effective);
  if (key !== currentConfig) {
    mermaid.initialize(effective as Parameters<typeof mermaid.initialize>[0]);
    currentConfig = key;
  }
}
