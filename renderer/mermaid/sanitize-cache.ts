/**
 * Mermaid runs every label through DOMPurify, twice under `securityLevel: 'strict'`, and each call
 * reads its whole configuration again and parses the text into a new document: a fifth of the
 * render of a 200-node flowchart, for labels that rarely change between two renders. For a string,
 * the result depends only on the text, the configuration passed and the hooks installed, so it is
 * remembered; installing or removing a hook, or a global configuration, forgets everything.
 *
 * Not remembered: anything but a string, long texts, configurations that return DOM nodes or
 * trusted types or hold functions or patterns (they do not compare by value).
 * One difference: `removed` keeps the list of the last call that really sanitized.
 */

/** The part of DOMPurify's instance this touches. */
export interface Purifier {
  sanitize(dirty: unknown, cfg?: unknown): unknown;
  addHook(...args: never[]): unknown;
  removeHook(...args: never[]): unknown;
  removeHooks(...args: never[]): unknown;
  removeAllHooks(): unknown;
  setConfig(...args: never[]): unknown;
  clearConfig(): unknown;
}

/** Longer texts are sanitized each time: the cache holds many short labels, not documents. */
const MAX_TEXT = 4096;
const RESULT_AS_OBJECT = [
  'RETURN_DOM',
  'RETURN_DOM_FRAGMENT',
  'RETURN_DOM_IMPORT',
  'RETURN_TRUSTED_TYPE',
  'IN_PLACE',
];
/** DOMPurify's methods that change its hooks or its global configuration. */
export const HOOK_AND_CONFIG_METHODS = [
  'addHook',
  'removeHook',
  'removeHooks',
  'removeAllHooks',
  'setConfig',
  'clearConfig',
] as const;

const installed = new WeakSet<object>();

/** A key for a configuration that compares by value, or null when it does not. */
export function configKey(cfg: unknown): string | null {
  if (cfg === undefined) return '';
  if (cfg === null || typeof cfg !== 'object' || Object.getPrototypeOf(cfg) !== Object.prototype) return null;
  const entries = Object.entries(cfg as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (RESULT_AS_OBJECT.includes(key) && value) return null;
    if (!plain(value)) return null;
  }
  return JSON.stringify(entries);
}

function plain(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)) return true;
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * Wraps `purify.sanitize` (once per instance) with a cache of up to `maxChars` characters of texts
 * and results (about twice as many bytes); when full, it starts again empty.
 */
export function memoizeSanitize(purify: Purifier, maxChars = 2_000_000): void {
  if (installed.has(purify)) return;
  installed.add(purify);
  const cache = new Map<string, string>();
  let held = 0;
  const sanitize = purify.sanitize.bind(purify);
  purify.sanitize = (dirty: unknown, cfg?: unknown) => {
    const key = typeof dirty === 'string' && dirty.length <= MAX_TEXT ? configKey(cfg) : null;
    if (key === null) return sanitize(dirty, cfg);
    const full = `${key}\u0000${dirty as string}`;
    const hit = cache.get(full);
    if (hit !== undefined) return hit;
    const result = sanitize(dirty, cfg);
    if (typeof result === 'string') {
      held += full.length + result.length;
      if (held > maxChars) {
        cache.clear();
        held = full.length + result.length;
      }
      cache.set(full, result);
    }
    return result;
  };
  for (const name of HOOK_AND_CONFIG_METHODS) {
    const original = (purify[name] as (...args: unknown[]) => unknown).bind(purify);
    (purify as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      cache.clear();
      held = 0;
      return original(...args);
    };
  }
}
