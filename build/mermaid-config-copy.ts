import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * Mermaid copies its whole configuration (about 1 500 properties, theme variables included) on
 * every `getConfig()`, and its renderers call that for each node, edge and label: on a 200-node
 * flowchart the copies were over a third of the render's CPU time. This plugin changes two
 * functions, in mermaid and in the copy of mermaid's config module that the ELK layout bundles:
 * - `assignWithDepth` added every key with `Object.defineProperty` (to keep a `__proto__` key an
 *   own property), which put each copy in V8's slow dictionary mode. The replacement behaves the
 *   same, assigns keys plainly and defines only `__proto__`: a copy costs a quarter as much.
 * - `getConfig` copies each top-level section (flowchart, themeVariables, …) when the caller first
 *   reads it; callers read one or two of thirty. Together: copies fell to 4 % of the render.
 * The build fails if a new mermaid changes either function, so that the replacement is reviewed
 * rather than silently skipped or misapplied; build/mermaid-config-copy.test.ts checks both
 * against the originals on generated inputs.
 */
const START = 'var assignWithDepth = /* @__PURE__ */ __name((dst, src, { depth = 2 } = {}) => {';
const END = '}, "assignWithDepth");';
/** SHA-256 (first 16 hex digits) of the function as each mermaid and layout-elk release reviewed so far ships it. */
const KNOWN_ORIGINALS = new Set(['820fa87ce38a983b', '8d1955bfaed17a01']);
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
const PACKAGES = /\/node_modules\/(?:mermaid|@mermaid-js\/layout-elk)\/dist\//;

// Same contract as mermaid's: merges `src` into `dst` down to `depth` levels (arrays are merged
// as sets, deeper objects shallow-assigned), never letting a `__proto__` key reach the prototype.
const REPLACEMENT = `var assignWithDepth = /* @__PURE__ */ __name((dst, src, { depth = 2 } = {}) => {
  if (Array.isArray(src)) {
    if (!Array.isArray(dst)) {
      const options = { depth };
      src.forEach((s2) => assignWithDepth(dst, s2, options));
      return dst;
    }
    src.forEach((s2) => {
      if (!dst.includes(s2)) dst.push(s2);
    });
    return dst;
  }
  if (dst === void 0 || dst === null || depth <= 0) {
    if (dst !== void 0 && dst !== null && typeof dst === "object" && typeof src === "object") {
      return Object.assign(dst, src);
    }
    return src;
  }
  if (src !== void 0 && src !== null && typeof dst === "object" && typeof src === "object") {
    for (const key of Object.keys(src)) {
      const srcValue = src[key];
      if (typeof srcValue === "object") {
        if (srcValue === null) continue;
        if (!Object.hasOwn(dst, key) || dst[key] === void 0) {
          assignOwn(dst, key, Array.isArray(srcValue) ? [] : {});
        }
        if (typeof dst[key] === "object") {
          dst[key] = assignWithDepth(dst[key], srcValue, { depth: depth - 1 });
        }
      } else if (typeof dst[key] !== "object") {
        assignOwn(dst, key, srcValue);
      }
    }
  }
  return dst;
}, "assignWithDepth");
function assignOwn(target, key, value) {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}`;

const GET_CONFIG = `var getConfig = /* @__PURE__ */ __name(() => {
  return assignWithDepth_default({}, currentConfig);
}, "getConfig");`;

// getConfig() as \`assignWithDepth({}, currentConfig)\` would give it, except that each section
// (flowchart, themeVariables, …) is copied when first read: a caller reads one or two of thirty.
// Mermaid replaces currentConfig on every change rather than editing it, so a section copied
// later holds what it held when getConfig() was called.
const LAZY_GET_CONFIG = `var getConfig = /* @__PURE__ */ __name(() => {
  return lazyConfigCopy(currentConfig);
}, "getConfig");
function lazyConfigCopy(src) {
  if (src === null || typeof src !== "object" || Object.getPrototypeOf(src) !== Object.prototype || Object.hasOwn(src, "__proto__")) {
    return assignWithDepth_default({}, src);
  }
  const copy = {};
  for (const key of Object.keys(src)) {
    const value = src[key];
    if (value === null) continue;
    if (typeof value !== "object") {
      copy[key] = value;
      continue;
    }
    const settle = (section) => {
      Object.defineProperty(copy, key, { value: section, writable: true, enumerable: true, configurable: true });
      return section;
    };
    Object.defineProperty(copy, key, {
      get: () => settle(assignWithDepth_default(Array.isArray(value) ? [] : {}, value, { depth: 1 })),
      set: settle,
      enumerable: true,
      configurable: true,
    });
  }
  return copy;
}`;

export function fastMermaidConfigCopy(): Plugin {
  return {
    name: 'merrow-fast-mermaid-config-copy',
    transform(code, id) {
      if (!PACKAGES.test(id) || !code.includes('"assignWithDepth")')) return;
      const start = code.indexOf(START);
      const end = start < 0 ? -1 : code.indexOf(END, start);
      const original = end < 0 ? '' : code.slice(start, end + END.length);
      if (!KNOWN_ORIGINALS.has(digest(original))) {
        throw new Error(`${id}: mermaid's assignWithDepth has changed; review build/mermaid-config-copy.ts`);
      }
      const patched = code.slice(0, start) + REPLACEMENT + code.slice(end + END.length);
      if (!patched.includes(GET_CONFIG)) {
        throw new Error(`${id}: mermaid's getConfig has changed; review build/mermaid-config-copy.ts`);
      }
      return patched.replace(GET_CONFIG, LAZY_GET_CONFIG);
    },
  };
}
