import type { Plugin } from 'vite';
import { MERMAID_RESETS_GLOBAL } from '../shared/mermaid/state-reset.ts';

/**
 * Some of mermaid's ids come from counters that live as long as the page: class diagram nodes
 * (`classId-Animal-7`), sequence lifelines (`actor11`), state clusters and other generated ids,
 * sankey nodes (`node-151`) and the ids inside icons (`b2`). A page that renders many diagrams
 * (the CLI's engine page, the preview) then numbers a diagram's ids by what it rendered before,
 * so the same file gave different SVG alone and in a folder export, and churned in git.
 *
 * This plugin makes each of those counters resettable: the module that declares it adds a function
 * that puts it back to its initial value to a global array (shared/mermaid/state-reset.ts), and
 * the mermaid module calls them all before each render. The build fails if a counter is not found
 * exactly where it was (a new mermaid must be reviewed, not silently left counting).
 */
interface Counter {
  /** Which module, by the end of its path. */
  module: RegExp;
  /** The declaration, exactly as shipped. */
  declaration: string;
  /** The statement that puts the counter back. */
  reset: string;
}

export const COUNTERS: readonly Counter[] = [
  {
    module: /\/mermaid\/dist\/chunks\/mermaid\.core\/classDiagram-v2-\w+\.mjs$/,
    declaration: 'var classCounter = 0;',
    reset: 'classCounter = 0;',
  },
  {
    module: /\/mermaid\/dist\/chunks\/mermaid\.core\/sequenceDiagram-\w+\.mjs$/,
    declaration: 'var actorCnt = -1;',
    reset: 'actorCnt = -1;',
  },
  {
    // generateId(): state diagram clusters and other generated ids.
    module: /\/mermaid\/dist\/chunks\/mermaid\.core\/chunk-\w+\.mjs$/,
    declaration: 'var cnt = 0;\nvar generateId = ',
    reset: 'cnt = 0;',
  },
  {
    module: /\/mermaid\/dist\/chunks\/mermaid\.core\/sankeyDiagram-\w+\.mjs$/,
    declaration: 'var Uid = class _Uid {',
    reset: 'Uid.count = 0;',
  },
  {
    // Icons (architecture diagrams): replaceIDs() numbers the ids inside each icon it draws.
    module: /\/@iconify\/utils\/lib\/svg\/id\.js$/,
    declaration: 'const counters = /* @__PURE__ */ new Map();',
    reset: 'counters.clear();',
  },
];

/**
 * Appends the registration of `counter`'s reset to a module's code (the function runs at render
 * time, when the module has long been evaluated), or throws when the counter is not there exactly once.
 */
export function registerReset(code: string, counter: Counter, id: string): string {
  const at = code.indexOf(counter.declaration);
  if (at < 0 || code.indexOf(counter.declaration, at + 1) >= 0) {
    throw new Error(
      `${id}: expected \`${counter.declaration.split('\n')[0]}\` exactly once; review build/mermaid-state-reset.ts`,
    );
  }
  return `${code}\n;(globalThis.${MERMAID_RESETS_GLOBAL} ??= []).push(() => { ${counter.reset} });\n`;
}

export function resettableMermaidState(): Plugin {
  const found = new Set<Counter>();
  return {
    name: 'merrow-resettable-mermaid-state',
    buildStart() {
      found.clear();
    },
    transform(code, id) {
      let out = code;
      for (const counter of COUNTERS) {
        if (!counter.module.test(id) || !code.includes(counter.declaration)) continue;
        out = registerReset(out, counter, id);
        found.add(counter);
      }
      return out === code ? undefined : out;
    },
    buildEnd(error) {
      if (error) return;
      const missing = COUNTERS.filter((c) => !found.has(c));
      if (missing.length > 0) {
        this.error(
          `mermaid counters not found: ${missing.map((c) => c.declaration.split('\n')[0]).join(', ')}; review build/mermaid-state-reset.ts`,
        );
      }
    },
  };
}
