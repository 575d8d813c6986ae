/**
 * Engine page methods beyond render and parse, each imported only on its first call so that
 * the page stays light for the common case. Add one as
 * `name: () => import('../some/module.ts').then((m) => m.someFunction)`; Node calls it with
 * `engine.call('name', arg)`. The argument and result must be JSON-serializable.
 */
import type { RenderRequest } from '../../shared/mermaid/render-types.ts';

export const lazyMethods: Record<string, () => Promise<(arg: unknown) => Promise<unknown>>> = {
  toExcalidraw: () => import('./to-excalidraw.ts').then((m) => m.toExcalidraw),
  probeLayout: () =>
    import('../mermaid/layout-probe.ts').then(
      (m) => (arg: unknown) => m.probeLayout(arg as RenderRequest, document.getElementById('layout')!),
    ),
};
