import type mermaid from 'mermaid';

/**
 * The bundled icon packs. Mermaid calls a pack's loader only when a diagram uses one of its
 * icons, so the large JSON of a pack never loads for diagrams without icons, and nothing is
 * fetched from the network (mermaid-cli fetches icon packs from a CDN at render time).
 */
export function registerBundledIconPacks(m: typeof mermaid): void {
  m.registerIconPacks([
    { name: 'logos', loader: () => import('@iconify-json/logos/icons.json').then((mod) => mod.default) },
    { name: 'mdi', loader: () => import('@iconify-json/mdi/icons.json').then((mod) => mod.default) },
  ]);
}
